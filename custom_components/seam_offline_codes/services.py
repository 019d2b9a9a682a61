"""Actions of the Seam Offline Codes integration: create offline codes, list time slots."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from copy import deepcopy
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import ATTR_DEVICE_ID, ATTR_NAME
from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import config_validation as cv, device_registry as dr
from homeassistant.helpers.service import (
    async_get_all_descriptions,
    async_register_admin_service,
    async_set_service_schema,
)
from homeassistant.util import dt as dt_util
from homeassistant.util.json import JsonObjectType
import voluptuous as vol

from .const import DOMAIN, LOGGER, PIN_POLL, PIN_WAIT
from .coordinator import SeamConfigEntry, SeamCoordinator, seam_device_id
from .rules import (
    CodeKind,
    PlannedCode,
    Violation,
    plan_daily_code,
    plan_hourly_code,
    plan_one_time_code,
)
from .seam import (
    AccessCode,
    Device,
    Maker,
    SeamAuthenticationError,
    SeamError,
    SeamInvalidInputError,
    SeamRateLimitedError,
    TimeSlot,
)

SERVICE_CREATE_HOURLY_CODE = "create_hourly_code"
SERVICE_CREATE_DAILY_CODE = "create_daily_code"
SERVICE_CREATE_ONE_TIME_CODE = "create_one_time_code"
SERVICE_LIST_TIME_SLOTS = "list_time_slots"

ATTR_STARTS_AT = "starts_at"
ATTR_ENDS_AT = "ends_at"
ATTR_DURATION = "duration"
ATTR_START_DATE = "start_date"
ATTR_END_DATE = "end_date"
ATTR_TIME_OF_DAY = "time_of_day"
ATTR_TIME_SLOT = "time_slot"
ATTR_WAIT_FOR_CODE = "wait_for_code"

_NAME = vol.All(cv.string, vol.Strip, vol.Length(min=1, max=100))
_BASE: dict[vol.Marker, Any] = {
    vol.Required(ATTR_DEVICE_ID): cv.string,
    vol.Required(ATTR_NAME): _NAME,
    vol.Optional(ATTR_WAIT_FOR_CODE, default=False): cv.boolean,
}

CREATE_HOURLY_SCHEMA = vol.Schema(
    {
        **_BASE,
        vol.Required(ATTR_STARTS_AT): cv.datetime,
        vol.Exclusive(ATTR_ENDS_AT, "end"): cv.datetime,
        vol.Exclusive(ATTR_DURATION, "end"): cv.positive_time_period,
    }
)
CREATE_DAILY_SCHEMA = vol.Schema(
    {
        **_BASE,
        vol.Required(ATTR_START_DATE): cv.date,
        vol.Required(ATTR_END_DATE): cv.date,
        vol.Exclusive(ATTR_TIME_OF_DAY, "time"): cv.time,
        vol.Exclusive(ATTR_TIME_SLOT, "time"): cv.string,
    }
)
CREATE_ONE_TIME_SCHEMA = vol.Schema(
    {**_BASE, vol.Required(ATTR_STARTS_AT): cv.datetime}
)
LIST_TIME_SLOTS_SCHEMA = vol.Schema({vol.Required(ATTR_DEVICE_ID): cv.string})


@dataclass(frozen=True, slots=True)
class Target:
    """The lock an action acts on, and the coordinator that manages it."""

    coordinator: SeamCoordinator
    lock: Device


@callback
def async_setup_services(hass: HomeAssistant) -> None:
    """Register the integration's actions."""
    creators: dict[str, tuple[vol.Schema, CodeKind]] = {
        SERVICE_CREATE_HOURLY_CODE: (CREATE_HOURLY_SCHEMA, CodeKind.HOURLY),
        SERVICE_CREATE_DAILY_CODE: (CREATE_DAILY_SCHEMA, CodeKind.DAILY),
        SERVICE_CREATE_ONE_TIME_CODE: (CREATE_ONE_TIME_SCHEMA, CodeKind.ONE_TIME),
    }
    for service, (schema, kind) in creators.items():
        async_register_admin_service(
            hass,
            DOMAIN,
            service,
            partial(_async_create_code, kind),
            schema=schema,
            supports_response=SupportsResponse.OPTIONAL,
        )
    hass.services.async_register(
        DOMAIN,
        SERVICE_LIST_TIME_SLOTS,
        _async_list_time_slots,
        schema=LIST_TIME_SLOTS_SCHEMA,
        supports_response=SupportsResponse.ONLY,
    )


