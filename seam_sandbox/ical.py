"""Booking calendars of rental listings, served as iCal feeds like Airbnb's and Booking.com's.

Not part of Seam: rental platforms publish a listing's bookings as an iCalendar feed
(RFC 5545), one all-day event per booking from the check-in date to the check-out date
(``DTEND`` is exclusive, so it is the check-out date), with a stable ``UID``. A moved
booking keeps its ``UID`` with new dates and a higher ``SEQUENCE``; a cancelled booking
disappears from the feed. The admin API adds, moves and cancels bookings.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Final

from .clock import ensure_utc
from .errors import SeamError, invalid_input

PRODID: Final = "-//Seam Offline Codes//Sandbox booking calendar 1.0//EN"
UID_DOMAIN: Final = "seam-sandbox.invalid"
LINE_LIMIT: Final = 75
"""Octets per content line before folding (RFC 5545 §3.1)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Booking:
    """One booking of a listing: an all-day event from check-in to check-out date."""

    uid: str
    summary: str
    check_in: date
    check_out: date
    description: str = ""
    stamp: datetime
    """When the booking was made or last changed (``DTSTAMP``)."""
    sequence: int = 0

    def to_json(self) -> dict[str, str | int]:
        """Describe the booking for the admin API."""
        return {
            "uid": self.uid,
            "summary": self.summary,
            "description": self.description,
            "check_in": self.check_in.isoformat(),
            "check_out": self.check_out.isoformat(),
            "sequence": self.sequence,
        }

    def to_lines(self) -> list[str]:
        """Return the booking's ``VEVENT`` content lines (unfolded)."""
        lines = [
            "BEGIN:VEVENT",
            f"DTSTAMP:{_utc(self.stamp)}",
            f"DTSTART;VALUE=DATE:{self.check_in:%Y%m%d}",
            f"DTEND;VALUE=DATE:{self.check_out:%Y%m%d}",
            f"UID:{self.uid}",
            f"SEQUENCE:{self.sequence}",
            f"SUMMARY:{escape_text(self.summary)}",
        ]
        if self.description:
            lines.append(f"DESCRIPTION:{escape_text(self.description)}")
        lines.append("END:VEVENT")
        return lines


class Listings:
    """The listings of a sandbox and their bookings, by listing id and booking UID."""

    def __init__(self, names: dict[str, str]) -> None:
        """Start with the named listings (id → display name), without bookings."""
        self.names = dict(names)
        self.bookings: dict[str, dict[str, Booking]] = {key: {} for key in names}

    def book(
        self,
        listing: str,
        *,
        uid: str,
        summary: str,
        check_in: date,
        check_out: date,
        description: str,
        now: datetime,
    ) -> Booking:
        """Add a booking; a listing named for the first time is created."""
        _check_dates(check_in, check_out)
        bookings = self.bookings.setdefault(listing, {})
        self.names.setdefault(listing, listing)
        if uid in bookings:
            raise invalid_input(f"booking {uid} already exists", param="uid")
        booking = Booking(
            uid=uid,
            summary=summary,
            check_in=check_in,
            check_out=check_out,
            description=description,
            stamp=ensure_utc(now),
        )
        bookings[uid] = booking
        return booking

    def move(
        self, listing: str, uid: str, *, check_in: date, check_out: date, now: datetime
    ) -> Booking:
        """Give a booking new dates (same UID, next ``SEQUENCE``)."""
        _check_dates(check_in, check_out)
        bookings = self._bookings_of(listing)
        booking = self._booking(bookings, uid)
        bookings[uid] = replace(
            booking,
            check_in=check_in,
            check_out=check_out,
            stamp=ensure_utc(now),
            sequence=booking.sequence + 1,
        )
        return bookings[uid]

    def cancel(self, listing: str, uid: str) -> Booking:
        """Cancel a booking: it leaves the feed."""
        bookings = self._bookings_of(listing)
        booking = self._booking(bookings, uid)
        del bookings[uid]
        return booking

    def feed(self, listing: str) -> str:
        """Return the listing's iCalendar feed (CRLF, folded lines)."""
        bookings = self._bookings_of(listing)
        lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            f"PRODID:{PRODID}",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            f"X-WR-CALNAME:{escape_text(self.names[listing])}",
        ]
        for booking in sorted(bookings.values(), key=lambda b: (b.check_in, b.uid)):
            lines.extend(booking.to_lines())
        lines.append("END:VCALENDAR")
        return "".join(f"{fold(line)}\r\n" for line in lines)

    def _bookings_of(self, listing: str) -> dict[str, Booking]:
        if listing not in self.bookings:
            raise SeamError(404, "listing_not_found", f"No listing {listing!r}")
        return self.bookings[listing]

    @staticmethod
    def _booking(bookings: dict[str, Booking], uid: str) -> Booking:
        if uid not in bookings:
            raise SeamError(404, "booking_not_found", f"No booking {uid!r}")
        return bookings[uid]


def new_uid(seed: str) -> str:
    """Return a booking UID shaped like the platforms' (``<hex>@<domain>``)."""
    return f"{seed.replace('-', '')}@{UID_DOMAIN}"


def escape_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 §3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line into chunks of at most 75 octets (RFC 5545 §3.1)."""
    chunks: list[str] = []
    current = ""
    limit = LINE_LIMIT
    for char in line:
        if len((current + char).encode()) > limit:
            chunks.append(current)
            current = ""
            limit = LINE_LIMIT - 1  # continuation lines start with a space
        current += char
    chunks.append(current)
    return "\r\n ".join(chunks)


def _check_dates(check_in: date, check_out: date) -> None:
    if check_out <= check_in:
        raise invalid_input("check_out must be after check_in", param="check_out")


def _utc(moment: datetime) -> str:
    return f"{ensure_utc(moment):%Y%m%dT%H%M%SZ}"
