"""Run Home Assistant (the `hass` command) from this project's .venv.

Usage: scripts/hass [hass arguments] (or .venv/bin/python scripts/hass.py ...), e.g. `-c config --skip-pip`
or `--script auth -c config list`.

Home Assistant 2026.2.3, the newest release that runs on Python 3.13, declares Python >= 3.13.2
and its `hass` entry point refuses to start on 3.13.0/3.13.1, although it runs fine there (the
test suite runs it on 3.13.0). scripts/setup installs it with --ignore-requires-python on those
interpreters; this launcher is the matching workaround for starting it. It skips only that one
version check, and only when the interpreter is older than Home Assistant's minimum.
"""

import sys

from homeassistant import __main__ as hass_main
from homeassistant.const import REQUIRED_PYTHON_VER

if sys.version_info[:3] < REQUIRED_PYTHON_VER:
    found = ".".join(map(str, sys.version_info[:3]))
    wanted = ".".join(map(str, REQUIRED_PYTHON_VER))
    print(
        f"scripts/hass: Python {found} is older than the {wanted} Home Assistant declares; "
        "starting anyway (see scripts/hass for why).",
        file=sys.stderr,
    )
    hass_main.validate_python = lambda: None

if __name__ == "__main__":
    sys.exit(hass_main.main())
