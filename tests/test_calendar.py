"""Tests for the Seam Offline Codes calendars: each lock's code windows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.calendar import DOMAIN as CALENDAR_DOMAIN
from homeassistant.const import STATE_OFF, STATE_ON, Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    snapshot_platform,
)
from syrupy.assertion import SnapshotAssertion

from custom_components.seam_offline_codes.const import DOMAIN

from .common import lock_device_id, move_time
from .const import FRONT_DOOR, GARDEN_GATE, ROOM_101

pytestmark = pytest.mark.usefixtures("init_integration")


def _calendar(entity_registry: er.EntityRegistry, lock_id: str) -> str:
    entity_id = entity_registry.async_get_entity_id(
        Platform.CALENDAR, DOMAIN, f"{lock_id}_offline_codes"
    )
    assert entity_id is not None
    return entity_id


async def _create(
    hass: HomeAssistant, service: str, lock: str, **data: Any
) -> dict[str, Any]:
    response = await hass.services.async_call(
        DOMAIN,
        service,
        {"device_id": lock, **data},
        blocking=True,
        return_response=True,
    )
    assert response is not None
    return dict(response)


async def _events(hass: HomeAssistant, entity_id: str, days: int) -> list[Any]:
    response = await hass.services.async_call(
        CALENDAR_DOMAIN,
        "get_events",
        {"entity_id": entity_id, "duration": {"days": days}},
        blocking=True,
        return_response=True,
    )
    assert response is not None
    events: list[Any] = response[entity_id]["events"]  # type: ignore[index]
    return events


async def test_code_windows(
    hass: HomeAssistant,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Test every kind of code is an event in its lock's zone, with its status."""
    await move_time(hass, freezer, datetime(2030, 12, 1, 12, tzinfo=UTC))
    front = lock_device_id(device_registry, FRONT_DOOR)
    await _create(
        hass,
        "create_hourly_code",
        front,
        name="Guest Alice",
        starts_at="2030-12-02 15:00:00",
        duration={"hours": 48},
    )
    await _create(
        hass,
        "create_one_time_code",
        front,
        name="Cleaner",
        starts_at="2030-12-02 09:00:00",
    )
    await _create(
        hass,
        "create_daily_code",
        lock_device_id(device_registry, GARDEN_GATE),
        name="Long stay",
        start_date="2030-12-03",
        end_date="2031-01-02",
        time_of_day="15:00:00",
    )
    await _create(
        hass,
        "create_daily_code",
        lock_device_id(device_registry, ROOM_101),
        name="Weekend guest",
        start_date="2030-12-04",
        end_date="2030-12-06",
        time_slot="Guest 4pm-10am",
    )
    await hass.async_block_till_done()

    calendars = {
        lock: _calendar(entity_registry, lock)
        for lock in (FRONT_DOOR, GARDEN_GATE, ROOM_101)
    }
    assert {
        entity_id: await _events(hass, entity_id, 60)
        for entity_id in calendars.values()
    } == snapshot(name="events")
    state = hass.states.get(calendars[FRONT_DOOR])
    assert state is not None
    assert state.name == "Front Door Offline codes"
    assert state.state == STATE_OFF
    assert state.attributes["message"] == "Cleaner"
    assert state.attributes["time_zone"] == hass.config.time_zone
    room = hass.states.get(calendars[ROOM_101])
    assert room is not None
    assert room.attributes["time_zone"] == "America/Los_Angeles"
    assert room.attributes["start_time"] == "2030-12-04 16:00:00"


async def test_calendar_follows_the_windows(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
) -> None:
    """Test the calendar is on while a code works, and lists only overlapping windows."""
    entity_id = _calendar(entity_registry, FRONT_DOOR)
    assert await _events(hass, entity_id, 1) == []
    state = hass.states.get(entity_id)
    assert state is not None
    assert state.state == STATE_OFF
    assert "message" not in state.attributes

    start = dt_util.now().replace(minute=0, second=0, microsecond=0) + timedelta(
        hours=2
    )
    await _create(
        hass,
        "create_hourly_code",
        lock_device_id(device_registry, FRONT_DOOR),
        name="Guest Bob",
        starts_at=start.strftime("%Y-%m-%d %H:%M:%S"),
        duration={"hours": 3},
    )
    assert await _events(hass, entity_id, 1) != []
    await move_time(hass, freezer, start + timedelta(minutes=5))
    state = hass.states.get(entity_id)
    assert state is not None
    assert state.state == STATE_ON
    assert state.attributes["message"] == "Guest Bob"
    assert "Status: " in state.attributes["description"]
    await move_time(hass, freezer, start + timedelta(hours=3, minutes=1))
    state = hass.states.get(entity_id)
    assert state is not None
    assert state.state == STATE_OFF
    assert "message" not in state.attributes


@pytest.mark.parametrize("platforms", [[Platform.CALENDAR]])
async def test_entities(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    mock_config_entry: MockConfigEntry,
    snapshot: SnapshotAssertion,
) -> None:
    """Test each lock's calendar, with its registry entry."""
    await snapshot_platform(hass, entity_registry, snapshot, mock_config_entry.entry_id)
