"""Lifecycle moments of access codes, derived once from snapshot differences.

A moment (created, scheduled, set, failed, removed, deleted) is what the event entities,
device triggers and automations react to. It carries the code's id and name, never its PIN.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from functools import partial

from .seam import AccessCode, AccessCodeStatus

EVENT_CODE_MOMENT = "seam_offline_codes_code_moment"
"""The Home Assistant event fired for every moment."""
_NEVER = datetime.min.replace(tzinfo=UTC)


class MomentType(StrEnum):
    """What happened to a code."""

    CODE_CREATED = "code_created"
    CODE_SCHEDULED = "code_scheduled"
    CODE_SET = "code_set"
    CODE_FAILED = "code_failed"
    CODE_REMOVED = "code_removed"
    CODE_DELETED = "code_deleted"


@dataclass(frozen=True, slots=True, kw_only=True)
class Moment:
    """One lifecycle moment of one code."""

    type: MomentType
    device_id: str
    access_code_id: str
    name: str | None


def _changes(before: AccessCode, after: AccessCode) -> Iterator[MomentType]:
    """Yield the moments between two states of the same code."""
    if after.is_scheduled_on_device and not before.is_scheduled_on_device:
        yield MomentType.CODE_SCHEDULED
    if (
        after.status is AccessCodeStatus.SET
        and before.status is not AccessCodeStatus.SET
    ):
        yield MomentType.CODE_SET
    if {e.code for e in after.errors} - {e.code for e in before.errors}:
        yield MomentType.CODE_FAILED
    if (
        after.status is AccessCodeStatus.REMOVING
        and before.status is not AccessCodeStatus.REMOVING
    ):
        yield MomentType.CODE_REMOVED


def detect_moments(
    before: Mapping[str, AccessCode],
    after: Mapping[str, AccessCode],
    changed: Iterable[str] | None = None,
) -> list[Moment]:
    """Return the moments between two snapshots of the codes.

    ``changed`` names the only codes that may differ (None: compare them all), so the
    work follows what changed, not how many codes there are. Moments come in the codes'
    order of creation, deleted codes last.
    """
    if changed is None:
        changed = [*after, *(code_id for code_id in before if code_id not in after)]
    moments: list[Moment] = []
    for code_id in sorted(changed, key=partial(_order, before, after)):
        previous, code = before.get(code_id), after.get(code_id)
        if code is None:
            if previous is not None:
                moments.append(_moment(MomentType.CODE_DELETED, code_id, previous))
            continue
        types = (
            [MomentType.CODE_CREATED]
            if previous is None
            else list(_changes(previous, code))
        )
        moments.extend(_moment(kind, code_id, code) for kind in types)
    return moments


def _order(
    before: Mapping[str, AccessCode], after: Mapping[str, AccessCode], code_id: str
) -> tuple[bool, datetime]:
    """Sort live codes by creation, then deleted codes (a stable sort keeps ties)."""
    code = after.get(code_id) or before.get(code_id)
    created = code.created_at if code and code.created_at else _NEVER
    return (code_id not in after, created)


def _moment(kind: MomentType, code_id: str, code: AccessCode) -> Moment:
    return Moment(
        type=kind, device_id=code.device_id, access_code_id=code_id, name=code.name
    )


def moment_signal(entry_id: str, device_id: str) -> str:
    """Return the dispatcher signal that carries the moments of one lock's codes."""
    return f"{EVENT_CODE_MOMENT}_{entry_id}_{device_id}"
