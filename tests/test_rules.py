"""Test the maker rules for offline codes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta, timezone
import json
from pathlib import Path
import re
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import given, settings, strategies as st
import pytest

from custom_components.seam_offline_codes.rules import (
    PLACEHOLDERS,
    RULES,
    START_GRACE,
    CodeKind,
    PlannedCode,
    Rule,
    Violation,
    lock_zone,
    plan_daily_code,
    plan_hourly_code,
    plan_one_time_code,
    to_local,
    zone_for,
)
from custom_components.seam_offline_codes.seam.models import (
    AccessCode,
    AccessCodeStatus,
    Device,
)

HA_ZONE = "Europe/Berlin"
DOOR_ZONE = "America/Los_Angeles"
NOW = datetime(2025, 6, 2, 8, tzinfo=UTC)  # Monday 10:00 in Berlin
MINUTE = timedelta(minutes=1)
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
STRINGS = (
    Path(__file__).parents[1] / "custom_components/seam_offline_codes/strings.json"
)


def _lock(device_id: str, device_type: str, **extra: Any) -> dict[str, Any]:
    return {
        "device_id": device_id,
        "device_type": device_type,
        "display_name": device_id.title(),
        "capabilities_supported": ["access_code"],
        "can_program_offline_access_codes": True,
        **extra,
    }


def _slot(
    name: str, check_in: str, check_out: str, zone: str = DOOR_ZONE, **flags: bool
) -> dict[str, Any]:
    return {
        "name": name,
        "check_in_time": f"{check_in}:00[{zone}]",
        "check_out_time": f"{check_out}:00[{zone}]",
        **flags,
    }


def oracode_door(*slots: dict[str, Any], zone: str | None = DOOR_ZONE) -> Device:
    """Return an Oracode door in ``zone`` with the given time slots."""
    metadata = {"iana_timezone": zone, "predefined_time_slots": list(slots)}
    return Device.from_dict(
        _lock(
            "door",
            "dormakaba_oracode_door",
            properties={"dormakaba_oracode_metadata": metadata},
        )
    )


DOOR_SLOTS = (
    ("Guest 4pm-10am", "16:00", "10:00"),
    ("24h noon-noon", "12:00", "12:00"),
    ("Day 7am-7pm", "07:00", "19:00"),
    ("Morning 9am-10am", "09:00", "10:00"),
)
IGLOOHOME = Device.from_dict(_lock("igloo", "igloohome_lock"))  # no zone: UTC


def igloo_in(zone: str) -> Device:
    """Return an igloohome lock whose location is in ``zone``."""
    return Device.from_dict(
        _lock("igloo", "igloohome_lock", location={"time_zone": zone})
    )


ORACODE = oracode_door(
    *(_slot(*slot) for slot in DOOR_SLOTS),
    _slot("Master", "16:00", "10:00", is_master=True),
    _slot("One shot", "07:00", "19:00", is_one_shot=True),
)
SUPPORTED_SLOTS = "Guest 4pm-10am, 24h noon-noon, Day 7am-7pm, Morning 9am-10am"


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations() -> None:
    """Run without Home Assistant: the rules are pure functions."""


DEFAULTS: dict[str, Any] = {
    "name": "Guest",
    "now": NOW,
    "existing": (),
    "default_time_zone": HA_ZONE,
}


def _with_defaults(planner: Callable[..., PlannedCode]) -> Callable[..., PlannedCode]:
    def plan(device: Device = IGLOOHOME, **kwargs: Any) -> PlannedCode:
        return planner(device, **(DEFAULTS | kwargs))

    return plan


hourly = _with_defaults(plan_hourly_code)
daily = _with_defaults(plan_daily_code)
one_time = _with_defaults(plan_one_time_code)


def violation(
    rule: Rule, planner: Callable[..., Any], *args: Any, **kwargs: Any
) -> dict[str, str]:
    """Assert the call breaks ``rule`` with exactly its placeholders; return them."""
    with pytest.raises(Violation) as excinfo:
        planner(*args, **kwargs)
    assert excinfo.value.rule is rule
    assert set(excinfo.value.placeholders) == PLACEHOLDERS[rule]
    assert str(excinfo.value) == rule
    return excinfo.value.placeholders


def code(
    starts_at: datetime,
    ends_at: datetime | None,
    *,
    device_id: str = "igloo",
    offline: bool = True,
    one_time_use: bool = False,
) -> AccessCode:
    """Build a code the coordinator knows."""
    return AccessCode(
        access_code_id=f"{device_id}-{starts_at.isoformat()}-{ends_at}",
        device_id=device_id,
        name="Known",
        status=AccessCodeStatus.UNSET,
        starts_at=starts_at,
        ends_at=ends_at,
        is_offline_access_code=offline,
        is_one_time_use=one_time_use,
    )


def length(planned: PlannedCode) -> timedelta:
    """Return how long the requested window lasts."""
    assert planned.request.ends_at is not None
    return planned.request.ends_at - planned.request.starts_at


def wall(*args: int) -> datetime:
    """Return a naive wall time, as Home Assistant's datetime selector gives."""
    return datetime(*args)  # type: ignore[arg-type]  # noqa: DTZ001


def utc(*args: int) -> datetime:
    """Return an aware UTC datetime."""
    return wall(*args).replace(tzinfo=UTC)


def local(zone: str, *args: int) -> datetime:
    """Return an aware datetime in ``zone``."""
    return wall(*args).replace(tzinfo=ZoneInfo(zone))


# Contract


def test_every_rule_has_placeholders_and_a_translation() -> None:
    """Test each rule declares its placeholders and has a message using only them."""
    assert set(PLACEHOLDERS) == set(RULES) == set(Rule)
    exceptions = json.loads(STRINGS.read_text())["exceptions"]
    for rule in RULES:
        used = set(re.findall(r"{(\w+)}", exceptions[rule]["message"]))
        assert used <= PLACEHOLDERS[rule], rule


# Time zones


@pytest.mark.parametrize(
    ("zone", "value"),
    [
        ("America/Los_Angeles", wall(2025, 3, 9, 2, 30)),
        ("Europe/Berlin", wall(2025, 3, 30, 2, 0)),
        ("Australia/Adelaide", wall(2025, 10, 5, 2, 59)),
    ],
)
def test_to_local_refuses_nonexistent_time(zone: str, value: datetime) -> None:
    """Test a wall time skipped by spring forward is refused, not shifted."""
    placeholders = violation(Rule.NONEXISTENT_LOCAL_TIME, to_local, value, zone)
    assert placeholders == {"local_time": f"{value:%Y-%m-%d %H:%M}", "time_zone": zone}


@pytest.mark.parametrize(
    ("zone", "value", "offsets"),
    [
        ("America/Los_Angeles", wall(2025, 11, 2, 1, 30), "-07:00, -08:00"),
        ("Europe/Berlin", wall(2025, 10, 26, 2, 0), "+02:00, +01:00"),
    ],
)
def test_to_local_refuses_ambiguous_time(
    zone: str, value: datetime, offsets: str
) -> None:
    """Test a wall time repeated by fall back is refused, not guessed."""
    placeholders = violation(Rule.AMBIGUOUS_LOCAL_TIME, to_local, value, zone)
    assert placeholders["offsets"] == offsets


def test_to_local_reads_naive_as_wall_time_and_converts_aware() -> None:
    """Test naive values are wall times in the zone and aware ones are converted."""
    after_fall_back = to_local(wall(2025, 11, 2, 2, 30), DOOR_ZONE)
    assert after_fall_back == local(DOOR_ZONE, 2025, 11, 2, 2, 30)
    assert after_fall_back.utcoffset() == -8 * HOUR
    aware = to_local(utc(2025, 11, 2, 9, 30), DOOR_ZONE)
    assert (aware.replace(tzinfo=None), aware.fold, aware.utcoffset()) == (
        wall(2025, 11, 2, 1, 30),
        1,
        -8 * HOUR,
    )


