"""Base entity for the Seam Offline Codes integration."""

from __future__ import annotations

from homeassistant.core import callback
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .coordinator import SeamCoordinator, lock_context
from .seam import Device


class SeamEntity(CoordinatorEntity[SeamCoordinator]):
    """An entity of the integration: it writes its state only when what it shows changed."""

    _attr_has_entity_name = True

    def __init__(
        self, coordinator: SeamCoordinator, context: str | None = None
    ) -> None:
        """Follow ``context`` (default: every update)."""
        super().__init__(coordinator, context)
        self._written: tuple[object, ...] | None = None

    def _shown(self) -> tuple[object, ...]:
        """Return what the entity shows; its state is written only when this changes."""
        return (self.available,)

    async def async_added_to_hass(self) -> None:
        """Note what the first state written shows."""
        await super().async_added_to_hass()
        self._written = self._shown()

    @callback
    def _handle_coordinator_update(self) -> None:
        """Write the state when what the entity shows changed."""
        if (shown := self._shown()) != self._written:
            self._written = shown
            self.async_write_ha_state()


class SeamLockEntity(SeamEntity):
    """An entity that belongs to one lock's device.

    It runs only when its lock (or, for a code's sensor, its code) changed.
    """

    def __init__(
        self,
        coordinator: SeamCoordinator,
        lock: Device,
        context: str | None = None,
    ) -> None:
        """Attach the entity to the lock's device; follow ``context`` (default: the lock)."""
        super().__init__(coordinator, context or lock_context(lock.device_id))
        self.device_id = lock.device_id
        self._attr_device_info = coordinator.device_info(lock)

    @property
    def lock(self) -> Device | None:
        """Return the lock's latest state, or None when Seam no longer has it."""
        return self.coordinator.data.locks.get(self.device_id)

    @property
    def available(self) -> bool:
        """Return whether the lock is still known to Seam."""
        return super().available and self.lock is not None
