"""When an access code moves from one status to the next, and what PIN it gets."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import IntEnum
import random

from .clock import parse_timestamp
from .errors import Json
from .rules import IGLOOHOME_HOURLY_HOURS
from .settings import SandboxSettings
from .state import IGLOOHOME, ORACODE, AccessCode, CodeKind, Status

ALGOPIN_LENGTH = 9
ORACODE_DIGITS = 6
OFFLINE_PIN_LENGTH = 6
ALGOPIN_KINDS = frozenset(
    {CodeKind.IGLOOHOME_HOURLY, CodeKind.IGLOOHOME_DAILY, CodeKind.IGLOOHOME_ONE_TIME}
)
LONGEST_HOURLY_ALGOPIN = timedelta(hours=IGLOOHOME_HOURLY_HOURS[1])
SEEDED_STATUSES = frozenset({Status.UNSET, Status.SET})


class Step(IntEnum):
    """A lifecycle transition; the order breaks ties between steps due at the same time."""

    START_SETTING = 1
    FINISH_SETTING = 2
    START_REMOVING = 3
    FINISH_REMOVING = 4


def setting_window(
    created_at: datetime,
    starts_at: datetime | None,
    settings: SandboxSettings,
    *,
    immediate: bool,
) -> tuple[datetime, datetime]:
    """Return when a new code goes ``setting`` and when setting finishes.

    ``setting`` begins ``setting_lead`` before ``starts_at``, but never before the code
    was ``unset`` for ``min_unset_duration``; ``immediate`` codes do not wait for starts_at.
    """
    earliest = created_at + settings.min_unset_duration
    if immediate or starts_at is None:
        setting_at = earliest
    else:
        setting_at = max(earliest, starts_at - settings.setting_lead)
    return setting_at, setting_at + settings.setting_duration


def next_step(code: AccessCode) -> tuple[datetime, Step] | None:
    """Return the code's next transition and when it is due (None if it waits forever)."""
    if code.status is Status.REMOVING:
        assert code.gone_at is not None
        return code.gone_at, Step.FINISH_REMOVING
    steps: list[tuple[datetime, Step]] = []
    if code.status is Status.UNSET:
        steps.append((code.setting_at, Step.START_SETTING))
    elif code.status is Status.SETTING and not code.failed:
        steps.append((code.set_at, Step.FINISH_SETTING))
    if code.removing_at is not None:
        steps.append((code.removing_at, Step.START_REMOVING))
    return min(steps, default=None)


def make_pin(
    rng: random.Random, device: Json, kind: CodeKind, slot: Json | None
) -> str:
    """Generate the PIN the manufacturer would: algoPIN, Oracode prefix + digits, or online."""
    if kind in ALGOPIN_KINDS:
        return _digits(rng, ALGOPIN_LENGTH, leading_zero=False)
    if device["device_type"] == ORACODE:
        return f"{slot_prefix(slot)}{_digits(rng, ORACODE_DIGITS)}"
    lengths = device["properties"].get("supported_code_lengths") or [OFFLINE_PIN_LENGTH]
    return _digits(rng, min(lengths), leading_zero=False)


def slot_prefix(slot: Json | None) -> str:
    """Return a time slot's user-level prefix (either spelling; empty if no slot)."""
    if slot is None:
        return ""
    for key in (
        "dormakaba_oracode_user_level_prefix",
        "ext_dormakaba_oracode_user_level_prefix",
        "prefix",
    ):
        if slot.get(key) is not None:
            return str(int(slot[key]))
    return ""


def _digits(rng: random.Random, count: int, *, leading_zero: bool = True) -> str:
    first = rng.choice("0123456789" if leading_zero else "123456789")
    return first + "".join(rng.choice("0123456789") for _ in range(count - 1))


def seeded_code(
    body: Json,
    device: Json,
    *,
    workspace_id: str,
    settings: SandboxSettings,
    rng: random.Random,
) -> AccessCode:
    """Return a code a scenario starts with, from Seam's ``access_code`` JSON.

    A seeded code is ``unset`` (it moves on as a created one would) or ``set`` (its PIN
    works until ``ends_at``); it was made at its ``created_at``, so no event announces it.
    """
    status = Status(body.get("status", Status.UNSET))
    if status not in SEEDED_STATUSES:
        raise ValueError(f"a scenario's code is unset or set, not {status}")
    starts_at = _optional_timestamp(body.get("starts_at"))
    ends_at = _optional_timestamp(body.get("ends_at"))
    created_at = parse_timestamp(body["created_at"])
    offline = bool(body.get("is_offline_access_code", True))
    one_time = bool(body.get("is_one_time_use", False))
    kind = _seeded_kind(device, starts_at, ends_at, offline=offline, one_time=one_time)
    if status is Status.SET:
        setting_at = set_at = created_at
    else:
        setting_at, set_at = setting_window(
            created_at, starts_at, settings, immediate=False
        )
    return AccessCode(
        access_code_id=body["access_code_id"],
        device_id=device["device_id"],
        workspace_id=workspace_id,
        name=body.get("name"),
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        created_at=created_at,
        is_offline_access_code=offline,
        is_one_time_use=one_time,
        pin=body.get("code") or make_pin(rng, device, kind, None),
        pin_assigned=status is Status.SET or not offline,
        setting_at=setting_at,
        set_at=set_at,
        removing_at=ends_at,
        status=status,
        was_set=status is Status.SET,
    )


def _seeded_kind(
    device: Json,
    starts_at: datetime | None,
    ends_at: datetime | None,
    *,
    offline: bool,
    one_time: bool,
) -> CodeKind:
    if starts_at is None or ends_at is None:
        return CodeKind.ONGOING
    if not offline:
        return CodeKind.TIME_BOUND
    if device["device_type"] == ORACODE:
        return CodeKind.ORACODE
    if device["device_type"] != IGLOOHOME:
        return CodeKind.TIME_BOUND
    if one_time:
        return CodeKind.IGLOOHOME_ONE_TIME
    if ends_at - starts_at <= LONGEST_HOURLY_ALGOPIN:
        return CodeKind.IGLOOHOME_HOURLY
    return CodeKind.IGLOOHOME_DAILY


def _optional_timestamp(text: str | None) -> datetime | None:
    return parse_timestamp(text) if text else None
