"""The Seam Offline Codes integration."""

from __future__ import annotations

from homeassistant.components.webhook import (
    async_generate_id as async_generate_webhook_id,
)
from homeassistant.const import CONF_API_KEY, Platform
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import config_validation as cv, entity_registry as er
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.device_registry import DeviceEntry
from homeassistant.helpers.typing import ConfigType

from .booking_follower import async_follow_booking_calendars
from .const import CONF_API_URL, CONF_WEBHOOK_ID, DOMAIN, LOGGER, REQUEST_TIMEOUT
from .coordinator import (
    SeamConfigEntry,
    SeamCoordinator,
    SeamRuntimeData,
    seam_device_id,
)
from .frontend import async_register_card
from .helpers import code_unique_id
from .seam import SeamClient
from .services import async_follow_time_slots, async_setup_services
from .standing import async_follow_standing, async_load_standing
from .webhook import async_setup_webhook

PLATFORMS = [Platform.CALENDAR, Platform.EVENT, Platform.SELECT, Platform.SENSOR]

CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)

_POLLING_OPTIONS = ("fast_poll_seconds", "full_sync_minutes")
"""Options of version 1 entries; the intervals are constants since version 2."""
_LOCK_UPDATES_SUFFIX = "_update_mode"
"""Ends the unique ids of the locks' Updates sensors of version 2.1 entries."""


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Set up the integration's actions and its card."""
    await async_setup_services(hass)
    await async_register_card(hass)
    return True


async def async_setup_entry(hass: HomeAssistant, entry: SeamConfigEntry) -> bool:
    """Connect to the Seam workspace and start following its codes."""
    client = SeamClient(
        entry.data[CONF_API_KEY],
        session=async_get_clientsession(hass),
        base_url=entry.data[CONF_API_URL],
        request_timeout=REQUEST_TIMEOUT,
    )
    coordinator = SeamCoordinator(hass, entry, client)
    await coordinator.async_config_entry_first_refresh()
    entry.runtime_data = SeamRuntimeData(
        coordinator=coordinator,
        webhook_active=await async_setup_webhook(hass, entry, coordinator),
    )
    if entry.runtime_data.webhook_active:
        coordinator.async_webhook_registered()
    await async_load_standing(hass)
    async_follow_booking_calendars(hass, entry, coordinator)
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    async_follow_time_slots(hass, entry)
    async_follow_standing(hass, entry)
    return True


async def async_unload_entry(hass: HomeAssistant, entry: SeamConfigEntry) -> bool:
    """Unload a config entry; its webhook goes through the entry's unload callbacks."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)


async def async_migrate_entry(hass: HomeAssistant, entry: SeamConfigEntry) -> bool:
    """Migrate an entry to version 2.2, step by step.

    1 → 2.1: constant polling, a webhook id, prefixed code sensors. 2.1 → 2.2: the
    Updates sensor moves from each lock to the entry's workspace device, so the locks'
    ones leave the entity registry. Home Assistant calls this for an entry of another
    version than the flow's: a later major version is refused, a later minor version is
    compatible by definition.
    """
    if entry.version > 2:
        return False
    if entry.version == 1:
        options = {
            key: value
            for key, value in entry.options.items()
            if key not in _POLLING_OPTIONS
        }
        data = {CONF_WEBHOOK_ID: async_generate_webhook_id(), **entry.data}
        await er.async_migrate_entries(hass, entry.entry_id, _migrate_code_sensor)
        hass.config_entries.async_update_entry(
            entry, data=data, options=options, version=2, minor_version=1
        )
    if entry.minor_version < 2:
        registry = er.async_get(hass)
        for entity in er.async_entries_for_config_entry(registry, entry.entry_id):
            if entity.domain == Platform.SENSOR and entity.unique_id.endswith(
                _LOCK_UPDATES_SUFFIX
            ):
                registry.async_remove(entity.entity_id)
        hass.config_entries.async_update_entry(entry, minor_version=2)
    LOGGER.debug("Migrated the entry %s to version 2.2", entry.title)
    return True


@callback
def _migrate_code_sensor(entity: er.RegistryEntry) -> dict[str, str] | None:
    """Give a version 1 code sensor (whose unique id was the code's id) its prefix."""
    if entity.domain != Platform.SENSOR or "_" in entity.unique_id:
        return None
    return {"new_unique_id": code_unique_id(entity.unique_id)}


async def async_remove_config_entry_device(
    hass: HomeAssistant, entry: SeamConfigEntry, device: DeviceEntry
) -> bool:
    """Allow removing a lock's device once the lock is no longer managed.

    Service devices go with what they stand for: the entry, or a booking calendar.
    """
    seam_id = seam_device_id(device)
    return (
        seam_id is not None and seam_id not in entry.runtime_data.coordinator.data.locks
    )
