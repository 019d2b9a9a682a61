"""Base entity for the Seam Offline Codes integration."""

from __future__ import annotations

from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .const import DOMAIN
from .coordinator import SeamCoordinator
from .seam import Device


class SeamLockEntity(CoordinatorEntity[SeamCoordinator]):
    """An entity that belongs to one lock's device."""

    _attr_has_entity_name = True

    def __init__(self, coordinator: SeamCoordinator, lock: Device) -> None:
        """Attach the entity to the lock's device."""
        super().__init__(coordinator)
        self.device_id = lock.device_id
        self._attr_device_info = DeviceInfo(
            identifiers={(DOMAIN, lock.device_id)},
            manufacturer=lock.manufacturer,
            model=lock.model,
            name=lock.name,
            serial_number=lock.serial_number or lock.maker_device_id,
        )

    @property
    def lock(self) -> Device | None:
        """Return the lock's latest state, or None when Seam no longer has it."""
        return self.coordinator.data.locks.get(self.device_id)

    @property
    def available(self) -> bool:
        """Return whether the lock is still known to Seam."""
        return super().available and self.lock is not None
