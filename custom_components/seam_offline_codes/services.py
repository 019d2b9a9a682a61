"""Actions of the Seam Offline Codes integration: create codes, read PINs, list time slots."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any, Final

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import ATTR_DEVICE_ID, ATTR_ENTITY_ID, ATTR_NAME, Platform
from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import (
    config_validation as cv,
    device_registry as dr,
    entity_registry as er,
)
from homeassistant.helpers.service import async_set_service_schema
from homeassistant.helpers.translation import async_get_exception_message
from homeassistant.util.hass_dict import HassKey
from homeassistant.util.json import JsonObjectType, JsonValueType
from homeassistant.util.yaml import load_yaml_dict
import voluptuous as vol

from .const import DOMAIN, PIN_WAIT
from .coordinator import CreatedCode, ManagedLock, SeamConfigEntry, seam_device_id
from .helpers import CODE_UNIQUE_ID_PREFIX, code_unique_id, lock_time_zone
from .rules import (
    HORIZON,
    HORIZON_YEARS,
    IGLOOHOME_ONE_TIME_VALIDITY,
    PlannedCode,
    code_kind,
    validity_end,
)
from .seam import AccessCode, Device, Maker, TimeSlot
from .standing import async_load_standing, code_standing
from .stay_create import async_create_stay
from .stays import LockPlan

SERVICE_CREATE_HOURLY_CODE = "create_hourly_code"
SERVICE_CREATE_DAILY_CODE = "create_daily_code"
SERVICE_CREATE_ONE_TIME_CODE = "create_one_time_code"
SERVICE_LIST_TIME_SLOTS = "list_time_slots"
SERVICE_CREATE_STAY_CODES = "create_stay_codes"
SERVICE_GET_CODE = "get_code"
SERVICE_DISMISS_CODE = "dismiss_code"

ATTR_STARTS_AT = "starts_at"
ATTR_ENDS_AT = "ends_at"
ATTR_DURATION = "duration"
ATTR_START_DATE = "start_date"
ATTR_END_DATE = "end_date"
ATTR_TIME_OF_DAY = "time_of_day"
ATTR_TIME_SLOT = "time_slot"
ATTR_WAIT_FOR_CODE = "wait_for_code"
ATTR_CHECK_IN = "check_in"
ATTR_CHECK_OUT = "check_out"
ATTR_ACCESS_CODE_ID = "access_code_id"

WAIT_FOR_CODE_GAVE_UP = "wait_for_code_gave_up"

# Bounds on times and durations, far beyond any code a maker allows, that keep the rules'
# arithmetic (time zones, rounding, a year of days) inside Python's datetime range. The
# rules refuse anything further than HORIZON from now with the same translated error.
YEARS: Final = range(2000, 3000)


def _out_of_range() -> ServiceValidationError:
    """Return the translated refusal of a time or duration out of range."""
    return ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key="time_out_of_range",
        translation_placeholders={"max_years": str(HORIZON_YEARS)},
    )


def _in_years(value: date) -> date:
    """Refuse a date or datetime outside YEARS."""
    if value.year not in YEARS:
        raise _out_of_range()
    return value


def _duration(value: Any) -> timedelta:
    """Read a positive duration of at most HORIZON (also one too long for any clock).

    A mapping, as the UI's duration selector sends, is read as one at once: the general
    reader tries it as a string and as seconds first, each a raised error.
    """
    read = cv.time_period_dict if isinstance(value, dict) else cv.time_period
    try:
        duration: timedelta = cv.positive_timedelta(read(value))
    except OverflowError as err:
        raise _out_of_range() from err
    if duration > HORIZON:
        raise _out_of_range()
    return duration


_DATETIME = vol.All(cv.datetime, _in_years)
_DATE = vol.All(cv.date, _in_years)

_NAME = vol.All(cv.string, vol.Strip, vol.Length(min=1, max=100))
_BASE: dict[vol.Marker, Any] = {
    vol.Required(ATTR_DEVICE_ID): cv.string,
    vol.Required(ATTR_NAME): _NAME,
    vol.Optional(ATTR_WAIT_FOR_CODE, default=False): cv.boolean,
}


CREATE_HOURLY_SCHEMA = vol.Schema(
    {
        **_BASE,
        vol.Required(ATTR_STARTS_AT): _DATETIME,
        # Both optional: the rules refuse both and neither with a message of their own.
        vol.Optional(ATTR_ENDS_AT): _DATETIME,
        vol.Optional(ATTR_DURATION): _duration,
    }
)
CREATE_DAILY_SCHEMA = vol.Schema(
    {
        **_BASE,
        vol.Required(ATTR_START_DATE): _DATE,
        vol.Required(ATTR_END_DATE): _DATE,
        vol.Exclusive(ATTR_TIME_OF_DAY, "time"): cv.time,
        vol.Exclusive(ATTR_TIME_SLOT, "time"): cv.string,
    }
)
CREATE_ONE_TIME_SCHEMA = vol.Schema({**_BASE, vol.Required(ATTR_STARTS_AT): _DATETIME})
CREATE_STAY_SCHEMA = vol.Schema(
    {
        vol.Required(ATTR_DEVICE_ID): vol.All(cv.ensure_list, [cv.string]),
        vol.Required(ATTR_NAME): _NAME,
        vol.Required(ATTR_CHECK_IN): _DATETIME,
        vol.Required(ATTR_CHECK_OUT): _DATETIME,
        vol.Optional(ATTR_WAIT_FOR_CODE, default=False): cv.boolean,
    }
)
LIST_TIME_SLOTS_SCHEMA = vol.Schema({vol.Required(ATTR_DEVICE_ID): cv.string})
CODE_SCHEMA = vol.Schema(
    vol.All(
        {
            vol.Exclusive(ATTR_ENTITY_ID, "code"): cv.entity_id,
            vol.Exclusive(ATTR_ACCESS_CODE_ID, "code"): cv.string,
        },
        cv.has_at_least_one_key(ATTR_ENTITY_ID, ATTR_ACCESS_CODE_ID),
    )
)


type CodePlanner = Callable[[ManagedLock, Mapping[str, Any]], PlannedCode]
"""Turns a create action's fields into a plan on the action's lock."""


def _plan_hourly(target: ManagedLock, data: Mapping[str, Any]) -> PlannedCode:
    return target.coordinator.plan_hourly_code(
        target.lock,
        name=data[ATTR_NAME],
        starts_at=data[ATTR_STARTS_AT],
        ends_at=data.get(ATTR_ENDS_AT),
        duration=data.get(ATTR_DURATION),
    )


def _plan_daily(target: ManagedLock, data: Mapping[str, Any]) -> PlannedCode:
    return target.coordinator.plan_daily_code(
        target.lock,
        name=data[ATTR_NAME],
        start_date=data[ATTR_START_DATE],
        end_date=data[ATTR_END_DATE],
        time_of_day=data.get(ATTR_TIME_OF_DAY),
        time_slot=data.get(ATTR_TIME_SLOT),
    )


def _plan_one_time(target: ManagedLock, data: Mapping[str, Any]) -> PlannedCode:
    return target.coordinator.plan_one_time_code(
        target.lock, name=data[ATTR_NAME], starts_at=data[ATTR_STARTS_AT]
    )


async def async_setup_services(hass: HomeAssistant) -> None:
    """Register the integration's actions."""
    creators: dict[str, tuple[vol.Schema, CodePlanner]] = {
        SERVICE_CREATE_HOURLY_CODE: (CREATE_HOURLY_SCHEMA, _plan_hourly),
        SERVICE_CREATE_DAILY_CODE: (CREATE_DAILY_SCHEMA, _plan_daily),
        SERVICE_CREATE_ONE_TIME_CODE: (CREATE_ONE_TIME_SCHEMA, _plan_one_time),
    }
    for service, (schema, planner) in creators.items():
        hass.services.async_register(
            DOMAIN,
            service,
            partial(_async_create_code, planner),
            schema=schema,
            supports_response=SupportsResponse.OPTIONAL,
        )
    hass.services.async_register(
        DOMAIN,
        SERVICE_CREATE_STAY_CODES,
        _async_create_stay_codes,
        schema=CREATE_STAY_SCHEMA,
        supports_response=SupportsResponse.OPTIONAL,
    )
    hass.services.async_register(
        DOMAIN,
        SERVICE_GET_CODE,
        _async_get_code,
        schema=CODE_SCHEMA,
        supports_response=SupportsResponse.ONLY,
    )
    hass.services.async_register(
        DOMAIN, SERVICE_DISMISS_CODE, _async_dismiss_code, schema=CODE_SCHEMA
    )
    hass.services.async_register(
        DOMAIN,
        SERVICE_LIST_TIME_SLOTS,
        _async_list_time_slots,
        schema=LIST_TIME_SLOTS_SCHEMA,
        supports_response=SupportsResponse.ONLY,
    )
    description = await hass.async_add_executor_job(
        load_yaml_dict, str(Path(__file__).parent / "services.yaml")
    )
    hass.data[DATA_TIME_SLOT_SELECTOR] = TimeSlotSelector(
        description[SERVICE_CREATE_DAILY_CODE]
    )


