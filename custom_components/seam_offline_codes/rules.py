"""Maker rules: a request for an offline code becomes the exact Seam request or a violation.

Pure functions without Home Assistant or I/O, so every rule is checked before any HTTP
request. All of the integration's time-zone handling lives here.

Choices, where Seam leaves room:
- Naive datetimes are wall times in the zone of :func:`zone_for`. A wall time that does
  not exist (spring forward) or exists twice (fall back) is refused, never shifted.
- The code stored always **covers** the window asked for: it starts at or before the
  requested start and ends at or after the requested end, on the times the lock supports;
  :attr:`PlannedCode.widened_start` and :attr:`PlannedCode.widened_end` say by how much.
  Where covering would break a maker's limit, the request is refused with the nearest
  valid windows.
- igloohome works on whole hours of the lock's local time (:func:`lock_zone`: the lock's
  zone, else UTC, as Seam does). Hourly and one-time windows start on the hour at or
  before the requested start; hourly windows end on the hour at or after the requested
  end. A daily window starts and ends at the same time of day, so its time of day must
  be a whole hour of the lock.
- Seam judges "in the past" on the ``starts_at`` sent and then rounds it to the nearest
  hour (as ``seam_sandbox`` models). A start earlier in the current hour is therefore
  sent as the latest moment, no later than now, that still rounds down onto that hour
  (:data:`ROUNDS_DOWN_WITHIN`), so a code asked to start now works now.
- A start before now is read as now; it is refused as "in the past" (beyond a grace of
  :data:`START_GRACE`) unless the code would start at or before it anyway.
- Daily igloohome windows end ``end_date - start_date`` of the lock's local dates after
  their start, at the same local time of day in the lock's zone, since the lock keeps
  local time and Seam compares the time of day there. Read in Home Assistant's zone, the
  end is off the start's time of day only where that zone's DST differs from the lock's
  (or a spring-forward there skips the time of day); :attr:`PlannedCode.dst_shift` says
  by how much. ``time_of_day`` defaults to 00:00.
- dormakaba Oracode windows sit exactly on a slot's check-in and check-out times: the
  covering slot whose check-in is at most 1 h before the start and whose check-out is at
  most 1 h after the end, nearest first; so ``max_time_rounding`` is ``1h``. A stay lasts
  more than nothing and at most 31 days of the door's wall-clock time.
- Every time and duration lies within :data:`HORIZON` of now, checked before any
  arithmetic on it.
- Quotas count the lock's codes that have not ended: all of them towards the 199-code
  limit, and the offline ones of the same kind towards the quota of their hour or date on
  the lock's clock (as igloohome counts them).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .seam.models import AccessCode, Device, Maker, OfflineCodeRequest, TimeSlot

QUARTER: Final = timedelta(minutes=15)
HOUR: Final = timedelta(hours=1)
DAY: Final = timedelta(days=1)

START_GRACE: Final = timedelta(minutes=1)
ROUNDS_DOWN_WITHIN: Final = timedelta(minutes=29)
"""How far past a whole hour a start may be sent and still be rounded down onto it."""
HORIZON_YEARS: Final = 10
HORIZON: Final = HORIZON_YEARS * timedelta(days=366)
"""How far from now a time may lie, and how long a duration may be."""
NAME_MAX_LENGTH: Final = 100

IGLOOHOME_HOURLY_MIN: Final = HOUR
IGLOOHOME_HOURLY_MAX: Final = 672 * HOUR
IGLOOHOME_DAILY_MIN_DAYS: Final = 29
IGLOOHOME_DAILY_MAX_DAYS: Final = 367
IGLOOHOME_ONE_TIME_VALIDITY: Final = 24 * HOUR
IGLOOHOME_LOCK_CODE_LIMIT: Final = 199
ORACODE_MAX_DAYS: Final = 31
SLOT_TOLERANCE: Final = HOUR

ROUNDING_HOUR: Final = "1h"
ROUNDING_DAY: Final = "1d"


class Rule(StrEnum):
    """A maker rule; its value is the translation key of the violation."""

    OFFLINE_CODES_NOT_SUPPORTED = "offline_codes_not_supported"
    UNSUPPORTED_MAKER = "unsupported_maker"
    INVALID_NAME = "invalid_name"
    TIME_ZONE_UNKNOWN = "time_zone_unknown"
    NONEXISTENT_LOCAL_TIME = "nonexistent_local_time"
    AMBIGUOUS_LOCAL_TIME = "ambiguous_local_time"
    END_OR_DURATION_REQUIRED = "end_or_duration_required"
    END_AND_DURATION = "end_and_duration"
    TIME_OUT_OF_RANGE = "time_out_of_range"
    STARTS_IN_PAST = "starts_in_past"
    ENDS_BEFORE_START = "ends_before_start"
    IGLOOHOME_HOURLY_DURATION = "igloohome_hourly_duration"
    IGLOOHOME_DURATION_GAP = "igloohome_duration_gap"
    IGLOOHOME_COVER_TOO_LONG = "igloohome_cover_too_long"
    IGLOOHOME_DAILY_WHOLE_HOUR = "igloohome_daily_whole_hour"
    IGLOOHOME_DAILY_DURATION = "igloohome_daily_duration"
    IGLOOHOME_HOURLY_QUOTA = "igloohome_hourly_quota"
    IGLOOHOME_DAILY_QUOTA = "igloohome_daily_quota"
    IGLOOHOME_ONE_TIME_QUOTA = "igloohome_one_time_quota"
    LOCK_CODE_LIMIT = "lock_code_limit"
    TIME_SLOT_NOT_SUPPORTED = "time_slot_not_supported"
    TIME_OF_DAY_NOT_SUPPORTED = "time_of_day_not_supported"
    TIME_SLOT_REQUIRED = "time_slot_required"
    UNKNOWN_TIME_SLOT = "unknown_time_slot"
    ORACODE_ONE_TIME_NOT_SUPPORTED = "oracode_one_time_not_supported"
    ORACODE_DURATION = "oracode_duration"
    ORACODE_NO_MATCHING_SLOT = "oracode_no_matching_slot"


RULES: Final = tuple(Rule)

_WINDOW: Final = frozenset({"starts_at", "ends_at", "time_zone"})
_QUOTA: Final = frozenset({"limit", "period"})

PLACEHOLDERS: Final[Mapping[Rule, frozenset[str]]] = {
    Rule.OFFLINE_CODES_NOT_SUPPORTED: frozenset({"device"}),
    Rule.UNSUPPORTED_MAKER: frozenset({"device", "device_type"}),
    Rule.INVALID_NAME: frozenset({"max_length"}),
    Rule.TIME_ZONE_UNKNOWN: frozenset({"device"}),
    Rule.NONEXISTENT_LOCAL_TIME: frozenset({"local_time", "time_zone"}),
    Rule.AMBIGUOUS_LOCAL_TIME: frozenset({"local_time", "time_zone", "offsets"}),
    Rule.END_OR_DURATION_REQUIRED: frozenset(),
    Rule.END_AND_DURATION: frozenset(),
    Rule.TIME_OUT_OF_RANGE: frozenset({"max_years"}),
    Rule.STARTS_IN_PAST: frozenset({"starts_at", "now", "time_zone"}),
    Rule.ENDS_BEFORE_START: _WINDOW,
    Rule.IGLOOHOME_HOURLY_DURATION: frozenset(
        {"min_hours", "max_hours", "requested_hours"}
    ),
    Rule.IGLOOHOME_DURATION_GAP: frozenset(
        {"requested_hours", "hourly_ends_at", "daily_ends_at", "time_zone"}
    ),
    Rule.IGLOOHOME_COVER_TOO_LONG: frozenset(
        {"max_hours", "cover_hours", "windows", "time_zone"}
    ),
    Rule.IGLOOHOME_DAILY_WHOLE_HOUR: frozenset({"time_of_day", "windows", "time_zone"}),
    Rule.IGLOOHOME_DAILY_DURATION: frozenset(
        {"min_days", "max_days", "requested_days"}
    ),
    Rule.IGLOOHOME_HOURLY_QUOTA: _QUOTA,
    Rule.IGLOOHOME_DAILY_QUOTA: _QUOTA,
    Rule.IGLOOHOME_ONE_TIME_QUOTA: _QUOTA,
    Rule.LOCK_CODE_LIMIT: frozenset({"limit"}),
    Rule.TIME_SLOT_NOT_SUPPORTED: frozenset({"device"}),
    Rule.TIME_OF_DAY_NOT_SUPPORTED: frozenset({"device"}),
    Rule.TIME_SLOT_REQUIRED: frozenset({"slots"}),
    Rule.UNKNOWN_TIME_SLOT: frozenset({"time_slot", "slots"}),
    Rule.ORACODE_ONE_TIME_NOT_SUPPORTED: frozenset({"device"}),
    Rule.ORACODE_DURATION: frozenset({"max_days", "requested_days"}),
    Rule.ORACODE_NO_MATCHING_SLOT: _WINDOW | {"slots", "windows"},
}
"""The placeholder names each rule's violation carries (and its message may use)."""


