"""Follow a booking calendar: every booking in the look-ahead becomes a stay, once.

A booking is its event's uid; its stay is keyed by uid and start, and the stays are
stored, so a restart or a calendar refresh makes nothing twice. A booking whose times
change gets a new stay (the old one is superseded, its PINs still work until their end);
a booking that disappears before check-in has its stay cancelled. Both fire an event
(without PINs) and raise a repair issue where an old PIN opens a door outside the
booking's current window.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final

from homeassistant.components.calendar import CalendarEvent
from homeassistant.components.calendar.const import DATA_COMPONENT
from homeassistant.config_entries import (
    SIGNAL_CONFIG_ENTRY_CHANGED,
    ConfigEntry,
    ConfigEntryChange,
)
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.dispatcher import (
    async_dispatcher_connect,
    async_dispatcher_send,
)
from homeassistant.helpers.event import (
    async_track_state_change_event,
    async_track_time_interval,
)
from homeassistant.util import dt as dt_util
from homeassistant.util.hass_dict import HassKey

from .booking import SUBENTRY_BOOKING_CALENDAR, BookingCalendar, StaySource
from .const import DOMAIN, LOGGER
from .coordinator import ManagedLock, SeamCoordinator
from .stay_create import async_create_stay
from .stay_store import Stay, StayState, StayStore, async_get_stay_store

EVENT_STAY_CHANGED: Final = f"{DOMAIN}_stay_changed"
EVENT_STAY_CANCELLED: Final = f"{DOMAIN}_stay_cancelled"
SYNC_INTERVAL: Final = timedelta(minutes=15)
LOOK_BACK: Final = timedelta(days=1)
HORIZON: Final = timedelta(days=400)
"""How far ahead bookings are read, so a booking moved far out is not taken as cancelled."""


FOLLOWERS: HassKey[dict[str, BookingFollower]] = HassKey(f"{DOMAIN}_followers")
"""The running follower of each booking calendar subentry, by subentry id."""


def booking_calendars(entry: ConfigEntry) -> dict[str, BookingCalendar]:
    """Return the settings of an entry's booking calendar subentries, by subentry id."""
    return {
        subentry_id: BookingCalendar.from_data(subentry_id, subentry.data)
        for subentry_id, subentry in entry.subentries.items()
        if subentry.subentry_type == SUBENTRY_BOOKING_CALENDAR
    }