def test_zone_for() -> None:
    """Test igloohome locks use Home Assistant's zone and Oracode doors their own."""
    assert zone_for(IGLOOHOME, HA_ZONE) == HA_ZONE
    assert zone_for(ORACODE, HA_ZONE) == DOOR_ZONE


def test_zone_for_oracode_falls_back_to_slot_zone() -> None:
    """Test a door without an IANA zone uses the zone of its slots."""
    door = oracode_door(_slot("Day", "07:00", "19:00"), zone=None)
    assert zone_for(door, HA_ZONE) == DOOR_ZONE


@pytest.mark.parametrize("iana_timezone", [None, "Mars/Olympus", "../etc"])
def test_zone_for_oracode_unknown(iana_timezone: str | None) -> None:
    """Test a door without a usable zone is refused."""
    door = oracode_door(zone=iana_timezone)
    assert violation(Rule.TIME_ZONE_UNKNOWN, zone_for, door, HA_ZONE) == {
        "device": "Door"
    }


@pytest.mark.parametrize(
    ("device", "expected"),
    [
        (igloo_in("Asia/Kolkata"), "Asia/Kolkata"),
        (IGLOOHOME, "UTC"),
        (igloo_in("Mars/Olympus"), "UTC"),
        (ORACODE, DOOR_ZONE),
    ],
)
def test_lock_zone(device: Device, expected: str) -> None:
    """Test a lock keeps its own zone, and UTC without a usable one (as Seam rounds)."""
    assert lock_zone(device) == expected


# Any maker

ANY_PLANNER: list[tuple[Callable[..., PlannedCode], dict[str, Any]]] = [
    (hourly, {"starts_at": wall(2025, 6, 3, 10), "duration": HOUR}),
    (daily, {"start_date": date(2025, 6, 3), "end_date": date(2025, 7, 3)}),
    (one_time, {"starts_at": wall(2025, 6, 3, 10)}),
]


@pytest.mark.parametrize(("planner", "request_"), ANY_PLANNER)
def test_lock_without_offline_codes(
    planner: Callable[..., PlannedCode], request_: dict[str, Any]
) -> None:
    """Test a lock that cannot make offline codes is refused."""
    lock = Device.from_dict(
        _lock("igloo", "igloohome_lock", can_program_offline_access_codes=False)
    )
    assert violation(Rule.OFFLINE_CODES_NOT_SUPPORTED, planner, lock, **request_) == {
        "device": "Igloo"
    }


@pytest.mark.parametrize(("planner", "request_"), ANY_PLANNER)
def test_unsupported_maker(
    planner: Callable[..., PlannedCode], request_: dict[str, Any]
) -> None:
    """Test a lock of another maker is refused."""
    lock = Device.from_dict(_lock("other", "august_lock"))
    placeholders = violation(Rule.UNSUPPORTED_MAKER, planner, lock, **request_)
    assert placeholders == {"device": "Other", "device_type": "august_lock"}


@pytest.mark.parametrize("name", ["", "   ", "x" * 101])
@pytest.mark.parametrize(("planner", "request_"), ANY_PLANNER)
def test_invalid_name(
    planner: Callable[..., PlannedCode], request_: dict[str, Any], name: str
) -> None:
    """Test an empty or overlong name is refused."""
    assert violation(Rule.INVALID_NAME, planner, name=name, **request_) == {
        "max_length": "100"
    }


@pytest.mark.parametrize(("planner", "request_"), ANY_PLANNER)
def test_name_is_trimmed(
    planner: Callable[..., PlannedCode], request_: dict[str, Any]
) -> None:
    """Test the name sent to Seam has no surrounding blanks and may be 100 long."""
    assert planner(name=f"  {'x' * 100} ", **request_).request.name == "x" * 100


def test_starts_in_past() -> None:
    """Test a start in the past is refused, with a one-minute grace."""
    placeholders = violation(
        Rule.STARTS_IN_PAST,
        hourly,
        starts_at=NOW - timedelta(seconds=61),
        duration=HOUR,
    )
    assert placeholders == {
        "starts_at": "2025-06-02 09:58 CEST",
        "now": "2025-06-02 10:00 CEST",
        "time_zone": HA_ZONE,
    }
    assert (
        hourly(starts_at=NOW - timedelta(seconds=60), duration=HOUR).request.starts_at
        == NOW
    )
    violation(Rule.STARTS_IN_PAST, one_time, starts_at=NOW - HOUR)
    violation(
        Rule.STARTS_IN_PAST,
        daily,
        start_date=date(2025, 6, 2),
        end_date=date(2025, 7, 2),
    )


@pytest.mark.parametrize(
    "end",
    [
        {"ends_at": wall(2025, 6, 3, 10)},
        {"ends_at": wall(2025, 6, 3, 9)},
        {"duration": -HOUR},
    ],
)
def test_ends_before_start(end: dict[str, Any]) -> None:
    """Test a window that does not end after its start is refused."""
    placeholders = violation(
        Rule.ENDS_BEFORE_START, hourly, starts_at=wall(2025, 6, 3, 10), **end
    )
    assert placeholders["starts_at"] == "2025-06-03 10:00 CEST"


@pytest.mark.parametrize(
    ("end", "rule"),
    [
        ({}, Rule.END_OR_DURATION_REQUIRED),
        (
            {"ends_at": wall(2025, 6, 3, 11), "duration": HOUR},
            Rule.END_AND_DURATION,
        ),
    ],
)
def test_end_or_duration_required(end: dict[str, Any], rule: Rule) -> None:
    """Test exactly one of an end and a duration is required, each case told apart."""
    assert violation(rule, hourly, starts_at=wall(2025, 6, 3, 10), **end) == {}


EXTREMES = (
    {"starts_at": wall(2025, 6, 3, 10), "duration": timedelta(days=999_999_999)},
    {"starts_at": wall(2025, 6, 3, 10), "duration": -timedelta(days=999_999_999)},
    {"starts_at": datetime(9999, 12, 31, 23, tzinfo=timezone(-timedelta(hours=5)))},
    {"starts_at": datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=5)))},
    {"starts_at": wall(9999, 12, 31, 23, 59)},
    {"starts_at": wall(1, 1, 1)},
)


@pytest.mark.parametrize("request_", EXTREMES)
@pytest.mark.parametrize("device", [IGLOOHOME, ORACODE])
def test_extreme_times_are_refused_before_arithmetic(
    device: Device, request_: dict[str, Any]
) -> None:
    """Test times and durations far from now are refused, never overflow."""
    end = {} if "duration" in request_ else {"ends_at": wall(2025, 6, 3, 12)}
    placeholders = violation(Rule.TIME_OUT_OF_RANGE, hourly, device, **(end | request_))
    assert placeholders == {"max_years": "10"}
    if "duration" not in request_:
        violation(Rule.TIME_OUT_OF_RANGE, one_time, **request_)
        violation(
            Rule.TIME_OUT_OF_RANGE,
            hourly,
            device,
            starts_at=wall(2025, 6, 3, 10),
            ends_at=request_["starts_at"],
        )


@pytest.mark.parametrize(
    "dates",
    [(date(1, 1, 1), date(2025, 7, 3)), (date(2025, 6, 3), date(9999, 12, 31))],
)
@pytest.mark.parametrize(
    ("device", "slot"), [(IGLOOHOME, None), (ORACODE, "Guest 4pm-10am")]
)
def test_extreme_dates_are_refused(
    device: Device, slot: str | None, dates: tuple[date, date]
) -> None:
    """Test daily codes on dates far from now are refused, never overflow."""
    violation(
        Rule.TIME_OUT_OF_RANGE,
        daily,
        device,
        start_date=dates[0],
        end_date=dates[1],
        time_slot=slot,
    )


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from([hourly, one_time]),
    st.sampled_from([IGLOOHOME, ORACODE]),
    st.datetimes(timezones=st.none() | st.timezones()),
    st.timedeltas(),
)
def test_any_time_is_planned_or_refused(
    planner: Callable[..., PlannedCode],
    device: Device,
    starts_at: datetime,
    duration: timedelta,
) -> None:
    """Test any datetime and duration, however extreme, is planned or refused by a rule."""
    request_ = {"duration": duration} if planner is hourly else {}
    try:
        planner(device, starts_at=starts_at, **request_)
    except Violation as err:
        check_violation(err, set(Rule))


