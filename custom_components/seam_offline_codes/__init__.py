"""The Seam Offline Codes integration."""

from __future__ import annotations

from homeassistant.components.webhook import (
    async_generate_id as async_generate_webhook_id,
)
from homeassistant.const import CONF_API_KEY, Platform
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.device_registry import DeviceEntry
from homeassistant.helpers.typing import ConfigType

from .const import CONF_API_URL, CONF_WEBHOOK_ID, DOMAIN
from .coordinator import (
    SeamConfigEntry,
    SeamCoordinator,
    SeamRuntimeData,
    seam_device_id,
)
from .seam import SeamClient
from .services import async_setup_services, async_update_time_slot_selector
from .webhook import SeamWebhook

PLATFORMS = [Platform.EVENT, Platform.SELECT, Platform.SENSOR]

CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Set up the integration's actions."""
    async_setup_services(hass)
    return True


async def async_setup_entry(hass: HomeAssistant, entry: SeamConfigEntry) -> bool:
    """Connect to the Seam workspace and start following its codes."""
    client = SeamClient(
        entry.data[CONF_API_KEY],
        session=async_get_clientsession(hass),
        base_url=entry.data[CONF_API_URL],
    )
    if CONF_WEBHOOK_ID not in entry.data:
        hass.config_entries.async_update_entry(
            entry, data={**entry.data, CONF_WEBHOOK_ID: async_generate_webhook_id()}
        )
    coordinator = SeamCoordinator(hass, entry, client)
    await coordinator.async_config_entry_first_refresh()
    seam_webhook = SeamWebhook(hass, entry, coordinator)
    entry.runtime_data = SeamRuntimeData(
        client=client, coordinator=coordinator, webhook=seam_webhook
    )
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    await seam_webhook.async_start()
    await async_update_time_slot_selector(hass)

    @callback
    def update_time_slot_selector() -> None:
        hass.async_create_task(async_update_time_slot_selector(hass))

    entry.async_on_unload(coordinator.async_add_listener(update_time_slot_selector))
    return True


async def async_unload_entry(hass: HomeAssistant, entry: SeamConfigEntry) -> bool:
    """Unload a config entry and remove its webhook from Seam."""
    await entry.runtime_data.webhook.async_stop()
    if unloaded := await hass.config_entries.async_unload_platforms(entry, PLATFORMS):
        hass.async_create_task(async_update_time_slot_selector(hass))
    return unloaded


async def async_remove_config_entry_device(
    hass: HomeAssistant, entry: SeamConfigEntry, device: DeviceEntry
) -> bool:
    """Allow removing a lock's device once the lock is no longer managed."""
    return seam_device_id(device) not in entry.runtime_data.coordinator.data.locks
