"""Tests for the Seam Offline Codes select entities: an Oracode door's default time slot."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant, State
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
    mock_restore_cache,
    snapshot_platform,
)
from syrupy.assertion import SnapshotAssertion

from custom_components.seam_offline_codes.const import DOMAIN

from .common import lock_device_id
from .const import ROOM_101

if TYPE_CHECKING:
    from seam_sandbox import SandboxServer


@pytest.mark.parametrize("platforms", [[Platform.SELECT]])
@pytest.mark.usefixtures("init_integration")
async def test_entities(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    mock_config_entry: MockConfigEntry,
    snapshot: SnapshotAssertion,
) -> None:
    """Test the Oracode door's default time slot select, with its registry entry."""
    await snapshot_platform(hass, entity_registry, snapshot, mock_config_entry.entry_id)


SELECT_ID = "select.room_101_default_time_slot"


def _select_state(hass: HomeAssistant) -> State:
    state = hass.states.get(SELECT_ID)
    assert state is not None
    return state


@pytest.mark.usefixtures("init_integration")
async def test_starts_on_the_24_hour_slot(
    hass: HomeAssistant,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
) -> None:
    """Test the select starts on the door's 24-hour slot, says so, and daily codes use it."""
    assert (
        entity_registry.async_get_entity_id(
            Platform.SELECT, DOMAIN, f"{ROOM_101}_default_time_slot"
        )
        == SELECT_ID
    )
    state = _select_state(hass)
    assert state.state == "Guest 24H noon-noon"
    assert state.attributes["suggested_time_slot"] == "Guest 24H noon-noon"
    assert state.attributes["selected_by"] == "suggestion"
    first = (dt_util.now() + timedelta(days=2)).date()
    response = await hass.services.async_call(
        DOMAIN,
        "create_daily_code",
        {
            "device_id": lock_device_id(device_registry, ROOM_101),
            "name": "Week stay",
            "start_date": first.isoformat(),
            "end_date": (first + timedelta(days=7)).isoformat(),
        },
        blocking=True,
        return_response=True,
    )
    assert response is not None
    assert response["time_slot"] == "Guest 24H noon-noon"


@pytest.mark.usefixtures("init_integration")
async def test_a_chosen_slot_is_kept_until_the_door_drops_it(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, sandbox: SandboxServer
) -> None:
    """Test a chosen slot says so; when the door drops it the select falls back."""
    await hass.services.async_call(
        "select",
        "select_option",
        {"entity_id": SELECT_ID, "option": "Guest 4pm-10am"},
        blocking=True,
    )
    state = _select_state(hass)
    assert (state.state, state.attributes["selected_by"]) == ("Guest 4pm-10am", "user")
    slots = sandbox.sandbox.devices[ROOM_101]["properties"][
        "dormakaba_oracode_metadata"
    ]["predefined_time_slots"]
    kept = [slot for slot in slots if slot["name"] == "Guest D 7am-7pm"]
    sandbox.sandbox.set_time_slots(ROOM_101, kept)
    freezer.tick(timedelta(minutes=15))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    state = _select_state(hass)
    assert state.state == "Guest D 7am-7pm"  # no 24-hour slot left: the first one
    assert state.attributes["suggested_time_slot"] == "Guest D 7am-7pm"
    assert state.attributes["selected_by"] == "suggestion"


@pytest.mark.parametrize(
    ("restored_by", "expected"),
    [("user", "Guest 4pm-10am"), ("suggestion", "Guest 24H noon-noon")],
)
async def test_restores_a_chosen_slot_only(
    hass: HomeAssistant,
    instant_retries: None,
    home_assistant_url: str,
    mock_config_entry: MockConfigEntry,
    restored_by: str,
    expected: str,
) -> None:
    """Test a slot the user chose survives a restart; an old suggestion does not."""
    mock_restore_cache(
        hass,
        [State(SELECT_ID, "Guest 4pm-10am", {"selected_by": restored_by})],
    )
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert _select_state(hass).state == expected
