"""Tests for webhook-aware polling: a working webhook slows polling; a missed delivery ends it.

The tests' webhook is registered at a URL where nothing listens, so no delivery arrives
unless a test applies one as the webhook handler does after verifying it.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import STATE_OFF, STATE_ON, Platform
from homeassistant.core import HomeAssistant, State
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.seam_offline_codes.const import (
    DELIVERY_GRACE,
    DOMAIN,
    FAST_POLL_INTERVAL,
)
from custom_components.seam_offline_codes.coordinator import (
    CreatedCode,
    SeamCoordinator,
)
from custom_components.seam_offline_codes.diagnostics import (
    async_get_config_entry_diagnostics,
)
from custom_components.seam_offline_codes.seam import Event

from .common import create_offline_code, move_time
from .const import FRONT_DOOR

if TYPE_CHECKING:
    from seam_sandbox import SandboxServer

pytestmark = pytest.mark.usefixtures("init_integration")

UNKNOWN_CODE = "11111111-0000-4000-8000-000000000000"


def _front_door_state(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    platform: Platform,
    key: str,
) -> State:
    """Return the state of one of the front door's entities."""
    entity_id = entity_registry.async_get_entity_id(
        platform, DOMAIN, f"{FRONT_DOOR}_{key}"
    )
    assert entity_id is not None
    state = hass.states.get(entity_id)
    assert state is not None
    return state


def _mode(hass: HomeAssistant, entity_registry: er.EntityRegistry) -> str:
    """Return the state of the workspace's diagnostic sensor of the update mode."""
    (entry,) = hass.config_entries.async_entries(DOMAIN)
    entity_id = entity_registry.async_get_entity_id(
        Platform.SENSOR, DOMAIN, f"{entry.entry_id}_update_mode"
    )
    assert entity_id is not None
    state = hass.states.get(entity_id)
    assert state is not None
    return state.state


async def _deliver(coordinator: SeamCoordinator, event_type: str, code_id: str) -> None:
    """Apply an event as the webhook handler does once its signature verified."""
    await coordinator.async_handle_event(
        Event(
            event_id=f"evt_{event_type}",
            event_type=event_type,
            occurred_at=None,
            device_id=FRONT_DOOR,
            access_code_id=code_id,
        )
    )


async def _guest_set_in_webhook_mode(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, sandbox: SandboxServer
) -> tuple[dict[str, Any], datetime, datetime]:
    """Make a full sync, enter webhook mode, and have a one-hour code set an hour ahead.

    Return the code and its window; each change of the code came with its delivery. The
    next full sync comes in an hour.
    """
    entry = hass.config_entries.async_entries(DOMAIN)[0]
    coordinator: SeamCoordinator = entry.runtime_data.coordinator
    await move_time(hass, freezer, datetime(2030, 12, 1, 12, tzinfo=UTC))
    await _deliver(coordinator, "access_code.deleted", UNKNOWN_CODE)
    start = dt_util.utcnow() + timedelta(hours=1)
    end = start + timedelta(hours=1)
    guest = await create_offline_code(sandbox, FRONT_DOOR, "Guest", start, end)
    await _deliver(coordinator, "access_code.created", guest["access_code_id"])
    await move_time(hass, freezer, timedelta(minutes=1))
    await _deliver(coordinator, "access_code.changed", guest["access_code_id"])
    return guest, start, end


async def _create_guest_code(coordinator: SeamCoordinator) -> CreatedCode:
    """Create a two-hour code on the front door through the coordinator, 5 hours ahead."""
    start = dt_util.utcnow().replace(minute=0, second=0, microsecond=0) + timedelta(
        hours=5
    )
    lock = coordinator.data.locks[FRONT_DOOR]
    return await coordinator.async_create_code(
        lock,
        lambda: coordinator.plan_hourly_code(
            lock, name="Guest", starts_at=start, duration=timedelta(hours=2)
        ),
    )


