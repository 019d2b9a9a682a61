"""Stays: the offline code that covers a guest's whole stay on each of a property's locks.

Pure functions over :mod:`.rules`, without Home Assistant or I/O: every lock of a stay is
planned before any request, so one refusal stops the whole stay.

What each maker gets (times are read per lock, as :func:`.rules.zone_for` says):
- igloohome: an hourly code on whole hours around the stay when that is at most 672 h;
  else a daily code from the check-in time of day to that time on the check-out date (the
  next date when check-out is later in the day), at least 29 days (a shorter stay is
  extended to 29 days) and at most 367 days (a longer stay is refused).
- Oracode: on the stay's dates, the narrowest supported slot whose check-in time is at or
  before the guest's and whose check-out time is at or after the guest's. When none fits,
  the door's default slot, moved a day earlier at the start or a day later at the end
  where its times do not cover the guest's (the response says so); without a default
  slot, the stay is refused with the slots that exist. Stays over 31 days are refused.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Final
from zoneinfo import ZoneInfo

from .rules import (
    DAY,
    IGLOOHOME_DAILY_MIN_DAYS,
    IGLOOHOME_HOURLY_MAX,
    IGLOOHOME_ONE_TIME_VALIDITY,
    ORACODE_MAX_DAYS,
    PlannedCode,
    Rule,
    Violation,
    lock_zone,
    plan_daily_code,
    plan_hourly_code,
    to_local,
    zone_for,
)
from .seam.models import AccessCode, Device, Maker, TimeSlot

NO_DAYS: Final = timedelta()


_TOO_LONG_FOR_HOURLY: Final = frozenset(
    {Rule.IGLOOHOME_DURATION_GAP, Rule.IGLOOHOME_COVER_TOO_LONG}
)
"""The refusals of an hourly code that a daily code covers instead."""


class Widening(StrEnum):
    """Why a lock's code is valid longer than the stay."""

    WHOLE_HOURS = "whole_hours"
    """igloohome hourly codes start and end on whole hours of the lock's clock."""
    WHOLE_DAYS = "whole_days"
    """igloohome daily codes end at the start's time of day."""
    DAILY_MINIMUM = "daily_minimum"
    """igloohome has no codes between 672 hours and 29 days: extended to 29 days."""
    TIME_SLOT = "time_slot"
    """Oracode codes start and end at a time slot's check-in and check-out times."""
    DEFAULT_TIME_SLOT = "default_time_slot"
    """No slot fits the guest's times; the door's default slot moved by whole days."""


class StayWarning(StrEnum):
    """What the host should know about a lock's code before sending it."""

    FIRST_USE_WITHIN_24_HOURS = "first_use_within_24_hours"
    """igloohome: a code valid longer than 24 h must be used within 24 h of its start."""
    STARTS_DAY_EARLY = "starts_day_early"
    """The code works from the day before check-in (the door's default slot)."""
    ENDS_DAY_LATE = "ends_day_late"
    """The code works until the day after check-out (the door's default slot)."""

    @property
    def message(self) -> str:
        """Return what the warning tells the host."""
        return _WARNING_MESSAGES[self]