class Violation(Exception):
    """A request that breaks a maker rule; nothing may be sent to Seam."""

    def __init__(self, rule: Rule, **placeholders: str) -> None:
        """Name the broken rule and the values its message shows."""
        super().__init__(rule)
        self.rule = rule
        self.placeholders = placeholders


class CodeKind(StrEnum):
    """The kind of offline code, as the create actions name it."""

    HOURLY = "hourly"
    DAILY = "daily"
    ONE_TIME = "one_time"


@dataclass(frozen=True, slots=True, kw_only=True)
class PlannedCode:
    """A request that passed every rule, with its window in the zone it was read in."""

    request: OfflineCodeRequest
    kind: CodeKind
    time_zone: str
    local_starts_at: datetime
    local_ends_at: datetime
    """The end of validity; also for one-time codes, whose request carries no end."""
    time_slot: TimeSlot | None = None
    rounded: bool = False
    """Whether the requested times were moved to whole hours or to the slot's times."""
    widened_start: timedelta = timedelta()
    """How much earlier than requested the code starts (to cover the window asked for)."""
    widened_end: timedelta = timedelta()
    """How much later than requested the code ends; nothing for one-time codes."""
    dst_shift: timedelta | None = None
    """How far the local end is off the start's local time of day, in :attr:`time_zone`.

    Set when a DST change in that zone moves the end of a one-time code's 24 h, or when
    that zone and the lock's disagree about a daily code's end (the lock keeps its own
    local time of day).
    """