# igloohome hourly


def test_igloohome_hourly() -> None:
    """Test an hourly code is read in Home Assistant's zone and sent in UTC."""
    planned = hourly(starts_at=wall(2025, 6, 3, 10), ends_at=wall(2025, 6, 3, 11))
    assert planned.request.as_json() == {
        "device_id": "igloo",
        "name": "Guest",
        "starts_at": "2025-06-03T08:00:00.000Z",
        "ends_at": "2025-06-03T09:00:00.000Z",
        "is_offline_access_code": True,
        "max_time_rounding": "1h",
    }
    assert planned.kind is CodeKind.HOURLY
    assert planned.time_zone == HA_ZONE
    assert planned.local_starts_at == local(HA_ZONE, 2025, 6, 3, 10)
    assert planned.local_ends_at == local(HA_ZONE, 2025, 6, 3, 11)
    assert (planned.time_slot, planned.rounded, planned.dst_shift) == (
        None,
        False,
        None,
    )


def test_igloohome_hourly_accepts_aware_times_and_durations() -> None:
    """Test an aware start is taken as is and a duration counts real hours."""
    planned = hourly(starts_at=utc(2025, 10, 25, 22), duration=5 * HOUR)
    assert planned.request.ends_at == utc(2025, 10, 26, 3)
    assert planned.local_ends_at.hour == 4  # CET again after the fall back


@pytest.mark.parametrize(
    ("starts_at", "ends_at", "sent_start", "sent_end", "widened"),
    [
        (
            wall(2025, 6, 3, 10, 29),
            wall(2025, 6, 3, 12, 31),
            utc(2025, 6, 3, 8),
            utc(2025, 6, 3, 11),
            (timedelta(minutes=29), timedelta(minutes=29)),
        ),
        (
            wall(2025, 6, 3, 10, 30),
            wall(2025, 6, 3, 11, 30),
            utc(2025, 6, 3, 8),
            utc(2025, 6, 3, 10),
            (timedelta(minutes=30), timedelta(minutes=30)),
        ),
        (
            wall(2025, 6, 3, 15, 30),
            wall(2025, 6, 3, 17),
            utc(2025, 6, 3, 13),
            utc(2025, 6, 3, 15),
            (timedelta(minutes=30), timedelta()),
        ),
    ],
)
def test_igloohome_hourly_covers_the_window(
    starts_at: datetime,
    ends_at: datetime,
    sent_start: datetime,
    sent_end: datetime,
    widened: tuple[timedelta, timedelta],
) -> None:
    """Test the start is moved back and the end on to whole hours, and by how much."""
    planned = hourly(starts_at=starts_at, ends_at=ends_at)
    assert (planned.request.starts_at, planned.request.ends_at) == (
        sent_start,
        sent_end,
    )
    assert planned.local_starts_at == sent_start.astimezone(ZoneInfo(HA_ZONE))
    assert (planned.widened_start, planned.widened_end) == widened
    assert planned.rounded


def test_igloohome_hourly_half_past_three_for_90_minutes() -> None:
    """Test 15:30 + 90 minutes on igloohome gives 15:00-17:00, 30 minutes earlier."""
    planned = hourly(starts_at=wall(2025, 6, 3, 15, 30), duration=90 * MINUTE)
    assert planned.local_starts_at == local(HA_ZONE, 2025, 6, 3, 15)
    assert planned.local_ends_at == local(HA_ZONE, 2025, 6, 3, 17)
    assert (planned.widened_start, planned.widened_end) == (30 * MINUTE, timedelta())


@pytest.mark.parametrize("minutes", [0, 1, 20, 29, 30, 45, 59])
def test_igloohome_start_now_works_now(minutes: int) -> None:
    """Test a code asked to start now starts on the current hour and is sent so.

    Seam judges the start sent before it rounds to the nearest hour: the start sent is
    now, or the last minute that still rounds down onto the current hour.
    """
    now = NOW + minutes * MINUTE
    planned = hourly(starts_at=now, duration=2 * HOUR, now=now)
    assert planned.local_starts_at == local(HA_ZONE, 2025, 6, 2, 10)
    assert planned.local_ends_at == local(HA_ZONE, 2025, 6, 2, 12 + (minutes > 0))
    assert planned.widened_start == minutes * MINUTE
    assert planned.request.starts_at == NOW + min(minutes, 29) * MINUTE
    assert planned.request.starts_at >= now - 30 * MINUTE


def test_igloohome_start_earlier_in_the_current_hour() -> None:
    """Test a start earlier in the current hour is covered; one before it is in the past."""
    now = NOW + 40 * MINUTE
    planned = hourly(starts_at=NOW + 10 * MINUTE, duration=HOUR, now=now)
    assert planned.local_starts_at == local(HA_ZONE, 2025, 6, 2, 10)
    assert planned.request.starts_at == NOW + 29 * MINUTE
    assert planned.widened_start == 10 * MINUTE
    for planner, end in ((hourly, {"duration": HOUR}), (one_time, {})):
        violation(Rule.STARTS_IN_PAST, planner, starts_at=NOW - MINUTE, now=now, **end)
    violation(
        Rule.STARTS_IN_PAST,
        hourly,
        starts_at=NOW + 10 * MINUTE,
        ends_at=NOW + 30 * MINUTE,
        now=now,
    )


def test_igloohome_hourly_in_half_hour_zone() -> None:
    """Test whole Kolkata hours are half hours of a UTC lock: covering adds 30 min each end."""
    planned = hourly(
        starts_at=wall(2025, 6, 3, 14),
        duration=2 * HOUR,
        default_time_zone="Asia/Kolkata",
    )
    assert planned.request.starts_at == utc(2025, 6, 3, 8)
    assert planned.local_starts_at == local("Asia/Kolkata", 2025, 6, 3, 13, 30)
    assert planned.local_ends_at == local("Asia/Kolkata", 2025, 6, 3, 16, 30)
    assert (planned.widened_start, planned.widened_end) == (30 * MINUTE, 30 * MINUTE)


def test_igloohome_cover_too_long_offers_the_nearest_windows() -> None:
    """Test 672 h that cannot be covered within 672 whole hours names both valid windows."""
    placeholders = violation(
        Rule.IGLOOHOME_COVER_TOO_LONG,
        hourly,
        starts_at=wall(2025, 6, 3, 14),
        duration=672 * HOUR,
        default_time_zone="Asia/Kolkata",
    )
    assert placeholders == {
        "max_hours": "672",
        "cover_hours": "673",
        "windows": "2025-06-03 13:30 IST - 2025-07-01 13:30 IST; "
        "2025-06-03 14:30 IST - 2025-07-01 14:30 IST",
        "time_zone": "Asia/Kolkata",
    }


def test_igloohome_hourly_rounds_on_lock_hours() -> None:
    """Test times are covered on whole hours of the lock's zone, read in Home Assistant's."""
    kolkata = igloo_in("Asia/Kolkata")
    kept = hourly(
        kolkata,
        starts_at=wall(2025, 6, 3, 14),
        duration=2 * HOUR,
        default_time_zone="Asia/Kolkata",
    )
    assert kept.request.starts_at == utc(2025, 6, 3, 8, 30)
    assert kept.time_zone == "Asia/Kolkata"
    assert not kept.rounded
    moved = hourly(kolkata, starts_at=wall(2025, 6, 3, 10), duration=2 * HOUR)
    assert moved.request.starts_at == utc(2025, 6, 3, 7, 30)  # 13:00 IST
    assert moved.request.ends_at == utc(2025, 6, 3, 10, 30)  # 16:00 IST
    assert moved.local_starts_at == local(HA_ZONE, 2025, 6, 3, 9, 30)
    assert moved.rounded