def _resolve_target(call: ServiceCall) -> Target:
    """Find the managed lock behind the action's device, or explain why there is none."""
    device = dr.async_get(call.hass).async_get(call.data[ATTR_DEVICE_ID])
    seam_id = seam_device_id(device) if device else None
    if device is None or seam_id is None:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="device_not_found",
            translation_placeholders={"device_id": call.data[ATTR_DEVICE_ID]},
        )
    for entry_id in device.config_entries:
        entry: SeamConfigEntry | None = call.hass.config_entries.async_get_entry(
            entry_id
        )
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
            return Target(coordinator, lock)
    raise ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key="device_not_managed",
        translation_placeholders={
            "device": device.name_by_user or device.name or seam_id
        },
    )


def _plan_hourly(
    target: Target, data: Mapping[str, Any], **context: Any
) -> PlannedCode:
    return plan_hourly_code(
        target.lock,
        name=data[ATTR_NAME],
        starts_at=data[ATTR_STARTS_AT],
        ends_at=data.get(ATTR_ENDS_AT),
        duration=data.get(ATTR_DURATION),
        **context,
    )


def _plan_daily(target: Target, data: Mapping[str, Any], **context: Any) -> PlannedCode:
    time_slot = data.get(ATTR_TIME_SLOT)
    if time_slot is None and ATTR_TIME_OF_DAY not in data:
        time_slot = target.coordinator.default_time_slots.get(target.lock.device_id)
    return plan_daily_code(
        target.lock,
        name=data[ATTR_NAME],
        start_date=data[ATTR_START_DATE],
        end_date=data[ATTR_END_DATE],
        time_of_day=data.get(ATTR_TIME_OF_DAY),
        time_slot=time_slot,
        **context,
    )


def _plan_one_time(
    target: Target, data: Mapping[str, Any], **context: Any
) -> PlannedCode:
    return plan_one_time_code(
        target.lock, name=data[ATTR_NAME], starts_at=data[ATTR_STARTS_AT], **context
    )


_PLANNERS: dict[CodeKind, Callable[..., PlannedCode]] = {
    CodeKind.HOURLY: _plan_hourly,
    CodeKind.DAILY: _plan_daily,
    CodeKind.ONE_TIME: _plan_one_time,
}


async def _async_create_code(kind: CodeKind, call: ServiceCall) -> ServiceResponse:
    """Create a code of one kind on the action's lock."""
    return await async_create_code(call.hass, _resolve_target(call), kind, call.data)


async def async_create_code(
    hass: HomeAssistant, target: Target, kind: CodeKind, data: Mapping[str, Any]
) -> JsonObjectType:
    """Check the maker's rules, create the code in Seam and describe it.

    ``data`` holds the fields of the kind's create action. A broken rule raises a
    translated ServiceValidationError before any request; a Seam failure, a
    HomeAssistantError.
    """
    coordinator = target.coordinator
    try:
        planned = _PLANNERS[kind](
            target,
            data,
            now=dt_util.utcnow(),
            existing=coordinator.data.codes_on(target.lock.device_id),
            default_time_zone=str(hass.config.time_zone),
        )
    except Violation as violation:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key=str(violation.rule),
            translation_placeholders=violation.placeholders,
        ) from violation
    code = await _async_send(coordinator, planned)
    entity_id = await coordinator.async_add_code(code)
    if data.get(ATTR_WAIT_FOR_CODE) and code.code is None:
        code = await _async_wait_for_pin(coordinator, code)
    return _response(code, planned, entity_id)


