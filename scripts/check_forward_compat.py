"""Check that the integration's Home Assistant imports still exist, undeprecated, in the newest release.

Usage: .venv/bin/python scripts/check_forward_compat.py [--wheel PATH] [--integration DIR]

The tests run on Home Assistant 2026.2.3, the newest release for Python 3.13; newer releases need
Python 3.14, which these machines lack. So this downloads the newest `homeassistant` wheel for
Python 3.14 without installing it (`pip download --no-deps --python-version 3.14.2
--only-binary=:all:`, cached in build/forward-compat/) and reads it statically (ast), checking that
every `homeassistant` module and name that custom_components/seam_offline_codes imports, and every
`module.attr` used on an imported Home Assistant module:

- exists in that wheel (defined, imported or re-exported at module level, or a submodule), and
- is not marked deprecated there: a `_DEPRECATED_<NAME>` constant (the `DeprecatedConstant` /
  `DeprecatedAlias` pattern served by `check_if_deprecated_constant` and
  `all_with_deprecated_constants`), a `Deprecated*(...)` value, a `@deprecated_class` /
  `@deprecated_function` / `@deprecated` decorator, a `warnings.warn(..., DeprecationWarning)` or
  `report_usage(..., breaks_in_ha_version=...)` in the defining function (or module body), or a
  `# Deprecated` comment on or just above the definition.

Attributes of classes (e.g. `ConfigFlow.async_show_form`) are not followed. If PyPI cannot be
reached the check fails: it must not pass without having looked.
"""

from __future__ import annotations

import argparse
import ast
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
import re
import subprocess
import sys
import zipfile

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INTEGRATION = ROOT / "custom_components" / "seam_offline_codes"
CACHE = ROOT / "build" / "forward-compat"
PYTHON_VERSION = "3.14.2"
DEPRECATION_DECORATORS = {
    "deprecated_class",
    "deprecated_function",
    "deprecated",
    "deprecated_substitute",
}
DEPRECATED_VALUE = re.compile(
    r"^Deprecated[A-Z]\w*$"
)  # DeprecatedConstant, DeprecatedAlias, ...
DEPRECATED_COMMENT = re.compile(r"#.*\bdeprecated\b", re.IGNORECASE)


class ForwardCompatError(RuntimeError):
    """The check could not run (no wheel, no PyPI)."""


# The wheel -------------------------------------------------------------------------------------


def download_wheel(dest: Path | None = None) -> Path:
    """Download the newest homeassistant wheel for Python 3.14 into dest; return its path."""
    dest = dest or CACHE
    dest.mkdir(parents=True, exist_ok=True)
    # A cache, never committed (the folder ignores itself).
    (dest / ".gitignore").write_text("*\n")
    command = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--disable-pip-version-check",
        "--no-deps",
        "--only-binary=:all:",
        "--python-version",
        PYTHON_VERSION,
        "--dest",
        str(dest),
        "homeassistant",
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise ForwardCompatError(
            "could not download the newest homeassistant wheel for Python "
            f"{PYTHON_VERSION} (is PyPI reachable?):\n{result.stdout}{result.stderr}"
        )
    match = re.search(r"(homeassistant-[^\s/]+\.whl)", result.stdout)
    if match and (dest / match.group(1)).exists():
        return dest / match.group(1)
    wheels = sorted(dest.glob("homeassistant-*.whl"), key=_wheel_version)
    if not wheels:
        raise ForwardCompatError(
            f"pip reported success but no wheel is in {dest}:\n{result.stdout}"
        )
    return wheels[-1]


def _wheel_version(path: Path) -> tuple[int, ...]:
    version = path.name.split("-")[1]
    return tuple(
        int(part) if part.isdigit() else -1 for part in re.split(r"[.]", version)
    )


@dataclass
class Module:
    """One module of the wheel."""

    name: str
    source: str
    is_package: bool
    _tree: ast.Module | None = None

    @property
    def tree(self) -> ast.Module:
        """Parse on first use."""
        if self._tree is None:
            try:
                self._tree = ast.parse(_py313_compatible(self.source))
            except SyntaxError as err:
                raise ForwardCompatError(
                    f"cannot parse {self.name} with Python {sys.version.split()[0]}: {err}"
                ) from err
        return self._tree


