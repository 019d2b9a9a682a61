"""Tests that the work of an update follows what changed: only changed entities write."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import EVENT_STATE_CHANGED, EVENT_STATE_REPORTED, Platform
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.seam_offline_codes.const import DOMAIN
from custom_components.seam_offline_codes.helpers import code_unique_id

from .common import create_offline_code, move_time
from .const import FRONT_DOOR, GARDEN_GATE

if TYPE_CHECKING:
    from seam_sandbox import SandboxServer


def _writes(hass: HomeAssistant) -> list[str]:
    """Collect the entity id of every state written (changed or only reported)."""
    written: list[str] = []

    @callback
    def _record(event: Event[Any]) -> None:
        written.append(event.data["entity_id"])

    @callback
    def _every(data: Any) -> bool:
        return True

    for event_type in (EVENT_STATE_CHANGED, EVENT_STATE_REPORTED):
        hass.bus.async_listen(event_type, _record, event_filter=_every)
    return written


def _entity(registry: er.EntityRegistry, platform: Platform, unique_id: str) -> str:
    entity_id = registry.async_get_entity_id(platform, DOMAIN, unique_id)
    assert entity_id is not None
    return entity_id


@pytest.mark.usefixtures("init_integration")
async def test_only_changed_entities_write(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    sandbox: SandboxServer,
    entity_registry: er.EntityRegistry,
    mock_config_entry: MockConfigEntry,
) -> None:
    """Test one changed code writes its sensor and its lock's summary, nothing else."""
    coordinator = mock_config_entry.runtime_data.coordinator
    start = dt_util.utcnow().replace(minute=0, second=0, microsecond=0) + timedelta(
        hours=3
    )
    front = await create_offline_code(
        sandbox, FRONT_DOOR, "Guest", start, start + timedelta(hours=2)
    )
    later = start + timedelta(hours=5)
    gate = await create_offline_code(
        sandbox, GARDEN_GATE, "Cleaner", later, later + timedelta(hours=2)
    )
    await move_time(hass, freezer, timedelta(minutes=15))
    assert gate["access_code_id"] in coordinator.data.codes

    # The sandbox sets the front door's code; nothing else changes.
    freezer.move_to(start - timedelta(minutes=30))
    written = _writes(hass)
    await coordinator.async_refresh_code(gate["access_code_id"])
    await hass.async_block_till_done()
    assert written == []
    await coordinator.async_refresh_code(front["access_code_id"])
    await hass.async_block_till_done()

    code_sensor = _entity(
        entity_registry, Platform.SENSOR, code_unique_id(front["access_code_id"])
    )
    assert hass.states.get(code_sensor).state == "set"
    event = _entity(entity_registry, Platform.EVENT, f"{FRONT_DOOR}_code_event")
    active = _entity(
        entity_registry, Platform.SENSOR, f"{FRONT_DOOR}_active_offline_codes"
    )
    calendar = _entity(
        entity_registry, Platform.CALENDAR, f"{FRONT_DOOR}_offline_codes"
    )
    # The code's sensor, the door's count of active codes and calendar (the code's status
    # shows in it), and its code_scheduled and code_set events; not the battery, not the
    # gate's entities, not the other code.
    assert sorted(written) == sorted([code_sensor, active, calendar, event, event])

    # A full sync that finds nothing new writes nothing.
    written.clear()
    await move_time(hass, freezer, timedelta(minutes=15))
    assert written == []
