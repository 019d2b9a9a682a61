"""Seam failing under the integration: set-up, full syncs and fast polls, and lost creates.

Each fault makes the entities unavailable, with one log line, and they are back within
one poll of the fault's end, with one more; a create whose answer is lost is answered
truthfully and the code, if any, shows up.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
import logging
from typing import TYPE_CHECKING, Any
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.seam_offline_codes.const import (
    CONF_API_URL,
    CONF_WEBHOOK_ID,
    DOMAIN,
    FAST_POLL_INTERVAL,
    FULL_SYNC_INTERVAL,
)
from custom_components.seam_offline_codes.coordinator import SeamCoordinator
from custom_components.seam_offline_codes.webhook import STORAGE_KEY
from seam_sandbox import Faults
from seam_sandbox.faults import LostCreate

from .common import lock_device_id, move_time
from .const import FRONT_DOOR

if TYPE_CHECKING:
    from seam_sandbox import SandboxServer

pytestmark = pytest.mark.usefixtures("instant_retries")

LONG_RETRY_AFTER = 120
"""Seconds; longer than the client waits, so the coordinator schedules around it."""

FAULTS: dict[str, Callable[[Faults], None]] = {
    "outage": lambda faults: faults.start_outage(),
    "rate_limited_short": lambda faults: faults.rate_limit_burst(retry_after=1),
    "rate_limited_long": lambda faults: faults.rate_limit_burst(
        retry_after=LONG_RETRY_AFTER
    ),
    "malformed_json": lambda faults: faults.malform_responses(),
    "connection_dropped": lambda faults: faults.drop_connections(),
}


def _coordinator(entry: MockConfigEntry) -> SeamCoordinator:
    coordinator: SeamCoordinator = entry.runtime_data.coordinator
    return coordinator


def _states(hass: HomeAssistant, entry: MockConfigEntry) -> set[str]:
    """Return the states of the entry's entities."""
    registry = er.async_get(hass)
    return {
        state.state
        for entity in er.async_entries_for_config_entry(registry, entry.entry_id)
        if (state := hass.states.get(entity.entity_id)) is not None
    }


def _log_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    """Return the integration's log lines at INFO and above."""
    return [
        record.getMessage()
        for record in caplog.records
        if record.name.startswith("custom_components.seam_offline_codes")
        and record.levelno >= logging.INFO
    ]


async def _create_code(hass: HomeAssistant, device_id: str) -> Any:
    """Create an hourly code tomorrow through the action."""
    start = dt_util.utcnow().replace(minute=0, second=0, microsecond=0) + timedelta(
        days=1
    )
    return await hass.services.async_call(
        DOMAIN,
        "create_hourly_code",
        {
            "device_id": device_id,
            "name": "Guest Fay",
            "starts_at": start.isoformat(),
            "ends_at": (start + timedelta(hours=2)).isoformat(),
        },
        blocking=True,
        return_response=True,
    )


@pytest.mark.parametrize("fault", FAULTS.values(), ids=FAULTS.keys())
@pytest.mark.parametrize("poll", ["full_sync", "fast_poll"])
async def test_poll_faults(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
    device_registry: dr.DeviceRegistry,
    sandbox: SandboxServer,
    init_integration: MockConfigEntry,
    fault: Callable[[Faults], None],
    poll: str,
) -> None:
    """Entities go unavailable with one line, and come back within one poll with one."""
    coordinator = _coordinator(init_integration)
    faults = sandbox.sandbox.faults
    if poll == "fast_poll":
        await _create_code(hass, lock_device_id(device_registry, FRONT_DOOR))
        interval = FAST_POLL_INTERVAL
    else:
        interval = FULL_SYNC_INTERVAL
    caplog.clear()
    fault(faults)
    await move_time(hass, freezer, interval)
    assert not coordinator.last_update_success
    assert _states(hass, init_integration) == {STATE_UNAVAILABLE}
    assert len(_log_lines(caplog)) == 1

    # Another failing poll logs nothing more.
    retry_after = faults.retry_after if faults.rate_limit.remaining != 0 else None
    wait = (
        timedelta(seconds=retry_after) if retry_after else coordinator.update_interval
    )
    assert wait is not None
    if retry_after == LONG_RETRY_AFTER:
        # Not a request before Seam's Retry-After has passed.
        sandbox.sandbox.requests.clear()
        await move_time(hass, freezer, FAST_POLL_INTERVAL)
        assert sandbox.sandbox.requests == []
        wait -= FAST_POLL_INTERVAL
    await move_time(hass, freezer, wait)
    assert len(_log_lines(caplog)) == 1

    faults.clear()
    wait = (
        timedelta(seconds=retry_after) if retry_after else coordinator.update_interval
    )
    assert wait is not None
    await move_time(hass, freezer, wait)
    assert coordinator.last_update_success
    assert STATE_UNAVAILABLE not in _states(hass, init_integration)
    assert _log_lines(caplog)[1:] == ["Fetching seam_offline_codes data recovered"]