def zone_for(device: Device, default_time_zone: str) -> str:
    """Return the IANA zone a lock's local times are read in.

    Oracode doors use their own zone (or, lacking it, their slots'); other locks use
    Home Assistant's (``default_time_zone``).
    """
    if device.maker is not Maker.DORMAKABA_ORACODE:
        return default_time_zone
    zone = device.time_zone or next(
        (slot.time_zone for slot in device.time_slots if slot.time_zone), None
    )
    if zone:
        with suppress(ValueError, ZoneInfoNotFoundError):
            return ZoneInfo(zone).key
    raise Violation(Rule.TIME_ZONE_UNKNOWN, device=device.name)


def lock_zone(device: Device) -> str:
    """Return the IANA zone an igloohome lock rounds and counts days in.

    The lock's own zone (:attr:`Device.time_zone`); UTC when it has none or an unknown
    one, as Seam does for a lock without a zone.
    """
    if device.time_zone:
        with suppress(ValueError, ZoneInfoNotFoundError):
            return ZoneInfo(device.time_zone).key
    return "UTC"


def to_local(value: datetime, zone: str) -> datetime:
    """Return ``value`` as an aware datetime in ``zone``; a naive value is a wall time there.

    Raise a violation for a wall time that does not exist or exists twice in ``zone``.
    """
    tz = ZoneInfo(zone)
    if value.tzinfo is not None:
        return value.astimezone(tz)
    first, second = value.replace(tzinfo=tz, fold=0), value.replace(tzinfo=tz, fold=1)
    if first.utcoffset() == second.utcoffset():
        return first
    local_time = f"{value:%Y-%m-%d %H:%M}"
    if first.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != value:
        raise Violation(
            Rule.NONEXISTENT_LOCAL_TIME, local_time=local_time, time_zone=zone
        )
    raise Violation(
        Rule.AMBIGUOUS_LOCAL_TIME,
        local_time=local_time,
        time_zone=zone,
        offsets=", ".join(f"{reading:%:z}" for reading in (first, second)),
    )


