"""Tests for the Seam Offline Codes sensors: code lifecycles and lock summaries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import STATE_UNAVAILABLE, Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.translation import async_get_translations
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    snapshot_platform,
)
from syrupy.assertion import SnapshotAssertion

from custom_components.seam_offline_codes.const import (
    CONF_DEVICE_IDS,
    CONF_SHOW_PINS,
    DOMAIN,
)
from custom_components.seam_offline_codes.helpers import code_unique_id

from .common import create_offline_code, move_time
from .const import FRONT_DOOR, ROOM_101

if TYPE_CHECKING:
    from seam_sandbox import SandboxServer


HOME_ASSISTANT_ATTRIBUTES = {"friendly_name", "icon", "options", "device_class"}
"""Attributes Home Assistant adds and translates itself."""


def _code_entity(entity_registry: er.EntityRegistry, access_code_id: str) -> str | None:
    return entity_registry.async_get_entity_id(
        Platform.SENSOR, DOMAIN, code_unique_id(access_code_id)
    )


async def _follow_new_code(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    sandbox: SandboxServer,
    entity_registry: er.EntityRegistry,
) -> tuple[str, str, datetime]:
    """Create a 3-hour code in the sandbox, starting 3 to 4 hours from now; find its sensor.

    Return the code's id, its sensor's entity id and its start.
    """
    start = dt_util.utcnow().replace(minute=0, second=0, microsecond=0) + timedelta(
        hours=4
    )
    code = await create_offline_code(
        sandbox, FRONT_DOOR, "Guest Alice", start, start + timedelta(hours=3)
    )
    await move_time(hass, freezer, timedelta(minutes=15))
    entity_id = _code_entity(entity_registry, code["access_code_id"])
    assert entity_id is not None
    return code["access_code_id"], entity_id, start


@pytest.mark.usefixtures("init_integration")
async def test_code_lifecycle(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    sandbox: SandboxServer,
    entity_registry: er.EntityRegistry,
) -> None:
    """Test a code made outside Home Assistant goes unset -> setting -> set -> removed."""
    code_id, entity_id, start = await _follow_new_code(
        hass, freezer, sandbox, entity_registry
    )
    state = hass.states.get(entity_id)
    assert state is not None
    assert state.state == "unset"
    assert state.name == "Front Door Guest Alice"
    assert state.attributes["waiting_for_code"] is True
    assert state.attributes["access_code_id"] == code_id
    assert state.attributes["is_offline_access_code"] is True
    assert "code" not in state.attributes

    # One hour before the start Seam begins setting the code.
    await move_time(hass, freezer, start - timedelta(hours=1))
    assert (state := hass.states.get(entity_id)) is not None
    assert state.state == "setting"

    for _ in range(4):
        await move_time(hass, freezer, timedelta(seconds=15))
    assert (state := hass.states.get(entity_id)) is not None
    assert state.state == "set"
    assert state.attributes["waiting_for_code"] is False
    assert "code" not in state.attributes

    # At the end, Seam removes the code and then forgets it.
    await move_time(hass, freezer, start + timedelta(hours=3))
    assert (state := hass.states.get(entity_id)) is not None
    assert state.state == "removing"
    for _ in range(4):
        await move_time(hass, freezer, timedelta(seconds=15))
    assert hass.states.get(entity_id) is None
    assert _code_entity(entity_registry, code_id) is None


@pytest.mark.parametrize(
    "entry_options",
    [
        {
            CONF_DEVICE_IDS: [FRONT_DOOR],
            CONF_SHOW_PINS: True,
        }
    ],
)
@pytest.mark.usefixtures("init_integration")
async def test_pin_shown_when_enabled(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    sandbox: SandboxServer,
    entity_registry: er.EntityRegistry,
) -> None:
    """Test the PIN is an attribute with the option on, and is not recorded.

    Every attribute has a translated name (and ``type`` its values); empty lists of
    errors and warnings are left out.
    """
    _, entity_id, _ = await _follow_new_code(hass, freezer, sandbox, entity_registry)
    state = hass.states.get(entity_id)
    assert state is not None
    assert state.attributes["code"] is None
    assert "errors" not in state.attributes
    assert "warnings" not in state.attributes  # 3 hours: no 24-hour first-use warning
    translations = await async_get_translations(hass, "en", "entity", [DOMAIN])
    prefix = f"component.{DOMAIN}.entity.sensor.access_code.state_attributes"
    for attribute in state.attributes.keys() - HOME_ASSISTANT_ATTRIBUTES:
        assert f"{prefix}.{attribute}.name" in translations, attribute
    assert translations[f"{prefix}.type.state.{state.attributes['type']}"] == (
        "Time-bound"
    )
    await move_time(hass, freezer, timedelta(hours=3))
    for _ in range(4):
        await move_time(hass, freezer, timedelta(seconds=15))
    state = hass.states.get(entity_id)
    assert state is not None
    assert state.state == "set"
    assert len(state.attributes["code"]) == 9
    entity = hass.data["sensor"].get_entity(entity_id)
    assert "code" in entity._unrecorded_attributes


@pytest.mark.usefixtures("init_integration")
async def test_unavailable_on_outage_and_recovery(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    sandbox: SandboxServer,
    entity_registry: er.EntityRegistry,
) -> None:
    """Test sensors go unavailable while Seam is down and come back after."""
    _, entity_id, _ = await _follow_new_code(hass, freezer, sandbox, entity_registry)
    sandbox.sandbox.faults.start_outage()
    await move_time(hass, freezer, timedelta(minutes=15))
    assert (state := hass.states.get(entity_id)) is not None
    assert state.state == STATE_UNAVAILABLE
    sandbox.sandbox.faults.clear()
    await move_time(hass, freezer, timedelta(minutes=15))
    assert (state := hass.states.get(entity_id)) is not None
    assert state.state == "unset"


@pytest.mark.usefixtures("init_integration")
async def test_lock_sensors(
    hass: HomeAssistant, entity_registry: er.EntityRegistry
) -> None:
    """Test each lock's summary sensors."""
    active = entity_registry.async_get_entity_id(
        Platform.SENSOR, DOMAIN, f"{FRONT_DOOR}_active_offline_codes"
    )
    assert active is not None
    assert (state := hass.states.get(active)) is not None
    assert state.state == "0"
    zone = entity_registry.async_get_entity_id(
        Platform.SENSOR, DOMAIN, f"{ROOM_101}_time_zone"
    )
    assert zone is not None
    assert (state := hass.states.get(zone)) is not None
    assert state.state == "America/Los_Angeles"
    assert (
        entity_registry.async_get_entity_id(
            Platform.SENSOR, DOMAIN, f"{FRONT_DOOR}_time_zone"
        )
        is None
    )