# Python 3.14 (PEP 758) allows `except A, B:`; this interpreter's ast needs `except (A, B):`.
_BARE_EXCEPT_TUPLE = re.compile(
    r"^(\s*except\*?\s+)(?!\()([^:#\n]+,[^:#\n]+):", re.MULTILINE
)


def _py313_compatible(source: str) -> str:
    return _BARE_EXCEPT_TUPLE.sub(r"\1(\2):", source)


class Wheel:
    """The `homeassistant` package of a wheel (or of a folder holding `homeassistant/`)."""

    def __init__(self, path: Path) -> None:
        """Index the modules in path (a .whl file or a directory)."""
        self.path = path
        self.modules: dict[str, Module] = {}
        for relative, read in _python_files(path):
            parts = relative.removesuffix(".py").split("/")
            is_package = parts[-1] == "__init__"
            if is_package:
                parts = parts[:-1]
            if not parts or parts[0] != "homeassistant":
                continue
            name = ".".join(parts)
            self.modules[name] = Module(name, read(), is_package)
        if "homeassistant" not in self.modules:
            raise ForwardCompatError(f"{path} holds no homeassistant package")

    @property
    def version(self) -> str:
        """Home Assistant's version in the wheel."""
        const = self.modules.get("homeassistant.const")
        if const:
            found = dict(
                re.findall(
                    r"^(MAJOR_VERSION|MINOR_VERSION|PATCH_VERSION)[^=]*=\s*['\"]?(\w+)",
                    const.source,
                    re.M,
                )
            )
            if len(found) == 3:
                return f"{found['MAJOR_VERSION']}.{found['MINOR_VERSION']}.{found['PATCH_VERSION']}"
        return self.path.name


def _python_files(path: Path) -> Iterator[tuple[str, Callable[[], str]]]:
    if path.is_dir():
        for file in sorted(path.rglob("*.py")):
            yield (
                file.relative_to(path).as_posix(),
                lambda file=file: file.read_text(encoding="utf-8"),
            )
        return
    archive = zipfile.ZipFile(path)
    for name in archive.namelist():
        if name.endswith(".py"):
            yield name, lambda name=name: archive.read(name).decode("utf-8")


# What a module defines, and whether it is deprecated --------------------------------------------


@dataclass
class Definition:
    """Where a name comes from in a module."""

    node: ast.AST
    imported_from: tuple[str, str] | None = (
        None  # (module, name) for `from x import name`
    )


