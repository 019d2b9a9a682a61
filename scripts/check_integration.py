"""Check the integration's metadata the way Home Assistant's hassfest does.

Usage: .venv/bin/python scripts/check_integration.py [INTEGRATION_DIR]
(default: custom_components/seam_offline_codes). Exit code 1 and one line per problem on a miss.

hassfest (script/hassfest in Home Assistant's repository) is not part of the homeassistant wheel,
so this re-implements the checks this project needs, and uses Home Assistant's own validators
where the wheel has them (the services.yaml schema and selector validation):

- manifest.json: required keys and their types, key order (domain, name, then alphabetical),
  iot_class, integration_type, a valid `version` (custom integrations), dependencies that exist;
- strings.json is identical to translations/en.json, and both are valid;
- every translation key the Python code uses exists: `translation_key` of exceptions (`exceptions`)
  and of entities (`entity.<platform>`, with their `state` keys for literal `options`), config
  and options flow `errors` / `abort` reasons and `step_id`s;
- services.yaml is valid (Home Assistant's schema and selectors); every service and field has a
  name and a description in strings.json `services` (and no stale ones); selector
  `translation_key`s have `selector` entries for every option;
- icons.json: known sections, `mdi:` icons, services and entity keys that exist;
- the integration's modules import each other without a cycle (imports under
  `if TYPE_CHECKING:` count too: they show the same knot in the design).

Files that do not exist yet are not demanded (the integration grows file by file), except that
strings.json and translations/en.json must come together.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field
import json
from pathlib import Path
import re
import sys
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INTEGRATION = ROOT / "custom_components" / "seam_offline_codes"

IOT_CLASSES = {
    "assumed_state",
    "calculated",
    "cloud_polling",
    "cloud_push",
    "local_polling",
    "local_push",
}
INTEGRATION_TYPES = {
    "device",
    "entity",
    "hardware",
    "helper",
    "hub",
    "service",
    "system",
    "virtual",
}
QUALITY_SCALES = {"bronze", "silver", "gold", "platinum", "internal", "legacy"}
MANIFEST_TYPES: dict[str, type | tuple[type, ...]] = {
    "domain": str,
    "name": str,
    "after_dependencies": list,
    "bluetooth": list,
    "codeowners": list,
    "config_flow": bool,
    "dependencies": list,
    "dhcp": list,
    "documentation": str,
    "homekit": dict,
    "import_executor": bool,
    "integration_type": str,
    "iot_class": str,
    "issue_tracker": str,
    "loggers": list,
    "mqtt": list,
    "quality_scale": str,
    "requirements": list,
    "single_config_entry": bool,
    "ssdp": list,
    "usb": list,
    "version": str,
    "zeroconf": list,
}
REQUIRED_MANIFEST_KEYS = (
    "domain",
    "name",
    "codeowners",
    "documentation",
    "integration_type",
    "iot_class",
    "issue_tracker",
    "version",
)
STRINGS_SECTIONS = {
    "title",
    "common",
    "config",
    "config_subentries",
    "conditions",
    "device",
    "device_automation",
    "entity",
    "entity_component",
    "exceptions",
    "issues",
    "options",
    "preview_features",
    "selector",
    "services",
    "system_health",
    "triggers",
}
ICONS_SECTIONS = {"entity", "entity_component", "services", "triggers", "conditions"}
SERVICE_KEYS = {"target", "fields", "name", "description"}
FIELD_KEYS = {"selector", "required", "example", "default", "advanced", "filter"}
FIELD_KEYS_CUSTOM = FIELD_KEYS | {"name", "description"}
SECTION_KEYS = {"fields", "collapsed", "name", "description"}
MDI_ICON = re.compile(r"^mdi:[a-z0-9]+(-[a-z0-9]+)*$")
# Entity base classes → the platform whose translations they use.
ENTITY_BASES = {
    "AlarmControlPanelEntity": "alarm_control_panel",
    "BinarySensorEntity": "binary_sensor",
    "ButtonEntity": "button",
    "CalendarEntity": "calendar",
    "DateEntity": "date",
    "DateTimeEntity": "datetime",
    "EventEntity": "event",
    "LockEntity": "lock",
    "NumberEntity": "number",
    "RestoreSensor": "sensor",
    "SelectEntity": "select",
    "SensorEntity": "sensor",
    "SwitchEntity": "switch",
    "TextEntity": "text",
    "TimeEntity": "time",
    "UpdateEntity": "update",
}
PLATFORMS = set(ENTITY_BASES.values())
FLOW_SECTIONS = {
    "ConfigFlow": "config",
    "OptionsFlow": "options",
    "OptionsFlowWithReload": "options",
}


@dataclass
class Report:
    """Problems found, one line each."""

    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def error(self, where: str, message: str) -> None:
        """Record a problem."""
        self.problems.append(f"{where}: {message}")

    def note(self, where: str, message: str) -> None:
        """Record something that could not be checked statically."""
        self.notes.append(f"{where}: {message}")


def _load_json(path: Path, report: Report) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        report.error(path.name, f"invalid JSON: {err}")
        return None


def _get(tree: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(tree, dict) or key not in tree:
            return None
        tree = tree[key]
    return tree


# manifest.json ---------------------------------------------------------------------------------


def check_manifest(integration: Path, report: Report) -> dict[str, Any]:
    """Validate manifest.json as hassfest does for a custom integration."""
    path = integration / "manifest.json"
    if not path.exists():
        report.error("manifest.json", "missing")
        return {}
    manifest = _load_json(path, report)
    if not isinstance(manifest, dict):
        if manifest is not None:
            report.error("manifest.json", "must be a JSON object")
        return {}
    where = "manifest.json"
    for key in REQUIRED_MANIFEST_KEYS:
        if key not in manifest:
            report.error(where, f"required key {key!r} is missing")
    for key, value in manifest.items():
        expected = MANIFEST_TYPES.get(key)
        if expected is None:
            report.error(where, f"unknown key {key!r}")
        elif not isinstance(value, expected):
            report.error(
                where, f"{key!r} must be a {getattr(expected, '__name__', expected)}"
            )

    keys = list(manifest)
    wanted = [k for k in ("domain", "name") if k in manifest] + sorted(
        k for k in keys if k not in ("domain", "name")
    )
    if keys != wanted:
        report.error(
            where,
            f"keys must be ordered domain, name, then alphabetically: expected {wanted}, got {keys}",
        )
    if manifest.get("domain") != integration.name:
        report.error(
            where,
            f"domain {manifest.get('domain')!r} differs from the folder {integration.name!r}",
        )
    if "iot_class" in manifest and manifest["iot_class"] not in IOT_CLASSES:
        report.error(
            where,
            f"iot_class {manifest['iot_class']!r} is not one of {sorted(IOT_CLASSES)}",
        )
    if (
        "integration_type" in manifest
        and manifest["integration_type"] not in INTEGRATION_TYPES
    ):
        report.error(
            where,
            f"integration_type {manifest['integration_type']!r} is not one of "
            f"{sorted(INTEGRATION_TYPES)}",
        )
    if "quality_scale" in manifest and manifest["quality_scale"] not in QUALITY_SCALES:
        report.error(
            where, f"quality_scale {manifest['quality_scale']!r} is not a known tier"
        )
    if isinstance(manifest.get("version"), str):
        _check_version(manifest["version"], report)
    for key in ("documentation", "issue_tracker"):
        value = manifest.get(key)
        if isinstance(value, str) and not value.startswith("https://"):
            report.error(where, f"{key} must be an https:// URL")
    if isinstance(manifest.get("codeowners"), list):
        for owner in manifest["codeowners"]:
            if not isinstance(owner, str) or not owner.startswith("@"):
                report.error(where, f"codeowner {owner!r} must be a GitHub @handle")
    _check_dependencies(manifest, report)
    _check_requirements(manifest, report)
    if manifest.get("config_flow") and not (integration / "config_flow.py").exists():
        report.error(where, "config_flow is true but config_flow.py is missing")
    return manifest


def _check_version(version: str, report: Report) -> None:
    from awesomeversion import (  # noqa: PLC0415 (comes with homeassistant)
        AwesomeVersion,
        AwesomeVersionException,
        AwesomeVersionStrategy,
    )

    try:
        AwesomeVersion(
            version,
            ensure_strategy=[
                AwesomeVersionStrategy.CALVER,
                AwesomeVersionStrategy.SEMVER,
                AwesomeVersionStrategy.SIMPLEVER,
                AwesomeVersionStrategy.BUILDVER,
                AwesomeVersionStrategy.PEP440,
            ],
        )
    except AwesomeVersionException:
        report.error("manifest.json", f"version {version!r} is not a valid version")


def _check_dependencies(manifest: dict[str, Any], report: Report) -> None:
    import homeassistant.components  # noqa: PLC0415

    components = Path(homeassistant.components.__path__[0])
    seen: dict[str, str] = {}
    for key in ("dependencies", "after_dependencies"):
        values = manifest.get(key)
        if not isinstance(values, list):
            continue
        for dep in values:
            if not isinstance(dep, str):
                report.error("manifest.json", f"{key} entries must be strings: {dep!r}")
                continue
            if not (components / dep / "manifest.json").exists():
                report.error(
                    "manifest.json", f"{key}: no Home Assistant integration {dep!r}"
                )
            if dep in seen:
                report.error(
                    "manifest.json", f"{dep!r} is in both {seen[dep]} and {key}"
                )
            seen[dep] = key
            if dep == manifest.get("domain"):
                report.error(
                    "manifest.json", f"{key}: the integration depends on itself"
                )


def _check_requirements(manifest: dict[str, Any], report: Report) -> None:
    from packaging.requirements import (  # noqa: PLC0415
        InvalidRequirement,
        Requirement,
    )

    for requirement in manifest.get("requirements") or []:
        try:
            parsed = Requirement(str(requirement))
        except InvalidRequirement as err:
            report.error(
                "manifest.json", f"requirement {requirement!r} is invalid: {err}"
            )
            continue
        if not any(spec.operator == "==" for spec in parsed.specifier):
            report.error(
                "manifest.json", f"requirement {requirement!r} must be pinned with =="
            )


# strings.json / translations --------------------------------------------------------------------


def check_strings(integration: Path, report: Report) -> dict[str, Any] | None:
    """strings.json and translations/en.json: both or neither, identical, known sections."""
    strings_path = integration / "strings.json"
    en_path = integration / "translations" / "en.json"
    if not strings_path.exists() and not en_path.exists():
        return None
    if not strings_path.exists():
        report.error(
            "strings.json", "missing (translations/en.json exists; keep them identical)"
        )
        return _load_json(en_path, report)
    strings = _load_json(strings_path, report)
    if not en_path.exists():
        report.error(
            "translations/en.json",
            "missing (Home Assistant reads it, not strings.json)",
        )
    else:
        english = _load_json(en_path, report)
        if strings is not None and english is not None and strings != english:
            for line in _differences(strings, english):
                report.error(
                    "translations/en.json", f"differs from strings.json: {line}"
                )
    if isinstance(strings, dict):
        for key in strings:
            if key not in STRINGS_SECTIONS:
                report.error("strings.json", f"unknown top-level key {key!r}")
        for path, value in _leaves(strings):
            if not isinstance(value, str):
                report.error(
                    "strings.json",
                    f"{path} must be a string, not {type(value).__name__}",
                )
            elif not value.strip():
                report.error("strings.json", f"{path} is empty")
            elif "[%key:" in value:
                report.error(
                    "strings.json",
                    f"{path}: [%key:...%] references are not resolved for custom integrations",
                )
        return strings
    return None


def _leaves(tree: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(tree, dict):
        for key, value in tree.items():
            yield from _leaves(value, f"{prefix}.{key}" if prefix else key)
    else:
        yield prefix, tree


def _differences(left: Any, right: Any) -> list[str]:
    a, b = dict(_leaves(left)), dict(_leaves(right))
    lines = [f"{k} only in strings.json" for k in sorted(a.keys() - b.keys())]
    lines += [f"{k} only in translations/en.json" for k in sorted(b.keys() - a.keys())]
    lines += [
        f"{k} has another text" for k in sorted(a.keys() & b.keys()) if a[k] != b[k]
    ]
    return lines[:20]


# Python code ---------------------------------------------------------------------------------


@dataclass
class CodeUse:
    """A translation key used in code, and where."""

    section: tuple[str, ...]
    key: str
    where: str
    states: tuple[str, ...] = ()


def _constants(modules: dict[Path, ast.Module]) -> dict[str, str]:
    """Module-level `NAME = "text"` / `NAME: Final = "text"` string constants, by name."""
    found: dict[str, str] = {}
    for tree in modules.values():
        for node in tree.body:
            target = value = None
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                target, value = node.targets[0], node.value
            elif isinstance(node, ast.AnnAssign):
                target, value = node.target, node.value
            if (
                isinstance(target, ast.Name)
                and isinstance(value, ast.Constant)
                and isinstance(value.value, str)
            ):
                found[target.id] = value.value
    return found


def _literal(node: ast.AST | None, constants: dict[str, str]) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name) and node.id in constants:
        return constants[node.id]
    if isinstance(node, ast.Attribute) and node.attr in constants:
        return constants[node.attr]
    return None


def _literal_strings(
    node: ast.AST | None, constants: dict[str, str]
) -> tuple[str, ...] | None:
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        values = [_literal(item, constants) for item in node.elts]
        if all(value is not None for value in values):
            return tuple(v for v in values if v is not None)
    return None


def _call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def _base_names(node: ast.ClassDef) -> list[str]:
    names = []
    for base in node.bases:
        expr = base.value if isinstance(base, ast.Subscript) else base
        if isinstance(expr, ast.Attribute):
            names.append(expr.attr)
        elif isinstance(expr, ast.Name):
            names.append(expr.id)
    return names


def _keyword(node: ast.Call, name: str) -> ast.expr | None:
    return next((kw.value for kw in node.keywords if kw.arg == name), None)


def collect_code_uses(integration: Path, report: Report) -> list[CodeUse]:
    """Find the translation keys the integration's Python code uses."""
    modules: dict[Path, ast.Module] = {}
    for path in sorted(integration.rglob("*.py")):
        try:
            modules[path] = ast.parse(path.read_text(encoding="utf-8"), str(path))
        except SyntaxError as err:
            report.error(path.name, f"syntax error: {err}")
    constants = _constants(modules)
    enums = _string_enums(modules)
    classes = {
        node.name: node
        for tree in modules.values()
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef)
    }
    uses: list[CodeUse] = []
    for path, tree in modules.items():
        module = path.relative_to(integration).as_posix()
        uses += _exception_keys(tree, module, constants, enums, report)
        uses += _entity_keys(tree, module, path.stem, classes, constants, report)
        uses += _flow_keys(tree, module, classes, constants)
    return uses


