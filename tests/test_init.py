"""Tests for setting up and unloading the Seam Offline Codes integration."""

from __future__ import annotations

from typing import TYPE_CHECKING

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.seam_offline_codes.const import CONF_WEBHOOK_ID, DOMAIN

from .const import BACK_DOOR, FRONT_DOOR, GARDEN_GATE, ROOM_101, THERMOSTAT

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
    """Test each offline-capable lock is a device, and nothing else is."""
    devices = dr.async_entries_for_config_entry(
        device_registry, init_integration.entry_id
    )
    assert sorted(ident for d in devices for _, ident in d.identifiers) == sorted(
        [FRONT_DOOR, GARDEN_GATE, ROOM_101]
    )
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
    """Test a managed lock's device can't be removed by hand, an unmanaged one can."""
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