async def test_key_revoked_mid_run(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
    sandbox: SandboxServer,
    init_integration: MockConfigEntry,
) -> None:
    """A revoked key makes entities unavailable with one line, and asks for a new key."""
    caplog.clear()
    sandbox.sandbox.faults.revoke_api_key()
    await move_time(hass, freezer, FULL_SYNC_INTERVAL)
    assert _states(hass, init_integration) == {STATE_UNAVAILABLE}
    assert len(_log_lines(caplog)) == 1
    flows = hass.config_entries.flow.async_progress()
    assert [flow["context"]["source"] for flow in flows] == ["reauth"]


async def test_slow_answers_past_the_timeout(
    hass: HomeAssistant,
    caplog: pytest.LogCaptureFixture,
    device_registry: dr.DeviceRegistry,
    sandbox: SandboxServer,
    home_assistant_url: str,
    mock_config_entry: MockConfigEntry,
) -> None:
    """Answers slower than the request timeout fail set-up, then a poll; both recover."""
    faults = sandbox.sandbox.faults
    faults.set_latency(0.5)
    with patch("custom_components.seam_offline_codes.REQUEST_TIMEOUT", 0.1):
        mock_config_entry.add_to_hass(hass)
        await hass.config_entries.async_setup(mock_config_entry.entry_id)
        await hass.async_block_till_done()
        assert mock_config_entry.state is ConfigEntryState.SETUP_RETRY
        faults.set_latency(0)
        await hass.config_entries.async_reload(mock_config_entry.entry_id)
        await hass.async_block_till_done()
        assert mock_config_entry.state is ConfigEntryState.LOADED

        coordinator = _coordinator(mock_config_entry)
        # A code in flux makes the next poll ask Seam.
        await _create_code(hass, lock_device_id(device_registry, FRONT_DOOR))
        caplog.clear()
        faults.set_latency(0.5)
        await coordinator.async_refresh()
        assert not coordinator.last_update_success
        faults.set_latency(0)
        await coordinator.async_refresh()
        assert coordinator.last_update_success
    assert _log_lines(caplog) == [
        (
            "Error fetching seam_offline_codes data: "
            "Could not update the offline codes from Seam (SeamUnavailableError)"
        ),
        "Fetching seam_offline_codes data recovered",
    ]


@pytest.mark.parametrize(
    ("fault", "state"),
    [
        *((name, ConfigEntryState.SETUP_RETRY) for name in FAULTS),
        ("connection_refused", ConfigEntryState.SETUP_RETRY),
        ("revoked", ConfigEntryState.SETUP_ERROR),
    ],
)
async def test_set_up_faults(
    hass: HomeAssistant,
    sandbox: SandboxServer,
    home_assistant_url: str,
    mock_config_entry: MockConfigEntry,
    fault: str,
    state: ConfigEntryState,
) -> None:
    """Each fault at set-up retries (or asks for a key); the next try after it loads."""
    faults = sandbox.sandbox.faults
    if fault == "revoked":
        faults.revoke_api_key()
    elif fault == "connection_refused":
        mock_config_entry.add_to_hass(hass)
        hass.config_entries.async_update_entry(
            mock_config_entry,
            data={**mock_config_entry.data, CONF_API_URL: "http://127.0.0.1:9"},
        )
    else:
        FAULTS[fault](faults)
    if mock_config_entry.entry_id not in {
        entry.entry_id for entry in hass.config_entries.async_entries(DOMAIN)
    }:
        mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert mock_config_entry.state is state
    # The next try, once the fault is over, loads.
    faults.clear()
    data = {**mock_config_entry.data, CONF_API_URL: sandbox.url}
    hass.config_entries.async_update_entry(mock_config_entry, data=data)
    assert await hass.config_entries.async_reload(mock_config_entry.entry_id)