def _exception_keys(
    tree: ast.Module,
    module: str,
    constants: dict[str, str],
    enums: dict[str, tuple[str, ...]],
    report: Report,
) -> list[CodeUse]:
    uses = []
    for node in ast.walk(tree):
        if (
            not isinstance(node, ast.Call)
            or _keyword(node, "translation_domain") is None
        ):
            continue
        key_node = _keyword(node, "translation_key")
        where = f"{module}:{node.lineno}"
        if key_node is None:
            report.error(where, "translation_domain without translation_key")
            continue
        key = _literal(key_node, constants)
        if key is not None:
            uses.append(CodeUse(("exceptions", key, "message"), key, where))
        elif (members := _enum_members(key_node, enums)) is not None:
            # translation_key=str(violation.rule): every member of the StrEnum `Rule`.
            uses += [CodeUse(("exceptions", m, "message"), m, where) for m in members]
        else:
            report.note(
                where,
                f"translation_key {ast.unparse(key_node)} is computed; not checked",
            )
    return uses


def _string_enums(modules: dict[Path, ast.Module]) -> dict[str, tuple[str, ...]]:
    """StrEnum classes of the package and their values, by class name."""
    enums: dict[str, tuple[str, ...]] = {}
    for tree in modules.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and "StrEnum" in _base_names(node):
                values = [
                    stmt.value.value
                    for stmt in node.body
                    if isinstance(stmt, ast.Assign)
                    and isinstance(stmt.value, ast.Constant)
                    and isinstance(stmt.value.value, str)
                ]
                enums[node.name] = tuple(values)
    return enums


