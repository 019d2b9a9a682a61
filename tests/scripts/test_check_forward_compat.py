"""scripts/check_forward_compat.py, against a tiny fake Home Assistant (as a tree and as a wheel)."""

from __future__ import annotations

from pathlib import Path
import subprocess
from typing import Any
import zipfile

import pytest

from . import load_script

fc = load_script("check_forward_compat")

FAKE_HA: dict[str, str] = {
    "homeassistant/__init__.py": "",
    "homeassistant/const.py": """\
from enum import StrEnum
from .helpers.deprecation import DeprecatedConstant, all_with_deprecated_constants

MAJOR_VERSION = 2026
MINOR_VERSION = 11
PATCH_VERSION = "0"
CONF_API_KEY = "api_key"
_DEPRECATED_ATTR_OLD = DeprecatedConstant("old", "ATTR_NEW", "2027.1")
ATTR_NEW = "new"
OLD_ALIAS = DeprecatedConstant("x", "y", "2027.1")
# Deprecated: use ATTR_NEW
ATTR_COMMENTED = "commented"
ATTR_TRAILING = "t"  # deprecated, use ATTR_NEW
""",
    "homeassistant/helpers/__init__.py": "",
    "homeassistant/helpers/deprecation.py": """\
def deprecated_class(replacement, breaks_in_ha_version=None):
    return lambda cls: cls
def deprecated_function(replacement, breaks_in_ha_version=None):
    return lambda fn: fn
class DeprecatedConstant: ...
def all_with_deprecated_constants(module_globals): ...
""",
    "homeassistant/helpers/things.py": """\
import warnings
from homeassistant.helpers.deprecation import deprecated_class, deprecated_function
from .frame import report_usage
from .moved import Moved as Moved

def fine(): ...

@deprecated_function("fine")
def old_function(): ...

@deprecated_class("Fine")
class OldClass: ...

def warns():
    warnings.warn("warns is going away", DeprecationWarning)

def reports():
    report_usage("calls reports", breaks_in_ha_version="2027.1")

class Constructed:
    def __init__(self):
        warnings.warn("gone", DeprecationWarning, stacklevel=2)

try:
    import fast_thing
except ImportError, ModuleNotFoundError:
    fast_thing = None

if True:
    CONDITIONAL = 1
""",
    "homeassistant/helpers/frame.py": "def report_usage(*args, **kwargs): ...\n",
    "homeassistant/helpers/moved.py": "@deprecated_class('x')\nclass Moved: ...\n",
    "homeassistant/components/__init__.py": "",
    "homeassistant/components/webhook/__init__.py": "def async_register(): ...\n",
    "homeassistant/components/legacy.py": """\
import warnings
warnings.warn("legacy is deprecated", DeprecationWarning)
""",
}


def write_tree(root: Path) -> Path:
    """Write the fake Home Assistant as a folder."""
    for name, text in FAKE_HA.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def write_wheel(path: Path) -> Path:
    """Write the fake Home Assistant as a wheel."""
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in FAKE_HA.items():
            archive.writestr(name, text)
        archive.writestr(
            "homeassistant-2026.11.0.dist-info/METADATA", "Name: homeassistant\n"
        )
    return path


def integration(root: Path, code: str) -> Path:
    """Write an integration folder with one module."""
    folder = root / "demo"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "__init__.py").write_text(code)
    return folder


def problems(tmp_path: Path, code: str) -> list[str]:
    """Problems the check finds in code, against the fake tree."""
    wheel = fc.Wheel(write_tree(tmp_path / "ha"))
    return fc.check(wheel, integration(tmp_path, code)).problems


def test_current_names_pass(tmp_path: Path) -> None:
    """Existing, undeprecated modules, names, submodules and re-exports pass."""
    code = """\
import homeassistant.helpers.things as things
from homeassistant.const import CONF_API_KEY, ATTR_NEW
from homeassistant.components import webhook
from homeassistant.helpers.things import fine, CONDITIONAL, fast_thing
from . import local_module

def setup():
    webhook.async_register()
    things.fine()
    return local_module.anything
"""
    assert problems(tmp_path, code) == []


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("from homeassistant.const import GONE", "homeassistant.const has no 'GONE'"),
        (
            "import homeassistant.helpers.gone",
            "module homeassistant.helpers.gone no longer exists",
        ),
        (
            "from homeassistant.helpers.gone import x",
            "module homeassistant.helpers.gone no longer",
        ),
        (
            "from homeassistant.components import webhook\nwebhook.async_unregister()",
            "homeassistant.components.webhook has no 'async_unregister'",
        ),
        (
            "from homeassistant.helpers import things as t\nt.missing",
            "homeassistant.helpers.things has no 'missing'",
        ),
        ("from homeassistant.const import ATTR_OLD", "defines _DEPRECATED_ATTR_OLD"),
        (
            "from homeassistant import const\nconst.ATTR_OLD",
            "defines _DEPRECATED_ATTR_OLD",
        ),
        ("from homeassistant.const import OLD_ALIAS", "is a DeprecatedConstant"),
        ("from homeassistant.const import ATTR_COMMENTED", "is marked # Deprecated"),
        ("from homeassistant.const import ATTR_TRAILING", "is marked # Deprecated"),
        (
            "from homeassistant.helpers.things import old_function",
            "@deprecated_function",
        ),
        ("from homeassistant.helpers.things import OldClass", "@deprecated_class"),
        (
            "from homeassistant.helpers.things import warns",
            "warns that it is deprecated",
        ),
        (
            "from homeassistant.helpers.things import reports",
            "warns that it is deprecated",
        ),
        (
            "from homeassistant.helpers.things import Constructed",
            "warns that it is deprecated",
        ),
        ("from homeassistant.helpers.things import Moved", "@deprecated_class"),
        (
            "from homeassistant.components import legacy",
            "warns that it is deprecated when imported",
        ),
        ("import homeassistant.components.legacy", "deprecated when imported"),
    ],
)
def test_each_miss_is_caught(tmp_path: Path, code: str, expected: str) -> None:
    """Missing and deprecated names fail, with the reason."""
    found = problems(tmp_path, code)
    assert any(expected in problem for problem in found), found


