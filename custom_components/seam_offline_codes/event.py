"""Event entities for the Seam Offline Codes integration: each lock's code lifecycle."""

from __future__ import annotations

from homeassistant.components.event import EventEntity
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import SeamConfigEntry, SeamCoordinator
from .entity import SeamLockEntity
from .moments import Moment, MomentType, moment_signal
from .seam import Device

PARALLEL_UPDATES = 0

ATTR_ACCESS_CODE_ID = "access_code_id"
ATTR_NAME = "name"
EVENT_TYPES = [str(moment_type) for moment_type in MomentType]


async def async_setup_entry(
    hass: HomeAssistant,
    entry: SeamConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a code event entity for each managed lock."""
    coordinator = entry.runtime_data.coordinator
    async_add_entities(
        SeamCodeEvent(coordinator, lock) for lock in coordinator.data.locks.values()
    )


class SeamCodeEvent(SeamLockEntity, EventEntity):
    """The lifecycle moments of the access codes on one lock."""

    _attr_event_types = EVENT_TYPES
    _attr_translation_key = "code_event"

    def __init__(self, coordinator: SeamCoordinator, lock: Device) -> None:
        """Describe the event entity."""
        super().__init__(coordinator, lock)
        self._attr_unique_id = f"{lock.device_id}_code_event"

    async def async_added_to_hass(self) -> None:
        """Follow the moments of the entry's codes."""
        await super().async_added_to_hass()
        self.async_on_remove(
            async_dispatcher_connect(
                self.hass,
                moment_signal(self.coordinator.config_entry.entry_id, self.device_id),
                self._async_handle_moment,
            )
        )

    @callback
    def _async_handle_moment(self, moment: Moment) -> None:
        """Fire a moment of a code on this lock; the PIN is never part of it."""
        self._trigger_event(
            str(moment.type),
            {ATTR_ACCESS_CODE_ID: moment.access_code_id, ATTR_NAME: moment.name},
        )
        self.async_write_ha_state()