def _enum_members(
    node: ast.expr, enums: dict[str, tuple[str, ...]]
) -> tuple[str, ...] | None:
    """Members for `x.rule` / `str(x.rule)` / `x.rule.value` when a StrEnum `Rule` exists."""
    if isinstance(node, ast.Call) and _call_name(node) == "str" and len(node.args) == 1:
        node = node.args[0]
    if isinstance(node, ast.Attribute) and node.attr == "value":
        node = node.value
    if isinstance(node, ast.Attribute):
        camel = "".join(part.capitalize() for part in node.attr.split("_"))
        return enums.get(camel)
    return None


def _platform_of(
    cls: ast.ClassDef,
    module_stem: str,
    classes: dict[str, ast.ClassDef],
    depth: int = 0,
) -> str | None:
    for name in _base_names(cls):
        if name in ENTITY_BASES:
            return ENTITY_BASES[name]
        if name in classes and depth < 10 and classes[name] is not cls:
            found = _platform_of(classes[name], module_stem, classes, depth + 1)
            if found:
                return found
    return module_stem if module_stem in PLATFORMS and depth == 0 else None


def _entity_keys(
    tree: ast.Module,
    module: str,
    module_stem: str,
    classes: dict[str, ast.ClassDef],
    constants: dict[str, str],
    report: Report,
) -> list[CodeUse]:
    uses = []
    for node in ast.walk(tree):
        # SensorEntityDescription(key=..., translation_key="x", options=[...])
        if isinstance(node, ast.Call) and _call_name(node).endswith(
            "EntityDescription"
        ):
            key_node = _keyword(node, "translation_key")
            if key_node is None:
                continue
            platform = _camel_to_platform(
                _call_name(node).removesuffix("EntityDescription")
            )
            platform = platform or (module_stem if module_stem in PLATFORMS else None)
            key = _literal(key_node, constants)
            where = f"{module}:{node.lineno}"
            if platform is None or key is None:
                report.note(where, "entity description translation_key not checked")
                continue
            states = _literal_strings(_keyword(node, "options"), constants) or ()
            uses.append(CodeUse(("entity", platform, key), key, where, states))
        # class Foo(SensorEntity): _attr_translation_key = "x"; _attr_options = [...]
        if isinstance(node, ast.ClassDef):
            attrs = _class_attrs(node)
            if "_attr_translation_key" not in attrs:
                continue
            where = f"{module}:{node.lineno}"
            key = _literal(attrs["_attr_translation_key"], constants)
            platform = _platform_of(node, module_stem, classes)
            if key is None or platform is None:
                report.note(
                    where,
                    f"{node.name}: translation_key or platform not known statically",
                )
                continue
            states = _literal_strings(attrs.get("_attr_options"), constants) or ()
            uses.append(CodeUse(("entity", platform, key), key, where, states))
    return uses