async def _async_wait_for_pin(
    coordinator: SeamCoordinator, code: AccessCode
) -> AccessCode:
    """Poll a new code until Seam assigns its PIN, for at most PIN_WAIT.

    Seam assigns an offline code's PIN as its start approaches, so this only helps for
    codes that start soon; on time-out or a Seam failure the code is returned as it is.
    """
    try:
        async with asyncio.timeout(PIN_WAIT.total_seconds()):
            while code.code is None:
                await asyncio.sleep(PIN_POLL.total_seconds())
                fresh = await coordinator.async_refresh_code(code.access_code_id)
                if fresh is None:
                    break
                code = fresh
    except TimeoutError:
        LOGGER.debug("Seam assigned no PIN within %s", PIN_WAIT)
    except SeamError as err:
        LOGGER.debug("Stopped waiting for a PIN: %s", type(err).__name__)
    return code


async def _async_send(coordinator: SeamCoordinator, planned: PlannedCode) -> AccessCode:
    """Create the planned code in Seam, translating failures."""
    try:
        return await coordinator.client.create_offline_access_code(planned.request)
    except SeamInvalidInputError as err:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="seam_rejected_code",
            translation_placeholders={"message": err.message},
        ) from err
    except SeamAuthenticationError as err:
        coordinator.config_entry.async_start_reauth(coordinator.hass)
        raise HomeAssistantError(
            translation_domain=DOMAIN, translation_key="invalid_auth"
        ) from err
    except SeamRateLimitedError as err:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="create_rate_limited",
            translation_placeholders={"seconds": str(round(err.retry_after or 60))},
        ) from err
    except SeamError as err:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="create_failed",
            translation_placeholders={"error": type(err).__name__},
        ) from err


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _response(
    code: AccessCode, planned: PlannedCode, entity_id: str | None
) -> JsonObjectType:
    """Describe the created code: its exact window in UTC and local time, and its PIN if known."""
    return {
        "access_code_id": code.access_code_id,
        "entity_id": entity_id,
        "status": str(code.status),
        "starts_at": _iso(code.starts_at),
        "ends_at": _iso(code.ends_at or planned.request.ends_at),
        "local_starts_at": _iso(planned.local_starts_at),
        "local_ends_at": _iso(planned.local_ends_at),
        "time_zone": planned.time_zone,
        "time_slot": planned.time_slot.name if planned.time_slot else None,
        "rounded": planned.rounded,
        "dst_shift_minutes": (
            round(planned.dst_shift.total_seconds() / 60) if planned.dst_shift else None
        ),
        "code": code.code,
        "warnings": [{"code": w.code, "message": w.message} for w in code.warnings],
    }


async def _async_list_time_slots(call: ServiceCall) -> ServiceResponse:
    """Return the time slots a lock supports."""
    target = _resolve_target(call)
    lock = target.lock
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


def _running_entries(hass: HomeAssistant) -> list[SeamConfigEntry]:
    """Return the entries that are loaded or finishing their set-up."""
    return [
        entry
        for entry in hass.config_entries.async_entries(DOMAIN)
        if entry.state in (ConfigEntryState.LOADED, ConfigEntryState.SETUP_IN_PROGRESS)
        and hasattr(entry, "runtime_data")
    ]


async def async_update_time_slot_selector(hass: HomeAssistant) -> None:
    """Offer the time slots of every managed Oracode door in the daily action's selector."""
    options: dict[str, list[str]] = {}
    for entry in _running_entries(hass):
        for lock in entry.runtime_data.coordinator.data.locks.values():
            if lock.maker is Maker.DORMAKABA_ORACODE:
                for slot in lock.supported_time_slots:
                    options.setdefault(slot.name, []).append(slot_label(lock, slot))
    new_options = [
        {"value": name, "label": " / ".join(labels)}
        for name, labels in sorted(options.items())
    ]
    description = (await async_get_all_descriptions(hass))[DOMAIN][
        SERVICE_CREATE_DAILY_CODE
    ]
    if _time_slot_select(description).get("options") == new_options:
        return
    schema = deepcopy(description)
    _time_slot_select(schema)["options"] = new_options
    async_set_service_schema(hass, DOMAIN, SERVICE_CREATE_DAILY_CODE, schema)


def _time_slot_select(description: dict[str, Any]) -> dict[str, Any]:
    """Return the select selector of the daily action's time slot field."""
    select: dict[str, Any] = description["fields"][ATTR_TIME_SLOT]["selector"]["select"]
    return select
