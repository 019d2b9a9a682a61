"""Select entities for the Seam Offline Codes integration: an Oracode door's default slot."""

from __future__ import annotations

from homeassistant.components.select import SelectEntity
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.restore_state import RestoreEntity

from .coordinator import SeamConfigEntry, SeamCoordinator
from .entity import SeamLockEntity
from .seam import Device, Maker, TimeSlot

PARALLEL_UPDATES = 0

ATTR_SUGGESTED_TIME_SLOT = "suggested_time_slot"
ATTR_SELECTED_BY = "selected_by"
SELECTED_BY_USER = "user"
SELECTED_BY_SUGGESTION = "suggestion"


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


def suggested_time_slot(lock: Device) -> TimeSlot | None:
    """Return the slot a door starts with: its 24-hour guest slot, else its first one."""
    slots = lock.supported_time_slots
    return next((slot for slot in slots if slot.is_24_hour), None) or next(
        iter(slots), None
    )


class SeamDefaultTimeSlotSelect(SeamLockEntity, SelectEntity, RestoreEntity):
    """The slot a daily code uses on this door when the action names none.

    It starts on :func:`suggested_time_slot` and keeps a slot the user picks while the
    door still has it; its attributes say which slot was suggested and who chose.
    """

    _attr_entity_category = EntityCategory.CONFIG
    _attr_translation_key = "default_time_slot"

    def __init__(self, coordinator: SeamCoordinator, lock: Device) -> None:
        """Describe the select."""
        super().__init__(coordinator, lock)
        self._attr_unique_id = f"{lock.device_id}_default_time_slot"
        self._chosen = False

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
        """Return the select's availability, options, choice and who chose it."""
        return (self.available, tuple(self.options), self.current_option, self._chosen)

    @property
    def extra_state_attributes(self) -> dict[str, str | None]:
        """Say which slot is suggested and whether the current one was chosen."""
        lock = self.lock
        suggested = suggested_time_slot(lock) if lock else None
        return {
            ATTR_SUGGESTED_TIME_SLOT: suggested.name if suggested else None,
            ATTR_SELECTED_BY: SELECTED_BY_USER
            if self._chosen
            else SELECTED_BY_SUGGESTION,
        }

    def _follow_door(self) -> None:
        """Fall back to the suggested slot where the current one is gone (or unset)."""
        if self.current_option is not None:
            return
        self._chosen = False
        lock = self.lock
        if lock is not None and (suggested := suggested_time_slot(lock)) is not None:
            self.coordinator.default_time_slots[self.device_id] = suggested.name
        else:
            self.coordinator.default_time_slots.pop(self.device_id, None)

    async def async_added_to_hass(self) -> None:
        """Restore a chosen slot, else start on the suggested one."""
        await super().async_added_to_hass()
        state = await self.async_get_last_state()
        if (
            state is not None
            and state.state in self.options
            and state.attributes.get(ATTR_SELECTED_BY) == SELECTED_BY_USER
        ):
            self.coordinator.default_time_slots[self.device_id] = state.state
            self._chosen = True
        self._follow_door()

    @callback
    def _handle_coordinator_update(self) -> None:
        """Follow changes of the door's slots."""
        self._follow_door()
        super()._handle_coordinator_update()

    async def async_select_option(self, option: str) -> None:
        """Use this slot by default."""
        self.coordinator.default_time_slots[self.device_id] = option
        self._chosen = True
        self.async_write_ha_state()