def _camel_to_platform(name: str) -> str | None:
    snake = re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
    return snake if snake in PLATFORMS else None


def _class_attrs(cls: ast.ClassDef) -> dict[str, ast.expr]:
    attrs: dict[str, ast.expr] = {}
    for stmt in cls.body:
        if isinstance(stmt, ast.Assign):
            for target in stmt.targets:
                if isinstance(target, ast.Name):
                    attrs[target.id] = stmt.value
        elif (
            isinstance(stmt, ast.AnnAssign)
            and isinstance(stmt.target, ast.Name)
            and stmt.value
        ):
            attrs[stmt.target.id] = stmt.value
    return attrs


def _flow_keys(
    tree: ast.Module,
    module: str,
    classes: dict[str, ast.ClassDef],
    constants: dict[str, str],
) -> list[CodeUse]:
    uses = []
    for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
        section = _flow_section(cls, classes)
        if section is None:
            continue
        for func in (
            n
            for n in ast.walk(cls)
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
        ):
            for node in ast.walk(func):
                where = f"{module}:{getattr(node, 'lineno', func.lineno)}"
                uses += [
                    CodeUse((section, kind, key), key, where)
                    for kind, key in _flow_node_keys(node, func.name, constants)
                ]
    return uses


def _flow_section(
    cls: ast.ClassDef, classes: dict[str, ast.ClassDef], depth: int = 0
) -> str | None:
    for name in _base_names(cls):
        if name in FLOW_SECTIONS:
            return FLOW_SECTIONS[name]
        if (
            name in classes
            and depth < 10
            and classes[name] is not cls
            and (found := _flow_section(classes[name], classes, depth + 1))
        ):
            return found
    return None