async def test_lost_creates_are_answered_truthfully(
    hass: HomeAssistant,
    device_registry: dr.DeviceRegistry,
    sandbox: SandboxServer,
    init_integration: MockConfigEntry,
) -> None:
    """A lost answer: the code Seam stored, or "may exist" and the code shows up soon."""
    seam = sandbox.sandbox
    coordinator = _coordinator(init_integration)
    device_id = lock_device_id(device_registry, FRONT_DOOR)
    seam.faults.lose_creates(LostCreate.GATEWAY_TIMEOUT_AFTER_STORE)
    response = await _create_code(hass, device_id)
    assert list(seam.access_codes) == [response["access_code_id"]]

    # Seam goes down right after storing: the three looks for the code (a try and two
    # retries of one list) get 503s, so the outcome is unknown.
    seam.faults.lose_creates(LostCreate.RESET_AFTER_STORE, outage_after=3)
    with pytest.raises(HomeAssistantError) as err:
        await _create_code(hass, device_id)
    assert err.value.translation_key == "create_outcome_unknown"
    assert "try again" not in str(err.value)
    await hass.async_block_till_done()
    assert len(seam.access_codes) == 2
    assert set(seam.access_codes) <= set(coordinator.data.codes)
    assert seam.requests.count("/access_codes/create") == 2


@pytest.mark.parametrize("gone_meanwhile", [False, True])
async def test_webhook_left_by_an_outage_is_deleted_later(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    home_assistant_url: str,
    sandbox: SandboxServer,
    mock_config_entry: MockConfigEntry,
    gone_meanwhile: bool,
) -> None:
    """An entry removed while Seam is down leaves its webhook; the next set-up deletes it.

    If the webhook is gone from Seam by then, nothing is left to do either.
    """
    seam = sandbox.sandbox
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    (left,) = seam.webhooks
    seam.faults.start_outage()
    assert (await hass.config_entries.async_remove(mock_config_entry.entry_id))[
        "require_restart"
    ] is False
    assert list(seam.webhooks) == [left]
    stored = hass_storage[STORAGE_KEY]["data"]
    assert stored == {mock_config_entry.unique_id: [left]}

    seam.faults.clear()
    if gone_meanwhile:
        del seam.webhooks[left]
    again = MockConfigEntry(
        domain=DOMAIN,
        version=2,
        minor_version=2,
        title=mock_config_entry.title,
        unique_id=mock_config_entry.unique_id,
        data={**mock_config_entry.data, CONF_WEBHOOK_ID: "ANOTHERWEBHOOK"},
        options=mock_config_entry.options,
    )
    again.add_to_hass(hass)
    assert await hass.config_entries.async_setup(again.entry_id)
    (registered,) = seam.webhooks.values()
    assert registered.webhook_id != left
    assert registered.url.endswith("/api/webhook/ANOTHERWEBHOOK")
    assert hass_storage[STORAGE_KEY]["data"] == {}


async def test_webhook_gone_before_unload_is_not_remembered(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    home_assistant_url: str,
    sandbox: SandboxServer,
    mock_config_entry: MockConfigEntry,
) -> None:
    """A webhook Seam no longer has at unload needs no deleting later."""
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    sandbox.sandbox.webhooks.clear()
    assert await hass.config_entries.async_unload(mock_config_entry.entry_id)
    assert STORAGE_KEY not in hass_storage
