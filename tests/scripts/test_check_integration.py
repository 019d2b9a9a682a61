"""scripts/check_integration.py catches each kind of miss, on small integrations in tmp_path."""

from __future__ import annotations

from collections.abc import Callable
import json
from pathlib import Path
from typing import Any

import pytest

from . import load_script

check_integration = load_script("check_integration")

MANIFEST: dict[str, Any] = {
    "domain": "demo_codes",
    "name": "Demo Codes",
    "after_dependencies": ["cloud"],
    "codeowners": ["@someone"],
    "config_flow": True,
    "dependencies": ["webhook"],
    "documentation": "https://example.com/demo",
    "integration_type": "hub",
    "iot_class": "cloud_polling",
    "issue_tracker": "https://example.com/demo/issues",
    "requirements": [],
    "version": "1.0.0",
}
STRINGS: dict[str, Any] = {
    "config": {
        "step": {"user": {"data": {"api_key": "API key"}}},
        "error": {"cannot_connect": "Cannot connect."},
        "abort": {"already_configured": "Already configured.", "no_locks": "No locks."},
    },
    "options": {"step": {"init": {"data": {"show_pins": "Show PINs"}}}},
    "entity": {
        "sensor": {
            "code": {"name": "Code", "state": {"set": "Set", "unset": "Unset"}},
            "count": {"name": "Count"},
        }
    },
    "exceptions": {"boom": {"message": "Boom."}, "too_long": {"message": "Too long."}},
    "selector": {"slot": {"options": {"day": "Day", "night": "Night"}}},
    "services": {
        "create": {
            "name": "Create",
            "description": "Create a code.",
            "fields": {
                "name": {"name": "Name", "description": "Its name."},
                "slot": {"name": "Slot", "description": "The slot."},
            },
        }
    },
}
SERVICES_YAML = """\
create:
  fields:
    name:
      required: true
      selector:
        text:
    slot:
      selector:
        select:
          translation_key: slot
          options:
            - day
            - night
"""
ICONS: dict[str, Any] = {
    "entity": {
        "sensor": {"code": {"default": "mdi:dialpad", "state": {"set": "mdi:lock"}}}
    },
    "services": {"create": {"service": "mdi:plus"}},
}
CONFIG_FLOW = """\
from homeassistant.config_entries import ConfigFlow, OptionsFlow

class DemoFlow(ConfigFlow, domain="demo_codes"):
    async def async_step_user(self, user_input=None):
        errors = {}
        if user_input:
            await self.async_set_unique_id("x", raise_on_progress=False)
            self._abort_if_unique_id_configured()
            errors["base"] = "cannot_connect"
            return self.async_abort(reason="no_locks")
        return self.async_show_form(step_id="user", errors=errors)

class DemoOptions(OptionsFlow):
    async def async_step_init(self, user_input=None):
        return self.async_show_form(step_id="init")
"""
SENSOR = """\
from homeassistant.components.sensor import SensorEntity, SensorEntityDescription
from homeassistant.exceptions import ServiceValidationError
from enum import StrEnum

DOMAIN = "demo_codes"
COUNT = SensorEntityDescription(key="count", translation_key="count")

class Rule(StrEnum):
    TOO_LONG = "too_long"

class CodeSensor(SensorEntity):
    _attr_translation_key = "code"
    _attr_options = ["set", "unset"]

def fail(violation):
    raise ServiceValidationError(translation_domain=DOMAIN, translation_key="boom")

def refuse(violation):
    raise ServiceValidationError(translation_domain=DOMAIN, translation_key=str(violation.rule))
"""


def write_integration(root: Path, **override: Any) -> Path:
    """Write a complete, valid integration; override a file's content (None: leave it out)."""
    folder = root / "demo_codes"
    (folder / "translations").mkdir(parents=True)
    files: dict[str, Any] = {
        "manifest.json": MANIFEST,
        "strings.json": STRINGS,
        "translations/en.json": STRINGS,
        "services.yaml": SERVICES_YAML,
        "icons.json": ICONS,
        "config_flow.py": CONFIG_FLOW,
        "sensor.py": SENSOR,
    }
    for name, content in {
        **files,
        **{k.replace("__", "/"): v for k, v in override.items()},
    }.items():
        if content is None:
            continue
        text = content if isinstance(content, str) else json.dumps(content, indent=2)
        (folder / name).write_text(text)
    return folder