def test_igloohome_hourly_shortest_is_an_hour() -> None:
    """Test a window under an hour is covered by one whole hour."""
    planned = hourly(starts_at=wall(2025, 6, 3, 10), duration=29 * MINUTE)
    assert length(planned) == HOUR
    assert planned.widened_end == 31 * MINUTE


@pytest.mark.parametrize("hours", [1, 672])
def test_igloohome_hourly_duration_bounds(hours: int) -> None:
    """Test 1 and 672 hours are accepted."""
    planned = hourly(starts_at=wall(2025, 6, 3, 10), duration=hours * HOUR)
    assert length(planned) == hours * HOUR


@pytest.mark.parametrize(
    ("duration", "requested"),
    [(29 * DAY, "696"), (400 * DAY, "9600")],
)
def test_igloohome_hourly_duration(duration: timedelta, requested: str) -> None:
    """Test hourly windows outside 1-672 h (and outside the gap) are refused."""
    placeholders = violation(
        Rule.IGLOOHOME_HOURLY_DURATION,
        hourly,
        starts_at=wall(2025, 6, 3, 10),
        duration=duration,
    )
    assert placeholders == {
        "min_hours": "1",
        "max_hours": "672",
        "requested_hours": requested,
    }


@pytest.mark.parametrize("duration", [673 * HOUR, 29 * DAY - HOUR])
def test_igloohome_duration_gap_offers_both_windows(duration: timedelta) -> None:
    """Test a window between 672 h and 29 days names the nearest hourly and daily windows."""
    placeholders = violation(
        Rule.IGLOOHOME_DURATION_GAP,
        hourly,
        starts_at=wall(2025, 6, 3, 10),
        duration=duration,
    )
    assert placeholders == {
        "requested_hours": f"{duration / HOUR:g}",
        "hourly_ends_at": "2025-07-01 10:00 CEST",
        "daily_ends_at": "2025-07-02 10:00 CEST",
        "time_zone": HA_ZONE,
    }


def test_igloohome_duration_gap_offers_lock_local_daily_window() -> None:
    """Test the daily window offered keeps the lock's time of day across its DST change."""
    placeholders = violation(
        Rule.IGLOOHOME_DURATION_GAP,
        hourly,
        igloo_in(HA_ZONE),
        starts_at=wall(2025, 10, 3, 10),
        duration=690 * HOUR,
    )
    assert placeholders["hourly_ends_at"] == "2025-10-31 09:00 CET"
    assert placeholders["daily_ends_at"] == "2025-11-01 10:00 CET"


def test_igloohome_hourly_refuses_ambiguous_end() -> None:
    """Test a requested end repeated by the fall back is refused."""
    violation(
        Rule.AMBIGUOUS_LOCAL_TIME,
        hourly,
        starts_at=wall(2025, 10, 25, 10),
        ends_at=wall(2025, 10, 26, 2, 30),
    )


# igloohome daily


def test_igloohome_daily() -> None:
    """Test a daily code starts at midnight local time and lasts whole days."""
    planned = daily(start_date=date(2025, 6, 3), end_date=date(2025, 7, 2))
    assert planned.request.starts_at == utc(2025, 6, 2, 22)
    assert planned.request.ends_at == utc(2025, 7, 1, 22)
    assert planned.request.max_time_rounding == "1d"
    assert not planned.request.is_one_time_use
    assert planned.kind is CodeKind.DAILY
    assert planned.local_ends_at == local(HA_ZONE, 2025, 7, 2)
    assert (planned.rounded, planned.dst_shift) == (False, None)


@pytest.mark.parametrize("days", [29, 367])
def test_igloohome_daily_duration_bounds(days: int) -> None:
    """Test 29 and 367 days are accepted."""
    planned = daily(
        start_date=date(2025, 6, 3),
        end_date=date(2025, 6, 3) + days * DAY,
        time_of_day=time(15),
    )
    assert length(planned) == days * DAY


@pytest.mark.parametrize("days", [1, 28, 368])
def test_igloohome_daily_duration(days: int) -> None:
    """Test daily windows outside 29-367 days are refused."""
    placeholders = violation(
        Rule.IGLOOHOME_DAILY_DURATION,
        daily,
        start_date=date(2025, 6, 3),
        end_date=date(2025, 6, 3) + days * DAY,
    )
    assert placeholders == {
        "min_days": "29",
        "max_days": "367",
        "requested_days": str(days),
    }


def test_igloohome_daily_end_before_start() -> None:
    """Test an end date before the start date is refused."""
    violation(
        Rule.ENDS_BEFORE_START,
        daily,
        start_date=date(2025, 7, 3),
        end_date=date(2025, 6, 3),
    )


@pytest.mark.parametrize(
    ("start_date", "end_date", "local_end", "shift"),
    [
        (date(2025, 3, 1), date(2025, 3, 31), wall(2025, 3, 31, 11), HOUR),
        (date(2025, 10, 1), date(2025, 10, 31), wall(2025, 10, 31, 9), -HOUR),
    ],
)
def test_igloohome_daily_reports_dst_shift(
    start_date: date, end_date: date, local_end: datetime, shift: timedelta
) -> None:
    """Test a UTC lock keeps its time of day across Berlin's DST change; the shift is told."""
    planned = daily(
        start_date=start_date,
        end_date=end_date,
        time_of_day=time(10),
        now=utc(2025, 2, 1),
    )
    assert length(planned) == 30 * DAY
    assert planned.local_starts_at.replace(tzinfo=None) == datetime.combine(
        start_date, time(10)
    )
    assert planned.local_ends_at.replace(tzinfo=None) == local_end
    assert planned.dst_shift == shift


@pytest.mark.parametrize(
    ("start_date", "end_date", "days_in_utc"),
    [
        (date(2025, 3, 1), date(2025, 3, 31), 30 * DAY - HOUR),
        (date(2025, 10, 1), date(2025, 10, 31), 30 * DAY + HOUR),
    ],
)
def test_igloohome_daily_keeps_lock_time_of_day(
    start_date: date, end_date: date, days_in_utc: timedelta
) -> None:
    """Test a lock in Home Assistant's zone keeps the local time of day across DST."""
    planned = daily(
        igloo_in(HA_ZONE),
        start_date=start_date,
        end_date=end_date,
        time_of_day=time(10),
        now=utc(2025, 2, 1),
    )
    assert length(planned) == days_in_utc
    assert planned.local_ends_at.replace(tzinfo=None) == datetime.combine(
        end_date, time(10)
    )
    assert planned.dst_shift is None


def test_igloohome_daily_counts_lock_dates() -> None:
    """Test days are counted on the lock's dates, even where its date is not Berlin's."""
    planned = daily(
        igloo_in("America/New_York"),
        start_date=date(2025, 10, 1),
        end_date=date(2025, 11, 15),
        time_of_day=time(1),
        now=utc(2025, 9, 1),
    )  # 19:00 New York on Sep 30 to 19:00 on Nov 14, after its own fall back
    assert planned.request.starts_at == utc(2025, 9, 30, 23)
    assert planned.request.ends_at == utc(2025, 11, 15)
    assert planned.local_ends_at == local(HA_ZONE, 2025, 11, 15, 1)
    assert planned.dst_shift is None
    shifted = daily(
        igloo_in("America/New_York"),
        start_date=date(2025, 10, 1),
        end_date=date(2025, 10, 31),
        time_of_day=time(1),
        now=utc(2025, 9, 1),
    )  # Berlin has fallen back, New York not yet
    assert shifted.local_ends_at == local(HA_ZONE, 2025, 10, 31, 0)
    assert shifted.dst_shift == -HOUR