def _top_level(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Module-level statements, including those inside `if`/`try`/`with` blocks."""
    for stmt in body:
        yield stmt
        if isinstance(stmt, ast.If):
            yield from _top_level(stmt.body)
            yield from _top_level(stmt.orelse)
        elif isinstance(stmt, ast.Try):
            for block in (
                stmt.body,
                stmt.orelse,
                stmt.finalbody,
                *[h.body for h in stmt.handlers],
            ):
                yield from _top_level(block)
        elif isinstance(stmt, ast.With):
            yield from _top_level(stmt.body)


def _resolve_relative(module: Module, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = (
        module.name.split(".") if module.is_package else module.name.split(".")[:-1]
    )
    base = package[: len(package) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def definitions(module: Module) -> dict[str, Definition]:
    """Names bound at module level."""
    found: dict[str, Definition] = {}
    for stmt in _top_level(module.tree.body):
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            found[stmt.name] = Definition(stmt)
        elif isinstance(stmt, ast.Assign):
            for target in stmt.targets:
                for name in ast.walk(target):
                    if isinstance(name, ast.Name):
                        found[name.id] = Definition(stmt)
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            found[stmt.target.id] = Definition(stmt)
        elif isinstance(stmt, ast.Import):
            for alias in stmt.names:
                found[alias.asname or alias.name.split(".")[0]] = Definition(stmt)
        elif isinstance(stmt, ast.ImportFrom):
            source = _resolve_relative(module, stmt)
            for alias in stmt.names:
                if alias.name != "*":
                    found[alias.asname or alias.name] = Definition(
                        stmt, (source, alias.name)
                    )
        elif isinstance(stmt, ast.TypeAlias) and isinstance(stmt.name, ast.Name):
            found[stmt.name.id] = Definition(stmt)
    return found


def _decorator_name(node: ast.expr) -> str:
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return ""


def _warns_deprecation(nodes: list[ast.stmt]) -> bool:
    """Tell whether nodes call warnings.warn(DeprecationWarning) or report_usage(breaks_in_...)."""
    for stmt in nodes:
        for node in ast.walk(stmt):
            if not isinstance(node, ast.Call):
                continue
            name = _decorator_name(node.func)
            if name == "warn" and any(
                isinstance(a, ast.Name)
                and a.id in ("DeprecationWarning", "PendingDeprecationWarning")
                for a in [*node.args, *(k.value for k in node.keywords)]
            ):
                return True
            if name == "report_usage" and any(
                k.arg == "breaks_in_ha_version" for k in node.keywords
            ):
                return True
    return False


def _comment_says_deprecated(module: Module, node: ast.AST) -> bool:
    """Tell whether a `# Deprecated` comment is right above the definition or on its lines."""
    lines = module.source.splitlines()
    is_def = isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
    first = getattr(node, "lineno", 1)
    if is_def and node.decorator_list:  # type: ignore[union-attr]
        first = min(d.lineno for d in node.decorator_list)  # type: ignore[union-attr]
    last = (
        getattr(node, "lineno", first) if is_def else getattr(node, "end_lineno", first)
    )
    own = lines[first - 1 : last]
    above = []
    for line in reversed(lines[: first - 1]):
        if not line.strip().startswith("#"):
            break
        above.append(line)
    return any(DEPRECATED_COMMENT.search(line) for line in above + own)


def deprecation_of(module: Module, name: str, node: ast.AST) -> str | None:
    """Why the definition of name in module is deprecated, or None."""
    if f"_DEPRECATED_{name}" in definitions(module):
        return f"{module.name} defines _DEPRECATED_{name} (served by check_if_deprecated_constant)"
    if isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(
        node.value, ast.Call
    ):
        called = _decorator_name(node.value.func)
        if DEPRECATED_VALUE.match(called):
            return f"{module.name}.{name} is a {called}"
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        for decorator in node.decorator_list:
            if _decorator_name(decorator) in DEPRECATION_DECORATORS:
                return f"{module.name}.{name} is decorated with @{_decorator_name(decorator)}"
        body: list[ast.stmt] = node.body
        if isinstance(node, ast.ClassDef):  # a class warns from its constructor
            body = [
                stmt
                for method in node.body
                if isinstance(method, (ast.FunctionDef, ast.AsyncFunctionDef))
                and method.name
                in ("__init__", "__new__", "__init_subclass__", "__post_init__")
                for stmt in method.body
            ]
        if _warns_deprecation(body):
            return f"{module.name}.{name} warns that it is deprecated when used"
    if _comment_says_deprecated(module, node):
        return f"{module.name}.{name} is marked # Deprecated"
    return None


def module_deprecation(module: Module) -> str | None:
    """Why a whole module is deprecated (a deprecation warning in its module body), or None."""
    body = [
        s
        for s in module.tree.body
        if not isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
    ]
    if _warns_deprecation(body):
        return f"{module.name} warns that it is deprecated when imported"
    return None


@dataclass
class Lookup:
    """The result of looking a name up in a module of the wheel."""

    exists: bool
    deprecated: str | None = None
    module: str | None = None  # set when the name is a submodule


def lookup(wheel: Wheel, module_name: str, name: str, depth: int = 0) -> Lookup:
    """Look up `from module_name import name` in the wheel, following re-exports."""
    module = wheel.modules.get(module_name)
    if module is None:
        return Lookup(exists=False)
    submodule = f"{module_name}.{name}"
    defined = definitions(module)
    if name not in defined:
        if submodule in wheel.modules:
            return Lookup(
                True, module_deprecation(wheel.modules[submodule]), module=submodule
            )
        if f"_DEPRECATED_{name}" in defined:
            return Lookup(
                True,
                f"{module_name} defines _DEPRECATED_{name} (served by check_if_deprecated_constant)",
            )
        return Lookup(exists=False)
    definition = defined[name]
    if reason := deprecation_of(module, name, definition.node):
        return Lookup(True, reason)
    if definition.imported_from and depth < 10:
        source, original = definition.imported_from
        if source == "homeassistant" or source.startswith("homeassistant."):
            found = lookup(wheel, source, original, depth + 1)
            if found.exists:
                return found
    return Lookup(True)


# The integration's uses --------------------------------------------------------------------------


@dataclass
class Use:
    """A homeassistant module or name the integration uses."""

    module: str
    name: str | None
    where: str
    attribute: bool = False  # `bound.name` rather than an import


def integration_uses(integration: Path) -> list[Use]:
    """Every `homeassistant` import and `ha_module.attr` access in the integration's code."""
    uses: list[Use] = []
    for path in sorted(integration.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        rel = path.relative_to(integration.parent).as_posix()
        bound: dict[str, str] = {}  # local name -> homeassistant module
        for node in ast.walk(tree):
            where = f"{rel}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if _is_homeassistant(alias.name):
                        uses.append(Use(alias.name, None, where))
                        if alias.asname:
                            bound[alias.asname] = alias.name
            elif (
                isinstance(node, ast.ImportFrom)
                and not node.level
                and _is_homeassistant(node.module)
            ):
                assert node.module is not None
                for alias in node.names:
                    uses.append(Use(node.module, alias.name, where))
                    bound[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        uses.extend(
            Use(bound[node.value.id], node.attr, f"{rel}:{node.lineno}", attribute=True)
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in bound
        )
    return uses


def _is_homeassistant(module: str | None) -> bool:
    return module is not None and (
        module == "homeassistant" or module.startswith("homeassistant.")
    )


@dataclass
class Result:
    """Problems, by use."""

    problems: list[str] = field(default_factory=list)
    checked: int = 0


def check(wheel: Wheel, integration: Path) -> Result:
    """Check every use against the wheel."""
    result = Result()
    seen: set[tuple[str, str | None, str]] = set()
    for use in integration_uses(integration):
        key = (use.module, use.name, use.where)
        if key in seen:
            continue
        seen.add(key)
        if use.name is None:  # import homeassistant.x.y
            module = wheel.modules.get(use.module)
            result.checked += 1
            if module is None:
                result.problems.append(
                    f"{use.where}: module {use.module} no longer exists"
                )
            elif reason := module_deprecation(module):
                result.problems.append(
                    f"{use.where}: {use.module} is deprecated: {reason}"
                )
            continue
        if use.module not in wheel.modules:
            if use.attribute:
                # `x.attr` where x is a class or function (its own import is checked): the
                # attributes of classes are not followed.
                continue
            result.checked += 1
            result.problems.append(f"{use.where}: module {use.module} no longer exists")
            continue
        result.checked += 1
        found = lookup(wheel, use.module, use.name)
        if not found.exists:
            result.problems.append(f"{use.where}: {use.module} has no {use.name!r}")
        elif found.deprecated:
            result.problems.append(
                f"{use.where}: {use.module}.{use.name} is deprecated: {found.deprecated}"
            )
    return result


def main(argv: list[str] | None = None) -> int:
    """Run the check; exit 1 on any problem or if the wheel cannot be had."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--wheel", type=Path, help="a homeassistant wheel or source tree to use"
    )
    parser.add_argument("--integration", type=Path, default=DEFAULT_INTEGRATION)
    args = parser.parse_args(argv)
    try:
        wheel = Wheel(args.wheel or download_wheel())
    except ForwardCompatError as err:
        print(f"check_forward_compat: FAILED: {err}")
        return 1
    result = check(wheel, args.integration)
    if result.problems:
        print(
            f"check_forward_compat: {len(result.problems)} problem(s) with Home Assistant "
            f"{wheel.version} ({wheel.path.name}):"
        )
        for problem in result.problems:
            print(f"  - {problem}")
        return 1
    print(
        f"check_forward_compat: {result.checked} Home Assistant imports/attributes of "
        f"{args.integration.name} exist and are not deprecated in {wheel.version}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