def _flow_node_keys(
    node: ast.AST, function: str, constants: dict[str, str]
) -> Iterator[tuple[str, str]]:
    # errors["base"] = "cannot_connect"
    if isinstance(node, ast.Assign):
        for target in node.targets:
            if (
                isinstance(target, ast.Subscript)
                and isinstance(target.value, ast.Name)
                and target.value.id == "errors"
                and (key := _literal(node.value, constants))
            ):
                yield "error", key
        # errors = {"base": "cannot_connect"}
        if any(
            isinstance(t, ast.Name) and t.id == "errors" for t in node.targets
        ) and isinstance(node.value, ast.Dict):
            for value in node.value.values:
                if key := _literal(value, constants):
                    yield "error", key
    if not isinstance(node, ast.Call):
        return
    name = _call_name(node)
    reason = _literal(_keyword(node, "reason"), constants)
    if name == "async_abort" and reason:
        yield "abort", reason
    elif name == "async_update_reload_and_abort":
        if reason:
            yield "abort", reason
        elif "reauth" in function:
            yield "abort", "reauth_successful"
        elif "reconfigure" in function:
            yield "abort", "reconfigure_successful"
    elif name == "_abort_if_unique_id_configured":
        yield "abort", "already_configured"
    elif name == "_abort_if_unique_id_mismatch":
        yield "abort", reason or "unique_id_mismatch"
    elif name == "async_set_unique_id":
        raise_on_progress = _keyword(node, "raise_on_progress")
        if not (
            isinstance(raise_on_progress, ast.Constant)
            and raise_on_progress.value is False
        ):
            yield "abort", "already_in_progress"
    elif name == "async_show_form":
        step = _literal(_keyword(node, "step_id"), constants)
        if step:
            yield "step", step
        errors = _keyword(node, "errors")
        if isinstance(errors, ast.Dict):
            for value in errors.values:
                if key := _literal(value, constants):
                    yield "error", key