def _resolve_target(call: ServiceCall) -> ManagedLock:
    """Find the managed lock behind the action's device, or explain why there is none."""
    return _resolve_lock(call.hass, call.data[ATTR_DEVICE_ID])


def _resolve_lock(hass: HomeAssistant, device_id: str) -> ManagedLock:
    """Find the managed lock behind a device, or explain why there is none."""
    device = dr.async_get(hass).async_get(device_id)
    seam_id = seam_device_id(device) if device else None
    if device is None or seam_id is None:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="device_not_found",
            translation_placeholders={"device_id": device_id},
        )
    for entry_id in device.config_entries:
        entry: SeamConfigEntry | None = hass.config_entries.async_get_entry(entry_id)
        if entry is None or entry.domain != DOMAIN:
            continue
        if entry.state is not ConfigEntryState.LOADED:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="entry_not_loaded",
                translation_placeholders={"entry": entry.title},
            )
        coordinator = entry.runtime_data.coordinator
        if (lock := coordinator.data.locks.get(seam_id)) is not None:
            return ManagedLock(coordinator, lock)
    raise ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key="device_not_managed",
        translation_placeholders={
            "device": device.name_by_user or device.name or seam_id
        },
    )


async def _async_create_code(
    planner: CodePlanner, call: ServiceCall
) -> ServiceResponse:
    """Plan a code by the maker's rules, create it in Seam and describe it."""
    await _async_require_admin(call)
    target = _resolve_target(call)
    coordinator = target.coordinator
    created = await coordinator.async_create_code(
        target.lock, partial(planner, target, call.data)
    )
    if not call.data[ATTR_WAIT_FOR_CODE] or created.pin is not None:
        return _response(created)
    created = await coordinator.async_wait_for_pin(created)
    response = _response(created)
    if created.pin is None:
        response["warnings"] = [*_warnings(created.code), _gave_up_waiting()]
    return response


