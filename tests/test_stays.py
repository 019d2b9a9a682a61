"""Test the planning of stays: the code covering a stay on every lock of a property."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import given, settings, strategies as st
import pytest

from custom_components.seam_offline_codes.rules import (
    IGLOOHOME_DAILY_MAX_DAYS,
    IGLOOHOME_DAILY_MIN_DAYS,
    IGLOOHOME_HOURLY_MAX,
    ORACODE_MAX_DAYS,
    PLACEHOLDERS,
    CodeKind,
    Rule,
)
from custom_components.seam_offline_codes.seam.models import Device, TimeSlot
from custom_components.seam_offline_codes.stays import (
    LockPlan,
    StayRefused,
    StayRule,
    StayWarning,
    Widening,
    plan_stay,
)
from seam_sandbox import DemoDevice, load_scenario


def wall(*args: int) -> datetime:
    """Return a naive wall time, as Home Assistant's datetime selector gives."""
    return datetime(*args)  # type: ignore[arg-type]  # noqa: DTZ001


HA_ZONE = "America/New_York"
NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
DEVICES = {
    device.device_id: device
    for device in map(Device.from_dict, load_scenario("demo").devices)
}
FRONT_DOOR = DEVICES[DemoDevice.FRONT_DOOR]
"""igloohome, America/New_York (Home Assistant's zone here)."""
ROOM_101 = DEVICES[DemoDevice.ROOM_101]
"""Oracode, America/Los_Angeles: 24H noon-noon, 7am-7pm and 4pm-10am slots."""
NOON_TO_NOON, SEVEN_TO_SEVEN, FOUR_TO_TEN = (
    slot.name for slot in ROOM_101.supported_time_slots
)
CHECK_IN = wall(2026, 6, 5, 15)


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations() -> None:
    """Run without Home Assistant: stays are planned by pure functions."""


def stay(
    check_out: datetime,
    check_in: datetime = CHECK_IN,
    locks: tuple[Device, ...] = (FRONT_DOOR, ROOM_101),
    **kwargs: Any,
) -> tuple[LockPlan, ...]:
    """Plan a stay for Anna on ``locks``."""
    return plan_stay(
        locks,
        name="Anna",
        check_in=check_in,
        check_out=check_out,
        now=NOW,
        existing=(),
        default_time_zone=HA_ZONE,
        **kwargs,
    )


def local(plan: LockPlan) -> tuple[datetime, datetime]:
    """Return a plan's window as naive wall times on its lock's clock."""
    planned = plan.planned
    return (
        planned.local_starts_at.replace(tzinfo=None),
        planned.local_ends_at.replace(tzinfo=None),
    )


def refusal(*args: Any, **kwargs: Any) -> StayRefused:
    """Assert the stay is refused; return the refusal."""
    with pytest.raises(StayRefused) as excinfo:
        stay(*args, **kwargs)
    return excinfo.value


def test_two_hours() -> None:
    """Two hours: an hourly igloohome code as asked; the 7am-7pm slot on the door."""
    igloo, door = stay(CHECK_IN + 2 * HOUR)
    assert igloo.planned.kind is CodeKind.HOURLY
    assert local(igloo) == (CHECK_IN, CHECK_IN + 2 * HOUR)
    assert igloo.widening == ()
    assert (igloo.earlier_by, igloo.later_by) == (timedelta(), timedelta())
    assert igloo.warnings == ()
    assert door.planned.time_slot is not None
    assert door.planned.time_slot.name == SEVEN_TO_SEVEN
    assert local(door) == (wall(2026, 6, 5, 7), wall(2026, 6, 5, 19))
    assert door.widening == (Widening.TIME_SLOT,)
    assert (door.earlier_by, door.later_by) == (8 * HOUR, 2 * HOUR)


def test_five_days() -> None:
    """Five days: hourly on igloohome; the narrowest covering slot (noon to noon)."""
    check_out = wall(2026, 6, 10, 11)
    igloo, door = stay(check_out)
    assert igloo.planned.kind is CodeKind.HOURLY
    assert local(igloo) == (CHECK_IN, check_out)
    assert igloo.warnings == (StayWarning.FIRST_USE_WITHIN_24_HOURS,)
    assert door.planned.time_slot is not None
    assert door.planned.time_slot.name == NOON_TO_NOON
    assert local(door) == (wall(2026, 6, 5, 12), wall(2026, 6, 10, 12))


def test_twenty_eight_and_a_half_days() -> None:
    """Between 672 hours and 29 days igloohome gets a 29-day daily code."""
    check_out = CHECK_IN + 28 * DAY + 12 * HOUR
    igloo, door = stay(check_out)
    assert igloo.planned.kind is CodeKind.DAILY
    assert local(igloo) == (CHECK_IN, CHECK_IN + 29 * DAY)
    assert igloo.widening == (Widening.DAILY_MINIMUM,)
    assert igloo.later_by == 12 * HOUR
    assert door.planned.time_slot is not None
    assert door.planned.time_slot.name == NOON_TO_NOON
    assert local(door) == (wall(2026, 6, 5, 12), wall(2026, 7, 4, 12))


