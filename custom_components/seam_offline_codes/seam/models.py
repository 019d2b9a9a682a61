"""Typed, immutable views of the Seam objects this integration uses.

Parsers tolerate unknown fields and unknown error, warning and status codes: Seam adds
new ones over time, and a new code must never break the integration.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from enum import StrEnum
import re
from typing import Any

type JSON = Mapping[str, Any]

CAPABILITY_ACCESS_CODE = "access_code"


class Maker(StrEnum):
    """Lock makers whose offline codes follow known rules."""

    IGLOOHOME = "igloohome"
    DORMAKABA_ORACODE = "dormakaba_oracode"
    OTHER = "other"


class AccessCodeStatus(StrEnum):
    """Lifecycle status of an access code, as Seam reports it."""

    UNSET = "unset"
    SETTING = "setting"
    SET = "set"
    REMOVING = "removing"
    UNKNOWN = "unknown"


_ROUNDING_TOLERANCE = {
    "1h": timedelta(hours=1),
    "1hour": timedelta(hours=1),
    "1d": timedelta(days=1),
    "1day": timedelta(days=1),
}

_MAKER_BY_DEVICE_TYPE = {
    "igloohome_lock": Maker.IGLOOHOME,
    "dormakaba_oracode_door": Maker.DORMAKABA_ORACODE,
}
_MAKER_BY_MANUFACTURER = {
    "igloohome": Maker.IGLOOHOME,
    "dormakaba_oracode": Maker.DORMAKABA_ORACODE,
}


def parse_datetime(value: Any) -> datetime | None:
    """Parse a Seam ISO 8601 timestamp into an aware UTC datetime.

    Raise ``ValueError`` for a string that is no timestamp, or one outside UTC's range.
    """
    if not isinstance(value, str) or not value:
        return None
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    try:
        return parsed.astimezone(UTC)
    except OverflowError as err:
        raise ValueError(f"{value!r} is outside UTC's range") from err


def format_datetime(value: datetime) -> str:
    """Format an aware datetime the way Seam does (UTC, milliseconds, Z)."""
    return (
        value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    )


_TOD = re.compile(
    r"^(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2}))?"
    r"(?P<offset>Z|[+-]\d{2}:?\d{2})?(?:\[(?P<zone>[^\]]+)\])?$"
)


def parse_time_of_day(value: Any) -> tuple[time, str | None] | None:
    """Parse a Seam time-of-day string such as ``07:00:00[Europe/Tirane]``.

    Seam's own examples also show an offset before the zone
    (``15:30:00-08:00[America/Los_Angeles]``), so both forms are accepted; the zone
    name, when present, is returned alongside the wall-clock time.
    """
    if not isinstance(value, str) or (match := _TOD.match(value.strip())) is None:
        return None
    wall = time(int(match["h"]), int(match["m"]), int(match["s"] or 0))
    return wall, match["zone"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Issue:
    """An error or warning that Seam attaches to a device or access code."""

    code: str
    message: str
    created_at: datetime | None = None

    @classmethod
    def from_dict(cls, data: JSON, code_key: str) -> Issue:
        """Build from Seam's ``{error_code|warning_code, message, created_at}``."""
        return cls(
            code=str(data.get(code_key) or "unknown"),
            message=str(data.get("message") or ""),
            created_at=parse_datetime(data.get("created_at")),
        )


def _issues(items: Any, code_key: str) -> tuple[Issue, ...]:
    if not isinstance(items, list):
        return ()
    return tuple(
        Issue.from_dict(item, code_key) for item in items if isinstance(item, dict)
    )


def _errors(data: JSON) -> tuple[Issue, ...]:
    return _issues(data.get("errors"), "error_code")


def _warnings(data: JSON) -> tuple[Issue, ...]:
    return _issues(data.get("warnings"), "warning_code")


