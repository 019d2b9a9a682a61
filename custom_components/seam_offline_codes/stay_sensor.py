"""Sensors of a booking calendar: who is staying now and who comes next."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from homeassistant.components.sensor import SensorEntity, SensorEntityDescription
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.device_registry import DeviceEntryType, DeviceInfo
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.util import dt as dt_util

from .booking_follower import (
    FOLLOWERS,
    Booking,
    BookingFollower,
    booking_calendars,
)
from .const import DOMAIN
from .coordinator import SeamConfigEntry, SeamCoordinator


@dataclass(frozen=True, kw_only=True)
class StaySensorDescription(SensorEntityDescription):
    """Which booking a stay sensor shows."""

    pick: Callable[[Iterable[Booking], datetime], Booking | None]


def _current(bookings: Iterable[Booking], now: datetime) -> Booking | None:
    return next((b for b in bookings if b.check_in <= now < b.check_out), None)


def _next(bookings: Iterable[Booking], now: datetime) -> Booking | None:
    return next((b for b in bookings if b.check_in > now), None)


STAY_SENSORS = (
    StaySensorDescription(
        key="current_stay", translation_key="current_stay", pick=_current
    ),
    StaySensorDescription(key="next_stay", translation_key="next_stay", pick=_next),
)


@callback
def async_add_stay_sensors(
    hass: HomeAssistant,
    entry: SeamConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the stay sensors of each booking calendar of the entry."""
    for subentry_id in booking_calendars(entry):
        follower = hass.data[FOLLOWERS][subentry_id]
        title = entry.subentries[subentry_id].title
        async_add_entities(
            (
                StaySensor(entry.runtime_data.coordinator, follower, title, d)
                for d in STAY_SENSORS
            ),
            config_subentry_id=subentry_id,
        )


class StaySensor(SensorEntity):
    """The guest of a booking calendar's current or next stay, with its codes."""

    _attr_has_entity_name = True
    _attr_should_poll = False
    entity_description: StaySensorDescription

    def __init__(
        self,
        coordinator: SeamCoordinator,
        follower: BookingFollower,
        title: str,
        description: StaySensorDescription,
    ) -> None:
        """Show one booking of ``follower``'s calendar."""
        self.entity_description = description
        self.coordinator = coordinator
        self.follower = follower
        subentry_id = follower.calendar.subentry_id
        self._attr_unique_id = f"{subentry_id}_{description.key}"
        self._written: tuple[object, ...] | None = None
        self._attr_device_info = DeviceInfo(
            identifiers={(DOMAIN, subentry_id)},
            name=title,
            entry_type=DeviceEntryType.SERVICE,
        )

    async def async_added_to_hass(self) -> None:
        """Follow the calendar's syncs and the codes' states."""
        self._written = self._shown()
        self.async_on_remove(
            async_dispatcher_connect(
                self.hass, self.follower.signal, self._async_write_if_changed
            )
        )
        self.async_on_remove(
            self.coordinator.async_add_listener(self._async_write_if_changed)
        )

    def _shown(self) -> tuple[object, ...]:
        return (self.native_value, self.extra_state_attributes)

    @callback
    def _async_write_if_changed(self) -> None:
        """Write the state only when what the sensor shows changed."""
        if (shown := self._shown()) != self._written:
            self._written = shown
            self.async_write_ha_state()

    @property
    def _booking(self) -> Booking | None:
        return self.entity_description.pick(self.follower.bookings, dt_util.utcnow())

    @property
    def native_value(self) -> str | None:
        """Return the guest's name."""
        booking = self._booking
        return booking.name if booking else None

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """Return the stay's window and its codes' states (never a PIN)."""
        if (booking := self._booking) is None:
            return None
        stay = booking.stay
        codes = self.coordinator.data.codes
        return {
            "check_in": dt_util.as_local(booking.check_in).isoformat(),
            "check_out": dt_util.as_local(booking.check_out).isoformat(),
            "stay_id": stay.stay_id if stay else None,
            "codes": [
                {
                    "lock": code.lock_name,
                    "access_code_id": code.access_code_id,
                    "status": str(known.status)
                    if (known := codes.get(code.access_code_id))
                    else None,
                }
                for code in (stay.codes if stay else ())
            ],
        }