def plan_hourly_code(
    device: Device,
    *,
    name: str,
    starts_at: datetime,
    ends_at: datetime | None = None,
    duration: timedelta | None = None,
    now: datetime,
    existing: Sequence[AccessCode],
    default_time_zone: str,
) -> PlannedCode:
    """Plan an hourly-bound code: on whole hours (igloohome) or a slot (Oracode)."""
    name = _check_lock(device, name)
    planner = _Planner.of(device, name, default_time_zone, now, existing)
    start = planner.instant(starts_at)
    if ends_at is not None and duration is not None:
        raise Violation(Rule.END_AND_DURATION)
    if ends_at is not None:
        end = planner.instant(ends_at)
    elif duration is not None:
        end = start + planner.bounded(duration)
    else:
        raise Violation(Rule.END_OR_DURATION_REQUIRED)
    if end <= start:
        raise Violation(Rule.ENDS_BEFORE_START, **planner.window(start, end))
    if device.maker is Maker.DORMAKABA_ORACODE:
        slot, slot_start, slot_end = planner.cover_with_slot(start, end)
        planner.check_start(start, slot_start, end)
        return planner.plan_on_slot(
            CodeKind.HOURLY, slot, slot_start, slot_end, asked=(start, end)
        )
    cover_start, cover_end = planner.hour_at_or_before(start), planner.ceil(end)
    planner.check_start(start, cover_start, end)
    planner.check_hourly_duration(start, end, cover_start, cover_end)
    planner.check_quotas(CodeKind.HOURLY, cover_start)
    return planner.plan(CodeKind.HOURLY, cover_start, cover_end, asked=(start, end))


def plan_daily_code(
    device: Device,
    *,
    name: str,
    start_date: date,
    end_date: date,
    time_of_day: time | None = None,
    time_slot: str | None = None,
    now: datetime,
    existing: Sequence[AccessCode],
    default_time_zone: str,
) -> PlannedCode:
    """Plan a daily-bound code: at a time of day (igloohome) or on a slot (Oracode)."""
    name = _check_lock(device, name)
    if device.maker is Maker.DORMAKABA_ORACODE:
        if time_of_day is not None:
            raise Violation(Rule.TIME_OF_DAY_NOT_SUPPORTED, device=device.name)
        planner = _Planner.of(device, name, default_time_zone, now, existing)
        slot = _slot_named(device, time_slot)
        start = planner.instant(datetime.combine(start_date, slot.check_in))
        end = planner.instant(datetime.combine(end_date, slot.check_out))
        if end <= start:
            raise Violation(Rule.ENDS_BEFORE_START, **planner.window(start, end))
        planner.check_start(start, start, end)
        return planner.plan_on_slot(CodeKind.DAILY, slot, start, end)
    if time_slot is not None:
        raise Violation(Rule.TIME_SLOT_NOT_SUPPORTED, device=device.name)
    planner = _Planner.of(device, name, default_time_zone, now, existing)
    start = planner.instant(datetime.combine(start_date, time_of_day or time()))
    planner.check_range(datetime.combine(end_date, time()))
    days = (end_date - start_date).days
    if days <= 0:
        raise Violation(
            Rule.ENDS_BEFORE_START, **planner.window(start, start + days * DAY)
        )
    planner.check_whole_lock_hour(start, days)
    planner.check_start(start, planner.hour_at_or_before(start), start + days * DAY)
    if not IGLOOHOME_DAILY_MIN_DAYS <= days <= IGLOOHOME_DAILY_MAX_DAYS:
        raise Violation(
            Rule.IGLOOHOME_DAILY_DURATION,
            min_days=str(IGLOOHOME_DAILY_MIN_DAYS),
            max_days=str(IGLOOHOME_DAILY_MAX_DAYS),
            requested_days=str(days),
        )
    planner.check_quotas(CodeKind.DAILY, start)
    return planner.plan_with_shift(
        CodeKind.DAILY, start, planner.after_lock_days(start, days), days * DAY
    )


def plan_one_time_code(
    device: Device,
    *,
    name: str,
    starts_at: datetime,
    now: datetime,
    existing: Sequence[AccessCode],
    default_time_zone: str,
) -> PlannedCode:
    """Plan a one-time-use code (igloohome), valid 24 h from the hour it starts in."""
    name = _check_lock(device, name)
    if device.maker is Maker.DORMAKABA_ORACODE:
        raise Violation(Rule.ORACODE_ONE_TIME_NOT_SUPPORTED, device=device.name)
    planner = _Planner.of(device, name, default_time_zone, now, existing)
    start = planner.instant(starts_at)
    cover_start = planner.hour_at_or_before(start)
    planner.check_start(start, cover_start, start + IGLOOHOME_ONE_TIME_VALIDITY)
    planner.check_quotas(CodeKind.ONE_TIME, cover_start)
    return planner.plan_with_shift(
        CodeKind.ONE_TIME,
        cover_start,
        cover_start + IGLOOHOME_ONE_TIME_VALIDITY,
        IGLOOHOME_ONE_TIME_VALIDITY,
        asked=(start, None),
    )