def _gave_up_waiting() -> JsonObjectType:
    """Describe a wait for the PIN that ended before Seam assigned it."""
    return {
        "code": WAIT_FOR_CODE_GAVE_UP,
        "message": async_get_exception_message(
            DOMAIN,
            WAIT_FOR_CODE_GAVE_UP,
            {"seconds": str(round(PIN_WAIT.total_seconds()))},
        ),
    }


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _response(created: CreatedCode) -> JsonObjectType:
    """Describe the created code: its exact window in UTC and local time, and its PIN if known."""
    code, plan = created.code, created.plan
    return {
        "access_code_id": code.access_code_id,
        "entity_id": created.entity_id,
        "status": str(created.status),
        "starts_at": _iso(code.starts_at),
        "ends_at": _iso(code.ends_at or plan.request.ends_at),
        "local_starts_at": _iso(plan.local_starts_at),
        "local_ends_at": _iso(plan.local_ends_at),
        "time_zone": plan.time_zone,
        "time_slot": plan.time_slot.name if plan.time_slot else None,
        "rounded": plan.rounded,
        "widened_start_minutes": _minutes(plan.widened_start),
        "widened_end_minutes": _minutes(plan.widened_end),
        "dst_shift_minutes": _minutes(plan.dst_shift) if plan.dst_shift else None,
        "code": code.code,
        "warnings": _warnings(code),
    }


def _warnings(code: AccessCode) -> list[JsonValueType]:
    """Describe Seam's warnings on a code."""
    return [{"code": w.code, "message": w.message} for w in code.warnings]


