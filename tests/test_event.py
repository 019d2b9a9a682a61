"""Tests for the Seam Offline Codes event entities: each lock's code lifecycle moments."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.event import ATTR_EVENT_TYPE, ATTR_EVENT_TYPES
from homeassistant.const import EVENT_STATE_CHANGED, Platform
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    snapshot_platform,
)
from syrupy.assertion import SnapshotAssertion

from custom_components.seam_offline_codes.const import DOMAIN

from .common import create_offline_code, move_time, poll_fast, seam_call
from .const import FRONT_DOOR, GARDEN_GATE

if TYPE_CHECKING:
    from seam_sandbox import SandboxServer


def _event_entity(entity_registry: er.EntityRegistry, device_id: str) -> str:
    entity_id = entity_registry.async_get_entity_id(
        Platform.EVENT, DOMAIN, f"{device_id}_code_event"
    )
    assert entity_id is not None
    return entity_id


def _record(hass: HomeAssistant, entity_id: str) -> list[dict[str, Any]]:
    """Collect the attributes of each event the entity fires."""
    fired: list[dict[str, Any]] = []

    @callback
    def _listener(event: Event[Any]) -> None:
        if (
            event.data["entity_id"] == entity_id
            and (state := event.data["new_state"]) is not None
            and ATTR_EVENT_TYPE in state.attributes
        ):
            fired.append(dict(state.attributes))

    hass.bus.async_listen(EVENT_STATE_CHANGED, _listener)
    return fired


@pytest.mark.usefixtures("init_integration")
async def test_code_lifecycle_events(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    sandbox: SandboxServer,
    entity_registry: er.EntityRegistry,
) -> None:
    """Test a lock's event entity fires each moment of a code, without its PIN."""
    entity_id = _event_entity(entity_registry, FRONT_DOOR)
    assert (state := hass.states.get(entity_id)) is not None
    assert state.name == "Front Door Code events"
    assert state.attributes[ATTR_EVENT_TYPES] == [
        "code_created",
        "code_scheduled",
        "code_set",
        "code_failed",
        "code_removed",
        "code_deleted",
    ]
    fired = _record(hass, entity_id)
    other = _record(hass, _event_entity(entity_registry, GARDEN_GATE))

    start = dt_util.utcnow().replace(minute=0, second=0, microsecond=0) + timedelta(
        hours=4
    )
    code = await create_offline_code(
        sandbox, FRONT_DOOR, "Guest Alice", start, start + timedelta(hours=3)
    )
    await move_time(hass, freezer, dt_util.utcnow() + timedelta(minutes=15))
    await move_time(hass, freezer, start - timedelta(hours=1))
    await poll_fast(hass, freezer)
    answer = await seam_call(
        sandbox, "/access_codes/get", access_code_id=code["access_code_id"]
    )
    pin = answer["access_code"]["code"]
    assert pin
    await move_time(hass, freezer, start + timedelta(hours=3))
    await poll_fast(hass, freezer)

    assert [attributes[ATTR_EVENT_TYPE] for attributes in fired] == [
        "code_created",
        "code_scheduled",
        "code_set",
        "code_removed",
        "code_deleted",
    ]
    for attributes in fired:
        assert attributes["access_code_id"] == code["access_code_id"]
        assert attributes["name"] == "Guest Alice"
        assert pin not in str(attributes)
    assert other == []


@pytest.mark.usefixtures("init_integration")
async def test_code_failed_event(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    sandbox: SandboxServer,
    entity_registry: er.EntityRegistry,
) -> None:
    """Test a code that fails to set on the lock fires code_failed."""
    fired = _record(hass, _event_entity(entity_registry, FRONT_DOOR))
    sandbox.sandbox.faults.fail_next_codes()
    start = dt_util.utcnow().replace(minute=0, second=0, microsecond=0) + timedelta(
        hours=4
    )
    code = await create_offline_code(
        sandbox, FRONT_DOOR, "Guest Bob", start, start + timedelta(hours=3)
    )
    await move_time(hass, freezer, dt_util.utcnow() + timedelta(minutes=15))
    await move_time(hass, freezer, start - timedelta(hours=1))
    await poll_fast(hass, freezer)
    assert [attributes[ATTR_EVENT_TYPE] for attributes in fired] == [
        "code_created",
        "code_failed",
    ]
    assert fired[-1]["access_code_id"] == code["access_code_id"]
    assert fired[-1]["name"] == "Guest Bob"


@pytest.mark.parametrize("platforms", [[Platform.EVENT]])
@pytest.mark.usefixtures("init_integration")
async def test_entities(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    mock_config_entry: MockConfigEntry,
    snapshot: SnapshotAssertion,
) -> None:
    """Test each lock's code event entity, with its registry entry."""
    await snapshot_platform(hass, entity_registry, snapshot, mock_config_entry.entry_id)