def test_forty_days() -> None:
    """Forty days: a daily igloohome code; the Oracode door refuses the whole stay."""
    check_out = wall(2026, 7, 15, 11)
    (igloo,) = stay(check_out, locks=(FRONT_DOOR,))
    assert igloo.planned.kind is CodeKind.DAILY
    assert local(igloo) == (CHECK_IN, wall(2026, 7, 15, 15))
    assert igloo.widening == (Widening.WHOLE_DAYS,)
    refused = refusal(check_out)
    assert refused.lock is ROOM_101
    assert refused.rule is Rule.ORACODE_DURATION
    assert refused.placeholders == {"max_days": "31", "requested_days": "39.83"}


def test_daily_ends_a_day_later_when_check_out_is_later_in_the_day() -> None:
    """A daily code ends on the check-out date only if that covers the check-out time."""
    (igloo,) = stay(wall(2026, 7, 15, 16, 30), locks=(FRONT_DOOR,))
    assert local(igloo) == (CHECK_IN, wall(2026, 7, 16, 15))
    assert igloo.widening == (Widening.WHOLE_DAYS,)


def test_minimum_and_a_day() -> None:
    """Just under 29 days, but checking out later in the day: 30 days, both reasons."""
    (igloo,) = stay(
        wall(2026, 7, 4, 15, 10),
        check_in=wall(2026, 6, 5, 15, 30),
        locks=(FRONT_DOOR,),
    )
    assert local(igloo) == (CHECK_IN, CHECK_IN + 30 * DAY)
    assert igloo.widening == (Widening.DAILY_MINIMUM, Widening.WHOLE_DAYS)


def test_four_hundred_days_refused() -> None:
    """Over 367 days nothing covers the stay on igloohome."""
    refused = refusal(CHECK_IN + 400 * DAY, locks=(FRONT_DOOR,))
    assert refused.lock is FRONT_DOOR
    assert refused.rule is Rule.IGLOOHOME_DAILY_DURATION
    assert refused.placeholders["requested_days"] == "400"


def test_no_covering_slot() -> None:
    """A check-in before every slot's check-in time is refused, naming the slots."""
    check_in = wall(2026, 6, 5, 6)
    refused = refusal(check_in + 2 * DAY, check_in=check_in, locks=(ROOM_101,))
    assert refused.lock is ROOM_101
    assert refused.rule is StayRule.NO_COVERING_SLOT
    assert refused.placeholders == {
        "check_in": "2026-06-05 06:00 PDT",
        "check_out": "2026-06-07 06:00 PDT",
        "slots": "Guest 24H noon-noon (12:00-12:00), Guest D 7am-7pm (07:00-19:00), "
        "Guest 4pm-10am (16:00-10:00)",
    }


def test_default_slot_moved_by_days() -> None:
    """Without a fitting slot, the default slot moves a day earlier to cover check-in."""
    check_in = wall(2026, 6, 5, 6)
    (door,) = stay(
        wall(2026, 6, 7, 9),
        check_in=check_in,
        locks=(ROOM_101,),
        default_time_slots={ROOM_101.device_id: FOUR_TO_TEN},
    )
    assert local(door) == (wall(2026, 6, 4, 16), wall(2026, 6, 7, 10))
    assert door.widening == (Widening.DEFAULT_TIME_SLOT,)
    assert door.warnings == (StayWarning.STARTS_DAY_EARLY,)


def test_default_slot_moved_to_the_next_day() -> None:
    """A same-day stay ending after the default slot's check-out gets the next day."""
    check_in = wall(2026, 6, 5, 20)
    (door,) = stay(
        wall(2026, 6, 5, 23),
        check_in=check_in,
        locks=(ROOM_101,),
        default_time_slots={ROOM_101.device_id: NOON_TO_NOON},
    )
    assert local(door) == (wall(2026, 6, 5, 12), wall(2026, 6, 6, 12))
    assert door.warnings == (StayWarning.ENDS_DAY_LATE,)


def test_every_lock_once() -> None:
    """A lock named twice is planned once."""
    assert len(stay(CHECK_IN + 2 * HOUR, locks=(FRONT_DOOR, FRONT_DOOR))) == 1


def test_first_refusal_stops_the_stay() -> None:
    """The first lock that refuses is named, with the maker's rule."""
    refused = refusal(CHECK_IN - 10 * DAY)
    assert refused.lock is FRONT_DOOR
    assert refused.rule is Rule.ENDS_BEFORE_START
    assert set(refused.placeholders) == PLACEHOLDERS[Rule.ENDS_BEFORE_START]


def test_hourly_covers_odd_minutes() -> None:
    """An igloohome stay off the hour gets the whole hours around it."""
    (igloo,) = stay(
        wall(2026, 6, 5, 17, 10),
        check_in=wall(2026, 6, 5, 15, 30),
        locks=(FRONT_DOOR,),
    )
    assert local(igloo) == (CHECK_IN, CHECK_IN + 3 * HOUR)
    assert igloo.widening == (Widening.WHOLE_HOURS,)
    assert (igloo.earlier_by, igloo.later_by) == (
        30 * timedelta(minutes=1),
        50 * timedelta(minutes=1),
    )