async def _async_create_stay_codes(call: ServiceCall) -> ServiceResponse:
    """Plan a stay on every lock, then create each lock's code and describe them."""
    await _async_require_admin(call)
    device_ids = list(dict.fromkeys(call.data[ATTR_DEVICE_ID]))
    locks = [_resolve_lock(call.hass, device_id) for device_id in device_ids]
    created = await async_create_stay(
        call.hass,
        locks,
        name=call.data[ATTR_NAME],
        check_in=call.data[ATTR_CHECK_IN],
        check_out=call.data[ATTR_CHECK_OUT],
        wait_for_code=call.data[ATTR_WAIT_FOR_CODE],
    )
    device_of = {
        managed.lock.device_id: device_id
        for managed, device_id in zip(locks, device_ids, strict=True)
    }
    return {
        "stay_id": created.stay.stay_id,
        "codes": [
            _stay_code_response(device_of[plan.lock.device_id], plan, code)
            for plan, code in created.codes
        ],
    }


def _stay_code_response(
    device_id: str, plan: LockPlan, created: CreatedCode
) -> JsonObjectType:
    """Describe one lock's code of a stay, with how much and why it is wider."""
    return {
        **_response(created),
        "device_id": device_id,
        "lock": plan.lock.name,
        "kind": str(plan.planned.kind),
        "widening": [str(reason) for reason in plan.widening],
        "widened_before_minutes": _minutes(plan.earlier_by),
        "widened_after_minutes": _minutes(plan.later_by),
        "warnings": _stay_warnings(plan) + _warnings(created.code),
    }


def _stay_warnings(plan: LockPlan) -> list[JsonValueType]:
    """Describe what the host should know about a stay's code."""
    return [{"code": str(w), "message": w.message} for w in plan.warnings]


def _minutes(delta: timedelta) -> int:
    return round(delta.total_seconds() / 60)


async def _async_list_time_slots(call: ServiceCall) -> ServiceResponse:
    """Return the time slots a lock supports."""
    lock = _resolve_target(call).lock
    return {
        "time_zone": lock.time_zone,
        "time_slots": [
            {
                "name": slot.name,
                "check_in": slot.check_in.isoformat(),
                "check_out": slot.check_out.isoformat(),
                "time_zone": slot.time_zone or lock.time_zone,
                "is_24_hour": slot.is_24_hour,
            }
            for slot in lock.supported_time_slots
        ],
    }


def slot_label(lock: Device, slot: TimeSlot) -> str:
    """Return how a time slot is shown in selectors."""
    return f"{lock.name}: {slot.name} ({slot.check_in:%H:%M}-{slot.check_out:%H:%M})"


class TimeSlotSelector:
    """Offers the time slots of every managed Oracode door in the daily action's selector.

    The selector's options are rebuilt, and the action's schema set, only when the set of
    slots changes.
    """

    def __init__(self, description: Mapping[str, Any]) -> None:
        """Start from the daily action's description in services.yaml."""
        self._description = description
        self._options: list[dict[str, str]] = []

    @callback
    def async_update(self, hass: HomeAssistant) -> None:
        """Offer the slots of the doors of every running entry, if they changed."""
        labels: dict[str, list[str]] = {}
        for entry in _running_entries(hass):
            for lock in entry.runtime_data.coordinator.data.locks.values():
                if lock.maker is Maker.DORMAKABA_ORACODE:
                    for slot in lock.supported_time_slots:
                        labels.setdefault(slot.name, []).append(slot_label(lock, slot))
        options = [
            {"value": name, "label": " / ".join(names)}
            for name, names in sorted(labels.items())
        ]
        if options == self._options:
            return
        self._options = options
        fields = self._description["fields"]
        field = fields[ATTR_TIME_SLOT]
        select = {**field["selector"]["select"], "options": options}
        async_set_service_schema(
            hass,
            DOMAIN,
            SERVICE_CREATE_DAILY_CODE,
            {
                **self._description,
                "fields": {
                    **fields,
                    ATTR_TIME_SLOT: {**field, "selector": {"select": select}},
                },
            },
        )


DATA_TIME_SLOT_SELECTOR: HassKey[TimeSlotSelector] = HassKey(
    f"{DOMAIN}_time_slot_selector"
)


def _running_entries(hass: HomeAssistant) -> list[SeamConfigEntry]:
    """Return the entries that are loaded or finishing their set-up."""
    return [
        entry
        for entry in hass.config_entries.async_entries(DOMAIN)
        if entry.state in (ConfigEntryState.LOADED, ConfigEntryState.SETUP_IN_PROGRESS)
        and hasattr(entry, "runtime_data")
    ]


