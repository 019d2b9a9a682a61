"""Select entities for the Seam Offline Codes integration: an Oracode door's default slot."""

from __future__ import annotations

from homeassistant.components.select import SelectEntity
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.restore_state import RestoreEntity

from .coordinator import SeamConfigEntry, SeamCoordinator
from .entity import SeamLockEntity
from .seam import Device, Maker

PARALLEL_UPDATES = 0


async def async_setup_entry(
    hass: HomeAssistant,
    entry: SeamConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a default time slot select for each managed Oracode door."""
    coordinator = entry.runtime_data.coordinator
    async_add_entities(
        SeamDefaultTimeSlotSelect(coordinator, lock)
        for lock in coordinator.data.locks.values()
        if lock.maker is Maker.DORMAKABA_ORACODE
    )


class SeamDefaultTimeSlotSelect(SeamLockEntity, SelectEntity, RestoreEntity):
    """The slot a daily code uses on this door when the action names none."""

    _attr_entity_category = EntityCategory.CONFIG
    _attr_translation_key = "default_time_slot"

    def __init__(self, coordinator: SeamCoordinator, lock: Device) -> None:
        """Describe the select."""
        super().__init__(coordinator, lock)
        self._attr_unique_id = f"{lock.device_id}_default_time_slot"

    @property
    def options(self) -> list[str]:
        """Return the names of the door's supported time slots."""
        lock = self.lock
        return [slot.name for slot in lock.supported_time_slots] if lock else []

    @property
    def current_option(self) -> str | None:
        """Return the default slot, if it is still one of the door's slots."""
        option = self.coordinator.default_time_slots.get(self.device_id)
        return option if option in self.options else None

    def _shown(self) -> tuple[object, ...]:
        """Return the select's availability, options and choice."""
        return (self.available, tuple(self.options), self.current_option)

    async def async_added_to_hass(self) -> None:
        """Restore the chosen slot."""
        await super().async_added_to_hass()
        if (state := await self.async_get_last_state()) and state.state in self.options:
            self.coordinator.default_time_slots[self.device_id] = state.state

    async def async_select_option(self, option: str) -> None:
        """Use this slot by default."""
        self.coordinator.default_time_slots[self.device_id] = option
        self.async_write_ha_state()
