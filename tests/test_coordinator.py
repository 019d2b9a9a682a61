"""Tests for the coordinator: adaptive polling, its cost, and stale locks."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import TYPE_CHECKING
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.helpers import (
    device_registry as dr,
    issue_registry as ir,
)
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
)

from custom_components.seam_offline_codes.const import DOMAIN

from .common import create_offline_code, move_time
from .const import FRONT_DOOR, GARDEN_GATE

if TYPE_CHECKING:
    from seam_sandbox import SandboxServer


@pytest.mark.usefixtures("init_integration")
async def test_polling_cost(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, sandbox: SandboxServer
) -> None:
    """Test settled codes cost one full sync per 15 minutes; codes in flux one batch each poll."""
    requests = sandbox.sandbox.requests
    requests.clear()
    for _ in range(14 * 4):
        await move_time(hass, freezer, timedelta(seconds=15))
    assert requests == []
    await move_time(hass, freezer, timedelta(seconds=60))
    assert Counter(requests) == {"/devices/list": 1, "/access_codes/list": 3}

    # Two codes in flux (their PIN is due within the hour) cost one batch per fast poll.
    # They start 2 to 3 hours from now, so they are still settled after the next sync.
    start = dt_util.utcnow().replace(minute=0, second=0, microsecond=0) + timedelta(
        hours=3
    )
    for lock in (FRONT_DOOR, GARDEN_GATE):
        await create_offline_code(
            sandbox, lock, "Guest", start, start + timedelta(hours=2)
        )
    await move_time(hass, freezer, timedelta(minutes=15))
    await move_time(hass, freezer, start - timedelta(hours=1))
    requests.clear()
    await move_time(hass, freezer, timedelta(seconds=15))
    assert requests == ["/access_codes/list"]
    # Once both are set, polling slows down again.
    for _ in range(8):
        await move_time(hass, freezer, timedelta(seconds=15))
    requests.clear()
    for _ in range(8):
        await move_time(hass, freezer, timedelta(seconds=15))
    assert requests == []


@pytest.mark.usefixtures("init_integration")
async def test_lock_removed_from_seam(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    sandbox: SandboxServer,
    device_registry: dr.DeviceRegistry,
    issue_registry: ir.IssueRegistry,
    mock_config_entry: MockConfigEntry,
) -> None:
    """Test a lock Seam no longer has loses its device and raises a repair issue."""
    removed = sandbox.sandbox.devices.pop(GARDEN_GATE)
    await move_time(hass, freezer, timedelta(minutes=15))
    assert device_registry.async_get_device(identifiers={(DOMAIN, GARDEN_GATE)}) is None
    issue_id = f"missing_locks_{mock_config_entry.entry_id}"
    issue = issue_registry.async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.translation_placeholders == {
        "count": "1",
        "entry": mock_config_entry.title,
    }
    sandbox.sandbox.devices[GARDEN_GATE] = removed
    await move_time(hass, freezer, timedelta(minutes=15))
    assert issue_registry.async_get_issue(DOMAIN, issue_id) is None


@pytest.mark.usefixtures("init_integration")
async def test_key_revoked_while_running(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    sandbox: SandboxServer,
    mock_config_entry: MockConfigEntry,
) -> None:
    """Test a key revoked in Seam starts re-authentication."""
    sandbox.sandbox.faults.revoke_api_key()
    await move_time(hass, freezer, timedelta(minutes=15))
    flows = hass.config_entries.flow.async_progress()
    assert [flow["context"]["source"] for flow in flows] == ["reauth"]
    assert flows[0]["context"]["entry_id"] == mock_config_entry.entry_id


@pytest.mark.usefixtures("init_integration")
async def test_rate_limited_poll_waits(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    sandbox: SandboxServer,
    mock_config_entry: MockConfigEntry,
) -> None:
    """Test a 429 makes the coordinator wait as long as Seam asks."""
    coordinator = mock_config_entry.runtime_data.coordinator
    # Three answers of 429: the first try and both retries of the full sync.
    sandbox.sandbox.faults.rate_limit_burst(3, retry_after=1)
    await move_time(hass, freezer, timedelta(minutes=15))
    assert not coordinator.last_update_success
    await move_time(hass, freezer, timedelta(seconds=1))
    assert coordinator.last_update_success


@pytest.mark.usefixtures("init_integration")
async def test_unavailable_logged_once(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    sandbox: SandboxServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Test an outage is logged once, with the translated reason, and so is the recovery."""
    sandbox.sandbox.faults.start_outage()
    for _ in range(3):
        await move_time(hass, freezer, timedelta(minutes=15))
    failures = [
        record
        for record in caplog.records
        if record.getMessage().startswith("Error fetching seam_offline_codes data")
    ]
    assert len(failures) == 1
    assert "Could not update the offline codes from Seam" in failures[0].getMessage()
    sandbox.sandbox.faults.clear()
    await move_time(hass, freezer, timedelta(minutes=15))
    assert "Fetching seam_offline_codes data recovered" in caplog.text