@callback
def async_follow_time_slots(hass: HomeAssistant, entry: SeamConfigEntry) -> None:
    """Keep the daily action's slot selector in step with the entry's doors."""
    selector = hass.data[DATA_TIME_SLOT_SELECTOR]
    update = partial(selector.async_update, hass)
    update()
    entry.async_on_unload(entry.runtime_data.coordinator.async_add_listener(update))
    entry.async_on_unload(update)


async def _async_require_admin(call: ServiceCall) -> None:
    """Refuse a call from a user who is not an administrator (automations may call)."""
    if call.context.user_id is None:
        return
    user = await call.hass.auth.async_get_user(call.context.user_id)
    if user is None or not user.is_admin:
        raise ServiceValidationError(
            translation_domain=DOMAIN, translation_key="admin_required"
        )


def _resolve_code(call: ServiceCall) -> tuple[ManagedLock, AccessCode]:
    """Find the code an action names by its sensor or its Seam id, with its lock."""
    access_code_id: str | None = call.data.get(ATTR_ACCESS_CODE_ID)
    if access_code_id is None:
        entity = er.async_get(call.hass).async_get(call.data[ATTR_ENTITY_ID])
        if (
            entity is not None
            and entity.platform == DOMAIN
            and entity.domain == Platform.SENSOR
            and entity.unique_id.startswith(CODE_UNIQUE_ID_PREFIX)
        ):
            access_code_id = entity.unique_id.removeprefix(CODE_UNIQUE_ID_PREFIX)
    for entry in _running_entries(call.hass):
        data = entry.runtime_data.coordinator.data
        if (code := data.codes.get(access_code_id or "")) and (
            lock := data.locks.get(code.device_id)
        ):
            return ManagedLock(entry.runtime_data.coordinator, lock), code
    raise ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key="code_not_found",
        translation_placeholders={"code": access_code_id or call.data[ATTR_ENTITY_ID]},
    )


async def _async_get_code(call: ServiceCall) -> ServiceResponse:
    """Return a code's PIN and window to an administrator or an automation.

    The PIN goes only into the response: never into an event, a state or the recorder.
    """
    await _async_require_admin(call)
    target, code = _resolve_code(call)
    lock = target.lock
    zone = lock_time_zone(call.hass, lock)
    end = validity_end(code)
    device = dr.async_get(call.hass).async_get_device(
        identifiers={(DOMAIN, lock.device_id)}
    )
    entity_id = er.async_get(call.hass).async_get_entity_id(
        Platform.SENSOR, DOMAIN, code_unique_id(code.access_code_id)
    )
    return {
        "access_code_id": code.access_code_id,
        "entity_id": entity_id,
        "code": code.code,
        "name": code.name,
        "status": str(code.status),
        "no_longer_needed": code_standing(call.hass, code.access_code_id),
        "device_id": device.id if device else None,
        "lock": lock.name,
        "kind": str(code_kind(code)),
        "time_slot": code.time_slot_name,
        "starts_at": _iso(code.starts_at),
        "ends_at": _iso(end),
        "local_starts_at": _iso(code.starts_at.astimezone(zone))
        if code.starts_at
        else None,
        "local_ends_at": _iso(end.astimezone(zone)) if end else None,
        "time_zone": str(zone),
        "first_use_within_24_hours": _first_use_within_a_day(lock, code),
        "warnings": _warnings(code),
    }


def _first_use_within_a_day(lock: Device, code: AccessCode) -> bool:
    """Return whether the guest must use the code within 24 hours of its start (igloohome)."""
    return (
        lock.maker is Maker.IGLOOHOME
        and not code.is_one_time_use
        and code.starts_at is not None
        and code.ends_at is not None
        and code.ends_at - code.starts_at > IGLOOHOME_ONE_TIME_VALIDITY
    )


async def _async_dismiss_code(call: ServiceCall) -> None:
    """Mark a code no longer needed (its PIN keeps working on the lock until its end)."""
    await _async_require_admin(call)
    target, code = _resolve_code(call)
    dismissed = await async_load_standing(call.hass)
    await dismissed.async_dismiss(code.access_code_id)
    target.coordinator.async_update_all_listeners()
