"""Sensors for the Seam Offline Codes integration.

Each access code gets an enum sensor that follows its lifecycle; sensors appear when a code
appears and leave the entity registry when Seam no longer has the code, also when it went
while Home Assistant was stopped. Each lock also gets summary sensors, and the entry's Seam
workspace (a service device) one sensor saying how its updates arrive.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import PERCENTAGE, EntityCategory, Platform
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .const import CONF_SHOW_PINS, DEFAULT_SHOW_PINS, DOMAIN
from .coordinator import SeamConfigEntry, SeamCoordinator, UpdateMode, code_context
from .entity import SeamEntity, SeamLockEntity
from .helpers import CODE_UNIQUE_ID_PREFIX, code_unique_id, workspace_device_info
from .seam import AccessCodeStatus, Device, Issue, Maker
from .standing import code_standing
from .stay_sensor import async_add_stay_sensors

PARALLEL_UPDATES = 0

ATTR_CODE = "code"
ATTR_NO_LONGER_NEEDED = "no_longer_needed"
STATUS_OPTIONS = [str(status) for status in AccessCodeStatus]


@dataclass(frozen=True, kw_only=True)
class SeamLockSensorDescription(SensorEntityDescription):
    """Describes a per-lock sensor."""

    exists_fn: Callable[[Device], bool] = lambda _: True
    value_fn: Callable[[Device, SeamCoordinator], str | int | float | None]


def _active_offline_codes(lock: Device, coordinator: SeamCoordinator) -> int:
    """Count the lock's active offline codes that still matter."""
    return sum(
        code.is_offline_access_code
        and code.status is AccessCodeStatus.SET
        and code_standing(coordinator.hass, code.access_code_id) is None
        for code in coordinator.data.codes_on(lock.device_id)
    )


def _battery(lock: Device, _: SeamCoordinator) -> float | None:
    return None if lock.battery_level is None else round(lock.battery_level * 100)


LOCK_SENSORS: tuple[SeamLockSensorDescription, ...] = (
    SeamLockSensorDescription(
        key="active_offline_codes",
        translation_key="active_offline_codes",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=_active_offline_codes,
    ),
    SeamLockSensorDescription(
        key="battery",
        device_class=SensorDeviceClass.BATTERY,
        entity_category=EntityCategory.DIAGNOSTIC,
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        exists_fn=lambda lock: lock.battery_level is not None,
        value_fn=_battery,
    ),
    SeamLockSensorDescription(
        key="time_zone",
        translation_key="time_zone",
        entity_category=EntityCategory.DIAGNOSTIC,
        exists_fn=lambda lock: lock.maker is Maker.DORMAKABA_ORACODE,
        value_fn=lambda lock, _: lock.time_zone,
    ),
)

