"""Seam's checks on ``/access_codes/create``: what it refuses, and how it rounds.

Every refusal is a 400 ``invalid_input`` whose message names the rule and the
allowed range. The functions are pure: the sandbox passes in the device, the
codes already on it and the current time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
import re
from zoneinfo import ZoneInfo

from .errors import Json, SeamError, invalid_input
from .state import (
    IGLOOHOME,
    ORACODE,
    AccessCode,
    CodeKind,
    device_time_zone,
    flag,
    oracode_metadata,
)

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
MAX_TIME_ROUNDING = {"1h": HOUR, "1hour": HOUR, "1d": DAY, "1day": DAY}
IGLOOHOME_HOURLY_HOURS = (1, 672)
IGLOOHOME_DAILY_DAYS = (29, 367)
ONE_TIME_VALIDITY = timedelta(hours=24)
ALGOPIN_ACTIVATION_WINDOW = timedelta(hours=24)
ORACODE_MAX_DURATION = timedelta(days=31)
START_GRACE = timedelta(minutes=1)
"""How far before now a requested ``starts_at`` may be (the request's own latency)."""
IGLOOHOME_QUOTAS = {
    CodeKind.IGLOOHOME_HOURLY: 3,
    CodeKind.IGLOOHOME_DAILY: 3,
    CodeKind.IGLOOHOME_ONE_TIME: 5,
}
IGLOOHOME_MAX_CODES = 199
_QUOTA_LABELS = {
    CodeKind.IGLOOHOME_HOURLY: "hourly-bound",
    CodeKind.IGLOOHOME_DAILY: "daily-bound",
    CodeKind.IGLOOHOME_ONE_TIME: "one-time-use",
}
_TIME_OF_DAY = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?")


@dataclass(frozen=True, kw_only=True)
class CreateRequest:
    """The parameters of ``/access_codes/create`` the sandbox acts on."""

    device_id: str
    name: str | None = None
    code: str | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    is_offline_access_code: bool = False
    is_one_time_use: bool = False
    max_time_rounding: str = "1h"


@dataclass(frozen=True, kw_only=True)
class CodePlan:
    """What Seam accepted: the kind of code and its (rounded) time frame."""

    kind: CodeKind
    starts_at: datetime | None
    ends_at: datetime | None
    slot: Json | None = None
    failure: str | None = None
    """Set when Seam accepts the code but will fail to set it (async slot mismatch)."""


def check_create(
    request: CreateRequest,
    device: Json,
    codes_on_device: Sequence[AccessCode],
    now: datetime,
    *,
    oracode_mismatch_async: bool = False,
) -> CodePlan:
    """Apply Seam's rules to a create request, or raise a 400 naming the broken rule."""
    if "access_code" not in device.get("capabilities_supported", []):
        raise invalid_input(
            f"{device['display_name']} ({device['device_type']}) does not support access codes",
            param="device_id",
        )
    if request.max_time_rounding not in MAX_TIME_ROUNDING:
        raise invalid_input(
            "max_time_rounding must be one of 1h, 1hour, 1d, 1day",
            param="max_time_rounding",
        )
    if device["device_type"] == IGLOOHOME:
        _check_lock_capacity(codes_on_device)
    if request.is_offline_access_code:
        plan = _check_offline(
            request, device, codes_on_device, now, oracode_mismatch_async
        )
    else:
        plan = _check_online(request, device, now)
    return plan


def _check_online(request: CreateRequest, device: Json, now: datetime) -> CodePlan:
    if request.is_one_time_use:
        raise invalid_input(
            "is_one_time_use is only available for offline access codes (set is_offline_access_code)",
            param="is_one_time_use",
        )
    if not flag(device, "can_program_online_access_codes"):
        raise invalid_input(
            f"{device['display_name']} cannot take online access codes "
            "(can_program_online_access_codes is false): create an offline code with is_offline_access_code",
            param="is_offline_access_code",
        )
    if request.code is not None:
        lengths = device["properties"].get("supported_code_lengths") or [4, 5, 6, 7, 8]
        if not request.code.isdigit() or len(request.code) not in lengths:
            raise invalid_input(
                f"code must be {_lengths(lengths)} digits on this device",
                param="code",
            )
    if (request.starts_at is None) != (request.ends_at is None):
        raise invalid_input(
            "Both starts_at and ends_at must be provided together", param="ends_at"
        )
    if request.starts_at is None or request.ends_at is None:
        return CodePlan(kind=CodeKind.ONGOING, starts_at=None, ends_at=None)
    _check_order(request.starts_at, request.ends_at)
    if request.ends_at <= now:
        raise invalid_input("ends_at must be in the future", param="ends_at")
    return CodePlan(
        kind=CodeKind.TIME_BOUND, starts_at=request.starts_at, ends_at=request.ends_at
    )


def _check_offline(
    request: CreateRequest,
    device: Json,
    codes_on_device: Sequence[AccessCode],
    now: datetime,
    oracode_mismatch_async: bool,
) -> CodePlan:
    if not flag(device, "can_program_offline_access_codes"):
        raise invalid_input(
            f"{device['display_name']} does not support offline access codes "
            "(can_program_offline_access_codes is false)",
            param="is_offline_access_code",
        )
    if request.code is not None:
        raise invalid_input(
            "a custom code is not allowed on offline access codes: "
            "the manufacturer's algorithm generates the PIN",
            param="code",
        )
    if request.starts_at is None:
        raise invalid_input(
            "starts_at is required for offline access codes", param="starts_at"
        )
    tolerance = MAX_TIME_ROUNDING[request.max_time_rounding]
    if request.starts_at < now - START_GRACE - _rounding_reach(device, tolerance):
        raise invalid_input("starts_at must not be in the past", param="starts_at")
    if request.ends_at is not None:
        _check_order(request.starts_at, request.ends_at)
    elif not request.is_one_time_use:
        raise invalid_input(
            "ends_at is required for time-bound offline access codes", param="ends_at"
        )
    if device["device_type"] == IGLOOHOME:
        return _check_igloohome(request, device, codes_on_device, tolerance)
    if device["device_type"] == ORACODE:
        return _check_oracode(request, device, tolerance, oracode_mismatch_async)
    return CodePlan(
        kind=CodeKind.TIME_BOUND, starts_at=request.starts_at, ends_at=request.ends_at
    )


def _rounding_reach(device: Json, tolerance: timedelta) -> timedelta:
    """Return how far rounding may move a requested start back: how far in the past it may be.

    Seam judges "in the past" on the start the caller asked for, before rounding. A
    caller that rounds first (onto a whole hour, or a slot's check-in) sends a start up
    to this much earlier than the one it asked for, which Seam cannot tell apart.
    """
    if device["device_type"] == ORACODE:
        return tolerance  # onto a slot's check-in within max_time_rounding
    return HOUR / 2 if device["device_type"] == IGLOOHOME else timedelta()


def _check_order(starts_at: datetime, ends_at: datetime) -> None:
    if ends_at <= starts_at:
        raise invalid_input("ends_at must be after starts_at", param="ends_at")


# --- igloohome algoPIN -------------------------------------------------------------


def _check_igloohome(
    request: CreateRequest,
    device: Json,
    codes_on_device: Sequence[AccessCode],
    tolerance: timedelta,
) -> CodePlan:
    zone = device_time_zone(device)
    assert request.starts_at is not None
    starts_at = round_to_hour(request.starts_at, zone)
    if request.is_one_time_use:
        kind = CodeKind.IGLOOHOME_ONE_TIME
        ends_at = starts_at + ONE_TIME_VALIDITY
        if (
            request.ends_at is not None
            and round_to_hour(request.ends_at, zone) != ends_at
        ):
            raise invalid_input(
                "igloohome one-time-use codes are valid exactly 24 hours from starts_at: "
                f"leave ends_at out or send {ends_at.isoformat()}",
                param="ends_at",
            )
    else:
        assert request.ends_at is not None
        kind, ends_at = _igloohome_time_bound(
            starts_at, request.ends_at, zone, tolerance
        )
    _check_quota(kind, starts_at, codes_on_device, zone)
    return CodePlan(kind=kind, starts_at=starts_at, ends_at=ends_at)


def _igloohome_time_bound(
    starts_at: datetime, requested_end: datetime, zone: ZoneInfo, tolerance: timedelta
) -> tuple[CodeKind, datetime]:
    low, high = IGLOOHOME_HOURLY_HOURS
    ends_at = round_to_hour(requested_end, zone)
    hours = (ends_at - starts_at) / HOUR
    if hours < low:
        raise invalid_input(
            f"igloohome hourly-bound offline codes last {low} to {high} hours; "
            f"the requested time frame rounds to {hours:g} hours",
            param="ends_at",
        )
    if hours <= high:
        return CodeKind.IGLOOHOME_HOURLY, ends_at
    ends_at = nearest_time_of_day(
        requested_end, starts_at.astimezone(zone).time(), zone
    )
    days = (ends_at.astimezone(zone).date() - starts_at.astimezone(zone).date()).days
    first, last = IGLOOHOME_DAILY_DAYS
    if days < first:
        raise invalid_input(
            f"igloohome offline codes last {low} to {high} hours (hourly-bound) or {first} to "
            f"{last} days (daily-bound); {hours:g} hours falls in the gap between them",
            param="ends_at",
        )
    if days > last:
        raise invalid_input(
            f"igloohome daily-bound offline codes last {first} to {last} days; requested {days} days",
            param="ends_at",
        )
    if abs(ends_at - requested_end) > tolerance:
        raise invalid_input(
            "igloohome daily-bound offline codes need the same time of day in starts_at and "
            f"ends_at; ends_at would move by {abs(ends_at - requested_end)}, more than "
            "max_time_rounding allows (use max_time_rounding 1d)",
            param="max_time_rounding",
        )
    return CodeKind.IGLOOHOME_DAILY, ends_at


def _check_quota(
    kind: CodeKind,
    starts_at: datetime,
    codes_on_device: Sequence[AccessCode],
    zone: ZoneInfo,
) -> None:
    window = "hour" if kind is CodeKind.IGLOOHOME_HOURLY else "day"
    key = _window_key(starts_at.astimezone(zone), window)
    same_window = [
        code
        for code in codes_on_device
        if code.kind is kind
        and code.starts_at is not None
        and _window_key(code.starts_at.astimezone(zone), window) == key
    ]
    limit = IGLOOHOME_QUOTAS[kind]
    if len(same_window) >= limit:
        raise invalid_input(
            f"igloohome allows at most {limit} {_QUOTA_LABELS[kind]} offline codes starting in the same {window} "
            f"({key} {zone.key} already has {len(same_window)})",
            param="starts_at",
        )


def _window_key(local: datetime, window: str) -> str:
    return local.strftime("%Y-%m-%d %H:00" if window == "hour" else "%Y-%m-%d")


def _check_lock_capacity(codes_on_device: Sequence[AccessCode]) -> None:
    if len(codes_on_device) >= IGLOOHOME_MAX_CODES:
        raise invalid_input(
            f"igloohome locks hold at most {IGLOOHOME_MAX_CODES} access codes; "
            f"this lock already has {len(codes_on_device)}",
            param="device_id",
        )


# --- dormakaba Oracode -------------------------------------------------------------


def _check_oracode(
    request: CreateRequest, device: Json, tolerance: timedelta, mismatch_async: bool
) -> CodePlan:
    if request.is_one_time_use:
        raise invalid_input(
            "one-time-use offline codes are not supported on dormakaba Oracode",
            param="is_one_time_use",
        )
    assert request.starts_at is not None
    assert request.ends_at is not None
    zone = device_time_zone(device)
    slots = oracode_metadata(device).get("predefined_time_slots", [])
    match = match_slot(slots, request.starts_at, request.ends_at, zone, tolerance)
    starts_at, ends_at = (
        (match[1], match[2]) if match else (request.starts_at, request.ends_at)
    )
    # The door keeps local time: 31 days are counted on its wall clock, so a stay from
    # noon to noon 31 days later is allowed across a DST change (31 d ± 1 h in UTC).
    length = _wall(ends_at, zone) - _wall(starts_at, zone)
    if length > ORACODE_MAX_DURATION:
        raise invalid_input(
            f"dormakaba Oracode offline codes last at most {ORACODE_MAX_DURATION.days} days; "
            f"requested {length / DAY:.4g} days",
            param="ends_at",
        )
    if match is not None:
        return CodePlan(
            kind=CodeKind.ORACODE, starts_at=starts_at, ends_at=ends_at, slot=match[0]
        )
    message = (
        "No dormakaba Oracode time slot (user level) matches the requested starts_at and "
        f"ends_at within max_time_rounding in {zone.key}; supported slots: "
        + ", ".join(_describe_slot(slot) for slot in usable_slots(slots))
    )
    if not mismatch_async:
        raise invalid_input(message, param="starts_at")
    return CodePlan(
        kind=CodeKind.ORACODE, starts_at=starts_at, ends_at=ends_at, failure=message
    )


def usable_slots(slots: Sequence[Json]) -> list[Json]:
    """Return the slots Seam can use (master and one-shot slots are not supported)."""
    return [
        slot
        for slot in slots
        if not slot.get("is_master") and not slot.get("is_one_shot")
    ]


def match_slot(
    slots: Sequence[Json],
    starts_at: datetime,
    ends_at: datetime,
    zone: ZoneInfo,
    tolerance: timedelta,
) -> tuple[Json, datetime, datetime] | None:
    """Return the closest usable slot and the slot's times, or None if none is in tolerance."""
    best: tuple[timedelta, Json, datetime, datetime] | None = None
    for slot in usable_slots(slots):
        start = nearest_time_of_day(starts_at, slot_time(slot["check_in_time"]), zone)
        end = nearest_time_of_day(ends_at, slot_time(slot["check_out_time"]), zone)
        shift = abs(start - starts_at) + abs(end - ends_at)
        fits = abs(start - starts_at) <= tolerance and abs(end - ends_at) <= tolerance
        if fits and end > start and (best is None or shift < best[0]):
            best = (shift, slot, start, end)
    return None if best is None else best[1:]


def slot_time(text: str) -> time:
    """Read a Seam time-of-day string (``07:00:00[America/Los_Angeles]``, offsets tolerated)."""
    found = _TIME_OF_DAY.match(text)
    if found is None:
        raise SeamError(500, "internal_server_error", f"unreadable slot time {text!r}")
    hour, minute, second = found.groups()
    return time(int(hour), int(minute), int(second or 0))


def _describe_slot(slot: Json) -> str:
    check_in = slot_time(slot["check_in_time"]).strftime("%H:%M")
    check_out = slot_time(slot["check_out_time"]).strftime("%H:%M")
    return f"{slot.get('name')} ({check_in}-{check_out})"


# --- time helpers --------------------------------------------------------------------


def round_to_hour(moment: datetime, zone: ZoneInfo) -> datetime:
    """Round to the nearest whole hour of local time in ``zone`` (half past rounds up)."""
    local = moment.astimezone(zone)
    floor = local.replace(minute=0, second=0, microsecond=0).astimezone(UTC)
    return floor + HOUR if moment - floor >= HOUR / 2 else floor


def nearest_time_of_day(
    moment: datetime, time_of_day: time, zone: ZoneInfo
) -> datetime:
    """Return the instant closest to ``moment`` whose local time in ``zone`` is ``time_of_day``."""
    local_date = moment.astimezone(zone).date()
    candidates = (
        _at(local_date + timedelta(days=offset), time_of_day, zone)
        for offset in (-1, 0, 1)
    )
    return min(candidates, key=lambda candidate: abs(candidate - moment))


def _wall(moment: datetime, zone: ZoneInfo) -> datetime:
    """Return the naive local (wall-clock) time of ``moment`` in ``zone``."""
    return moment.astimezone(zone).replace(tzinfo=None)


def _at(day: date, time_of_day: time, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time_of_day, tzinfo=zone).astimezone(UTC)


def _lengths(lengths: Sequence[int]) -> str:
    return f"{min(lengths)} to {max(lengths)}" if len(lengths) > 1 else str(lengths[0])