def test_igloohome_daily_end_time_skipped_at_lock() -> None:
    """Test a time of day the lock's spring forward skips on the end date is told as a shift."""
    planned = daily(
        igloo_in(HA_ZONE),
        start_date=date(2025, 2, 28),
        end_date=date(2025, 3, 30),
        time_of_day=time(2),
        now=utc(2025, 2, 1),
    )
    assert planned.local_starts_at == local(HA_ZONE, 2025, 2, 28, 2)
    assert planned.local_ends_at == local(HA_ZONE, 2025, 3, 30, 3)
    assert planned.dst_shift == HOUR


def test_igloohome_daily_needs_a_whole_lock_hour() -> None:
    """Test a daily time of day off the hour is refused with the nearest whole hours.

    A daily code keeps one time of day at both ends, so it cannot cover 15:40.
    """
    placeholders = violation(
        Rule.IGLOOHOME_DAILY_WHOLE_HOUR,
        daily,
        start_date=date(2025, 6, 3),
        end_date=date(2025, 7, 3),
        time_of_day=time(15, 40),
    )
    assert placeholders == {
        "time_of_day": "15:40",
        "windows": "2025-06-03 15:00 CEST - 2025-07-03 15:00 CEST; "
        "2025-06-03 16:00 CEST - 2025-07-03 16:00 CEST",
        "time_zone": HA_ZONE,
    }


def test_igloohome_daily_today_on_the_current_hour() -> None:
    """Test a daily code may start on the current hour, already begun."""
    now = utc(2025, 6, 3, 13, 45)  # 15:45 in Berlin
    planned = daily(
        start_date=date(2025, 6, 3),
        end_date=date(2025, 7, 3),
        time_of_day=time(15),
        now=now,
    )
    assert planned.local_starts_at == local(HA_ZONE, 2025, 6, 3, 15)
    assert planned.request.starts_at == utc(2025, 6, 3, 13, 29)


def test_igloohome_daily_refuses_time_slot() -> None:
    """Test igloohome daily codes take a time of day, not a time slot."""
    placeholders = violation(
        Rule.TIME_SLOT_NOT_SUPPORTED,
        daily,
        start_date=date(2025, 6, 3),
        end_date=date(2025, 7, 3),
        time_slot="Day 7am-7pm",
    )
    assert placeholders == {"device": "Igloo"}


def test_igloohome_daily_refuses_nonexistent_start() -> None:
    """Test a daily start skipped by spring forward is refused."""
    violation(
        Rule.NONEXISTENT_LOCAL_TIME,
        daily,
        start_date=date(2025, 3, 30),
        end_date=date(2025, 4, 30),
        time_of_day=time(2, 30),
        now=utc(2025, 2, 1),
    )


# igloohome one-time


def test_igloohome_one_time() -> None:
    """Test a one-time code sends no end and is valid 24 h."""
    planned = one_time(starts_at=wall(2025, 6, 3, 10, 10))
    assert planned.request.as_json() == {
        "device_id": "igloo",
        "name": "Guest",
        "starts_at": "2025-06-03T08:00:00.000Z",
        "is_offline_access_code": True,
        "max_time_rounding": "1h",
        "is_one_time_use": True,
    }
    assert planned.kind is CodeKind.ONE_TIME
    assert planned.local_ends_at == local(HA_ZONE, 2025, 6, 4, 10)
    assert (planned.rounded, planned.dst_shift) == (True, None)


def test_igloohome_one_time_across_dst() -> None:
    """Test a one-time code across spring forward ends an hour later on the clock."""
    planned = one_time(starts_at=wall(2025, 3, 29, 10), now=utc(2025, 3, 1))
    assert planned.local_ends_at == local(HA_ZONE, 2025, 3, 30, 11)
    assert planned.dst_shift == HOUR


# igloohome quotas

HOURLY_START = wall(2025, 6, 3, 10)  # 08:00 UTC
KNOWN: dict[CodeKind, Callable[[datetime], AccessCode]] = {
    CodeKind.HOURLY: lambda start: code(start, start + 4 * HOUR),
    CodeKind.DAILY: lambda start: code(start, start + 30 * DAY),
    CodeKind.ONE_TIME: lambda start: code(start, None, one_time_use=True),
}


@pytest.mark.parametrize(
    ("planner", "request_", "known_start", "kind", "rule", "limit", "period"),
    [
        (
            hourly,
            {"starts_at": HOURLY_START, "duration": 2 * HOUR},
            utc(2025, 6, 3, 8, 30),
            CodeKind.HOURLY,
            Rule.IGLOOHOME_HOURLY_QUOTA,
            3,
            "2025-06-03 10:00 CEST",
        ),
        (
            daily,
            {
                "start_date": date(2025, 6, 3),
                "end_date": date(2025, 7, 3),
                "time_of_day": time(9),
            },
            utc(2025, 6, 3, 20),
            CodeKind.DAILY,
            Rule.IGLOOHOME_DAILY_QUOTA,
            3,
            "2025-06-03",
        ),
        (
            one_time,
            {"starts_at": HOURLY_START},
            utc(2025, 6, 3, 1),
            CodeKind.ONE_TIME,
            Rule.IGLOOHOME_ONE_TIME_QUOTA,
            5,
            "2025-06-03",
        ),
    ],
)
def test_igloohome_quotas(
    planner: Callable[..., PlannedCode],
    request_: dict[str, Any],
    known_start: datetime,
    kind: CodeKind,
    rule: Rule,
    limit: int,
    period: str,
) -> None:
    """Test the quota of offline codes of one kind starting in the same hour or date."""
    known = KNOWN[kind](known_start)
    not_counted = [
        replace(known, device_id="other"),
        replace(known, is_offline_access_code=False),
        *(make(known_start) for other, make in KNOWN.items() if other is not kind),
        KNOWN[kind](known_start - DAY),
    ]
    assert planner(existing=[*not_counted, *[known] * (limit - 1)], **request_)
    placeholders = violation(
        rule, planner, existing=[*not_counted, *[known] * limit], **request_
    )
    assert placeholders == {"limit": str(limit), "period": period}


def test_igloohome_quotas_count_on_the_locks_clock() -> None:
    """Test quota dates are the lock's dates, not Home Assistant's."""
    lock = igloo_in("America/New_York")
    # 03:00 UTC is June 3 in Berlin but still June 2 in New York.
    known = [code(utc(2025, 6, 3, 3), None, one_time_use=True)] * 5
    planned = one_time(lock, starts_at=utc(2025, 6, 3, 5), existing=known)
    assert planned.request.is_one_time_use
    placeholders = violation(
        Rule.IGLOOHOME_ONE_TIME_QUOTA,
        one_time,
        lock,
        starts_at=utc(2025, 6, 3, 1),
        existing=known,
    )
    assert placeholders["period"] == "2025-06-02"


def test_igloohome_quotas_ignore_ended_codes() -> None:
    """Test codes that have ended, one-time ones 24 h after their start, free their place."""
    ended = [
        code(utc(2025, 6, 1, 8), utc(2025, 6, 2, 8)),
        code(utc(2025, 6, 1, 8), None, one_time_use=True),
    ] * 100
    assert hourly(starts_at=HOURLY_START, duration=HOUR, existing=ended)


def test_igloohome_quotas_skip_codes_without_start() -> None:
    """Test a known code without a window counts only towards the lock's limit."""
    unscheduled = replace(code(NOW, None), starts_at=None)
    assert hourly(starts_at=HOURLY_START, duration=HOUR, existing=[unscheduled] * 3)