def problems(folder: Path) -> list[str]:
    """Problems the checker reports."""
    return check_integration.check(folder).problems


def changed(
    tree: dict[str, Any], edit: Callable[[dict[str, Any]], None]
) -> dict[str, Any]:
    """Return a deep copy of tree with edit applied."""
    duplicate = json.loads(json.dumps(tree))
    edit(duplicate)
    return duplicate


def test_complete_integration_passes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The fixture integration is valid, and main() says so with exit code 0."""
    folder = write_integration(tmp_path)
    assert problems(folder) == []
    assert check_integration.main([str(folder)]) == 0
    assert "OK" in capsys.readouterr().out


def test_partial_integration_passes(tmp_path: Path) -> None:
    """Files not written yet are not demanded (only manifest.json is)."""
    folder = write_integration(
        tmp_path,
        **{
            "strings.json": None,
            "translations__en.json": None,
            "services.yaml": None,
            "icons.json": None,
            "sensor.py": None,
            "config_flow.py": "",
        },
    )
    assert problems(folder) == []


@pytest.mark.parametrize(
    ("manifest", "expected"),
    [
        (
            {k: v for k, v in MANIFEST.items() if k != "version"},
            "required key 'version' is missing",
        ),
        (
            {k: v for k, v in MANIFEST.items() if k != "iot_class"},
            "required key 'iot_class' is missing",
        ),
        (
            {
                "name": "Demo Codes",
                **{k: v for k, v in MANIFEST.items() if k != "name"},
            },
            "keys must be ordered domain, name, then alphabetically",
        ),
        (
            {
                "domain": "demo_codes",
                "name": "Demo Codes",
                **dict(sorted(MANIFEST.items(), reverse=True)[:-2]),
            },
            "keys must be ordered",
        ),
        ({**MANIFEST, "iot_class": "cloud"}, "iot_class 'cloud' is not one of"),
        (
            {**MANIFEST, "integration_type": "bridge"},
            "integration_type 'bridge' is not one of",
        ),
        ({**MANIFEST, "version": "not a version!"}, "is not a valid version"),
        (
            {**MANIFEST, "dependencies": ["no_such_integration"]},
            "no Home Assistant integration",
        ),
        ({**MANIFEST, "after_dependencies": ["webhook"]}, "is in both dependencies"),
        ({**MANIFEST, "domain": "other"}, "differs from the folder"),
        ({**MANIFEST, "requirements": ["aiohttp>=3"]}, "must be pinned with =="),
        ({**MANIFEST, "codeowners": ["someone"]}, "must be a GitHub @handle"),
        (
            {**MANIFEST, "documentation": "http://example.com"},
            "must be an https:// URL",
        ),
        ({**MANIFEST, "config_flow": "yes"}, "'config_flow' must be a bool"),
        ({**MANIFEST, "homeassistant": "2026.2.0"}, "unknown key 'homeassistant'"),
    ],
)
def test_manifest_misses(
    tmp_path: Path, manifest: dict[str, Any], expected: str
) -> None:
    """Each manifest rule catches its miss."""
    found = problems(write_integration(tmp_path, **{"manifest.json": manifest}))
    assert any(expected in problem for problem in found), found


def test_missing_manifest_and_config_flow(tmp_path: Path) -> None:
    """No manifest, or config_flow true without config_flow.py, is a problem."""
    folder = write_integration(tmp_path, **{"config_flow.py": None})
    assert any("config_flow.py is missing" in p for p in problems(folder))
    (folder / "manifest.json").unlink()
    assert any("manifest.json: missing" in p for p in problems(folder))


def test_translations_must_match_strings(tmp_path: Path) -> None:
    """translations/en.json must equal strings.json, and exist."""
    other = changed(
        STRINGS, lambda s: s["config"]["error"].update(cannot_connect="Other.")
    )
    found = problems(
        write_integration(tmp_path / "a", **{"translations__en.json": other})
    )
    assert any("config.error.cannot_connect has another text" in p for p in found), (
        found
    )

    found = problems(
        write_integration(tmp_path / "b", **{"translations__en.json": None})
    )
    assert any("translations/en.json: missing" in p for p in found), found

    found = problems(write_integration(tmp_path / "c", **{"strings.json": None}))
    assert any("strings.json: missing" in p for p in found), found

    found = problems(write_integration(tmp_path / "d", **{"strings.json": "{not json"}))
    assert any("invalid JSON" in p for p in found), found


def test_strings_structure(tmp_path: Path) -> None:
    """Unknown sections, empty texts and [%key:...%] references are caught."""
    bad = changed(
        STRINGS,
        lambda s: (
            s.update(stuff={"a": "b"}),
            s["config"]["error"].update(
                cannot_connect="", unknown="[%key:common::unknown%]"
            ),
        ),
    )
    found = problems(
        write_integration(
            tmp_path, **{"strings.json": bad, "translations__en.json": bad}
        )
    )
    assert any("unknown top-level key 'stuff'" in p for p in found), found
    assert any("config.error.cannot_connect is empty" in p for p in found), found
    assert any("[%key:...%] references" in p for p in found), found


def _without(path: tuple[str, ...]) -> dict[str, Any]:
    def edit(tree: dict[str, Any]) -> None:
        node = tree
        for key in path[:-1]:
            node = node[key]
        del node[path[-1]]

    return changed(STRINGS, edit)


@pytest.mark.parametrize(
    ("missing", "expected"),
    [
        (("exceptions", "boom"), "exceptions.boom.message is missing"),
        (("exceptions", "too_long"), "exceptions.too_long.message is missing"),
        (
            ("config", "error", "cannot_connect"),
            "config.error.cannot_connect is missing",
        ),
        (("config", "abort", "no_locks"), "config.abort.no_locks is missing"),
        (
            ("config", "abort", "already_configured"),
            "config.abort.already_configured is missing",
        ),
        (("config", "step", "user"), "config.step.user is missing"),
        (("options", "step", "init"), "options.step.init is missing"),
        (("entity", "sensor", "code"), "entity.sensor.code is missing"),
        (("entity", "sensor", "count"), "entity.sensor.count is missing"),
        (
            ("entity", "sensor", "code", "state", "unset"),
            "entity.sensor.code.state.unset is missing",
        ),
        (
            ("services", "create", "description"),
            "services.create.description is missing",
        ),
        (
            ("services", "create", "fields", "name"),
            "services.create.fields.name.name is missing",
        ),
        (
            ("selector", "slot", "options", "night"),
            "selector.slot.options.night is missing",
        ),
    ],
)
def test_translation_key_used_but_missing(
    tmp_path: Path, missing: tuple[str, ...], expected: str
) -> None:
    """Each place that uses a translation key is checked against strings.json."""
    strings = _without(missing)
    found = problems(
        write_integration(
            tmp_path, **{"strings.json": strings, "translations__en.json": strings}
        )
    )
    assert any(expected in p for p in found), found


def test_stale_service_strings(tmp_path: Path) -> None:
    """Strings for services or fields that services.yaml does not have are caught."""
    strings = changed(
        STRINGS,
        lambda s: (
            s["services"].update(gone={"name": "Gone", "description": "Gone."}),
            s["services"]["create"]["fields"].update(
                old={"name": "Old", "description": "Old."}
            ),
        ),
    )
    found = problems(
        write_integration(
            tmp_path, **{"strings.json": strings, "translations__en.json": strings}
        )
    )
    assert any("services.gone has no service in services.yaml" in p for p in found), (
        found
    )
    assert any("services.create.fields.old is not a field" in p for p in found), found


@pytest.mark.parametrize(
    ("services_yaml", "expected"),
    [
        ("create: [1, 2\n", "invalid YAML"),
        (SERVICES_YAML.replace("text:", "no_such_selector:"), "invalid"),
        (
            SERVICES_YAML.replace(
                "required: true", "required: true\n      colour: red"
            ),
            "unknown key 'colour'",
        ),
        (
            SERVICES_YAML + "delete:\n  fields: {}\n",
            "services.delete is missing in strings.json",
        ),
    ],
)
def test_services_yaml_misses(
    tmp_path: Path, services_yaml: str, expected: str
) -> None:
    """services.yaml is validated with Home Assistant's schema and against strings.json."""
    found = problems(write_integration(tmp_path, **{"services.yaml": services_yaml}))
    assert any(expected in p for p in found), found