def test_wheel_and_main(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A wheel file works like a tree; main() reports the version and exits 0 or 1."""
    wheel = write_wheel(tmp_path / "homeassistant-2026.11.0-py3-none-any.whl")
    assert fc.Wheel(wheel).version == "2026.11.0"
    good = integration(
        tmp_path / "good", "from homeassistant.const import CONF_API_KEY\n"
    )
    assert fc.main(["--wheel", str(wheel), "--integration", str(good)]) == 0
    assert "not deprecated in 2026.11.0" in capsys.readouterr().out
    bad = integration(tmp_path / "bad", "from homeassistant.const import ATTR_OLD\n")
    assert fc.main(["--wheel", str(wheel), "--integration", str(bad)]) == 1
    assert "1 problem(s) with Home Assistant 2026.11.0" in capsys.readouterr().out


def test_not_home_assistant(tmp_path: Path) -> None:
    """A wheel without the homeassistant package is refused."""
    path = tmp_path / "other.whl"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("other/__init__.py", "")
    with pytest.raises(fc.ForwardCompatError, match="no homeassistant package"):
        fc.Wheel(path)


def test_unparsable_module_fails_loudly(tmp_path: Path) -> None:
    """Syntax this interpreter cannot read is an error, not a silent pass."""
    root = write_tree(tmp_path / "ha")
    (root / "homeassistant" / "const.py").write_text("def (:\n")
    wheel = fc.Wheel(root)
    with pytest.raises(
        fc.ForwardCompatError, match=r"cannot parse homeassistant\.const"
    ):
        fc.check(wheel, integration(tmp_path, "from homeassistant.const import X\n"))


def _completed(returncode: int, stdout: str = "", stderr: str = "") -> Any:
    return subprocess.CompletedProcess([], returncode, stdout, stderr)


def test_download_failure_fails_loudly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """No PyPI: the check fails and says why."""
    monkeypatch.setattr(fc, "CACHE", tmp_path / "cache")
    monkeypatch.setattr(
        fc.subprocess,
        "run",
        lambda *a, **k: _completed(1, stderr="Network is unreachable"),
    )
    with pytest.raises(fc.ForwardCompatError, match=r"is PyPI reachable\?"):
        fc.download_wheel(tmp_path / "cache")
    assert fc.main(["--integration", str(integration(tmp_path, ""))]) == 1
    assert "Network is unreachable" in capsys.readouterr().out


def test_download_uses_pip_for_python_314(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`pip download` asks for the newest wheel for Python 3.14, without dependencies."""
    calls: list[list[str]] = []

    def run(command: list[str], **kwargs: Any) -> Any:
        calls.append(command)
        write_wheel(tmp_path / "cache" / "homeassistant-2026.11.0-py3-none-any.whl")
        return _completed(
            0, stdout="Saved ./homeassistant-2026.11.0-py3-none-any.whl\n"
        )

    monkeypatch.setattr(fc.subprocess, "run", run)
    path = fc.download_wheel(tmp_path / "cache")
    assert path.name == "homeassistant-2026.11.0-py3-none-any.whl"
    command = calls[0]
    assert command[command.index("--python-version") + 1] == "3.14.2"
    assert "--no-deps" in command
    assert "--only-binary=:all:" in command
    assert (tmp_path / "cache" / ".gitignore").read_text() == "*\n"

    # When pip names no file (already downloaded), the newest cached wheel is used.
    write_wheel(tmp_path / "cache" / "homeassistant-2026.12.1-py3-none-any.whl")
    monkeypatch.setattr(
        fc.subprocess, "run", lambda *a, **k: _completed(0, stdout="done\n")
    )
    assert fc.download_wheel(tmp_path / "cache").name.startswith(
        "homeassistant-2026.12.1"
    )


def test_python_314_except_syntax_is_read() -> None:
    """PEP 758 `except A, B:` is rewritten so that Python 3.13's ast can parse it."""
    source = "try:\n    pass\nexcept KeyError, ValueError:\n    pass\n"
    assert "except (KeyError, ValueError):" in fc._py313_compatible(source)