def check_code_uses(
    uses: list[CodeUse], strings: dict[str, Any] | None, report: Report
) -> None:
    """Every key the code uses exists in strings.json (with the states it can take)."""
    for use in uses:
        if strings is None:
            report.error(
                use.where,
                f"uses translation key {use.key!r} but there is no strings.json",
            )
            continue
        path = use.section
        if path[0] in ("config", "options") and path[1] in ("error", "abort", "step"):
            kind = path[1]
            node = _get(strings, path[0], kind, use.key)
            if node is None:
                report.error(
                    use.where, f"{path[0]}.{kind}.{use.key} is missing in strings.json"
                )
            continue
        node = _get(strings, *path)
        if node is None:
            report.error(use.where, f"{'.'.join(path)} is missing in strings.json")
            continue
        if use.states:
            known = _get(strings, *path, "state") or {}
            for state in use.states:
                if state not in known:
                    report.error(
                        use.where,
                        f"{'.'.join(path)}.state.{state} is missing in strings.json",
                    )


# services.yaml ---------------------------------------------------------------------------------


def check_services(
    integration: Path, strings: dict[str, Any] | None, report: Report
) -> dict[str, Any]:
    """Validate services.yaml and its strings."""
    path = integration / "services.yaml"
    described = _get(strings, "services") or {}
    if not path.exists():
        for service in described:
            report.error(
                "strings.json", f"services.{service} has no service in services.yaml"
            )
        return {}
    from homeassistant.exceptions import HomeAssistantError  # noqa: PLC0415
    from homeassistant.util.yaml import load_yaml_dict  # noqa: PLC0415
    import voluptuous as vol  # noqa: PLC0415
    from voluptuous.humanize import humanize_error  # noqa: PLC0415

    try:
        services = load_yaml_dict(str(path))
    except HomeAssistantError as err:
        report.error("services.yaml", f"invalid YAML: {err}")
        return {}

    try:
        # Home Assistant's own schema for services.yaml (selectors included); private but
        # it is exactly what Home Assistant applies when it loads the file.
        from homeassistant.helpers.service import _SERVICES_SCHEMA  # noqa: PLC0415

        _SERVICES_SCHEMA(services)
    except ImportError:
        report.note(
            "services.yaml",
            "Home Assistant's schema is not available; keys checked only",
        )
    except vol.Invalid as err:
        report.error("services.yaml", f"invalid: {humanize_error(services, err)}")

    for service, raw_spec in services.items():
        where = f"services.yaml: {service}"
        spec = {} if raw_spec is None else raw_spec
        if not isinstance(spec, dict):
            report.error(where, "must be a mapping")
            continue
        for key in spec.keys() - SERVICE_KEYS:
            report.error(where, f"unknown key {key!r}")
        text = described.get(service)
        if not isinstance(text, dict):
            report.error(where, f"services.{service} is missing in strings.json")
            text = {}
        for key in ("name", "description"):
            if key not in text:
                report.error(
                    where, f"services.{service}.{key} is missing in strings.json"
                )
        fields_text = text.get("fields") or {}
        sections_text = text.get("sections") or {}
        fields_seen: set[str] = set()
        for name, field_spec in (spec.get("fields") or {}).items():
            if isinstance(field_spec, dict) and "fields" in field_spec:  # a section
                for key in field_spec.keys() - SECTION_KEYS:
                    report.error(where, f"section {name}: unknown key {key!r}")
                if "name" not in (sections_text.get(name) or {}):
                    report.error(
                        where,
                        f"services.{service}.sections.{name}.name is missing in strings.json",
                    )
                inner = field_spec.get("fields") or {}
            else:
                inner = {name: field_spec}
            for field_name, field_def in inner.items():
                fields_seen.add(field_name)
                _check_field(
                    service, field_name, field_def, fields_text, strings, report
                )
        for stale in fields_text.keys() - fields_seen:
            report.error(
                "strings.json",
                f"services.{service}.fields.{stale} is not a field in services.yaml",
            )
    for stale in described.keys() - services.keys():
        report.error(
            "strings.json", f"services.{stale} has no service in services.yaml"
        )
    return services