@pytest.mark.parametrize(
    ("icons", "expected"),
    [
        (
            changed(ICONS, lambda i: i["services"].update(gone={"service": "mdi:x"})),
            "services.gone is not in services.yaml",
        ),
        (
            changed(ICONS, lambda i: i["services"]["create"].update(service="plus")),
            "is not an mdi:icon-name",
        ),
        (
            changed(
                ICONS,
                lambda i: i["entity"]["sensor"].update(other={"default": "mdi:x"}),
            ),
            "no entity.sensor.other in strings.json",
        ),
        (
            changed(
                ICONS,
                lambda i: i["entity"]["sensor"]["code"]["state"].update(gone="mdi:x"),
            ),
            "state 'gone' is not a state",
        ),
        (
            changed(ICONS, lambda i: i["entity"]["sensor"]["code"].pop("default")),
            "needs a 'default' icon",
        ),
        (changed(ICONS, lambda i: i.update(stuff={})), "unknown top-level key 'stuff'"),
    ],
)
def test_icons_misses(tmp_path: Path, icons: dict[str, Any], expected: str) -> None:
    """icons.json may only name services and entity keys that exist, with mdi icons."""
    found = problems(write_integration(tmp_path, **{"icons.json": icons}))
    assert any(expected in p for p in found), found