def _optional_bool(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


@dataclass(frozen=True, slots=True, kw_only=True)
class Workspace:
    """A Seam workspace; one Home Assistant config entry per workspace."""

    workspace_id: str
    name: str
    is_sandbox: bool = False

    @classmethod
    def from_dict(cls, data: JSON) -> Workspace:
        """Build from Seam's workspace object."""
        return cls(
            workspace_id=str(data["workspace_id"]),
            name=str(data.get("name") or data.get("company_name") or ""),
            is_sandbox=bool(data.get("is_sandbox", False)),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class TimeSlot:
    """A dormakaba Oracode predefined time slot ("user level")."""

    name: str
    check_in: time
    check_out: time
    time_zone: str | None
    prefix: int | None = None
    user_level_id: str | None = None
    is_24_hour: bool = False
    is_master: bool = False
    is_one_shot: bool = False
    is_biweekly: bool = False

    @property
    def is_supported(self) -> bool:
        """Return whether Seam can create codes on this slot (not master, not one-shot)."""
        return not (self.is_master or self.is_one_shot)

    @classmethod
    def from_dict(cls, data: JSON) -> TimeSlot | None:
        """Build from a ``predefined_time_slots`` entry; None when its times are unreadable."""
        check_in = parse_time_of_day(data.get("check_in_time"))
        check_out = parse_time_of_day(data.get("check_out_time"))
        if check_in is None or check_out is None:
            return None
        prefix = data.get("dormakaba_oracode_user_level_prefix")
        if prefix is None:
            prefix = data.get(
                "ext_dormakaba_oracode_user_level_prefix", data.get("prefix")
            )
        return cls(
            name=str(data.get("name") or f"{check_in[0]:%H:%M}-{check_out[0]:%H:%M}"),
            check_in=check_in[0],
            check_out=check_out[0],
            time_zone=check_in[1] or check_out[1],
            prefix=prefix if isinstance(prefix, int) else None,
            user_level_id=data.get("dormakaba_oracode_user_level_id"),
            is_24_hour=bool(data.get("is_24_hour", False)),
            is_master=bool(data.get("is_master", False)),
            is_one_shot=bool(data.get("is_one_shot", False)),
            is_biweekly=bool(data.get("is_biweekly_mode", False)),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Device:
    """A Seam device (lock), reduced to what offline codes need."""

    device_id: str
    device_type: str
    name: str
    maker: Maker
    manufacturer: str | None = None
    model: str | None = None
    serial_number: str | None = None
    online: bool = True
    battery_level: float | None = None
    capabilities_supported: tuple[str, ...] = ()
    can_program_offline_access_codes: bool | None = None
    offline_access_codes_enabled: bool | None = None
    time_zone: str | None = None
    time_slots: tuple[TimeSlot, ...] = ()
    maker_device_id: str | None = None
    bridge_name: str | None = None
    site_name: str | None = None
    errors: tuple[Issue, ...] = ()
    warnings: tuple[Issue, ...] = ()

    @property
    def supports_offline_codes(self) -> bool:
        """Return whether Seam can create offline access codes on this device."""
        return CAPABILITY_ACCESS_CODE in self.capabilities_supported and bool(
            self.offline_access_codes_enabled or self.can_program_offline_access_codes
        )

    @property
    def supported_time_slots(self) -> tuple[TimeSlot, ...]:
        """Return the time slots Seam can create codes on."""
        return tuple(slot for slot in self.time_slots if slot.is_supported)

    @classmethod
    def from_dict(cls, data: JSON) -> Device:
        """Build from Seam's device object."""
        props: JSON = data.get("properties") or {}
        device_type = str(data.get("device_type") or "")
        manufacturer = props.get("manufacturer")
        maker = _MAKER_BY_DEVICE_TYPE.get(device_type) or _MAKER_BY_MANUFACTURER.get(
            str(manufacturer), Maker.OTHER
        )
        igloohome: JSON = props.get("igloohome_metadata") or {}
        oracode: JSON = props.get("dormakaba_oracode_metadata") or {}
        model: JSON = props.get("model") or {}
        location: JSON = data.get("location") or {}
        battery = props.get("battery_level")
        if battery is None:
            battery = (props.get("battery") or {}).get("level")
        slots = (
            TimeSlot.from_dict(slot)
            for slot in oracode.get("predefined_time_slots") or ()
        )
        maker_device_id = igloohome.get("device_id") or oracode.get("door_id")
        return cls(
            device_id=str(data["device_id"]),
            device_type=device_type,
            name=str(
                data.get("display_name")
                or data.get("nickname")
                or props.get("name")
                or data["device_id"]
            ),
            maker=maker,
            manufacturer=(props.get("model") or {}).get("manufacturer_display_name")
            or (str(manufacturer) if manufacturer else None),
            model=model.get("display_name"),
            serial_number=props.get("serial_number"),
            online=bool(props.get("online", True)),
            battery_level=float(battery) if isinstance(battery, int | float) else None,
            capabilities_supported=tuple(data.get("capabilities_supported") or ()),
            can_program_offline_access_codes=_optional_bool(
                data.get("can_program_offline_access_codes")
            ),
            offline_access_codes_enabled=_optional_bool(
                props.get("offline_access_codes_enabled")
            ),
            time_zone=oracode.get("iana_timezone")
            or location.get("time_zone")
            or location.get("timezone"),
            time_slots=tuple(slot for slot in slots if slot is not None),
            maker_device_id=str(maker_device_id)
            if maker_device_id is not None
            else None,
            bridge_name=igloohome.get("bridge_name"),
            site_name=oracode.get("site_name"),
            errors=_errors(data),
            warnings=_warnings(data),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class AccessCode:
    """A Seam access code. ``code`` is the PIN: never log or record it."""

    access_code_id: str
    device_id: str
    name: str | None
    status: AccessCodeStatus
    type: str = "time_bound"
    code: str | None = field(default=None, repr=False)
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    created_at: datetime | None = None
    is_offline_access_code: bool = False
    is_one_time_use: bool = False
    is_waiting_for_code_assignment: bool = False
    is_scheduled_on_device: bool = False
    time_slot_name: str | None = None
    errors: tuple[Issue, ...] = ()
    warnings: tuple[Issue, ...] = ()

    @classmethod
    def from_dict(cls, data: JSON) -> AccessCode:
        """Build from Seam's access code object."""
        try:
            status = AccessCodeStatus(str(data.get("status")))
        except ValueError:
            status = AccessCodeStatus.UNKNOWN
        oracode: JSON = data.get("dormakaba_oracode_metadata") or {}
        code = data.get("code")
        return cls(
            access_code_id=str(data["access_code_id"]),
            device_id=str(data["device_id"]),
            name=data.get("name"),
            status=status,
            type=str(data.get("type") or "time_bound"),
            code=str(code) if code is not None else None,
            starts_at=parse_datetime(data.get("starts_at")),
            ends_at=parse_datetime(data.get("ends_at")),
            created_at=parse_datetime(data.get("created_at")),
            is_offline_access_code=bool(data.get("is_offline_access_code", False)),
            is_one_time_use=bool(data.get("is_one_time_use", False)),
            is_waiting_for_code_assignment=bool(
                data.get("is_waiting_for_code_assignment", code is None)
            ),
            is_scheduled_on_device=bool(data.get("is_scheduled_on_device", False)),
            time_slot_name=oracode.get("user_level_name"),
            errors=_errors(data),
            warnings=_warnings(data),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class OfflineCodeRequest:
    """The exact body of an ``/access_codes/create`` call for an offline code."""

    device_id: str
    name: str
    starts_at: datetime
    ends_at: datetime | None
    max_time_rounding: str = "1h"
    is_one_time_use: bool = False

    @property
    def rounding_tolerance(self) -> timedelta:
        """Return how far Seam may move ``starts_at`` and ``ends_at`` when it rounds them."""
        return _ROUNDING_TOLERANCE.get(self.max_time_rounding, timedelta(hours=1))

    def as_json(self) -> dict[str, Any]:
        """Return the JSON body Seam expects."""
        body: dict[str, Any] = {
            "device_id": self.device_id,
            "name": self.name,
            "starts_at": format_datetime(self.starts_at),
            "is_offline_access_code": True,
            "max_time_rounding": self.max_time_rounding,
        }
        if self.ends_at is not None:
            body["ends_at"] = format_datetime(self.ends_at)
        if self.is_one_time_use:
            body["is_one_time_use"] = True
        return body


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """A Seam event, from ``/events/list`` or a webhook delivery."""

    event_id: str
    event_type: str
    occurred_at: datetime | None
    device_id: str | None = None
    access_code_id: str | None = None
    code: str | None = field(default=None, repr=False)

    @classmethod
    def from_dict(cls, data: JSON) -> Event:
        """Build from Seam's event object; raise ``TypeError`` or ``ValueError`` if malformed.

        Events also arrive by webhook, from outside, so every field is checked.
        """
        if not isinstance(data, Mapping):
            raise TypeError("An event is a JSON object")
        event_id, event_type = _text(data, "event_id"), _text(data, "event_type")
        if event_id is None or event_type is None:
            raise ValueError("An event needs an event_id and an event_type")
        when = _text(data, "occurred_at") or _text(data, "created_at")
        return cls(
            event_id=event_id,
            event_type=event_type,
            occurred_at=parse_datetime(when),
            device_id=_text(data, "device_id"),
            access_code_id=_text(data, "access_code_id"),
            code=_text(data, "code"),
        )


def _text(data: JSON, key: str) -> str | None:
    """Return a string field, None when absent; raise ``TypeError`` for another type."""
    value = data.get(key)
    if value is None or isinstance(value, str):
        return value
    raise TypeError(f"Event field {key} must be a string, not {type(value).__name__}")


@dataclass(frozen=True, slots=True, kw_only=True)
class Webhook:
    """A registered Seam webhook. ``secret`` signs deliveries: never log it."""

    webhook_id: str
    url: str
    event_types: tuple[str, ...] = ()
    secret: str | None = field(default=None, repr=False)

    @classmethod
    def from_dict(cls, data: JSON) -> Webhook:
        """Build from Seam's webhook object."""
        return cls(
            webhook_id=str(data["webhook_id"]),
            url=str(data["url"]),
            event_types=tuple(data.get("event_types") or ()),
            secret=data.get("secret"),
        )
