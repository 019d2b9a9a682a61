"""Fixtures shared by every test: the integration on a live Seam sandbox."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import CONF_API_KEY, Platform
from homeassistant.core import HomeAssistant
from homeassistant.core_config import async_process_ha_core_config
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

# Import the integration before Home Assistant's test harness mounts its own test config
# dir; otherwise HA would find the harness's `custom_components` package instead of ours.
from custom_components.seam_offline_codes import PLATFORMS
from custom_components.seam_offline_codes.const import (
    CONF_API_URL,
    CONF_DEVICE_IDS,
    CONF_SHOW_PINS,
    CONF_WEBHOOK_ID,
    DOMAIN,
)

from .const import ENTRY_ID, OFFLINE_LOCKS, WEBHOOK_ID, WORKSPACE_ID, WORKSPACE_NAME

if TYPE_CHECKING:
    from seam_sandbox import SandboxServer


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load integrations from custom_components."""


@pytest.fixture(autouse=True)
def fail_on_deprecated_usage(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Fail a test in which Home Assistant reports our use of deprecated API.

    Home Assistant logs such uses ("Detected that custom integration ... ") rather than
    warning, so the warning filters in pyproject.toml would not catch them.
    """
    yield
    reports = [
        record.getMessage()
        for record in caplog.get_records("call")
        if record.getMessage().startswith("Detected that custom integration")
    ]
    assert not reports, reports


CLOCK_SWEEP = {
    # Home Assistant's zone in tests is US/Pacific; Room 101 is in Los Angeles too.
    "afternoon-near-check-in": "2026-07-15T22:45:00+00:00",  # 15:45 PDT
    "minutes-before-midnight": "2026-07-16T06:50:00+00:00",  # 23:50 PDT
    "before-spring-forward": "2026-03-08T09:30:00+00:00",  # 01:30 PST
    "fall-back-second-pass": "2026-11-01T09:40:00+00:00",  # 01:40 PST, repeated hour
}
"""Moments the action suites run at: times of day and either side of DST changes."""


REAL_CLOCK = "real-clock"
"""For a test that waits in real time (its sleeps would never end on a frozen clock):
``@pytest.mark.parametrize("clock_sweep", [REAL_CLOCK], indirect=True)``."""


@pytest.fixture(params=sorted(CLOCK_SWEEP))
def clock_sweep(request: pytest.FixtureRequest) -> datetime | None:
    """Freeze the clock (Home Assistant's and the sandbox's) at each sweep moment."""
    if request.param == REAL_CLOCK:
        return None
    freezer: FrozenDateTimeFactory = request.getfixturevalue("freezer")
    moment = datetime.fromisoformat(CLOCK_SWEEP[request.param])
    freezer.move_to(moment)
    return moment


@pytest.fixture
def sandbox_settings() -> dict[str, Any]:
    """Return settings for the sandbox; tests override this to tune it."""
    return {}


@pytest.fixture
async def sandbox(
    socket_enabled: None, sandbox_settings: dict[str, Any]
) -> AsyncIterator[SandboxServer]:
    """Run the demo scenario of the Seam sandbox on 127.0.0.1 over real HTTP."""
    from seam_sandbox import run_sandbox

    settings = {"id_seed": "demo"} | sandbox_settings  # ids repeat, for snapshots
    async with run_sandbox(
        scenario="demo", host="127.0.0.1", port=0, **settings
    ) as server:
        yield server


@pytest.fixture
def entry_options() -> dict[str, Any]:
    """Return the config entry's options; tests override this to change them."""
    return {
        CONF_DEVICE_IDS: list(OFFLINE_LOCKS),
        CONF_SHOW_PINS: False,
    }


@pytest.fixture
def instant_retries() -> Iterator[None]:
    """Let the Seam client retry at once.

    Its retry delays are real sleeps on the event loop, whose clock the `freezer` fixture
    stops; the delays themselves, and when the client stops waiting, are tested with the
    client.
    """
    with patch("custom_components.seam_offline_codes.seam.client._pause"):
        yield


@pytest.fixture
async def home_assistant_url(hass: HomeAssistant) -> str:
    """Give Home Assistant an internal URL; nothing listens there unless a test serves it.

    With the sandbox on this machine, the integration registers its webhook at this URL;
    deliveries then fail quietly, and tests that check webhooks serve the URL themselves.
    """
    url = "http://127.0.0.1:9"
    await async_process_ha_core_config(hass, {"internal_url": url})
    return url


@pytest.fixture
def mock_config_entry(
    sandbox: SandboxServer, entry_options: dict[str, Any]
) -> MockConfigEntry:
    """Return a config entry for the sandbox's demo workspace."""
    return MockConfigEntry(
        domain=DOMAIN,
        version=2,
        minor_version=2,
        entry_id=ENTRY_ID,
        title=WORKSPACE_NAME,
        unique_id=WORKSPACE_ID,
        data={
            CONF_API_KEY: sandbox.api_key,
            CONF_API_URL: sandbox.url,
            CONF_WEBHOOK_ID: WEBHOOK_ID,
        },
        options=entry_options,
    )


@pytest.fixture
def platforms() -> list[Platform]:
    """Return the platforms to set up; entity snapshot tests limit them to one."""
    return PLATFORMS


@pytest.fixture
async def init_integration(
    hass: HomeAssistant,
    instant_retries: None,
    home_assistant_url: str,
    mock_config_entry: MockConfigEntry,
    platforms: list[Platform],
) -> AsyncIterator[MockConfigEntry]:
    """Set up the integration on the sandbox."""
    mock_config_entry.add_to_hass(hass)
    with patch("custom_components.seam_offline_codes.PLATFORMS", platforms):
        await hass.config_entries.async_setup(mock_config_entry.entry_id)
        await hass.async_block_till_done()
        yield mock_config_entry