def test_lock_code_limit() -> None:
    """Test a lock holds at most 199 codes, online ones included."""
    known = [code(utc(2025, 6, 10, 8), utc(2025, 6, 10, 9), offline=False)] * 198
    assert one_time(starts_at=HOURLY_START, existing=known)
    placeholders = violation(
        Rule.LOCK_CODE_LIMIT,
        one_time,
        starts_at=HOURLY_START,
        existing=[*known, known[0]],
    )
    assert placeholders == {"limit": "199"}


# dormakaba Oracode


def test_oracode_hourly_on_overnight_slot() -> None:
    """Test a Monday to Friday 4pm-10am stay sits on the overnight slot in the door's zone."""
    planned = hourly(
        ORACODE, starts_at=wall(2025, 6, 2, 16), ends_at=wall(2025, 6, 6, 10)
    )
    assert planned.time_zone == DOOR_ZONE
    assert planned.time_slot is not None
    assert planned.time_slot.name == "Guest 4pm-10am"
    assert planned.request.starts_at == utc(2025, 6, 2, 23)
    assert planned.request.ends_at == utc(2025, 6, 6, 17)
    assert planned.request.max_time_rounding == "1h"
    assert planned.local_starts_at == local(DOOR_ZONE, 2025, 6, 2, 16)
    assert (planned.kind, planned.rounded, planned.dst_shift) == (
        CodeKind.HOURLY,
        False,
        None,
    )


@pytest.mark.parametrize(
    ("starts_at", "ends_at", "widened"),
    [
        (wall(2025, 6, 2, 16, 59), wall(2025, 6, 6, 9, 1), (59, 59)),
        (wall(2025, 6, 2, 17), wall(2025, 6, 6, 9), (60, 60)),
        (wall(2025, 6, 2, 16, 30), wall(2025, 6, 6, 10), (30, 0)),
    ],
)
def test_oracode_covers_with_a_slot_within_an_hour(
    starts_at: datetime, ends_at: datetime, widened: tuple[int, int]
) -> None:
    """Test a slot checking in up to an hour before and out up to an hour after covers."""
    planned = hourly(ORACODE, starts_at=starts_at, ends_at=ends_at)
    assert planned.local_starts_at == local(DOOR_ZONE, 2025, 6, 2, 16)
    assert planned.local_ends_at == local(DOOR_ZONE, 2025, 6, 6, 10)
    assert (planned.widened_start, planned.widened_end) == (
        widened[0] * MINUTE,
        widened[1] * MINUTE,
    )
    assert planned.rounded


@pytest.mark.parametrize(
    ("starts_at", "ends_at"),
    [
        (wall(2025, 6, 2, 15, 1), wall(2025, 6, 6, 10, 59)),
        (wall(2025, 6, 2, 15), wall(2025, 6, 6, 11)),
        (wall(2025, 6, 2, 14, 59), wall(2025, 6, 6, 10)),
        (wall(2025, 6, 2, 16), wall(2025, 6, 6, 11, 1)),
        (wall(2025, 6, 2, 12, 30), wall(2025, 6, 2, 12, 45)),
    ],
)
def test_oracode_no_covering_slot(starts_at: datetime, ends_at: datetime) -> None:
    """Test a window no slot covers within an hour is refused, listing the slots."""
    placeholders = violation(
        Rule.ORACODE_NO_MATCHING_SLOT,
        hourly,
        ORACODE,
        starts_at=starts_at,
        ends_at=ends_at,
    )
    assert placeholders["slots"] == (
        "Guest 4pm-10am (16:00-10:00), 24h noon-noon (12:00-12:00), "
        "Day 7am-7pm (07:00-19:00), Morning 9am-10am (09:00-10:00)"
    )
    assert placeholders["time_zone"] == DOOR_ZONE


def test_oracode_refusal_offers_the_nearest_windows() -> None:
    """Test a refusal names the nearest slot windows, which would not fully cover it."""
    placeholders = violation(
        Rule.ORACODE_NO_MATCHING_SLOT,
        hourly,
        ORACODE,
        starts_at=wall(2025, 6, 2, 15, 1),
        ends_at=wall(2025, 6, 6, 10, 59),
    )
    assert placeholders["windows"] == (
        "2025-06-02 16:00 - 2025-06-06 10:00; 2025-06-02 12:00 - 2025-06-06 12:00; "
        "2025-06-02 09:00 - 2025-06-06 10:00"
    )


def test_oracode_check_in_the_evening_before() -> None:
    """Test a start just after midnight is covered by a check-in the evening before."""
    door = oracode_door(_slot("Late", "23:30", "10:00"))
    planned = hourly(
        door,
        starts_at=wall(2025, 6, 3, 0, 20),
        ends_at=wall(2025, 6, 4, 9, 30),
    )
    assert planned.local_starts_at == local(DOOR_ZONE, 2025, 6, 2, 23, 30)
    assert planned.local_ends_at == local(DOOR_ZONE, 2025, 6, 4, 10)


def test_oracode_check_in_earlier_this_hour() -> None:
    """Test a stay asked to start now is covered by a check-in up to an hour ago."""
    now = local(DOOR_ZONE, 2025, 6, 2, 16, 40).astimezone(UTC)
    planned = hourly(ORACODE, starts_at=now, ends_at=wall(2025, 6, 3, 10), now=now)
    assert planned.local_starts_at == local(DOOR_ZONE, 2025, 6, 2, 16)
    assert planned.request.starts_at == now - 40 * MINUTE
    asked = hourly(
        ORACODE, starts_at=wall(2025, 6, 2, 16), ends_at=wall(2025, 6, 3, 10), now=now
    )
    assert asked.widened_start == timedelta()


def test_oracode_single_day_and_24_hour_slots() -> None:
    """Test a 7am-7pm day and a noon-to-noon day are allowed."""
    day = hourly(ORACODE, starts_at=wall(2025, 6, 3, 7), ends_at=wall(2025, 6, 3, 19))
    assert day.time_slot is not None
    assert day.time_slot.name == "Day 7am-7pm"
    full = hourly(ORACODE, starts_at=wall(2025, 6, 3, 12), duration=DAY)
    assert full.time_slot is not None
    assert full.time_slot.name == "24h noon-noon"


def test_oracode_duration_is_31_days_of_wall_clock() -> None:
    """Test 31 days are allowed, even across fall back, and 31 days and an hour are not."""
    assert hourly(ORACODE, starts_at=wall(2025, 6, 3, 9), ends_at=wall(2025, 7, 3, 10))
    fall = hourly(
        ORACODE,
        starts_at=wall(2025, 10, 15, 12),
        ends_at=wall(2025, 11, 15, 12),
    )
    assert length(fall) == 31 * DAY + HOUR
    placeholders = violation(
        Rule.ORACODE_DURATION,
        hourly,
        ORACODE,
        starts_at=wall(2025, 6, 3, 9),
        ends_at=wall(2025, 7, 4, 10),
    )
    assert placeholders == {"max_days": "31", "requested_days": "31.04"}


def test_oracode_refuses_one_time() -> None:
    """Test Oracode doors have no one-time codes."""
    placeholders = violation(
        Rule.ORACODE_ONE_TIME_NOT_SUPPORTED,
        one_time,
        ORACODE,
        starts_at=wall(2025, 6, 3, 10),
    )
    assert placeholders == {"device": "Door"}


def test_oracode_daily_on_named_slot() -> None:
    """Test a daily code starts at check-in on the start date and ends at check-out."""
    planned = daily(
        ORACODE,
        start_date=date(2025, 6, 2),
        end_date=date(2025, 6, 6),
        time_slot="Guest 4pm-10am",
    )
    assert planned.local_starts_at == local(DOOR_ZONE, 2025, 6, 2, 16)
    assert planned.local_ends_at == local(DOOR_ZONE, 2025, 6, 6, 10)
    assert planned.request.max_time_rounding == "1h"
    assert (planned.kind, planned.rounded, planned.dst_shift) == (
        CodeKind.DAILY,
        False,
        None,
    )