_WARNING_MESSAGES: Final = {
    StayWarning.FIRST_USE_WITHIN_24_HOURS: (
        "The guest must use this code within 24 hours of its start, "
        "or the lock refuses it from then on"
    ),
    StayWarning.STARTS_DAY_EARLY: (
        "No time slot fits the check-in time: the door's default slot starts "
        "the day before check-in"
    ),
    StayWarning.ENDS_DAY_LATE: (
        "No time slot fits the check-out time: the door's default slot ends "
        "the day after check-out"
    ),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class LockPlan:
    """The code planned on one lock of a stay, and how it differs from the stay."""

    lock: Device
    planned: PlannedCode
    check_in: datetime
    """The guest's check-in on this lock's clock (aware, in the plan's zone)."""
    check_out: datetime
    widening: tuple[Widening, ...]
    warnings: tuple[StayWarning, ...] = ()

    @property
    def earlier_by(self) -> timedelta:
        """How long before check-in the code starts."""
        return self.check_in - self.planned.local_starts_at

    @property
    def later_by(self) -> timedelta:
        """How long after check-out the code ends."""
        return self.planned.local_ends_at - self.check_out


class StayRule(StrEnum):
    """A rule of stays beyond the makers'; its value is the translation key."""

    NO_COVERING_SLOT = "stay_no_covering_slot"


class StayRefused(Exception):
    """A lock that cannot take the stay; nothing of the stay may be sent to Seam."""

    def __init__(
        self, lock: Device, rule: Rule | StayRule, placeholders: Mapping[str, str]
    ) -> None:
        """Name the lock, the rule it breaks and the values its message shows."""
        super().__init__(rule)
        self.lock = lock
        self.rule = rule
        self.placeholders = dict(placeholders)


class _NoCoveringSlot(Exception):
    """No slot of an Oracode door covers the stay, and it has no default slot."""

    def __init__(self, **placeholders: str) -> None:
        super().__init__(StayRule.NO_COVERING_SLOT)
        self.placeholders = placeholders


@dataclass(frozen=True, slots=True, kw_only=True)
class _Stay:
    """The request every lock of a stay is planned from."""

    name: str
    check_in: datetime
    check_out: datetime
    now: datetime
    existing: Sequence[AccessCode]
    default_time_zone: str

    def hourly(self, lock: Device, start: datetime, end: datetime) -> PlannedCode:
        """Plan an hourly code on ``lock`` by the rules."""
        return plan_hourly_code(
            lock,
            name=self.name,
            starts_at=start,
            ends_at=end,
            now=self.now,
            existing=self.existing,
            default_time_zone=self.default_time_zone,
        )

    def daily(
        self,
        lock: Device,
        start: date,
        end: date,
        *,
        time_of_day: time | None = None,
        time_slot: str | None = None,
    ) -> PlannedCode:
        """Plan a daily code on ``lock`` by the rules."""
        return plan_daily_code(
            lock,
            name=self.name,
            start_date=start,
            end_date=end,
            time_of_day=time_of_day,
            time_slot=time_slot,
            now=self.now,
            existing=self.existing,
            default_time_zone=self.default_time_zone,
        )


def plan_stay(
    locks: Sequence[Device],
    *,
    name: str,
    check_in: datetime,
    check_out: datetime,
    now: datetime,
    existing: Sequence[AccessCode],
    default_time_zone: str,
    default_time_slots: Mapping[str, str] | None = None,
) -> tuple[LockPlan, ...]:
    """Plan the code covering the stay on every lock, or raise :class:`StayRefused`.

    Naive ``check_in``/``check_out`` are wall times on each lock's clock.
    ``default_time_slots`` maps an Oracode door's device id to its default slot's name.
    """
    stay = _Stay(
        name=name,
        check_in=check_in,
        check_out=check_out,
        now=now,
        existing=existing,
        default_time_zone=default_time_zone,
    )
    slots = default_time_slots or {}
    plans: list[LockPlan] = []
    for lock in {lock.device_id: lock for lock in locks}.values():
        try:
            plans.append(_plan_lock(lock, stay, slots.get(lock.device_id)))
        except Violation as err:
            raise StayRefused(lock, err.rule, err.placeholders) from err
        except _NoCoveringSlot as err:
            raise StayRefused(
                lock, StayRule.NO_COVERING_SLOT, err.placeholders
            ) from err
    return tuple(plans)


def _plan_lock(lock: Device, stay: _Stay, default_slot: str | None) -> LockPlan:
    """Plan the stay on one lock."""
    zone = zone_for(lock, stay.default_time_zone)
    check_in = to_local(stay.check_in, zone)
    check_out = to_local(stay.check_out, zone)
    if lock.maker is Maker.DORMAKABA_ORACODE:
        planned, widening = _plan_oracode(lock, stay, check_in, check_out, default_slot)
    else:
        planned, widening = _plan_igloohome(lock, stay, check_in, check_out)
    return LockPlan(
        lock=lock,
        planned=planned,
        check_in=check_in,
        check_out=check_out,
        widening=widening,
        warnings=_warnings(lock, planned, check_in, check_out, widening),
    )


def _warnings(
    lock: Device,
    planned: PlannedCode,
    check_in: datetime,
    check_out: datetime,
    widening: tuple[Widening, ...],
) -> tuple[StayWarning, ...]:
    """Return what the host should know about a planned code."""
    warnings: list[StayWarning] = []
    if (
        lock.maker is Maker.IGLOOHOME
        and planned.local_ends_at - planned.local_starts_at
        > IGLOOHOME_ONE_TIME_VALIDITY
    ):
        warnings.append(StayWarning.FIRST_USE_WITHIN_24_HOURS)
    if Widening.DEFAULT_TIME_SLOT in widening:
        if planned.local_starts_at.date() < check_in.date():
            warnings.append(StayWarning.STARTS_DAY_EARLY)
        if planned.local_ends_at.date() > check_out.date():
            warnings.append(StayWarning.ENDS_DAY_LATE)
    return tuple(warnings)


def _plan_igloohome(
    lock: Device, stay: _Stay, check_in: datetime, check_out: datetime
) -> tuple[PlannedCode, tuple[Widening, ...]]:
    """Plan an hourly code around the stay, or the daily code that covers it."""
    if check_out - check_in <= IGLOOHOME_HOURLY_MAX:
        try:
            planned = stay.hourly(lock, check_in, check_out)
        except Violation as violation:
            if violation.rule not in _TOO_LONG_FOR_HOURLY:
                raise
        else:
            return planned, _if_widened(
                planned, check_in, check_out, Widening.WHOLE_HOURS
            )
    start = _lock_hour_of(lock, check_in)
    extended = check_out - check_in < IGLOOHOME_DAILY_MIN_DAYS * DAY
    days = max((check_out.date() - start.date()).days, IGLOOHOME_DAILY_MIN_DAYS)
    planned = _plan_igloohome_daily(lock, stay, start, days)
    if later_in_the_day := planned.local_ends_at < check_out:
        planned = _plan_igloohome_daily(lock, stay, start, days + 1)
    if extended:
        return planned, (Widening.DAILY_MINIMUM,) + (
            (Widening.WHOLE_DAYS,) if later_in_the_day else ()
        )
    return planned, _if_widened(planned, check_in, check_out, Widening.WHOLE_DAYS)


def _plan_igloohome_daily(
    lock: Device, stay: _Stay, start: datetime, days: int
) -> PlannedCode:
    """Plan a daily code from ``start`` (a whole hour of the lock), ``days`` dates long."""
    return stay.daily(
        lock, start.date(), start.date() + days * DAY, time_of_day=start.time()
    )


def _lock_hour_of(lock: Device, moment: datetime) -> datetime:
    """Return the lock's whole hour ``moment`` falls in, in ``moment``'s zone."""
    hour = moment.astimezone(ZoneInfo(lock_zone(lock))).replace(
        minute=0, second=0, microsecond=0
    )
    return hour.astimezone(moment.tzinfo)


def _plan_oracode(
    lock: Device,
    stay: _Stay,
    check_in: datetime,
    check_out: datetime,
    default_slot: str | None,
) -> tuple[PlannedCode, tuple[Widening, ...]]:
    """Plan the stay on the narrowest slot that fits it, else on the default slot."""
    walls = check_out.replace(tzinfo=None) - check_in.replace(tzinfo=None)
    if walls > ORACODE_MAX_DAYS * DAY:
        raise Violation(
            Rule.ORACODE_DURATION,
            max_days=str(ORACODE_MAX_DAYS),
            requested_days=f"{round(walls / DAY, 2):g}",
        )
    fitting = [
        slot
        for slot in lock.supported_time_slots
        if slot.check_in <= check_in.time()
        and slot.check_out >= check_out.time()
        and (check_in.date() < check_out.date() or slot.check_in < slot.check_out)
    ]
    if fitting:
        slot = min(fitting, key=_slot_length)
        planned = stay.daily(
            lock, check_in.date(), check_out.date(), time_slot=slot.name
        )
        return planned, _if_widened(planned, check_in, check_out, Widening.TIME_SLOT)
    default = next(
        (slot for slot in lock.supported_time_slots if slot.name == default_slot), None
    )
    if default is None:
        raise _NoCoveringSlot(
            check_in=_format(check_in),
            check_out=_format(check_out),
            slots=", ".join(map(_describe_slot, lock.supported_time_slots)),
        )
    start = check_in.date() - (DAY if default.check_in > check_in.time() else NO_DAYS)
    end = check_out.date() + (DAY if default.check_out < check_out.time() else NO_DAYS)
    planned = stay.daily(lock, start, end, time_slot=default.name)
    return planned, (Widening.DEFAULT_TIME_SLOT,)


def _slot_length(slot: TimeSlot) -> timedelta:
    """Return how long a slot's check-out is after its check-in on the same date."""
    return datetime.combine(date.min, slot.check_out) - datetime.combine(
        date.min, slot.check_in
    )


def _if_widened(
    planned: PlannedCode, check_in: datetime, check_out: datetime, why: Widening
) -> tuple[Widening, ...]:
    """Return ``why`` when the planned window is longer than the stay."""
    if planned.local_starts_at != check_in or planned.local_ends_at != check_out:
        return (why,)
    return ()


def _describe_slot(slot: TimeSlot) -> str:
    return f"{slot.name} ({slot.check_in:%H:%M}-{slot.check_out:%H:%M})"


def _format(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M %Z}"