CHECK_INS = st.datetimes(min_value=wall(2026, 6, 2), max_value=wall(2027, 12, 31)).map(
    lambda moment: moment.replace(second=0, microsecond=0)
)
LENGTHS = st.one_of(
    st.integers(60, 40 * 24 * 60),
    st.integers(660 * 60, 700 * 60),
    st.integers(28 * 24 * 60, 30 * 24 * 60),
    st.integers(60, 400 * 24 * 60),
).map(lambda minutes: timedelta(minutes=minutes))
SLOTS = st.sampled_from((None, NOON_TO_NOON, SEVEN_TO_SEVEN, FOUR_TO_TEN))
REFUSALS = {
    Rule.NONEXISTENT_LOCAL_TIME,
    Rule.AMBIGUOUS_LOCAL_TIME,
    Rule.IGLOOHOME_DAILY_DURATION,
    Rule.ORACODE_DURATION,
    StayRule.NO_COVERING_SLOT,
}


def check_igloohome(plan: LockPlan) -> None:
    """Assert an igloohome plan is the tightest code of the right kind."""
    planned = plan.planned
    length = planned.request.ends_at - planned.request.starts_at
    assert plan.earlier_by < HOUR
    if planned.kind is CodeKind.HOURLY:
        assert length <= IGLOOHOME_HOURLY_MAX
        assert plan.later_by < HOUR
        return
    assert planned.kind is CodeKind.DAILY
    assert plan.check_out - plan.check_in > IGLOOHOME_HOURLY_MAX - 2 * HOUR
    days = (planned.local_ends_at.date() - planned.local_starts_at.date()).days
    assert IGLOOHOME_DAILY_MIN_DAYS <= days <= IGLOOHOME_DAILY_MAX_DAYS
    if Widening.DAILY_MINIMUM in plan.widening:  # a day more if check-out is later
        extra = 1 if Widening.WHOLE_DAYS in plan.widening else 0
        assert days == IGLOOHOME_DAILY_MIN_DAYS + extra
    else:
        assert plan.later_by < DAY + HOUR


def check_oracode(plan: LockPlan) -> None:
    """Assert an Oracode plan sits on a slot and, if one fits, on the narrowest."""
    slot = plan.planned.time_slot
    assert slot is not None
    assert plan.planned.local_starts_at.time() == slot.check_in
    assert plan.planned.local_ends_at.time() == slot.check_out
    if Widening.DEFAULT_TIME_SLOT in plan.widening:
        return
    assert plan.planned.local_starts_at.date() == plan.check_in.date()
    assert plan.planned.local_ends_at.date() == plan.check_out.date()
    same_date = plan.check_in.date() == plan.check_out.date()
    for other in ROOM_101.supported_time_slots:
        fits = (
            other.check_in <= plan.check_in.time()
            and other.check_out >= plan.check_out.time()
            and not (same_date and other.check_out <= other.check_in)
        )
        narrower = length_on_a_day(other) < length_on_a_day(slot)
        assert not (fits and narrower)


def length_on_a_day(slot: TimeSlot) -> timedelta:
    """Return how far a slot's check-out time is after its check-in time (may be < 0)."""
    return wall(2026, 1, 1, slot.check_out.hour, slot.check_out.minute) - wall(
        2026, 1, 1, slot.check_in.hour, slot.check_in.minute
    )


def check_refusal(
    refused: StayRefused, length: timedelta, default_slot: str | None
) -> None:
    """Assert a stay was refused only where no code can cover it."""
    assert refused.rule in REFUSALS
    if refused.rule is Rule.IGLOOHOME_DAILY_DURATION:
        assert length > (IGLOOHOME_DAILY_MAX_DAYS - 1) * DAY
    if refused.rule is Rule.ORACODE_DURATION:
        assert refused.lock is ROOM_101
        widest = (
            2 * DAY if default_slot else 2 * HOUR
        )  # a slot's times, a day each side
        assert length > ORACODE_MAX_DAYS * DAY - widest
    if refused.rule is StayRule.NO_COVERING_SLOT:
        assert default_slot is None


@settings(max_examples=200, deadline=None)
@given(check_in=CHECK_INS, length=LENGTHS, default_slot=SLOTS)
def test_every_plan_covers_the_stay(
    check_in: datetime, length: timedelta, default_slot: str | None
) -> None:
    """Each lock's code covers the whole stay and is the tightest its maker allows."""
    slots = {ROOM_101.device_id: default_slot} if default_slot else {}
    try:
        plans = stay(check_in + length, check_in=check_in, default_time_slots=slots)
    except StayRefused as refused:
        check_refusal(refused, length, default_slot)
        return
    assert [plan.lock for plan in plans] == [FRONT_DOOR, ROOM_101]
    for plan in plans:
        assert plan.earlier_by >= timedelta()
        assert plan.later_by >= timedelta()
        assert bool(plan.widening) == bool(plan.earlier_by or plan.later_by)
    check_igloohome(plans[0])
    check_oracode(plans[1])
