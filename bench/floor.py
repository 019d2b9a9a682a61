"""The floor of a set-up: the same data fetched with the client alone, and bare sensors.

``bench_floor`` is a config-entry integration registered in memory (as Home Assistant's test
helpers do) whose sensor platform adds one bare enum sensor per code on one device per lock:
what any integration showing these codes must at least cost Home Assistant.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from homeassistant.components.sensor import SensorDeviceClass, SensorEntity
from homeassistant.config_entries import ConfigEntry, ConfigFlow
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    MockModule,
    MockPlatform,
    mock_integration,
    mock_platform,
)

from custom_components.seam_offline_codes.seam import (
    AccessCode,
    AccessCodeStatus,
    Device,
    SeamClient,
)

FLOOR_DOMAIN = "bench_floor"
OPTIONS = [str(status) for status in AccessCodeStatus]


class FloorFlow(ConfigFlow, domain=FLOOR_DOMAIN):
    """Registers ``bench_floor`` as an integration with config entries."""


class BareCodeSensor(SensorEntity):
    """An enum sensor with a code's status and nothing else."""

    _attr_device_class = SensorDeviceClass.ENUM
    _attr_has_entity_name = True
    _attr_options = OPTIONS
    _attr_should_poll = False

    def __init__(self, code: AccessCode, lock: Device) -> None:
        """Show ``code`` on ``lock``'s device."""
        self._attr_unique_id = code.access_code_id
        self._attr_name = code.name
        self._attr_native_value = str(code.status)
        self._attr_device_info = DeviceInfo(
            identifiers={(FLOOR_DOMAIN, lock.device_id)}, name=lock.name
        )


async def fetch(
    client: SeamClient, device_ids: Sequence[str]
) -> tuple[list[Device], list[AccessCode]]:
    """Fetch the locks and their codes as the integration's full sync does, and no more."""
    locks = await client.list_devices(device_ids=sorted(device_ids))
    lists = await asyncio.gather(
        *(client.list_access_codes(device_id=lock.device_id) for lock in locks)
    )
    return locks, [code for codes in lists for code in codes]


async def set_up_floor(
    hass: HomeAssistant, client: SeamClient, device_ids: Sequence[str]
) -> None:
    """Fetch the data raw, then let Home Assistant add a bare sensor per code."""
    locks, codes = await fetch(client, device_ids)
    by_id = {lock.device_id: lock for lock in locks}

    async def setup_entry(hass: HomeAssistant, entry: ConfigEntry) -> bool:
        await hass.config_entries.async_forward_entry_setups(entry, [Platform.SENSOR])
        return True

    async def setup_sensors(
        hass: HomeAssistant,
        entry: ConfigEntry,
        async_add_entities: AddConfigEntryEntitiesCallback,
    ) -> None:
        async_add_entities(
            BareCodeSensor(code, by_id[code.device_id]) for code in codes
        )

    mock_integration(hass, MockModule(FLOOR_DOMAIN, async_setup_entry=setup_entry))
    mock_platform(hass, f"{FLOOR_DOMAIN}.config_flow")
    mock_platform(
        hass, f"{FLOOR_DOMAIN}.sensor", MockPlatform(async_setup_entry=setup_sensors)
    )
    entry = MockConfigEntry(domain=FLOOR_DOMAIN)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