UPDATES_SENSOR = SensorEntityDescription(
    key="update_mode",
    translation_key="update_mode",
    device_class=SensorDeviceClass.ENUM,
    options=[str(mode) for mode in UpdateMode],
    entity_category=EntityCategory.DIAGNOSTIC,
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: SeamConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Set up the lock sensors, one sensor per access code, and the stay sensors."""
    coordinator = entry.runtime_data.coordinator
    async_add_stay_sensors(hass, entry, async_add_entities)
    async_add_entities([SeamUpdatesSensor(coordinator)])
    async_add_entities(
        SeamLockSensor(coordinator, lock, description)
        for lock in coordinator.data.locks.values()
        for description in LOCK_SENSORS
        if description.exists_fn(lock)
    )
    show_pins = entry.options.get(CONF_SHOW_PINS, DEFAULT_SHOW_PINS)
    registry = er.async_get(hass)
    known: set[str] = set()
    # Codes with a sensor from an earlier run: those Seam no longer has go at once.
    registered = {
        entity.unique_id.removeprefix(CODE_UNIQUE_ID_PREFIX)
        for entity in er.async_entries_for_config_entry(registry, entry.entry_id)
        if entity.domain == Platform.SENSOR
        and entity.unique_id.startswith(CODE_UNIQUE_ID_PREFIX)
    }

    @callback
    def sync_code_sensors() -> None:
        """Add sensors for new codes and remove those of codes Seam no longer has."""
        data = coordinator.data

        def live(code_id: str) -> bool:
            code = data.codes.get(code_id)
            return code is not None and code.device_id in data.locks

        if data.changed_codes is None or registered:
            current = {code_id for code_id in data.codes if live(code_id)}
            added, gone = current - known, (known | registered) - current
            registered.clear()
        else:
            # Only the changed codes can have come or gone.
            added = {c for c in data.changed_codes if c not in known and live(c)}
            gone = {c for c in data.changed_codes if c in known and not live(c)}
        if added:
            async_add_entities(
                SeamAccessCodeSensor(
                    coordinator,
                    data.locks[data.codes[code_id].device_id],
                    code_id,
                    show_pins,
                )
                for code_id in sorted(added)
            )
        for code_id in gone:
            if entity_id := registry.async_get_entity_id(
                Platform.SENSOR, DOMAIN, code_unique_id(code_id)
            ):
                registry.async_remove(entity_id)
        known.difference_update(gone)
        known.update(added)

    sync_code_sensors()
    entry.async_on_unload(coordinator.async_add_listener(sync_code_sensors))


class SeamUpdatesSensor(SeamEntity, SensorEntity):
    """How the entry's updates arrive: Seam's webhook, or polling alone."""

    entity_description = UPDATES_SENSOR

    def __init__(self, coordinator: SeamCoordinator) -> None:
        """Put the sensor on the entry's workspace device."""
        super().__init__(coordinator)
        entry = coordinator.config_entry
        self._attr_unique_id = f"{entry.entry_id}_{UPDATES_SENSOR.key}"
        self._attr_device_info = workspace_device_info(entry)

    @property
    def native_value(self) -> str:
        """Return the update mode."""
        return str(self.coordinator.update_mode)

    def _shown(self) -> tuple[object, ...]:
        """Return the sensor's availability and mode."""
        return (self.available, self.native_value)


class SeamLockSensor(SeamLockEntity, SensorEntity):
    """A summary sensor of one lock."""

    entity_description: SeamLockSensorDescription

    def __init__(
        self,
        coordinator: SeamCoordinator,
        lock: Device,
        description: SeamLockSensorDescription,
    ) -> None:
        """Describe the sensor."""
        super().__init__(coordinator, lock)
        self.entity_description = description
        self._attr_unique_id = f"{lock.device_id}_{description.key}"

    @property
    def native_value(self) -> str | int | float | None:
        """Return the sensor's value."""
        if (lock := self.lock) is None:
            return None
        return self.entity_description.value_fn(lock, self.coordinator)

    def _shown(self) -> tuple[object, ...]:
        """Return the sensor's availability and value."""
        return (self.available, self.native_value)


def _issues(issues: tuple[Issue, ...]) -> list[dict[str, str]]:
    return [{"code": issue.code, "message": issue.message} for issue in issues]


class SeamAccessCodeSensor(SeamLockEntity, SensorEntity):
    """The lifecycle of one access code."""

    _attr_device_class = SensorDeviceClass.ENUM
    _attr_options = STATUS_OPTIONS
    _attr_translation_key = "access_code"
    _unrecorded_attributes = frozenset({ATTR_CODE})

    def __init__(
        self,
        coordinator: SeamCoordinator,
        lock: Device,
        access_code_id: str,
        show_pins: bool,
    ) -> None:
        """Follow one code; show its PIN only when the user asked for it."""
        super().__init__(coordinator, lock, code_context(access_code_id))
        self._attr_unique_id = code_unique_id(access_code_id)
        self._access_code_id = access_code_id
        self._show_pins = show_pins
        self._code = coordinator.data.codes[access_code_id]
        if self._code.name:
            self._attr_name = self._code.name

    @property
    def available(self) -> bool:
        """Return whether Seam still has the code."""
        return super().available and self._access_code_id in self.coordinator.data.codes

    @property
    def native_value(self) -> str:
        """Return the code's Seam status."""
        return str(self._code.status)

    @property
    def extra_state_attributes(self) -> Mapping[str, Any]:
        """Return the code's details; the PIN only when enabled, and never recorded."""
        code = self._code
        attributes: dict[str, Any] = {
            "access_code_id": code.access_code_id,
            "type": code.type,
            "starts_at": code.starts_at.isoformat() if code.starts_at else None,
            "ends_at": code.ends_at.isoformat() if code.ends_at else None,
            "is_one_time_use": code.is_one_time_use,
            "is_offline_access_code": code.is_offline_access_code,
            "waiting_for_code": code.is_waiting_for_code_assignment,
        }
        if code.errors:
            attributes["errors"] = _issues(code.errors)
        if code.warnings:
            attributes["warnings"] = _issues(code.warnings)
        if code.time_slot_name:
            attributes["time_slot"] = code.time_slot_name
        attributes[ATTR_NO_LONGER_NEEDED] = code_standing(
            self.hass, code.access_code_id
        )
        if self._show_pins:
            attributes[ATTR_CODE] = code.code
        return attributes

    def _shown(self) -> tuple[object, ...]:
        """Return the code's availability and its latest state."""
        return (
            self.available,
            self._code,
            code_standing(self.hass, self._access_code_id),
        )

    @callback
    def _handle_coordinator_update(self) -> None:
        """Take the code's latest state (the last known one once it is gone)."""
        self._code = self.coordinator.data.codes.get(self._access_code_id, self._code)
        super()._handle_coordinator_update()