def _check_lock(device: Device, name: str) -> str:
    """Check the lock takes offline codes by known rules; return the cleaned name."""
    if not device.supports_offline_codes:
        raise Violation(Rule.OFFLINE_CODES_NOT_SUPPORTED, device=device.name)
    if device.maker is Maker.OTHER:
        raise Violation(
            Rule.UNSUPPORTED_MAKER, device=device.name, device_type=device.device_type
        )
    cleaned = name.strip()
    if not 0 < len(cleaned) <= NAME_MAX_LENGTH:
        raise Violation(Rule.INVALID_NAME, max_length=str(NAME_MAX_LENGTH))
    return cleaned


_QUOTAS: Final[Mapping[CodeKind, tuple[Rule, int]]] = {
    CodeKind.HOURLY: (Rule.IGLOOHOME_HOURLY_QUOTA, 3),
    CodeKind.DAILY: (Rule.IGLOOHOME_DAILY_QUOTA, 3),
    CodeKind.ONE_TIME: (Rule.IGLOOHOME_ONE_TIME_QUOTA, 5),
}


@dataclass(frozen=True, slots=True)
class _Planner:
    """The lock, code name, zones and clock that the rules of one request read.

    ``zone`` is where wall times are read and shown (:func:`zone_for`); ``lock`` is where
    igloohome rounds and counts days (:func:`lock_zone`).
    """

    device: Device
    name: str
    zone: str
    lock: ZoneInfo
    now: datetime
    existing: Sequence[AccessCode]

    @classmethod
    def of(
        cls,
        device: Device,
        name: str,
        default_time_zone: str,
        now: datetime,
        existing: Sequence[AccessCode],
    ) -> _Planner:
        """Return the planner for a request on ``device``."""
        zone = zone_for(device, default_time_zone)
        return cls(device, name, zone, ZoneInfo(lock_zone(device)), now, existing)

    def whole_hours_near(self, instant: datetime) -> set[datetime]:
        """Return the instants within 2 h of ``instant`` that are whole hours of the lock.

        Offsets change by multiples of 15 minutes, so every such hour is the start of the
        local hour of one of these quarter-hour steps, in one of its two readings. Where
        a spring forward skips a whole hour, the moment of the jump counts as that hour
        (as Seam's rounding reads it, e.g. 02:30 for 02:00 on Lord Howe).
        """
        walls = {
            (instant + step * QUARTER)
            .astimezone(self.lock)
            .replace(minute=0, second=0, microsecond=0, fold=0, tzinfo=None)
            for step in range(-8, 9)
        }
        hours = set()
        for wall in walls:
            for fold in (0, 1):
                found = wall.replace(tzinfo=self.lock, fold=fold).astimezone(UTC)
                if found.astimezone(self.lock).minute == 0 or self.jumps_at(found):
                    hours.add(found)
        return hours

    def jumps_at(self, instant: datetime) -> bool:
        """Tell whether the lock's UTC offset changes at ``instant``."""
        before = (instant - timedelta(microseconds=1)).astimezone(self.lock)
        return before.utcoffset() != instant.astimezone(self.lock).utcoffset()

    def floor(self, instant: datetime) -> datetime:
        """Return the whole hour of the lock's local time at or before ``instant``."""
        return max(hour for hour in self.whole_hours_near(instant) if hour <= instant)

    def ceil(self, instant: datetime) -> datetime:
        """Return the whole hour of the lock's local time at or after ``instant``."""
        return min(hour for hour in self.whole_hours_near(instant) if hour >= instant)

    def hour_at_or_before(self, start: datetime) -> datetime:
        """Return the lock's hour a code asked to start at ``start`` starts on.

        A start before now is read as now: only the part from now on can be covered.
        """
        return self.floor(max(start, self.now))

    def after_lock_days(self, start: datetime, days: int) -> datetime:
        """Return the instant ``days`` of the lock's dates after ``start``, at its time of day there."""
        local = start.astimezone(self.lock)
        return datetime.combine(
            local.date() + days * DAY, local.time(), tzinfo=self.lock
        ).astimezone(UTC)

    def bounded(self, duration: timedelta) -> timedelta:
        """Return ``duration`` if it is within :data:`HORIZON`."""
        if abs(duration) > HORIZON:
            raise Violation(Rule.TIME_OUT_OF_RANGE, max_years=str(HORIZON_YEARS))
        return duration

    def check_range(self, value: datetime) -> None:
        """Refuse a value further than :data:`HORIZON` from now.

        Checked on its wall time (with a day's slack for any UTC offset), so before any
        arithmetic or conversion that could overflow.
        """
        wall_now = self.now.replace(tzinfo=None)
        if abs(value.replace(tzinfo=None) - wall_now) > HORIZON - DAY:
            raise Violation(Rule.TIME_OUT_OF_RANGE, max_years=str(HORIZON_YEARS))

    def instant(self, value: datetime) -> datetime:
        """Return ``value`` (naive: a wall time in the zone) as an aware UTC datetime."""
        self.check_range(value)
        return to_local(value, self.zone).astimezone(UTC)

    def wall(self, instant: datetime) -> datetime:
        """Return the naive wall time of ``instant`` in the zone."""
        return to_local(instant, self.zone).replace(tzinfo=None)

    def format(self, instant: datetime) -> str:
        """Format ``instant`` as a local time with its zone abbreviation, for messages."""
        return f"{to_local(instant, self.zone):%Y-%m-%d %H:%M %Z}"

    def window(self, start: datetime, end: datetime) -> dict[str, str]:
        """Return the placeholders naming a window."""
        return {
            "starts_at": self.format(start),
            "ends_at": self.format(end),
            "time_zone": self.zone,
        }

    def windows(self, *windows: tuple[datetime, datetime]) -> str:
        """Describe alternative windows for messages."""
        return "; ".join(
            f"{self.format(start)} - {self.format(end)}" for start, end in windows
        )

    def check_start(
        self, start: datetime, cover_start: datetime, end: datetime
    ) -> None:
        """Check a window is not in the past.

        A start within :data:`START_GRACE` before now is fine; an earlier one only where
        the code's start (``cover_start``) is at or before it and at most an hour ago,
        as Seam allows for rounding.
        """
        grace = start >= self.now - START_GRACE
        covered = start >= cover_start >= self.now - HOUR
        if end <= self.now or not (grace or covered):
            raise Violation(
                Rule.STARTS_IN_PAST,
                starts_at=self.format(start),
                now=self.format(self.now),
                time_zone=self.zone,
            )

    def check_whole_lock_hour(self, start: datetime, days: int) -> None:
        """Check a daily igloohome start is a whole hour of the lock; offer the nearest."""
        earlier = self.floor(start)
        if earlier == start:
            return
        later = self.ceil(start)
        raise Violation(
            Rule.IGLOOHOME_DAILY_WHOLE_HOUR,
            time_of_day=f"{self.wall(start):%H:%M}",
            windows=self.windows(
                *(
                    (begin, self.after_lock_days(begin, days))
                    for begin in (earlier, later)
                )
            ),
            time_zone=self.zone,
        )

    def check_hourly_duration(
        self,
        start: datetime,
        end: datetime,
        planned_start: datetime,
        planned_end: datetime,
    ) -> None:
        """Check a covering igloohome window lasts 1-672 h; offer the nearest otherwise."""
        length = planned_end - planned_start
        if IGLOOHOME_HOURLY_MIN <= length <= IGLOOHOME_HOURLY_MAX:
            return
        requested_hours = _number((end - start) / HOUR)
        if end - start <= IGLOOHOME_HOURLY_MAX < length:
            raise Violation(
                Rule.IGLOOHOME_COVER_TOO_LONG,
                max_hours=_number(IGLOOHOME_HOURLY_MAX / HOUR),
                cover_hours=_number(length / HOUR),
                windows=self.windows(
                    (planned_start, planned_start + IGLOOHOME_HOURLY_MAX),
                    (planned_end - IGLOOHOME_HOURLY_MAX, planned_end),
                ),
                time_zone=self.zone,
            )
        if IGLOOHOME_HOURLY_MAX < length < IGLOOHOME_DAILY_MIN_DAYS * DAY:
            raise Violation(
                Rule.IGLOOHOME_DURATION_GAP,
                requested_hours=requested_hours,
                hourly_ends_at=self.format(planned_start + IGLOOHOME_HOURLY_MAX),
                daily_ends_at=self.format(
                    self.after_lock_days(planned_start, IGLOOHOME_DAILY_MIN_DAYS)
                ),
                time_zone=self.zone,
            )
        raise Violation(
            Rule.IGLOOHOME_HOURLY_DURATION,
            min_hours=_number(IGLOOHOME_HOURLY_MIN / HOUR),
            max_hours=_number(IGLOOHOME_HOURLY_MAX / HOUR),
            requested_hours=requested_hours,
        )

    def check_quotas(self, kind: CodeKind, start: datetime) -> None:
        """Check the lock's code limit and the quota of ``kind`` codes around ``start``."""
        live = [
            code
            for code in self.existing
            if code.device_id == self.device.device_id
            and not _has_ended(code, self.now)
        ]
        if len(live) >= IGLOOHOME_LOCK_CODE_LIMIT:
            raise Violation(Rule.LOCK_CODE_LIMIT, limit=str(IGLOOHOME_LOCK_CODE_LIMIT))
        rule, limit = _QUOTAS[kind]
        period = self.quota_period(kind, start)
        in_period = sum(
            1
            for code in live
            if code.is_offline_access_code
            and code.starts_at is not None
            and code_kind(code) is kind
            and self.quota_period(kind, code.starts_at) == period
        )
        if in_period >= limit:
            raise Violation(rule, limit=str(limit), period=self.describe(period))

    def quota_period(self, kind: CodeKind, start: datetime) -> datetime | date:
        """Return the period a quota counts in: the lock's clock hour, or its start date."""
        local = start.astimezone(self.lock)
        if kind is CodeKind.HOURLY:
            return local.replace(minute=0, second=0, microsecond=0)
        return local.date()

    def describe(self, period: datetime | date) -> str:
        """Describe a quota period for messages."""
        if isinstance(period, datetime):
            return self.format(period)
        return period.isoformat()

    def cover_with_slot(
        self, start: datetime, end: datetime
    ) -> tuple[TimeSlot, datetime, datetime]:
        """Return the supported slot covering the window (within 1 h at each end) and its times.

        The check-in is at most an hour before the start (read as now if it is earlier),
        the check-out at most an hour after the end; the smallest widening wins.
        """
        start_wall, end_wall = self.wall(max(start, self.now)), self.wall(end)
        slots = self.device.supported_time_slots
        covers = [
            (check_in, check_out, slot)
            for slot in slots
            if (check_in := _wall_near(start_wall, slot.check_in, -SLOT_TOLERANCE))
            and (check_out := _wall_near(end_wall, slot.check_out, SLOT_TOLERANCE))
            and check_out > check_in
        ]
        if covers:
            check_in, check_out, slot = min(
                covers, key=lambda cover: (cover[1] - cover[0], slots.index(cover[2]))
            )
            return slot, self.instant(check_in), self.instant(check_out)
        nearest = sorted(
            (
                abs(check_in - start_wall) + abs(check_out - end_wall),
                check_in,
                check_out,
            )
            for slot in slots
            if (check_in := _nearest_wall(start_wall, slot.check_in))
            < (check_out := _nearest_wall(end_wall, slot.check_out))
        )
        raise Violation(
            Rule.ORACODE_NO_MATCHING_SLOT,
            slots=", ".join(map(_describe_slot, slots)),
            windows="; ".join(
                f"{check_in:%Y-%m-%d %H:%M} - {check_out:%Y-%m-%d %H:%M}"
                for _, check_in, check_out in nearest[:3]
            )
            or "-",
            **self.window(start, end),
        )

    def plan_on_slot(
        self,
        kind: CodeKind,
        slot: TimeSlot,
        start: datetime,
        end: datetime,
        *,
        asked: tuple[datetime, datetime] | None = None,
    ) -> PlannedCode:
        """Plan an Oracode window on ``slot``'s times; check its wall-clock length."""
        length = self.wall(end) - self.wall(start)
        if length > ORACODE_MAX_DAYS * DAY:
            raise Violation(
                Rule.ORACODE_DURATION,
                max_days=str(ORACODE_MAX_DAYS),
                requested_days=_number(length / DAY),
            )
        return self.plan(kind, start, end, time_slot=slot, asked=asked)

    def plan_with_shift(
        self,
        kind: CodeKind,
        start: datetime,
        end: datetime,
        length: timedelta,
        *,
        asked: tuple[datetime, datetime | None] | None = None,
    ) -> PlannedCode:
        """Plan a window; note how far its local end is off the local start + ``length``."""
        shift = self.wall(end) - self.wall(start) - length
        return self.plan(kind, start, end, asked=asked, dst_shift=shift or None)

    def sent_start(self, start: datetime, time_slot: TimeSlot | None) -> datetime:
        """Return the ``starts_at`` to send so Seam stores ``start``.

        Seam judges "in the past" before it rounds to the nearest hour: an igloohome
        start earlier in the current hour is sent as the latest moment up to now that
        still rounds down onto it. A slot's check-in is sent as it is.
        """
        if time_slot is not None:
            return start
        return min(max(start, self.now), start + ROUNDS_DOWN_WITHIN)

    def plan(
        self,
        kind: CodeKind,
        start: datetime,
        end: datetime,
        *,
        time_slot: TimeSlot | None = None,
        asked: tuple[datetime, datetime | None] | None = None,
        dst_shift: timedelta | None = None,
    ) -> PlannedCode:
        """Build the plan and the exact Seam request for a checked UTC window.

        ``asked`` is the window requested, which the planned one covers (``None``: the
        same window; an end of ``None``: no end was asked for).
        """
        asked_start, asked_end = asked or (start, end)
        widened_start = max(asked_start - start, timedelta())
        widened_end = end - asked_end if asked_end is not None else timedelta()
        one_time = kind is CodeKind.ONE_TIME
        whole_days = kind is CodeKind.DAILY and time_slot is None
        return PlannedCode(
            request=OfflineCodeRequest(
                device_id=self.device.device_id,
                name=self.name,
                starts_at=self.sent_start(start, time_slot),
                ends_at=None if one_time else end,
                max_time_rounding=ROUNDING_DAY if whole_days else ROUNDING_HOUR,
                is_one_time_use=one_time,
            ),
            kind=kind,
            time_zone=self.zone,
            local_starts_at=to_local(start, self.zone),
            local_ends_at=to_local(end, self.zone),
            time_slot=time_slot,
            rounded=start != asked_start
            or (asked_end is not None and end != asked_end),
            widened_start=widened_start,
            widened_end=widened_end,
            dst_shift=dst_shift,
        )