async def test_webhook_slows_polling(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    sandbox: SandboxServer,
    mock_config_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    """Test verified deliveries leave one full sync an hour, and the entities say so."""
    coordinator: SeamCoordinator = mock_config_entry.runtime_data.coordinator
    # Registered, but no delivery yet: polling as usual.
    assert mock_config_entry.runtime_data.webhook_active
    assert coordinator.update_mode == "polling"
    assert _mode(hass, entity_registry) == "polling"
    await _deliver(coordinator, "access_code.deleted", UNKNOWN_CODE)
    await hass.async_block_till_done()
    assert coordinator.update_mode == "webhook"
    assert _mode(hass, entity_registry) == "webhook"
    diagnostics = await async_get_config_entry_diagnostics(hass, mock_config_entry)
    assert diagnostics["update_mode"] == "webhook"
    requests = sandbox.sandbox.requests
    requests.clear()
    for _ in range(59):
        await move_time(hass, freezer, timedelta(minutes=1))
    assert requests == []
    await move_time(hass, freezer, timedelta(minutes=2))
    assert Counter(requests) == {"/devices/list": 1, "/access_codes/list": 3}


async def test_missing_delivery_falls_back_to_polling(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    """Test a created code whose delivery never comes puts polling back, until one does."""
    coordinator: SeamCoordinator = mock_config_entry.runtime_data.coordinator
    await _deliver(coordinator, "access_code.deleted", UNKNOWN_CODE)
    created = await _create_guest_code(coordinator)
    await move_time(hass, freezer, DELIVERY_GRACE - FAST_POLL_INTERVAL)
    assert coordinator.update_mode == "webhook"
    await move_time(hass, freezer, 2 * FAST_POLL_INTERVAL)
    assert coordinator.update_mode == "polling"
    assert _mode(hass, entity_registry) == "polling"

    await _deliver(coordinator, "access_code.changed", created.code.access_code_id)
    await hass.async_block_till_done()
    assert coordinator.update_mode == "webhook"
    assert _mode(hass, entity_registry) == "webhook"


async def test_overdue_change_is_polled_and_ends_webhook_mode(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    sandbox: SandboxServer,
    mock_config_entry: MockConfigEntry,
) -> None:
    """Test a code whose PIN is overdue gets one safety poll; a change found there ends it.

    With a webhook, a code waiting for its PIN is not polled as its start nears (Seam
    reports the PIN); once the PIN is overdue, a poll finds it set with no delivery.
    """
    coordinator: SeamCoordinator = mock_config_entry.runtime_data.coordinator
    start = dt_util.utcnow().replace(minute=0, second=0, microsecond=0) + timedelta(
        hours=3
    )
    code = await create_offline_code(
        sandbox, FRONT_DOOR, "Guest", start, start + timedelta(hours=2)
    )
    await _deliver(coordinator, "access_code.created", code["access_code_id"])
    await hass.async_block_till_done()
    assert coordinator.update_mode == "webhook"

    requests = sandbox.sandbox.requests
    await move_time(hass, freezer, start - timedelta(minutes=30))
    requests.clear()
    for _ in range(8):
        await move_time(hass, freezer, FAST_POLL_INTERVAL)
    assert requests == []

    await move_time(hass, freezer, start + DELIVERY_GRACE + FAST_POLL_INTERVAL)
    assert "/access_codes/list" in requests
    assert coordinator.data.codes[code["access_code_id"]].code is not None
    assert coordinator.update_mode == "polling"


async def test_unreported_code_found_by_safety_sync(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    sandbox: SandboxServer,
    mock_config_entry: MockConfigEntry,
) -> None:
    """Test a code made in Seam that no delivery announced ends webhook mode."""
    coordinator: SeamCoordinator = mock_config_entry.runtime_data.coordinator
    await _deliver(coordinator, "access_code.deleted", UNKNOWN_CODE)
    assert coordinator.update_mode == "webhook"
    start = dt_util.utcnow() + timedelta(days=2)
    code = await create_offline_code(
        sandbox, FRONT_DOOR, "Guest", start, start + timedelta(hours=2)
    )
    await move_time(hass, freezer, timedelta(minutes=61))
    assert code["access_code_id"] in coordinator.data.codes
    assert coordinator.update_mode == "polling"


async def test_creation_event_fetches_only_unknown_codes(
    hass: HomeAssistant, sandbox: SandboxServer, mock_config_entry: MockConfigEntry
) -> None:
    """Test a code's creation event costs a request only for a code the snapshot lacks."""
    coordinator: SeamCoordinator = mock_config_entry.runtime_data.coordinator
    created = await _create_guest_code(coordinator)
    start = created.code.starts_at
    assert start is not None
    elsewhere = await create_offline_code(
        sandbox, FRONT_DOOR, "Elsewhere", start, start + timedelta(hours=2)
    )
    requests = sandbox.sandbox.requests
    requests.clear()
    await _deliver(coordinator, "access_code.created", created.code.access_code_id)
    assert requests == []
    assert coordinator.update_mode == "webhook"
    await _deliver(coordinator, "access_code.created", elsewhere["access_code_id"])
    assert requests == ["/access_codes/get"]
    assert elsewhere["access_code_id"] in coordinator.data.codes


async def test_next_poll_when_a_delivery_is_overdue(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    sandbox: SandboxServer,
    mock_config_entry: MockConfigEntry,
) -> None:
    """Test with a webhook, the next poll waits for a PIN's delivery to be overdue, no longer.

    Seam reports a PIN by the code's start; the safety poll comes DELIVERY_GRACE after it,
    before the hourly full sync.
    """
    coordinator: SeamCoordinator = mock_config_entry.runtime_data.coordinator
    hour = dt_util.utcnow().replace(minute=0, second=0, microsecond=0)
    await move_time(hass, freezer, hour + timedelta(minutes=50))
    await _deliver(coordinator, "access_code.deleted", UNKNOWN_CODE)
    start = hour + timedelta(hours=1)
    code = await create_offline_code(
        sandbox, FRONT_DOOR, "Guest", start, start + timedelta(hours=2)
    )
    await _deliver(coordinator, "access_code.created", code["access_code_id"])
    assert coordinator.data.codes[code["access_code_id"]].is_waiting_for_code_assignment
    await coordinator.async_refresh()
    assert coordinator.update_mode == "webhook"
    assert coordinator.update_interval == timedelta(minutes=12)


def _local(moment: datetime) -> str:
    """Format a moment as a calendar's state attributes do: in Home Assistant's zone."""
    return dt_util.as_local(moment).strftime("%Y-%m-%d %H:%M:%S")


async def test_calendar_moves_on_at_a_window_end_without_a_poll(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    sandbox: SandboxServer,
    mock_config_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    """Test a lock's calendar leaves an ended window for the next one, with no request.

    With the webhook, no poll is due as a window ends (only once its removal is
    overdue): the calendar's alarm at the end shows the next window. The next code is
    made after the last full sync, so the event the calendar keeps is of the current
    snapshot and only its end passing can drop it.
    """
    coordinator: SeamCoordinator = mock_config_entry.runtime_data.coordinator
    guest, start, end = await _guest_set_in_webhook_mode(hass, freezer, sandbox)
    await move_time(hass, freezer, start + timedelta(minutes=5))
    state = _front_door_state(hass, entity_registry, Platform.CALENDAR, "offline_codes")
    assert (state.state, state.attributes["message"]) == (STATE_ON, "Guest")
    assert state.attributes["start_time"] == _local(start)
    assert state.attributes["end_time"] == _local(end)
    later = start + timedelta(days=2)
    following = await create_offline_code(
        sandbox, FRONT_DOOR, "Next guest", later, later + timedelta(hours=2)
    )
    await _deliver(coordinator, "access_code.created", following["access_code_id"])

    await move_time(hass, freezer, end - timedelta(minutes=1))
    assert coordinator.update_mode == "webhook"
    data = coordinator.data
    requests = sandbox.sandbox.requests
    requests.clear()
    await move_time(hass, freezer, end + timedelta(minutes=1))
    state = _front_door_state(hass, entity_registry, Platform.CALENDAR, "offline_codes")
    assert (state.state, state.attributes["message"]) == (STATE_OFF, "Next guest")
    assert state.attributes["start_time"] == _local(later)
    assert requests == []
    assert coordinator.data is data
    assert guest["access_code_id"] in data.codes


async def test_deliveries_do_not_put_off_an_overdue_poll(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    sandbox: SandboxServer,
    mock_config_entry: MockConfigEntry,
) -> None:
    """Test a delivery between polls keeps the next poll when it was due.

    A snapshot taken for a delivery would otherwise put the next poll a whole interval
    later: the safety poll once a code's end is overdue would not come in time.
    """
    coordinator: SeamCoordinator = mock_config_entry.runtime_data.coordinator
    guest, _, end = await _guest_set_in_webhook_mode(hass, freezer, sandbox)
    # A poll at 20 minutes before the end times the next for once the end is overdue.
    await move_time(hass, freezer, end - timedelta(minutes=20))
    await move_time(hass, freezer, timedelta(minutes=10))
    assert coordinator.update_mode == "webhook"
    await _deliver(coordinator, "access_code.changed", guest["access_code_id"])
    requests = sandbox.sandbox.requests
    requests.clear()
    await move_time(hass, freezer, end + DELIVERY_GRACE + timedelta(seconds=1))
    assert "/access_codes/list" in requests