def test_main_reports_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """main() prints each problem and exits 1."""
    folder = write_integration(
        tmp_path, **{"manifest.json": {**MANIFEST, "iot_class": "x"}}
    )
    assert check_integration.main([str(folder)]) == 1
    out = capsys.readouterr().out
    assert "problem(s)" in out
    assert "iot_class 'x'" in out


def test_computed_key_is_noted(tmp_path: Path) -> None:
    """A translation key the checker cannot resolve is reported as a note, not silently."""
    code = SENSOR + (
        "\ndef other(x):\n"
        "    raise ServiceValidationError(translation_domain=DOMAIN, translation_key=x.key())\n"
    )
    report = check_integration.check(write_integration(tmp_path, **{"sensor.py": code}))
    assert any("is computed; not checked" in note for note in report.notes)


@pytest.mark.parametrize(
    ("modules", "expected"),
    [
        pytest.param(
            {
                "coordinator.py": "from .webhook import Handler\n",
                "webhook.py": "from .coordinator import Coordinator\n",
            },
            "import cycle between coordinator, webhook",
            id="direct",
        ),
        pytest.param(
            {
                "coordinator.py": "from typing import TYPE_CHECKING\n"
                "if TYPE_CHECKING:\n    from .webhook import Handler\n",
                "webhook.py": "from . import coordinator\n",
            },
            "import cycle between coordinator, webhook",
            id="type_checking",
        ),
        pytest.param(
            {
                "__init__.py": "from .api.client import Client\n",
                "api/__init__.py": "",
                "api/client.py": "from ..helpers import retry\n",
                "helpers.py": "from custom_components.demo_codes import PLATFORMS\n",
            },
            "import cycle between __init__, api.client, helpers",
            id="through_packages",
        ),
    ],
)
def test_import_cycle(tmp_path: Path, modules: dict[str, str], expected: str) -> None:
    """An import cycle inside the integration is a problem, however it is spelled."""
    folder = write_integration(tmp_path)
    (folder / "api").mkdir()
    for name, code in modules.items():
        (folder / name).write_text(code)
    assert expected in "\n".join(problems(folder))


def test_imports_without_cycle_pass(tmp_path: Path) -> None:
    """Imports of a package's modules, and from outside the integration, are no cycle."""
    folder = write_integration(tmp_path)
    (folder / "api").mkdir()
    (folder / "api/__init__.py").write_text("from .client import Client\n")
    (folder / "api/client.py").write_text("from .models import Model\nimport json\n")
    (folder / "api/models.py").write_text("from dataclasses import dataclass\n")
    (folder / "coordinator.py").write_text("from .api import Client\n")
    (folder / "__init__.py").write_text("from .coordinator import Coordinator\n")
    assert problems(folder) == []
    assert check_integration.import_graph(folder)["api"] == {"api.client"}
