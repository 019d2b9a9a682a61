"""Booking calendars: the settings of one, and how its events become stays.

A booking calendar is a config subentry naming a calendar entity (Remote Calendar on a
rental platform's iCal feed, Local Calendar, Google…), the property's locks, and the
defaults an all-day booking needs. Rental platforms publish all-day events whose end
date is the check-out date, so an all-day event is a stay from its start date at the
check-in time to its end date at the check-out time, in each lock's own zone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from string import Formatter
from typing import Any, Final

from homeassistant.components.calendar import CalendarEvent

SUBENTRY_BOOKING_CALENDAR: Final = "booking_calendar"

CONF_CALENDAR: Final = "calendar"
CONF_LOCKS: Final = "locks"
CONF_CHECK_IN: Final = "check_in_time"
CONF_CHECK_OUT: Final = "check_out_time"
CONF_LOOK_AHEAD_HOURS: Final = "look_ahead_hours"
CONF_NAME_TEMPLATE: Final = "name_template"
CONF_SKIP: Final = "skip"

DEFAULT_CHECK_IN: Final = time(15)
DEFAULT_CHECK_OUT: Final = time(11)
DEFAULT_LOOK_AHEAD_HOURS: Final = 72
DEFAULT_NAME_TEMPLATE: Final = "{summary}"
DEFAULT_SKIP: Final = "Not available"
NAME_FIELDS: Final = frozenset({"summary", "description"})
NAME_MAX_LENGTH: Final = 100


@dataclass(frozen=True, slots=True, kw_only=True)
class StaySource:
    """The booking a stay was made from: calendar subentry, event uid and start."""

    subentry_id: str
    uid: str
    start: str
    """The event's start as the calendar gives it (ISO date or datetime)."""

    def to_json(self) -> dict[str, str]:
        """Return the source as stored."""
        return {"subentry_id": self.subentry_id, "uid": self.uid, "start": self.start}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> StaySource:
        """Read a stored source."""
        return cls(
            subentry_id=str(data["subentry_id"]),
            uid=str(data["uid"]),
            start=str(data["start"]),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class BookingCalendar:
    """A booking calendar's settings, read from its subentry's data."""

    subentry_id: str
    calendar: str
    locks: tuple[str, ...]
    check_in: time
    check_out: time
    look_ahead: timedelta
    name_template: str
    skip: str

    @classmethod
    def from_data(cls, subentry_id: str, data: Mapping[str, Any]) -> BookingCalendar:
        """Read the settings a subentry flow stored."""
        return cls(
            subentry_id=subentry_id,
            calendar=data[CONF_CALENDAR],
            locks=tuple(data[CONF_LOCKS]),
            check_in=time.fromisoformat(data[CONF_CHECK_IN]),
            check_out=time.fromisoformat(data[CONF_CHECK_OUT]),
            look_ahead=timedelta(hours=data[CONF_LOOK_AHEAD_HOURS]),
            name_template=data[CONF_NAME_TEMPLATE],
            skip=data.get(CONF_SKIP, ""),
        )

    def skips(self, event: CalendarEvent) -> bool:
        """Return whether an event is not a booking (a block such as "Not available")."""
        needle = self.skip.strip().casefold()
        return bool(needle) and needle in (event.summary or "").casefold()

    def window(self, event: CalendarEvent) -> tuple[datetime, datetime]:
        """Return an event's stay: naive wall times for all-day events, else aware."""
        start, end = event.start, event.end
        if isinstance(start, datetime) and isinstance(end, datetime):
            return start, end
        return (
            datetime.combine(_date_of(start), self.check_in),
            datetime.combine(_date_of(end), self.check_out),
        )

    def guest_name(self, event: CalendarEvent) -> str:
        """Return the stay's name from the template (the summary if that is empty)."""
        fields = {
            "summary": (event.summary or "").strip(),
            "description": (event.description or "").strip(),
        }
        name = " ".join(Formatter().vformat(self.name_template, (), fields).split())
        return (name or fields["summary"] or "Guest")[:NAME_MAX_LENGTH]

    def source(self, event: CalendarEvent) -> StaySource:
        """Return the key that makes an event one stay: uid and start."""
        return StaySource(
            subentry_id=self.subentry_id,
            uid=event.uid or f"{event.summary}@{event.start.isoformat()}",
            start=event.start.isoformat(),
        )


def _date_of(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value
