"""Calendar entities for the Seam Offline Codes integration: each lock's code windows.

Each code on a lock is an event from its start to its end (one-time codes: the day they
are valid), in the lock's zone, named after the code; its description names the code's
status, kind and Oracode slot. The calendar is read-only: codes are made by the actions.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, tzinfo

from homeassistant.components.calendar import CalendarEntity, CalendarEvent
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.translation import (
    async_get_cached_translations,
    async_translate_state,
)
from homeassistant.util import dt as dt_util

from .const import DOMAIN
from .coordinator import SeamConfigEntry, SeamCoordinator
from .entity import SeamLockEntity
from .helpers import lock_time_zone
from .rules import code_kind, validity_end
from .seam import AccessCode, Device
from .standing import Standing, code_standing

PARALLEL_UPDATES = 0

ATTR_TIME_ZONE = "time_zone"
_DESCRIPTION_KEY = (
    f"component.{DOMAIN}.entity.calendar.offline_codes.state_attributes"
    ".description.state."
)
_STANDING_KEY = (
    f"component.{DOMAIN}.entity.sensor.access_code.state_attributes"
    ".no_longer_needed.state."
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: SeamConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a calendar of code windows for each managed lock."""
    coordinator = entry.runtime_data.coordinator
    async_add_entities(
        SeamCodeCalendar(coordinator, lock) for lock in coordinator.data.locks.values()
    )


class SeamCodeCalendar(SeamLockEntity, CalendarEntity):
    """The windows of the offline codes on one lock."""

    _attr_translation_key = "offline_codes"

    def __init__(self, coordinator: SeamCoordinator, lock: Device) -> None:
        """Describe the calendar."""
        super().__init__(coordinator, lock)
        self._attr_unique_id = f"{lock.device_id}_offline_codes"
        self._built: (
            tuple[Mapping[str, AccessCode], tzinfo, list[CalendarEvent]] | None
        ) = None
        """The events last built, with the lock's codes and zone they were built for."""
        self._current: (
            tuple[Mapping[str, AccessCode], tzinfo, CalendarEvent | None] | None
        ) = None
        """The event last returned by ``event``, with the codes and zone it is of."""
        self._current_built: (
            tuple[tuple[AccessCode, Standing | None, tzinfo], CalendarEvent] | None
        ) = None
        """The current event last built, with the code, standing and zone it shows."""

    @property
    def _zone(self) -> tzinfo:
        lock = self.lock
        return lock_time_zone(self.hass, lock) if lock else dt_util.UTC

    @property
    def extra_state_attributes(self) -> Mapping[str, str]:
        """Name the zone the events are in (the card shows windows in it)."""
        return {ATTR_TIME_ZONE: str(self._zone)}

    def _shown(self) -> tuple[object, ...]:
        """Return what the calendar's state shows: availability, zone, the current event.

        Other windows are read through ``async_get_events``, built anew after each update.
        """
        return (self.available, str(self._zone), self.event)

    @property
    def event(self) -> CalendarEvent | None:
        """Return the code window in progress, else the next one.

        Home Assistant reads it three times per state write; it is kept until the lock's
        codes change or its end passes (only then can another window be the one).
        """
        now = dt_util.utcnow()
        codes = self.coordinator.data.by_lock.get(self.device_id, {})
        zone = self._zone
        if (
            (kept := self._current) is not None
            and kept[0] is codes
            and kept[1] == zone
            and (kept[2] is None or kept[2].end > now)
        ):
            return kept[2]
        current = [
            code
            for code in self._windowed_codes()
            if (end := validity_end(code)) is not None and end > now
        ]
        event = None
        if current:
            code = min(current, key=lambda code: (code.starts_at, code.access_code_id))
            event = self._current_event(code, zone)
        self._current = (codes, zone, event)
        return event

    def _current_event(self, code: AccessCode, zone: tzinfo) -> CalendarEvent:
        """Return the current code's event, built again only when what it shows changed."""
        shows = (code, code_standing(self.hass, code.access_code_id), zone)
        if (built := self._current_built) is not None and built[0] == shows:
            return built[1]
        event = self._event(code, zone, self._translations())
        self._current_built = (shows, event)
        return event

    def _windowed_codes(self) -> list[AccessCode]:
        """Return the lock's codes that have a window."""
        return [
            code
            for code in self.coordinator.data.codes_on(self.device_id)
            if code.starts_at is not None and validity_end(code) is not None
        ]

    def _translations(self) -> Mapping[str, str]:
        return async_get_cached_translations(
            self.hass, self.hass.config.language, "entity", DOMAIN
        )

    async def async_get_events(
        self, hass: HomeAssistant, start_date: datetime, end_date: datetime
    ) -> list[CalendarEvent]:
        """Return the code windows that overlap a range."""
        return [
            event
            for event in self._events()
            if event.start < end_date and event.end > start_date
        ]

    def _events(self) -> list[CalendarEvent]:
        """Return an event for every code on the lock that has a window.

        Built once per update of this calendar (its lock's codes, or their standing,
        changed), not at every read.
        """
        codes = self.coordinator.data.by_lock.get(self.device_id, {})
        zone = self._zone
        if (
            self._built is not None
            and self._built[0] is codes
            and self._built[1] == zone
        ):
            return self._built[2]
        translations = self._translations()
        events = sorted(
            (self._event(code, zone, translations) for code in self._windowed_codes()),
            key=lambda event: (event.start, event.uid or ""),
        )
        self._built = (codes, zone, events)
        return events

    @callback
    def _handle_coordinator_update(self) -> None:
        """Build the events anew: a code or a code's standing changed."""
        self._built = self._current = None
        super()._handle_coordinator_update()

    def _event(
        self, code: AccessCode, zone: tzinfo, translations: Mapping[str, str]
    ) -> CalendarEvent:
        """Describe one code's window."""
        assert code.starts_at is not None
        end = validity_end(code)
        assert end is not None
        status = async_translate_state(
            self.hass, str(code.status), Platform.SENSOR, DOMAIN, "access_code", None
        )
        lines = [f"{translations.get(_DESCRIPTION_KEY + 'status', 'Status')}: {status}"]
        if standing := code_standing(self.hass, code.access_code_id):
            lines.append(translations.get(_STANDING_KEY + standing, standing))
        if code.time_slot_name:
            slot = translations.get(_DESCRIPTION_KEY + "time_slot", "Time slot")
            lines.append(f"{slot}: {code.time_slot_name}")
        else:
            kind = str(code_kind(code))
            lines.append(translations.get(_DESCRIPTION_KEY + kind, kind))
        return CalendarEvent(
            start=code.starts_at.astimezone(zone),
            end=end.astimezone(zone),
            summary=code.name or code.access_code_id,
            description="\n".join(lines),
            uid=code.access_code_id,
        )
