"""The sandbox's records: access codes, action attempts, webhooks, and device facts."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from .clock import format_timestamp
from .errors import Json

IGLOOHOME = "igloohome_lock"
ORACODE = "dormakaba_oracode_door"
LOCK_DEVICE_TYPES = frozenset(
    {
        IGLOOHOME,
        ORACODE,
        "igloo_lock",
        "august_lock",
        "schlage_lock",
        "yale_lock",
        "kwikset_lock",
        "nuki_lock",
        "lockly_lock",
        "ttlock_lock",
        "ultraloq_lock",
        "smartthings_lock",
        "wyze_lock",
    }
)


class Status(StrEnum):
    """An access code's ``status``."""

    UNSET = "unset"
    SETTING = "setting"
    SET = "set"
    REMOVING = "removing"


class CodeKind(StrEnum):
    """What kind of code a create request produced (drives quotas and PINs)."""

    ONGOING = "ongoing"
    TIME_BOUND = "time_bound"
    IGLOOHOME_HOURLY = "igloohome_hourly"
    IGLOOHOME_DAILY = "igloohome_daily"
    IGLOOHOME_ONE_TIME = "igloohome_one_time"
    ORACODE = "oracode"


@dataclass(kw_only=True)
class AccessCode:
    """A managed access code and the moments its lifecycle moves on."""

    access_code_id: str
    device_id: str
    workspace_id: str
    name: str | None
    kind: CodeKind
    starts_at: datetime | None
    ends_at: datetime | None
    created_at: datetime
    is_offline_access_code: bool
    is_one_time_use: bool
    pin: str
    pin_assigned: bool
    setting_at: datetime
    set_at: datetime
    removing_at: datetime | None
    gone_at: datetime | None = None
    status: Status = Status.UNSET
    failure: str | None = None
    failed: bool = False
    was_set: bool = False
    errors: list[Json] = field(default_factory=list)
    warnings: list[Json] = field(default_factory=list)
    oracode_metadata: Json | None = None
    position: int = -1
    """Creation order in the workspace (set by :class:`CodeBook`); lists follow it."""

    @property
    def code(self) -> str | None:
        """The PIN, once assigned."""
        return self.pin if self.pin_assigned else None

    def to_json(self) -> Json:
        """Render the code as Seam's ``access_code`` object."""
        body: Json = {
            "access_code_id": self.access_code_id,
            "device_id": self.device_id,
            "workspace_id": self.workspace_id,
            "name": self.name,
            "code": self.code,
            "common_code_key": None,
            "type": "ongoing" if self.kind is CodeKind.ONGOING else "time_bound",
            "status": str(self.status),
            "starts_at": _timestamp(self.starts_at),
            "ends_at": _timestamp(self.ends_at),
            "created_at": format_timestamp(self.created_at),
            "errors": list(self.errors),
            "warnings": list(self.warnings),
            "pending_mutations": [],
            "is_managed": True,
            "is_offline_access_code": self.is_offline_access_code,
            "is_one_time_use": self.is_one_time_use,
            "is_scheduled_on_device": self.status is Status.SET,
            "is_waiting_for_code_assignment": not self.pin_assigned,
            "is_backup": False,
            "is_backup_access_code_available": False,
            "pulled_backup_access_code_id": None,
            "is_external_modification_allowed": False,
        }
        if self.oracode_metadata is not None:
            body["dormakaba_oracode_metadata"] = dict(self.oracode_metadata)
        return body


class CodeBook(Mapping[str, AccessCode]):
    """The live access codes by id, indexed per device, both in creation order.

    Listing the codes of a lock, or a few codes by id, costs what it returns, not the
    size of the workspace.
    """

    def __init__(self) -> None:
        """Start empty."""
        self._codes: dict[str, AccessCode] = {}
        self._by_device: dict[str, dict[str, AccessCode]] = {}
        self._next_position = 0

    def __getitem__(self, access_code_id: str) -> AccessCode:
        """Return a live code by id."""
        return self._codes[access_code_id]

    def __iter__(self) -> Iterator[str]:
        """Iterate over the ids, oldest first."""
        return iter(self._codes)

    def __len__(self) -> int:
        """Return how many codes are live."""
        return len(self._codes)

    def add(self, code: AccessCode) -> None:
        """Add a new code after every other one."""
        code.position = self._next_position
        self._next_position += 1
        self._codes[code.access_code_id] = code
        self._by_device.setdefault(code.device_id, {})[code.access_code_id] = code

    def remove(self, access_code_id: str) -> None:
        """Forget a code."""
        code = self._codes.pop(access_code_id)
        on_device = self._by_device[code.device_id]
        del on_device[access_code_id]
        if not on_device:
            del self._by_device[code.device_id]

    def on_device(self, device_id: str) -> list[AccessCode]:
        """Return the codes on one device, oldest first."""
        return list(self._by_device.get(device_id, {}).values())

    def with_ids(self, access_code_ids: Iterable[str]) -> list[AccessCode]:
        """Return the live codes among ``access_code_ids``, oldest first."""
        found = {
            code_id: code
            for code_id in access_code_ids
            if (code := self._codes.get(code_id)) is not None
        }
        return sorted(found.values(), key=lambda code: code.position)


@dataclass(kw_only=True)
class ActionAttempt:
    """An action attempt that succeeds at ``resolves_at``."""

    action_attempt_id: str
    action_type: str
    access_code_id: str
    resolves_at: datetime
    status: str = "pending"
    result: Json | None = None

    def to_json(self) -> Json:
        """Render as Seam's ``action_attempt`` object."""
        return {
            "action_attempt_id": self.action_attempt_id,
            "action_type": self.action_type,
            "status": self.status,
            "result": self.result,
            "error": None,
        }


@dataclass(kw_only=True)
class Webhook:
    """A registered webhook endpoint."""

    webhook_id: str
    url: str
    event_types: list[str]
    secret: str

    def wants(self, event_type: str) -> bool:
        """Tell whether this webhook subscribed to ``event_type``."""
        return "*" in self.event_types or event_type in self.event_types

    def to_json(self) -> Json:
        """Render as Seam's ``webhook`` object."""
        return {
            "webhook_id": self.webhook_id,
            "url": self.url,
            "event_types": list(self.event_types),
            "secret": self.secret,
        }


def device_time_zone(device: Json) -> ZoneInfo:
    """Return the zone the device keeps time in (Oracode site zone, else location, else UTC)."""
    oracode = oracode_metadata(device)
    name = oracode.get("iana_timezone") or device.get("location", {}).get("time_zone")
    return ZoneInfo(name or "UTC")


def oracode_metadata(device: Json) -> Json:
    """Return the device's ``dormakaba_oracode_metadata`` (empty if none)."""
    metadata: Json = device["properties"].get("dormakaba_oracode_metadata") or {}
    return metadata


def flag(device: Json, name: str) -> bool:
    """Read a top-level capability flag (absent = false)."""
    return bool(device.get(name, False))


def is_lock(device: Json) -> bool:
    """Tell whether the device is a lock (what ``/locks/list`` returns)."""
    return device["device_type"] in LOCK_DEVICE_TYPES


def _timestamp(moment: datetime | None) -> str | None:
    return format_timestamp(moment) if moment else None