@callback
def async_follow_booking_calendars(
    hass: HomeAssistant, entry: ConfigEntry, coordinator: SeamCoordinator
) -> None:
    """Follow the entry's booking calendars; reload the entry when they change."""
    calendars = booking_calendars(entry)
    followers = hass.data.setdefault(FOLLOWERS, {})
    for subentry_id, calendar in calendars.items():
        follower = BookingFollower(hass, coordinator, calendar)
        followers[subentry_id] = follower
        entry.async_on_unload(follower.async_start())

    @callback
    def forget() -> None:
        for subentry_id in calendars:
            followers.pop(subentry_id, None)

    @callback
    def entry_changed(change: ConfigEntryChange, changed: ConfigEntry) -> None:
        if (
            change is ConfigEntryChange.UPDATED
            and changed is entry
            and booking_calendars(entry) != calendars
        ):
            hass.config_entries.async_schedule_reload(entry.entry_id)

    entry.async_on_unload(forget)
    entry.async_on_unload(
        async_dispatcher_connect(hass, SIGNAL_CONFIG_ENTRY_CHANGED, entry_changed)
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Booking:
    """A booking as last read from the calendar, with its stay once made."""

    name: str
    check_in: datetime
    """Aware: naive stay times read in Home Assistant's zone."""
    check_out: datetime
    stay: Stay | None


class BookingFollower:
    """Turn one booking calendar's events into stays on its locks."""

    def __init__(
        self,
        hass: HomeAssistant,
        coordinator: SeamCoordinator,
        calendar: BookingCalendar,
    ) -> None:
        """Follow ``calendar`` for the locks ``coordinator`` manages."""
        self.hass = hass
        self.coordinator = coordinator
        self.calendar = calendar
        self._lock = asyncio.Lock()
        self._refused: set[StaySource] = set()
        self.bookings: list[Booking] = []
        """The calendar's bookings at the last sync, by check-in."""
        self.signal = f"{DOMAIN}_bookings_{calendar.subentry_id}"
        """Sent after each sync."""

    @callback
    def async_start(self) -> Callable[[], None]:
        """Sync now, on every change of the calendar and every SYNC_INTERVAL."""
        unsubscribers = [
            async_track_time_interval(self.hass, self._async_tick, SYNC_INTERVAL),
            async_track_state_change_event(
                self.hass, [self.calendar.calendar], self._async_tick
            ),
        ]
        self.coordinator.config_entry.async_create_background_task(
            self.hass, self.async_sync(), f"{DOMAIN} booking calendar sync"
        )

        @callback
        def stop() -> None:
            for unsubscribe in unsubscribers:
                unsubscribe()

        return stop

    async def _async_tick(self, _: datetime | Event[EventStateChangedData]) -> None:
        await self.async_sync()

    async def async_sync(self) -> None:
        """Make, move and cancel stays to match the calendar's bookings."""
        async with self._lock:
            events = await self._async_events()
            if events is None:
                return
            store = await async_get_stay_store(self.hass)
            now = dt_util.utcnow()
            bookings = {
                source.uid: (event, source)
                for event in events
                if not self.calendar.skips(event)
                for source in (self.calendar.source(event),)
            }
            for stay in store.of_calendar(self.calendar.subentry_id):
                await self._async_follow_stay(store, stay, bookings, now)
            for event, source in bookings.values():
                if store.active_from(source) is None:
                    await self._async_make_stay(event, source, now)
            self.bookings = sorted(
                (
                    self._booking(store, event, source)
                    for event, source in bookings.values()
                ),
                key=lambda booking: booking.check_in,
            )
        async_dispatcher_send(self.hass, self.signal)

    def _booking(
        self, store: StayStore, event: CalendarEvent, source: StaySource
    ) -> Booking:
        check_in, check_out = self.calendar.window(event)
        return Booking(
            name=self.calendar.guest_name(event),
            check_in=self._instant(check_in),
            check_out=self._instant(check_out),
            stay=store.active_from(source),
        )

    async def _async_events(self) -> list[CalendarEvent] | None:
        """Return the calendar's events, or None while the calendar is not there."""
        component = self.hass.data.get(DATA_COMPONENT)
        entity = component.get_entity(self.calendar.calendar) if component else None
        if entity is None:
            LOGGER.debug("Calendar %s is not available", self.calendar.calendar)
            return None
        now = dt_util.now()
        return await entity.async_get_events(self.hass, now - LOOK_BACK, now + HORIZON)

    async def _async_follow_stay(
        self,
        store: StayStore,
        stay: Stay,
        bookings: dict[str, tuple[CalendarEvent, StaySource]],
        now: datetime,
    ) -> None:
        """Supersede a moved booking's stay; cancel a vanished one before check-in."""
        assert stay.source is not None
        booking = bookings.get(stay.source.uid)
        if booking is None:
            if self._instant(stay.check_in) > now:
                await self._async_cancel(store, stay)
            return
        event, source = booking
        if (source.start, self.calendar.window(event)) == (
            stay.source.start,
            (stay.check_in, stay.check_out),
        ):
            return
        replacement = await self._async_make_stay(event, source, now)
        await store.async_mark(stay, StayState.SUPERSEDED, replacement)
        self._changed(stay, event, replacement)

    async def _async_make_stay(
        self, event: CalendarEvent, source: StaySource, now: datetime
    ) -> str | None:
        """Make the stay of a booking whose check-in is within the look-ahead."""
        check_in, check_out = self.calendar.window(event)
        if self._instant(check_in) > now + self.calendar.look_ahead:
            return None
        if self._instant(check_out) <= now or source in self._refused:
            return None
        locks = self._locks()
        try:
            created = await async_create_stay(
                self.hass,
                locks,
                name=self.calendar.guest_name(event),
                check_in=check_in,
                check_out=check_out,
                source=source,
            )
        except HomeAssistantError as err:
            self._refused.add(source)
            LOGGER.warning(
                "No codes for the booking %s of %s: %s",
                source.uid,
                self.calendar.calendar,
                err,
            )
            return None
        return created.stay.stay_id

    def _locks(self) -> list[ManagedLock]:
        locks = self.coordinator.data.locks
        return [
            ManagedLock(self.coordinator, locks[device_id])
            for device_id in self.calendar.locks
            if device_id in locks
        ]

    async def _async_cancel(self, store: StayStore, stay: Stay) -> None:
        """Mark a stay cancelled, tell automations and the host."""
        await store.async_mark(stay, StayState.CANCELLED)
        data = _event_data(stay)
        self.hass.bus.async_fire(EVENT_STAY_CANCELLED, data)
        _create_issue(self.hass, "stay_cancelled", stay)

    def _changed(
        self, stay: Stay, event: CalendarEvent, replacement: str | None
    ) -> None:
        """Tell automations a booking moved; warn where old PINs outlast the new window.

        ``replacement`` is the new stay, None until the new check-in is within the
        look-ahead (its codes come then).
        """
        check_in, check_out = self.calendar.window(event)
        data = _event_data(stay) | {
            "new_stay_id": replacement,
            "new_check_in": check_in.isoformat(),
            "new_check_out": check_out.isoformat(),
        }
        self.hass.bus.async_fire(EVENT_STAY_CHANGED, data)
        if any(
            code.starts_at < self._instant(check_in)
            or code.ends_at > self._instant(check_out)
            for code in stay.codes
        ):
            _create_issue(self.hass, "stay_superseded", stay)

    def _instant(self, moment: datetime) -> datetime:
        """Return a stay time as an instant (naive times read in Home Assistant's zone)."""
        return dt_util.as_utc(
            moment
            if moment.tzinfo
            else moment.replace(tzinfo=dt_util.get_default_time_zone())
        )


def _event_data(stay: Stay) -> dict[str, Any]:
    """Describe a stay for an event: its window and codes, never a PIN."""
    return {
        "stay_id": stay.stay_id,
        "name": stay.name,
        "check_in": stay.check_in.isoformat(),
        "check_out": stay.check_out.isoformat(),
        "codes": [
            {
                "device_id": code.device_id,
                "lock": code.lock_name,
                "access_code_id": code.access_code_id,
                "valid_until": code.ends_at.isoformat(),
            }
            for code in stay.codes
        ],
    }


def _create_issue(hass: HomeAssistant, key: str, stay: Stay) -> None:
    """Tell the host which old PINs still open which doors, and until when."""
    ir.async_create_issue(
        hass,
        DOMAIN,
        f"{key}_{stay.stay_id}",
        is_fixable=False,
        is_persistent=True,
        severity=ir.IssueSeverity.WARNING,
        translation_key=key,
        translation_placeholders={
            "name": stay.name,
            "codes": ", ".join(
                f"{code.lock_name} ({dt_util.as_local(code.starts_at):%Y-%m-%d %H:%M}"
                f" - {dt_util.as_local(code.ends_at):%Y-%m-%d %H:%M})"
                for code in stay.codes
            ),
        },
    )