@pytest.mark.parametrize("seam_fails", [False, True])
@pytest.mark.usefixtures("init_integration")
async def test_wait_for_pin_stops_when_the_code_is_out_of_reach(
    hass: HomeAssistant,
    sandbox: SandboxServer,
    mock_config_entry: MockConfigEntry,
    seam_fails: bool,
) -> None:
    """Test waiting for a PIN ends with the code as last known once Seam fails or forgets it."""
    coordinator = mock_config_entry.runtime_data.coordinator
    lock = coordinator.data.locks[GARDEN_GATE]
    start = dt_util.now().replace(minute=0, second=0, microsecond=0) + timedelta(
        hours=5
    )
    created = await coordinator.async_create_code(
        lock,
        lambda: coordinator.plan_hourly_code(
            lock, name="Later", starts_at=start, duration=timedelta(hours=2)
        ),
    )
    if seam_fails:
        sandbox.sandbox.faults.start_outage()
    else:
        sandbox.sandbox.codes.remove(created.code.access_code_id)
    with patch(
        "custom_components.seam_offline_codes.coordinator.PIN_POLL",
        timedelta(seconds=0.01),
    ):
        waited = await coordinator.async_wait_for_pin(created)
    assert waited == created
    assert waited.pin is None
    assert (created.code.access_code_id in coordinator.data.codes) is seam_fails


@pytest.mark.usefixtures("init_integration")
async def test_next_poll_when_a_pin_falls_due(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    sandbox: SandboxServer,
    mock_config_entry: MockConfigEntry,
) -> None:
    """Test the poll after a full sync waits for the next code to come into flux, no longer.

    A code waiting for its PIN comes into flux an hour before its start (WATCH_BEFORE_START);
    when that falls before the next full sync, the next poll is timed for it.
    """
    coordinator = mock_config_entry.runtime_data.coordinator
    hour = dt_util.utcnow().replace(minute=0, second=0, microsecond=0)
    await move_time(hass, freezer, hour + timedelta(hours=1, minutes=40))
    start = hour + timedelta(hours=3)
    await create_offline_code(
        sandbox, FRONT_DOOR, "Guest", start, start + timedelta(hours=2)
    )
    # The next full sync finds the code 4.5 minutes before it comes into flux.
    await move_time(hass, freezer, timedelta(minutes=15, seconds=30))
    assert coordinator.update_interval == timedelta(minutes=4, seconds=30)


@pytest.mark.usefixtures("init_integration")
async def test_device_follows_the_lock_in_seam(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    sandbox: SandboxServer,
    device_registry: dr.DeviceRegistry,
) -> None:
    """Test a lock renamed in Seam renames its device at the next full sync.

    The full sync registers each lock's device with its details; entities only link to it.
    """
    device = device_registry.async_get_device(identifiers={(DOMAIN, FRONT_DOOR)})
    assert device is not None
    assert device.name == "Front Door"
    sandbox.sandbox.devices[FRONT_DOOR]["display_name"] = "Main entrance"
    await move_time(hass, freezer, timedelta(minutes=15))
    device = device_registry.async_get_device(identifiers={(DOMAIN, FRONT_DOOR)})
    assert device is not None
    assert device.name == "Main entrance"