def test_oracode_daily_across_dst_keeps_slot_times() -> None:
    """Test Oracode windows keep the slot's wall times across a DST change."""
    planned = daily(
        ORACODE,
        start_date=date(2025, 10, 30),
        end_date=date(2025, 11, 5),
        time_slot="Day 7am-7pm",
    )
    assert planned.local_ends_at == local(DOOR_ZONE, 2025, 11, 5, 19)
    assert planned.dst_shift is None


def test_oracode_daily_single_day_and_overnight_same_date() -> None:
    """Test a single day fits a same-day slot; an overnight slot needs a later end date."""
    assert daily(
        ORACODE,
        start_date=date(2025, 6, 3),
        end_date=date(2025, 6, 3),
        time_slot="Day 7am-7pm",
    )
    violation(
        Rule.ENDS_BEFORE_START,
        daily,
        ORACODE,
        start_date=date(2025, 6, 3),
        end_date=date(2025, 6, 3),
        time_slot="Guest 4pm-10am",
    )


@pytest.mark.parametrize("time_slot", ["Master", "One shot", "day 7am-7pm"])
def test_oracode_unknown_time_slot(time_slot: str) -> None:
    """Test only the exact name of a supported slot is accepted."""
    placeholders = violation(
        Rule.UNKNOWN_TIME_SLOT,
        daily,
        ORACODE,
        start_date=date(2025, 6, 3),
        end_date=date(2025, 6, 5),
        time_slot=time_slot,
    )
    assert placeholders == {"time_slot": time_slot, "slots": SUPPORTED_SLOTS}


def test_oracode_daily_requires_time_slot() -> None:
    """Test an Oracode daily code needs a slot and takes no time of day."""
    placeholders = violation(
        Rule.TIME_SLOT_REQUIRED,
        daily,
        ORACODE,
        start_date=date(2025, 6, 3),
        end_date=date(2025, 6, 5),
    )
    assert placeholders == {"slots": SUPPORTED_SLOTS}
    placeholders = violation(
        Rule.TIME_OF_DAY_NOT_SUPPORTED,
        daily,
        ORACODE,
        start_date=date(2025, 6, 3),
        end_date=date(2025, 6, 5),
        time_of_day=time(16),
    )
    assert placeholders == {"device": "Door"}


def test_oracode_daily_duration() -> None:
    """Test an Oracode daily code lasts at most 31 days."""
    placeholders = violation(
        Rule.ORACODE_DURATION,
        daily,
        ORACODE,
        start_date=date(2025, 6, 3),
        end_date=date(2025, 7, 4),
        time_slot="Day 7am-7pm",
    )
    assert placeholders == {"max_days": "31", "requested_days": "31.5"}


def test_oracode_slot_time_in_dst_gap() -> None:
    """Test a slot time the clocks skip that day is refused, not shifted."""
    door = oracode_door(_slot("Night", "02:30", "10:00"))
    violation(
        Rule.NONEXISTENT_LOCAL_TIME,
        daily,
        door,
        start_date=date(2025, 3, 9),
        end_date=date(2025, 3, 12),
        time_slot="Night",
        now=utc(2025, 3, 1),
    )


# Properties over real zones, dates across DST changes and durations

ZONES = (
    "UTC",
    "Europe/Berlin",
    "America/Los_Angeles",
    "America/St_Johns",
    "America/Sao_Paulo",
    "America/Santiago",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Australia/Adelaide",
    "Australia/Lord_Howe",
    "Pacific/Auckland",
    "Pacific/Chatham",
    "Africa/Casablanca",
)
PROPERTY_NOW = datetime(2025, 1, 1, tzinfo=UTC)
PROPERTY_SETTINGS = settings(max_examples=150, deadline=None)


def _transitions(zone: str) -> list[datetime]:
    """Return the wall times just before each UTC offset change of 2025-2027 in ``zone``."""
    tz = ZoneInfo(zone)
    hours = (PROPERTY_NOW + n * HOUR for n in range(3 * 366 * 24))
    walls: list[datetime] = []
    previous = None
    for instant in hours:
        offset = instant.astimezone(tz).utcoffset()
        if previous is not None and offset != previous:
            walls.append((instant - HOUR).astimezone(tz).replace(tzinfo=None))
        previous = offset
    return walls


TRANSITIONS = {zone: _transitions(zone) for zone in ZONES}


@st.composite
def zoned_walls(draw: st.DrawFn) -> tuple[str, datetime]:
    """Draw a zone and a wall time there, often within hours of a DST change."""
    zone = draw(st.sampled_from(ZONES))
    near_transition = draw(st.booleans())
    if near_transition and TRANSITIONS[zone]:
        base = draw(st.sampled_from(TRANSITIONS[zone]))
        return zone, base + timedelta(minutes=draw(st.integers(-240, 240)))
    return zone, draw(
        st.datetimes(min_value=wall(2025, 1, 2), max_value=wall(2027, 12, 1))
    )


def check_violation(err: Violation, allowed: set[Rule]) -> None:
    """Assert a refusal names an expected rule with exactly its placeholders."""
    assert err.rule in allowed
    assert set(err.placeholders) == PLACEHOLDERS[err.rule]
    assert all(isinstance(value, str) and value for value in err.placeholders.values())


def check_plan(planned: PlannedCode, zone: str) -> None:
    """Assert the invariants every accepted plan keeps."""
    request = planned.request
    ends_at = request.ends_at or request.starts_at + DAY
    assert planned.time_zone == zone
    assert request.starts_at.tzinfo is UTC
    assert request.ends_at is None or request.ends_at.tzinfo is UTC
    assert planned.local_starts_at.astimezone(UTC) == request.starts_at
    assert planned.local_ends_at.astimezone(UTC) == ends_at
    assert request.starts_at >= PROPERTY_NOW - START_GRACE - HOUR
    tz = ZoneInfo(zone)
    for moment in (planned.local_starts_at, planned.local_ends_at):
        assert moment.tzinfo == tz
        naive = moment.replace(tzinfo=None)
        readings = {naive.replace(tzinfo=tz, fold=fold).utcoffset() for fold in (0, 1)}
        if len(readings) == 1:
            assert to_local(naive, zone).astimezone(UTC) == moment.astimezone(UTC)
        else:  # the plan landed on a repeated wall time; its offset tells which
            with pytest.raises(Violation, match=Rule.AMBIGUOUS_LOCAL_TIME):
                to_local(naive, zone)
            assert moment.utcoffset() in readings


@PROPERTY_SETTINGS
@given(zoned_walls())
def test_to_local_round_trips_or_refuses(zoned: tuple[str, datetime]) -> None:
    """Test a wall time converts back to itself, or is refused as skipped or repeated."""
    zone, value = zoned
    try:
        converted = to_local(value, zone)
    except Violation as err:
        check_violation(err, {Rule.NONEXISTENT_LOCAL_TIME, Rule.AMBIGUOUS_LOCAL_TIME})
        first = value.replace(tzinfo=ZoneInfo(zone))
        assert first.utcoffset() != first.replace(fold=1).utcoffset()
    else:
        assert converted.replace(tzinfo=None) == value
        assert converted.astimezone(UTC).astimezone(ZoneInfo(zone)) == converted


def on_lock_hour(instant: datetime, zone: str) -> bool:
    """Tell whether ``instant`` is a whole hour of ``zone``'s local time.

    Or an hour after one, across a half-hour change of offset (Lord Howe).
    """
    tz = ZoneInfo(zone)
    here = instant.astimezone(tz)
    return here.minute == here.second == 0 or (
        (instant - HOUR).astimezone(tz).utcoffset() != here.utcoffset()
    )