def _check_field(
    service: str,
    name: str,
    spec: Any,
    fields_text: dict[str, Any],
    strings: dict[str, Any] | None,
    report: Report,
) -> None:
    where = f"services.yaml: {service}.{name}"
    if spec is None:
        spec = {}
    if not isinstance(spec, dict):
        report.error(where, "must be a mapping")
        return
    for key in spec.keys() - FIELD_KEYS_CUSTOM:
        report.error(where, f"unknown key {key!r}")
    text = fields_text.get(name) or {}
    for key in ("name", "description"):
        if key not in text:
            report.error(
                where,
                f"services.{service}.fields.{name}.{key} is missing in strings.json",
            )
    selector = spec.get("selector") or {}
    for selector_type, config in selector.items() if isinstance(selector, dict) else ():
        if not isinstance(config, dict) or "translation_key" not in config:
            continue
        key = config["translation_key"]
        options = _get(strings, "selector", key, "options")
        if options is None:
            report.error(
                where,
                f"{selector_type} selector: selector.{key}.options missing in strings.json",
            )
            continue
        for option in config.get("options") or []:
            value = option.get("value") if isinstance(option, dict) else option
            if str(value) not in options:
                report.error(
                    where, f"selector.{key}.options.{value} is missing in strings.json"
                )


# icons.json ----------------------------------------------------------------------------------


