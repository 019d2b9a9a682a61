"""Clocks that drive the sandbox's lifecycle, and Seam's timestamp format."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
import time
from typing import Protocol


class Clock(Protocol):
    """Anything that tells the sandbox what time it is (aware UTC)."""

    def now(self) -> datetime:
        """Return the current time as an aware UTC datetime."""


class SystemClock:
    """Wall-clock time, read at every call (so freezegun moves it)."""

    def now(self) -> datetime:
        """Return the current wall-clock time."""
        return datetime.now(UTC)


class ScaledClock:
    """Time that runs ``scale`` times faster than real time, from ``start``."""

    def __init__(self, scale: float, start: datetime | None = None) -> None:
        """Start the clock at ``start`` (default: now)."""
        if scale <= 0:
            raise ValueError("scale must be positive")
        self.scale = scale
        self._start = ensure_utc(start) if start else datetime.now(UTC)
        self._origin = time.monotonic()

    def now(self) -> datetime:
        """Return the scaled time."""
        elapsed = time.monotonic() - self._origin
        return self._start + timedelta(seconds=elapsed * self.scale)


class ManualClock:
    """Time that only moves when a test moves it."""

    def __init__(self, start: datetime) -> None:
        """Start the clock at ``start``."""
        self._now = ensure_utc(start)

    def now(self) -> datetime:
        """Return the clock's time."""
        return self._now

    def move(self, delta: timedelta) -> datetime:
        """Move the clock forward by ``delta`` and return the new time."""
        if delta < timedelta(0):
            raise ValueError("a ManualClock only moves forward")
        self._now += delta
        return self._now

    def set(self, moment: datetime) -> datetime:
        """Jump the clock to ``moment`` (not earlier than now)."""
        return self.move(ensure_utc(moment) - self._now)


class ShiftedClock:
    """Wall-clock time that can also be moved forward (benchmarks drive it so)."""

    def __init__(self) -> None:
        """Start at the wall clock's time."""
        self._shift = timedelta(0)

    def now(self) -> datetime:
        """Return the wall-clock time plus every move so far."""
        return datetime.now(UTC) + self._shift

    def move(self, delta: timedelta) -> datetime:
        """Move the clock forward by ``delta`` and return the new time."""
        if delta < timedelta(0):
            raise ValueError("a ShiftedClock only moves forward")
        self._shift += delta
        return self.now()

    def set(self, moment: datetime) -> datetime:
        """Jump the clock to ``moment`` (not earlier than now)."""
        return self.move(ensure_utc(moment) - self.now())


type MovableClock = ManualClock | ShiftedClock
"""A clock that ``/_sandbox/clock/move`` can move."""


def ensure_utc(moment: datetime) -> datetime:
    """Return ``moment`` in UTC; naive datetimes are refused."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: give a time zone")
    return moment.astimezone(UTC)


def parse_timestamp(text: str) -> datetime:
    """Parse an ISO 8601 timestamp with an offset (``Z`` allowed) to aware UTC."""
    return ensure_utc(datetime.fromisoformat(text))


def format_timestamp(moment: datetime) -> str:
    """Format like Seam does: ``2025-07-01T15:00:00.000Z``."""
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"