def validity_end(code: AccessCode) -> datetime | None:
    """Return when a code stops working; Seam gives one-time codes no end but a day."""
    if code.ends_at is None and code.is_one_time_use and code.starts_at is not None:
        return code.starts_at + IGLOOHOME_ONE_TIME_VALIDITY
    return code.ends_at


def _has_ended(code: AccessCode, now: datetime) -> bool:
    end = validity_end(code)
    return end is not None and end <= now


def code_kind(code: AccessCode) -> CodeKind:
    """Classify a known code the way igloohome counts it."""
    if code.is_one_time_use:
        return CodeKind.ONE_TIME
    if (
        code.starts_at is not None
        and code.ends_at is not None
        and code.ends_at - code.starts_at >= IGLOOHOME_DAILY_MIN_DAYS * DAY
    ):
        return CodeKind.DAILY
    return CodeKind.HOURLY


def _slot_named(device: Device, name: str | None) -> TimeSlot:
    """Return the door's supported slot called ``name``."""
    slots = device.supported_time_slots
    names = ", ".join(slot.name for slot in slots)
    if name is None:
        raise Violation(Rule.TIME_SLOT_REQUIRED, slots=names)
    for slot in slots:
        if slot.name == name:
            return slot
    raise Violation(Rule.UNKNOWN_TIME_SLOT, time_slot=name, slots=names)


def _nearest_wall(wall: datetime, at: time) -> datetime:
    """Return the wall time ``at`` on the day nearest ``wall``."""
    return min(
        (datetime.combine(wall.date() + days * DAY, at) for days in (-1, 0, 1)),
        key=lambda candidate: abs(candidate - wall),
    )


def _wall_near(wall: datetime, at: time, reach: timedelta) -> datetime | None:
    """Return the wall time ``at`` between ``wall`` and ``wall + reach``, if any."""
    low, high = sorted((wall, wall + reach))
    for days in (-1, 0, 1):
        candidate = datetime.combine(wall.date() + days * DAY, at)
        if low <= candidate <= high:
            return candidate
    return None


def _number(value: float) -> str:
    return f"{round(value, 2):g}"


def _describe_slot(slot: TimeSlot) -> str:
    return f"{slot.name} ({slot.check_in:%H:%M}-{slot.check_out:%H:%M})"