def check_icons(
    integration: Path,
    strings: dict[str, Any] | None,
    services: dict[str, Any],
    report: Report,
) -> None:
    """icons.json: known sections, valid icons, and only keys that exist."""
    path = integration / "icons.json"
    if not path.exists():
        return
    icons = _load_json(path, report)
    if not isinstance(icons, dict):
        return
    for key in icons.keys() - ICONS_SECTIONS:
        report.error("icons.json", f"unknown top-level key {key!r}")
    for leaf_path, value in _leaves(icons):
        if not isinstance(value, str) or not MDI_ICON.match(value):
            report.error(
                "icons.json", f"{leaf_path}: {value!r} is not an mdi:icon-name"
            )

    for service, spec in (icons.get("services") or {}).items():
        if service not in services:
            report.error("icons.json", f"services.{service} is not in services.yaml")
        if not isinstance(spec, dict) or "service" not in spec:
            report.error("icons.json", f"services.{service} needs a 'service' icon")
        elif spec.keys() - {"service", "sections"}:
            report.error(
                "icons.json",
                f"services.{service}: unknown keys {sorted(spec.keys() - {'service', 'sections'})}",
            )

    for platform, entities in (icons.get("entity") or {}).items():
        if platform not in PLATFORMS:
            report.error("icons.json", f"entity.{platform} is not an entity platform")
        for key, spec in (entities or {}).items():
            where = f"icons.json: entity.{platform}.{key}"
            translated = _get(strings, "entity", platform, key)
            if translated is None:
                report.error(where, f"no entity.{platform}.{key} in strings.json")
            if not isinstance(spec, dict):
                report.error(where, "must be an object")
                continue
            for extra in spec.keys() - {
                "default",
                "state",
                "range",
                "state_attributes",
            }:
                report.error(where, f"unknown key {extra!r}")
            if "default" not in spec:
                report.error(where, "needs a 'default' icon")
            known_states = (translated or {}).get("state") or {}
            for state in spec.get("state") or {}:
                if state not in known_states:
                    report.error(
                        where, f"state {state!r} is not a state in strings.json"
                    )


# import cycles -------------------------------------------------------------------------------


def _module_name(integration: Path, path: Path) -> str:
    """Return a module's dotted name inside the integration ("" for its __init__)."""
    parts = list(path.relative_to(integration).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imported(
    node: ast.ImportFrom, module: str, is_package: bool, prefix: str
) -> str | None:
    """Return the dotted name (inside the integration) a `from X import ...` imports from.

    None when X is outside the integration.
    """
    if node.level == 0:
        absolute = node.module or ""
        if absolute != prefix and not absolute.startswith(f"{prefix}."):
            return None
        return absolute.removeprefix(prefix).lstrip(".")
    package = module.split(".") if module else []
    if not is_package:
        package = package[:-1]
    package = package[: len(package) - (node.level - 1)]
    return ".".join([*package, *(node.module.split(".") if node.module else [])])


def import_graph(integration: Path) -> dict[str, set[str]]:
    """Return, per module of the integration, the integration's modules it imports."""
    prefix = f"custom_components.{integration.name}"
    paths = {
        _module_name(integration, path): path
        for path in sorted(integration.rglob("*.py"))
    }
    graph: dict[str, set[str]] = {}
    for module, path in paths.items():
        edges: set[str] = set()
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.ImportFrom):
                continue
            target = _imported(node, module, path.stem == "__init__", prefix)
            if target is None:
                continue
            # `from . import x` imports the module x; `from .x import y`, the module x.
            submodules = {
                name
                for alias in node.names
                if (name := f"{target}.{alias.name}" if target else alias.name) in paths
            }
            edges |= submodules or ({target} if target in paths else set())
        edges.discard(module)
        graph[module] = edges
    return graph


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Return the import cycles: strongly connected groups of modules, each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for successor in sorted(graph.get(node, ())):
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            group: list[str] = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(cycles)


def check_import_cycles(integration: Path, report: Report) -> None:
    """No module of the integration imports, through others, itself."""
    for cycle in find_cycles(import_graph(integration)):
        names = ", ".join(name or "__init__" for name in cycle)
        report.error("imports", f"import cycle between {names}")


# main ----------------------------------------------------------------------------------------


def check(integration: Path) -> Report:
    """Run every check on an integration folder."""
    report = Report()
    check_manifest(integration, report)
    strings = check_strings(integration, report)
    check_code_uses(collect_code_uses(integration, report), strings, report)
    services = check_services(integration, strings, report)
    check_icons(integration, strings, services, report)
    check_import_cycles(integration, report)
    return report


def main(argv: list[str] | None = None) -> int:
    """Check the integration; print problems; exit 1 on any."""
    args = sys.argv[1:] if argv is None else argv
    integration = Path(args[0]).resolve() if args else DEFAULT_INTEGRATION
    report = check(integration)
    for note in report.notes:
        print(f"note: {note}")
    if report.problems:
        print(f"check_integration: {len(report.problems)} problem(s) in {integration}:")
        for problem in report.problems:
            print(f"  - {problem}")
        return 1
    print(
        f"check_integration: {integration.name} OK "
        "(manifest, translations, services, icons, imports)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
