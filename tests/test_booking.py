"""Test how a booking calendar's events become stays."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from homeassistant.components.calendar import CalendarEvent
import pytest

from custom_components.seam_offline_codes.booking import (
    CONF_CALENDAR,
    CONF_CHECK_IN,
    CONF_CHECK_OUT,
    CONF_LOCKS,
    CONF_LOOK_AHEAD_HOURS,
    CONF_NAME_TEMPLATE,
    CONF_SKIP,
    BookingCalendar,
    StaySource,
)


def wall(*args: int) -> datetime:
    """Return a naive wall time, as Home Assistant's datetime selector gives."""
    return datetime(*args)  # type: ignore[arg-type]  # noqa: DTZ001


CALENDAR = BookingCalendar.from_data(
    "sub",
    {
        CONF_CALENDAR: "calendar.beach_house",
        CONF_LOCKS: ["front", "room"],
        CONF_CHECK_IN: "16:00:00",
        CONF_CHECK_OUT: "10:30:00",
        CONF_LOOK_AHEAD_HOURS: 48,
        CONF_NAME_TEMPLATE: "Guest {summary} ({description})",
        CONF_SKIP: "not available",
    },
)
ALL_DAY = CalendarEvent(
    start=date(2026, 6, 5),
    end=date(2026, 6, 8),
    summary="Anna Berg",
    description="HM42",
    uid="hm42@airbnb.com",
)


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations() -> None:
    """Run without Home Assistant."""


def test_settings() -> None:
    """The subentry's data is read into typed settings."""
    assert CALENDAR.locks == ("front", "room")
    assert (CALENDAR.check_in, CALENDAR.check_out) == (time(16), time(10, 30))
    assert CALENDAR.look_ahead == timedelta(hours=48)


def test_all_day_event_is_a_stay_on_the_default_times() -> None:
    """An all-day booking runs from its start date's check-in to its end date's check-out."""
    assert CALENDAR.window(ALL_DAY) == (
        wall(2026, 6, 5, 16),
        wall(2026, 6, 8, 10, 30),
    )
    assert CALENDAR.source(ALL_DAY) == StaySource(
        subentry_id="sub", uid="hm42@airbnb.com", start="2026-06-05"
    )


def test_timed_event_keeps_its_times() -> None:
    """A booking with times is taken as it is."""
    start = datetime(2026, 6, 5, 13, tzinfo=UTC)
    event = CalendarEvent(start=start, end=start + timedelta(hours=3), summary="Bo")
    assert CALENDAR.window(event) == (start, start + timedelta(hours=3))
    assert CALENDAR.source(event).uid == f"Bo@{start.isoformat()}"


def test_names_and_skips() -> None:
    """The name template fills in the event; blocks are skipped, case-insensitively."""
    assert CALENDAR.guest_name(ALL_DAY) == "Guest Anna Berg (HM42)"
    block = CalendarEvent(
        start=date(2026, 6, 1), end=date(2026, 6, 2), summary="Airbnb (Not available)"
    )
    assert CALENDAR.skips(block)
    assert not CALENDAR.skips(ALL_DAY)
    bare = BookingCalendar.from_data(
        "sub",
        {
            CONF_CALENDAR: "calendar.x",
            CONF_LOCKS: ["front"],
            CONF_CHECK_IN: "15:00:00",
            CONF_CHECK_OUT: "11:00:00",
            CONF_LOOK_AHEAD_HOURS: 72,
            CONF_NAME_TEMPLATE: "{description}",
        },
    )
    assert not bare.skips(block)
    assert bare.guest_name(ALL_DAY) == "HM42"
    assert bare.guest_name(block) == "Airbnb (Not available)"
    untitled = CalendarEvent(start=date(2026, 6, 1), end=date(2026, 6, 2), summary="")
    assert bare.guest_name(untitled) == "Guest"
    assert StaySource.from_json(CALENDAR.source(ALL_DAY).to_json()) == CALENDAR.source(
        ALL_DAY
    )