@PROPERTY_SETTINGS
@given(zoned_walls(), st.sampled_from(ZONES), st.integers(0, 800 * 60))
def test_igloohome_hourly_invariants(
    zoned: tuple[str, datetime], lock: str, minutes: int
) -> None:
    """Test accepted hourly codes lie on whole hours of the lock and last 1-672 hours."""
    zone, starts_at = zoned
    try:
        planned = hourly(
            igloo_in(lock),
            starts_at=starts_at,
            duration=timedelta(minutes=minutes),
            now=PROPERTY_NOW,
            default_time_zone=zone,
        )
    except Violation as err:
        check_violation(
            err,
            {
                Rule.NONEXISTENT_LOCAL_TIME,
                Rule.AMBIGUOUS_LOCAL_TIME,
                Rule.ENDS_BEFORE_START,
                Rule.IGLOOHOME_HOURLY_DURATION,
                Rule.IGLOOHOME_DURATION_GAP,
                Rule.IGLOOHOME_COVER_TOO_LONG,
            },
        )
        return
    check_plan(planned, zone)
    request = planned.request
    assert request.ends_at is not None
    assert on_lock_hour(request.starts_at, lock)
    assert on_lock_hour(request.ends_at, lock)
    assert HOUR <= length(planned) <= 672 * HOUR
    asked_start = to_local(starts_at, zone).astimezone(UTC)
    asked_end = asked_start + timedelta(minutes=minutes)
    lock_hours_apart = 90 * MINUTE  # at most, where Lord Howe falls back 30 minutes
    assert asked_start - lock_hours_apart < request.starts_at <= asked_start
    assert asked_end <= request.ends_at < asked_end + lock_hours_apart
    assert planned.widened_start == asked_start - request.starts_at
    assert planned.widened_end == request.ends_at - asked_end
    assert request.max_time_rounding == "1h"


@PROPERTY_SETTINGS
@given(zoned_walls(), st.sampled_from(ZONES), st.integers(-5, 400), st.booleans())
def test_igloohome_daily_invariants(
    zoned: tuple[str, datetime], lock: str, days: int, on_the_hour: bool
) -> None:
    """Test accepted daily codes keep the lock's time of day and report any shift."""
    zone, start = zoned
    if on_the_hour:
        start = start.replace(minute=0, second=0, microsecond=0)
    try:
        planned = daily(
            igloo_in(lock),
            start_date=start.date(),
            end_date=start.date() + days * DAY,
            time_of_day=start.time(),
            now=PROPERTY_NOW,
            default_time_zone=zone,
        )
    except Violation as err:
        check_violation(
            err,
            {
                Rule.NONEXISTENT_LOCAL_TIME,
                Rule.AMBIGUOUS_LOCAL_TIME,
                Rule.ENDS_BEFORE_START,
                Rule.IGLOOHOME_DAILY_DURATION,
                Rule.IGLOOHOME_DAILY_WHOLE_HOUR,
            },
        )
        return
    check_plan(planned, zone)
    assert 29 <= days <= 367
    assert planned.request.max_time_rounding == "1d"
    assert planned.request.ends_at is not None
    tz = ZoneInfo(lock)
    lock_start = planned.request.starts_at.astimezone(tz)
    lock_end = planned.request.ends_at.astimezone(tz)
    assert lock_end.date() == lock_start.date() + days * DAY
    if lock_end.time() != lock_start.time():  # skipped by a spring forward that day
        with pytest.raises(Violation, match=Rule.NONEXISTENT_LOCAL_TIME):
            to_local(datetime.combine(lock_end.date(), lock_start.time()), lock)
    local_start, local_end = planned.local_starts_at, planned.local_ends_at
    shift = local_end.replace(tzinfo=None) - local_start.replace(tzinfo=None)
    assert (planned.dst_shift or timedelta()) == shift - days * DAY
    if zone == lock and lock_end.time() == lock_start.time():
        assert planned.dst_shift is None


@PROPERTY_SETTINGS
@given(zoned_walls())
def test_igloohome_one_time_invariants(zoned: tuple[str, datetime]) -> None:
    """Test accepted one-time codes send no end and last 24 hours."""
    zone, starts_at = zoned
    try:
        planned = one_time(
            starts_at=starts_at, now=PROPERTY_NOW, default_time_zone=zone
        )
    except Violation as err:
        check_violation(err, {Rule.NONEXISTENT_LOCAL_TIME, Rule.AMBIGUOUS_LOCAL_TIME})
        return
    check_plan(planned, zone)
    assert planned.request.ends_at is None
    assert planned.request.is_one_time_use


def _door_in(zone: str) -> Device:
    return oracode_door(
        *(_slot(*slot, zone) for slot in DOOR_SLOTS),
        _slot("Night 2:30am-11am", "02:30", "11:00", zone),
        _slot("Master", "16:00", "10:00", zone, is_master=True),
        zone=zone,
    )


ORACODE_REFUSALS = {
    Rule.NONEXISTENT_LOCAL_TIME,
    Rule.AMBIGUOUS_LOCAL_TIME,
    Rule.ENDS_BEFORE_START,
    Rule.ORACODE_DURATION,
    Rule.ORACODE_NO_MATCHING_SLOT,
}


def check_oracode_plan(planned: PlannedCode, zone: str, door: Device) -> None:
    """Assert an accepted Oracode plan sits on a supported slot's times."""
    check_plan(planned, zone)
    slot = planned.time_slot
    assert slot in door.supported_time_slots
    assert planned.local_starts_at.time() == slot.check_in
    assert planned.local_ends_at.time() == slot.check_out
    wall_length = planned.local_ends_at.replace(
        tzinfo=None
    ) - planned.local_starts_at.replace(tzinfo=None)
    assert timedelta() < wall_length <= 31 * DAY
    assert planned.request.max_time_rounding == "1h"


@PROPERTY_SETTINGS
@given(
    zoned_walls(),
    st.sampled_from(DOOR_SLOTS),
    st.integers(0, 32),
    st.integers(-90, 90),
    st.integers(-90, 90),
)
def test_oracode_hourly_invariants(
    zoned: tuple[str, datetime],
    slot: tuple[str, str, str],
    days: int,
    start_shift: int,
    end_shift: int,
) -> None:
    """Test Oracode windows near a slot land on one slot's times, in the door's zone."""
    zone, start = zoned
    door = _door_in(zone)
    check_in, check_out = time.fromisoformat(slot[1]), time.fromisoformat(slot[2])
    slot_start = datetime.combine(start.date(), check_in)
    slot_end = datetime.combine(start.date() + days * DAY, check_out)
    try:
        planned = hourly(
            door,
            starts_at=slot_start + timedelta(minutes=start_shift),
            ends_at=slot_end + timedelta(minutes=end_shift),
            now=PROPERTY_NOW,
        )
    except Violation as err:
        near = (
            slot_end > slot_start and 0 <= start_shift <= 60 and -60 <= end_shift <= 0
        )
        check_violation(
            err,
            ORACODE_REFUSALS - {Rule.ORACODE_NO_MATCHING_SLOT}
            if near
            else ORACODE_REFUSALS,
        )
        return
    check_oracode_plan(planned, zone, door)


@PROPERTY_SETTINGS
@given(
    zoned_walls(),
    st.integers(-1, 33),
    st.sampled_from([*(slot[0] for slot in DOOR_SLOTS), "Night 2:30am-11am"]),
)
def test_oracode_daily_invariants(
    zoned: tuple[str, datetime], days: int, time_slot: str
) -> None:
    """Test accepted Oracode daily codes start at check-in and end at check-out."""
    zone, start = zoned
    door = _door_in(zone)
    try:
        planned = daily(
            door,
            start_date=start.date(),
            end_date=start.date() + days * DAY,
            time_slot=time_slot,
            now=PROPERTY_NOW,
        )
    except Violation as err:
        check_violation(err, ORACODE_REFUSALS)
        return
    check_oracode_plan(planned, zone, door)
    assert planned.time_slot is not None
    assert planned.time_slot.name == time_slot
