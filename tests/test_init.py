"""Tests for setting up and unloading the Seam Offline Codes integration."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import CONF_API_KEY
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.seam_offline_codes.const import (
    CONF_API_URL,
    CONF_DEVICE_IDS,
    CONF_SHOW_PINS,
    CONF_WEBHOOK_ID,
    DOMAIN,
)

from .common import create_offline_code
from .const import (
    BACK_DOOR,
    FRONT_DOOR,
    GARDEN_GATE,
    OFFLINE_LOCKS,
    ROOM_101,
    THERMOSTAT,
    WORKSPACE_ID,
)

if TYPE_CHECKING:
    from seam_sandbox import SandboxServer


async def test_load_unload_config_entry(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """Test the entry loads, gets a webhook id and unloads."""
    assert init_integration.state is ConfigEntryState.LOADED
    assert init_integration.data[CONF_WEBHOOK_ID]
    await hass.config_entries.async_unload(init_integration.entry_id)
    await hass.async_block_till_done()
    assert init_integration.state is ConfigEntryState.NOT_LOADED


async def test_one_device_per_offline_lock(
    hass: HomeAssistant,
    device_registry: dr.DeviceRegistry,
    init_integration: MockConfigEntry,
) -> None:
    """Test each offline-capable lock is a device, and so is the workspace, nothing else."""
    devices = dr.async_entries_for_config_entry(
        device_registry, init_integration.entry_id
    )
    locks = [d for d in devices if d.entry_type is not dr.DeviceEntryType.SERVICE]
    assert sorted(ident for d in locks for _, ident in d.identifiers) == sorted(
        [FRONT_DOOR, GARDEN_GATE, ROOM_101]
    )
    workspace = device_registry.async_get_device(
        identifiers={(DOMAIN, init_integration.entry_id)}
    )
    assert workspace is not None
    assert workspace.entry_type is dr.DeviceEntryType.SERVICE
    assert (workspace.name, workspace.manufacturer) == (init_integration.title, "Seam")
    assert len(devices) == len(locks) + 1
    for other in (BACK_DOOR, THERMOSTAT):
        assert device_registry.async_get_device(identifiers={(DOMAIN, other)}) is None
    room = device_registry.async_get_device(identifiers={(DOMAIN, ROOM_101)})
    assert room is not None
    assert room.name == "Room 101"


async def test_config_entry_not_ready(
    hass: HomeAssistant, sandbox: SandboxServer, mock_config_entry: MockConfigEntry
) -> None:
    """Test Seam being down at start makes the entry retry."""
    sandbox.sandbox.faults.start_outage()
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert mock_config_entry.state is ConfigEntryState.SETUP_RETRY


async def test_config_entry_authentication_failed(
    hass: HomeAssistant, sandbox: SandboxServer, mock_config_entry: MockConfigEntry
) -> None:
    """Test a revoked key at start asks the user to re-authenticate."""
    sandbox.sandbox.faults.revoke_api_key()
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert mock_config_entry.state is ConfigEntryState.SETUP_ERROR
    flows = hass.config_entries.flow.async_progress()
    assert len(flows) == 1
    assert flows[0]["context"]["source"] == "reauth"
    assert flows[0]["context"]["entry_id"] == mock_config_entry.entry_id


@pytest.mark.parametrize("lock_id", [FRONT_DOOR])
async def test_remove_managed_device_refused(
    hass: HomeAssistant,
    device_registry: dr.DeviceRegistry,
    init_integration: MockConfigEntry,
    lock_id: str,
) -> None:
    """Test a managed lock's device and the workspace can't be removed by hand.

    The device of a lock the entry no longer manages can.
    """
    from custom_components.seam_offline_codes import (
        async_remove_config_entry_device,
    )

    device = device_registry.async_get_device(identifiers={(DOMAIN, lock_id)})
    assert device is not None
    assert not await async_remove_config_entry_device(hass, init_integration, device)
    stale = device_registry.async_get_or_create(
        config_entry_id=init_integration.entry_id, identifiers={(DOMAIN, "gone")}
    )
    assert await async_remove_config_entry_device(hass, init_integration, stale)
    workspace = device_registry.async_get_device(
        identifiers={(DOMAIN, init_integration.entry_id)}
    )
    assert workspace is not None
    assert not await async_remove_config_entry_device(hass, init_integration, workspace)


@pytest.mark.usefixtures("instant_retries", "home_assistant_url")
async def test_migrate_from_version_1(
    hass: HomeAssistant, sandbox: SandboxServer, entity_registry: er.EntityRegistry
) -> None:
    """Test a version 1 entry loses its polling options and gains a webhook id.

    Its code sensors get their prefixed unique id and keep their entity ids; the
    sensor of a code Seam deleted meanwhile goes; lock sensors stay as they are, but for
    the Updates sensor, which moves to the workspace (2.2).
    """
    entry = MockConfigEntry(
        domain=DOMAIN,
        version=1,
        unique_id=WORKSPACE_ID,
        data={CONF_API_KEY: sandbox.api_key, CONF_API_URL: sandbox.url},
        options={
            CONF_DEVICE_IDS: list(OFFLINE_LOCKS),
            CONF_SHOW_PINS: True,
            "fast_poll_seconds": 30,
            "full_sync_minutes": 60,
        },
    )
    entry.add_to_hass(hass)
    start = dt_util.utcnow() + timedelta(hours=3)
    code = await create_offline_code(
        sandbox, FRONT_DOOR, "Guest Finn", start, start + timedelta(hours=2)
    )
    code_id = code["access_code_id"]
    kept = entity_registry.async_get_or_create(
        "sensor", DOMAIN, code_id, config_entry=entry, suggested_object_id="finn"
    )
    gone = entity_registry.async_get_or_create(
        "sensor",
        DOMAIN,
        "22222222-0000-4000-8000-000000000000",
        config_entry=entry,
        suggested_object_id="gone",
    )
    battery = entity_registry.async_get_or_create(
        "sensor", DOMAIN, f"{FRONT_DOOR}_battery", config_entry=entry
    )
    updates = entity_registry.async_get_or_create(
        "sensor", DOMAIN, f"{FRONT_DOOR}_update_mode", config_entry=entry
    )

    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()

    assert entry.state is ConfigEntryState.LOADED
    assert (entry.version, entry.minor_version) == (2, 2)
    assert entry.options == {CONF_DEVICE_IDS: list(OFFLINE_LOCKS), CONF_SHOW_PINS: True}
    assert entry.data[CONF_WEBHOOK_ID]
    assert (migrated := entity_registry.async_get(kept.entity_id)) is not None
    assert migrated.unique_id == f"code_{code_id}"
    assert (state := hass.states.get(kept.entity_id)) is not None
    assert state.attributes["access_code_id"] == code_id
    assert entity_registry.async_get(gone.entity_id) is None
    assert (lock_sensor := entity_registry.async_get(battery.entity_id)) is not None
    assert lock_sensor.unique_id == f"{FRONT_DOOR}_battery"
    assert entity_registry.async_get(updates.entity_id) is None


@pytest.mark.usefixtures("instant_retries", "home_assistant_url")
async def test_migrate_from_version_2_1(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    """Test a 2.1 entry's locks lose their Updates sensors to the workspace's one."""
    mock_config_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(mock_config_entry, minor_version=1)
    old = entity_registry.async_get_or_create(
        "sensor", DOMAIN, f"{FRONT_DOOR}_update_mode", config_entry=mock_config_entry
    )
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert mock_config_entry.minor_version == 2
    assert entity_registry.async_get(old.entity_id) is None
    new = f"{mock_config_entry.entry_id}_update_mode"
    assert entity_registry.async_get_entity_id("sensor", DOMAIN, new) is not None


@pytest.mark.parametrize(
    ("version", "minor_version", "state"),
    [(3, 1, ConfigEntryState.MIGRATION_ERROR), (2, 3, ConfigEntryState.LOADED)],
)
@pytest.mark.usefixtures("instant_retries", "home_assistant_url")
async def test_migrate_from_a_later_version(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    version: int,
    minor_version: int,
    state: ConfigEntryState,
) -> None:
    """Test a later major version is left alone, and a later minor version loads as is."""
    mock_config_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        mock_config_entry, version=version, minor_version=minor_version
    )
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert mock_config_entry.state is state
    assert (mock_config_entry.version, mock_config_entry.minor_version) == (
        version,
        minor_version,
    )
