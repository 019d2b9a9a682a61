"""Lifecycle moments of access codes, derived once from snapshot differences.

A moment (created, scheduled, set, failed, removed, deleted) is what the event entities,
device triggers and automations react to. It carries the code's id and name, never its PIN.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum

from .seam import AccessCode, AccessCodeStatus

EVENT_CODE_MOMENT = "seam_offline_codes_code_moment"
"""The Home Assistant event fired for every moment."""


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
    before: Mapping[str, AccessCode], after: Mapping[str, AccessCode]
) -> list[Moment]:
    """Return the moments between two snapshots of the codes."""
    moments: list[Moment] = []
    for code_id, code in after.items():
        previous = before.get(code_id)
        types = (
            [MomentType.CODE_CREATED]
            if previous is None
            else list(_changes(previous, code))
        )
        moments.extend(
            Moment(
                type=kind,
                device_id=code.device_id,
                access_code_id=code_id,
                name=code.name,
            )
            for kind in types
        )
    moments.extend(
        Moment(
            type=MomentType.CODE_DELETED,
            device_id=code.device_id,
            access_code_id=code_id,
            name=code.name,
        )
        for code_id, code in before.items()
        if code_id not in after
    )
    return moments


def moment_signal(entry_id: str) -> str:
    """Return the dispatcher signal that carries one entry's moments."""
    return f"{EVENT_CODE_MOMENT}_{entry_id}"
