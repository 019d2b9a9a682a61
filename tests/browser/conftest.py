"""Fixtures for the browser test: the demo environment of scripts/develop and a Chromium."""

from __future__ import annotations

from collections.abc import Generator
import importlib.util
import os
from pathlib import Path
import shutil
import sys
import tempfile
from types import ModuleType
from typing import Any

import pytest

from .ha_ui import HomeAssistantUI

ROOT = Path(__file__).resolve().parents[2]
ON_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def pytest_configure(config: pytest.Config) -> None:
    """Register the marker that lets a local run leave the browser test out."""
    config.addinivalue_line(
        "markers",
        "browser: drives Home Assistant's UI in headless Chromium (deselect: -m 'not browser')",
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Keep each phase's report on the item, so fixtures can tell whether the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def _load_develop() -> ModuleType:
    """Import scripts/develop.py, which brings up the same environment as `scripts/develop`."""
    spec = importlib.util.spec_from_file_location(
        "develop", ROOT / "scripts" / "develop.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("develop", module)
    spec.loader.exec_module(module)
    return module


develop = _load_develop()


def _unavailable(reason: str) -> None:
    if ON_CI:
        pytest.fail(
            f"{reason}; on CI (CI=true) .ci/run installs it, so this is an error"
        )
    pytest.skip(f"{reason}; install it with `apt-get install chromium chromium-driver`")


@pytest.fixture(scope="session")
def chromium() -> tuple[str, str]:
    """Paths of Chromium and its chromedriver (Debian's packages; $CHROMIUM/$CHROMEDRIVER win)."""
    browser = shutil.which(os.environ.get("CHROMIUM") or "chromium")
    driver = shutil.which(os.environ.get("CHROMEDRIVER") or "chromedriver")
    if not browser:
        _unavailable("Chromium is not installed (no `chromium` on PATH)")
    if not driver:
        _unavailable("chromedriver is not installed (no `chromedriver` on PATH)")
    assert browser is not None
    assert driver is not None
    return browser, driver


@pytest.fixture
def demo_log(tmp_path: Path) -> Path:
    """Where the sandbox's and Home Assistant's output goes."""
    return tmp_path / "demo.log"


@pytest.fixture
def demo(
    chromium: tuple[str, str], socket_enabled: None, tmp_path: Path, demo_log: Path
) -> Generator[Any]:
    """Start the sandbox and Home Assistant as scripts/develop does, on free ports."""
    with demo_log.open("w", encoding="utf-8") as log_file:
        env = develop.DevEnvironment(
            config_dir=tmp_path / "config",
            port=develop.free_port(),
            sandbox_port=0,  # the sandbox picks a free port and prints its URL
            log_file=log_file,
        )
        try:
            env.start()
        except RuntimeError as err:
            pytest.fail(f"{err}\n--- demo log ---\n{_tail(demo_log)}")
        try:
            yield env
        finally:
            env.stop()


def _tail(path: Path, lines: int = 80) -> str:
    if not path.exists():
        return "(no log)"
    return "\n".join(
        path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
    )


@pytest.fixture
def browser(
    chromium: tuple[str, str],
    demo: Any,
    demo_log: Path,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
) -> Generator[HomeAssistantUI]:
    """Open a headless Chromium on the demo's Home Assistant (the test logs in).

    On failure it leaves a screenshot, the page's text and the end of the demo log in a
    temporary directory and says where.
    """
    # Selenium must not try to download a browser or a driver (and must not phone home).
    monkeypatch.setenv("SE_OFFLINE", "true")
    monkeypatch.setenv("SE_AVOID_STATS", "true")
    from selenium import webdriver  # only once Chromium is known to exist
    from selenium.webdriver.chrome.service import Service

    browser_path, driver_path = chromium
    options = webdriver.ChromeOptions()
    options.binary_location = browser_path
    for argument in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--lang=en-US",
        "--window-size=1280,1000",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
    ):
        options.add_argument(argument)
    driver = webdriver.Chrome(
        options=options,
        service=Service(driver_path, log_output=str(tmp_path / "driver.log")),
    )
    ui = HomeAssistantUI(driver, demo.url)
    try:
        yield ui
    finally:
        report = getattr(request.node, "report_call", None)
        if report is None or report.failed:
            _keep_evidence(ui, demo_log, request.node.name)
        driver.quit()


def _keep_evidence(ui: HomeAssistantUI, demo_log: Path, name: str) -> None:
    target = Path(os.environ.get("BROWSER_TEST_ARTIFACTS") or _mkdtemp(name))
    target.mkdir(parents=True, exist_ok=True)
    try:
        ui.screenshot(str(target / "failure.png"))
        (target / "page.txt").write_text(ui.page_text(), encoding="utf-8")
        (target / "url.txt").write_text(ui.driver.current_url + "\n", encoding="utf-8")
    except Exception as err:  # noqa: BLE001 (the browser may be gone; keep what we can)
        (target / "browser-error.txt").write_text(repr(err), encoding="utf-8")
    shutil.copy(demo_log, target / "demo.log")
    print(  # noqa: T201 (shown in pytest's report of the failure)
        f"\nbrowser test evidence (screenshot, page text, demo log): {target}",
        file=sys.stderr,
    )


def _mkdtemp(name: str) -> str:
    return tempfile.mkdtemp(prefix=f"browser-{name}-")