@pytest.mark.parametrize("forgotten", [False, True])
@pytest.mark.usefixtures("init_integration")
async def test_code_sensors_after_restart(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    sandbox: SandboxServer,
    entity_registry: er.EntityRegistry,
    mock_config_entry: MockConfigEntry,
    forgotten: bool,
) -> None:
    """Test a code keeps its sensor over a restart, unless Seam forgot it meanwhile."""
    code_id, entity_id, _ = await _follow_new_code(
        hass, freezer, sandbox, entity_registry
    )
    await hass.config_entries.async_unload(mock_config_entry.entry_id)
    assert entity_registry.async_get(entity_id) is not None
    if forgotten:
        sandbox.sandbox.codes.remove(code_id)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    if forgotten:
        assert entity_registry.async_get(entity_id) is None
        assert _code_entity(entity_registry, code_id) is None
    else:
        assert _code_entity(entity_registry, code_id) == entity_id
        assert (state := hass.states.get(entity_id)) is not None
        assert state.state == "unset"


@pytest.mark.parametrize("platforms", [[Platform.SENSOR]])
@pytest.mark.usefixtures("init_integration")
async def test_entities(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    sandbox: SandboxServer,
    entity_registry: er.EntityRegistry,
    mock_config_entry: MockConfigEntry,
    snapshot: SnapshotAssertion,
) -> None:
    """Test the sensors of the locks and of a code, with their registry entries."""
    await move_time(hass, freezer, datetime(2027, 1, 4, 17, 45, tzinfo=UTC))
    await _follow_new_code(hass, freezer, sandbox, entity_registry)
    await snapshot_platform(hass, entity_registry, snapshot, mock_config_entry.entry_id)
