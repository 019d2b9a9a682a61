"""Seam Connect's endpoints: parameters in, the response payload (without ``ok``) out."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from .clock import parse_timestamp
from .errors import Json, invalid_input, not_found
from .pagination import paginate
from .params import Params
from .rules import CreateRequest
from .sandbox import Sandbox
from .state import AccessCode, is_lock

DEVICES_DEFAULT_LIMIT = 500
ACCESS_CODES_DEFAULT_LIMIT = 55000
EVENTS_DEFAULT_LIMIT = 500

type Endpoint = Callable[[Sandbox, Params, str], Json]
"""An endpoint gets the sandbox, the parameters and the request URL without its query."""

ROUTES: dict[str, tuple[Endpoint, bool]] = {}


def route(path: str, *, delete: bool = False) -> Callable[[Endpoint], Endpoint]:
    """Register a Seam endpoint (GET and POST; DELETE too when ``delete``)."""

    def register(endpoint: Endpoint) -> Endpoint:
        ROUTES[path] = (endpoint, delete)
        return endpoint

    return register


# --- workspace and devices -----------------------------------------------------------


@route("/workspaces/get")
def workspaces_get(sandbox: Sandbox, params: Params, url: str) -> Json:
    """Return the workspace."""
    return {"workspace": sandbox.workspace}


@route("/devices/list")
def devices_list(sandbox: Sandbox, params: Params, url: str) -> Json:
    """List devices, paginated."""
    devices = _filter_devices(list(sandbox.devices.values()), params)
    page, pagination = paginate(
        devices,
        params,
        position=_device_position,
        url=url,
        default_limit=DEVICES_DEFAULT_LIMIT,
    )
    return {"devices": page, "pagination": pagination}


@route("/devices/get")
def devices_get(sandbox: Sandbox, params: Params, url: str) -> Json:
    """Return one device by id or name."""
    return {"device": _find_device(sandbox, params)}


@route("/locks/list")
def locks_list(sandbox: Sandbox, params: Params, url: str) -> Json:
    """List locks (no pagination, as in Seam)."""
    locks = _filter_devices([d for d in sandbox.devices.values() if is_lock(d)], params)
    return {"devices": locks, "locks": locks}


@route("/locks/get")
def locks_get(sandbox: Sandbox, params: Params, url: str) -> Json:
    """Return one lock by id or name."""
    device = _find_device(sandbox, params)
    if not is_lock(device):
        raise not_found("device", device_id=device["device_id"])
    return {"device": device, "lock": device}


def _filter_devices(devices: list[Json], params: Params) -> list[Json]:
    types = _one_or_many(params, "device_type")
    accounts = _one_or_many(params, "connected_account_id")
    wanted_ids = params.strings("device_ids")
    manufacturer = params.string("manufacturer")
    created_before = params.timestamp("created_before")
    search = (params.string("search") or "").lower()
    include_if = params.strings("include_if") or []
    exclude_if = params.strings("exclude_if") or []
    return [
        device
        for device in sorted(devices, key=_device_position)
        if (types is None or device["device_type"] in types)
        and (accounts is None or device["connected_account_id"] in accounts)
        and (wanted_ids is None or device["device_id"] in wanted_ids)
        and (
            manufacturer is None
            or device["properties"].get("manufacturer") == manufacturer
        )
        and (
            created_before is None
            or parse_timestamp(device["created_at"]) < created_before
        )
        and search in device["display_name"].lower()
        and all(device.get(flag) for flag in include_if)
        and not any(device.get(flag) for flag in exclude_if)
    ]


def _one_or_many(params: Params, name: str) -> set[str] | None:
    """Read a filter sent as ``name`` or ``names`` (None when neither is sent)."""
    values = set(params.strings(f"{name}s") or [])
    if (single := params.string(name)) is not None:
        values.add(single)
    return values or None


def _device_position(device: Json) -> list[str]:
    return [device["created_at"], device["device_id"]]


def _find_device(sandbox: Sandbox, params: Params) -> Json:
    device_id = params.string("device_id")
    if device_id is not None:
        return sandbox.get_device(device_id)
    name = params.string("name")
    if name is None:
        raise invalid_input("Either device_id or name is required", param="device_id")
    for device in sandbox.devices.values():
        if device["display_name"] == name:
            return device
    raise not_found("device", name=name)


# --- access codes and action attempts ------------------------------------------------


@route("/access_codes/create")
def access_codes_create(sandbox: Sandbox, params: Params, url: str) -> Json:
    """Create an access code; the answer carries its pending action attempt."""
    device_id = params.required("device_id")
    request = CreateRequest(
        device_id=device_id,
        name=params.string("name"),
        code=params.string("code"),
        starts_at=params.timestamp("starts_at"),
        ends_at=params.timestamp("ends_at"),
        is_offline_access_code=params.boolean("is_offline_access_code")
        or params.boolean("use_offline_access_code"),
        is_one_time_use=params.boolean("is_one_time_use"),
        max_time_rounding=params.string("max_time_rounding") or "1h",
    )
    code, attempt = sandbox.create_access_code(request)
    return {"access_code": code.to_json(), "action_attempt": attempt.to_json()}


@route("/access_codes/get")
def access_codes_get(sandbox: Sandbox, params: Params, url: str) -> Json:
    """Return a code by ``access_code_id``, or by ``device_id`` and ``code``."""
    access_code_id = params.string("access_code_id")
    if access_code_id is not None:
        return {"access_code": sandbox.get_access_code(access_code_id).to_json()}
    device_id, pin = params.string("device_id"), params.string("code")
    if device_id is None or pin is None:
        raise invalid_input(
            "Either access_code_id, or device_id and code, are required",
            param="access_code_id",
        )
    for code in sandbox.codes_on(device_id):
        if code.code == pin:
            return {"access_code": code.to_json()}
    raise not_found("access_code", device_id=device_id)


@route("/access_codes/list")
def access_codes_list(sandbox: Sandbox, params: Params, url: str) -> Json:
    """List codes of one device or by ids, paginated."""
    device_id = params.string("device_id")
    wanted_ids = params.strings("access_code_ids")
    if wanted_ids is not None:
        candidates = sandbox.codes.with_ids(wanted_ids)
    elif device_id is not None:
        candidates = sandbox.codes.on_device(device_id)
    else:
        raise invalid_input(
            "Either device_id or access_code_ids is required", param="device_id"
        )
    if device_id is not None:
        sandbox.get_device(device_id)
    search = (params.string("search") or "").lower()
    codes = [
        code
        for code in candidates
        if (device_id is None or code.device_id == device_id)
        and (not search or _code_matches(code, search))
    ]
    page, pagination = paginate(
        codes,
        params,
        position=_code_position,
        url=url,
        default_limit=ACCESS_CODES_DEFAULT_LIMIT,
    )
    return {"access_codes": [code.to_json() for code in page], "pagination": pagination}


def _code_position(code: AccessCode) -> list[str]:
    """Return where a code sorts: creation order (the cursor compares it as text)."""
    return [f"{code.position:012d}", code.access_code_id]


def _code_matches(code: AccessCode, search: str) -> bool:
    haystack = (code.name or "", code.code or "", code.access_code_id)
    return any(search in text.lower() for text in haystack)


@route("/access_codes/delete", delete=True)
def access_codes_delete(sandbox: Sandbox, params: Params, url: str) -> Json:
    """Delete an online code (offline codes are refused)."""
    access_code_id = params.required("access_code_id")
    device_id = params.string("device_id")
    if (
        device_id is not None
        and sandbox.get_access_code(access_code_id).device_id != device_id
    ):
        raise not_found(
            "access_code", access_code_id=access_code_id, device_id=device_id
        )
    return {"action_attempt": sandbox.delete_access_code(access_code_id).to_json()}


@route("/action_attempts/get")
def action_attempts_get(sandbox: Sandbox, params: Params, url: str) -> Json:
    """Return an action attempt."""
    attempt_id = params.required("action_attempt_id")
    return {"action_attempt": sandbox.get_action_attempt(attempt_id).to_json()}


# --- events ------------------------------------------------------------------------


@route("/events/list")
def events_list(sandbox: Sandbox, params: Params, url: str) -> Json:
    """List events created ``since`` (inclusive) or ``between`` two times (exclusive)."""
    in_window = _event_window(params)
    devices = _one_or_many(params, "device_id")
    codes = _one_or_many(params, "access_code_id")
    types = _one_or_many(params, "event_type")
    account = params.string("connected_account_id")
    event_ids = params.strings("event_ids")
    limit = params.integer("limit", EVENTS_DEFAULT_LIMIT)
    selected = [
        event
        for event in sandbox.events
        if in_window(parse_timestamp(event["created_at"]))
        and (devices is None or event.get("device_id") in devices)
        and (codes is None or event.get("access_code_id") in codes)
        and (types is None or event["event_type"] in types)
        and (account is None or event.get("connected_account_id") == account)
        and (event_ids is None or event["event_id"] in event_ids)
    ]
    return {"events": selected[:limit]}


def _event_window(params: Params) -> Callable[[datetime], bool]:
    since = params.timestamp("since")
    between = params.strings("between")
    if (since is None) == (between is None):
        raise invalid_input(
            "Exactly one of since or between is required", param="since"
        )
    if since is not None:
        return lambda created_at: since <= created_at
    assert between is not None
    if len(between) != 2:
        raise invalid_input("between takes exactly two timestamps", param="between")
    try:
        low, high = (parse_timestamp(text) for text in between)
    except ValueError:
        raise invalid_input(
            "between takes ISO 8601 timestamps", param="between"
        ) from None
    return lambda created_at: low < created_at < high


# --- webhooks ------------------------------------------------------------------------


@route("/webhooks/create")
def webhooks_create(sandbox: Sandbox, params: Params, url: str) -> Json:
    """Register a webhook; the answer carries its signing secret."""
    target = params.required("url")
    return {
        "webhook": sandbox.create_webhook(
            target, params.strings("event_types")
        ).to_json()
    }


@route("/webhooks/list")
def webhooks_list(sandbox: Sandbox, params: Params, url: str) -> Json:
    """List webhooks."""
    return {"webhooks": [webhook.to_json() for webhook in sandbox.webhooks.values()]}


@route("/webhooks/get")
def webhooks_get(sandbox: Sandbox, params: Params, url: str) -> Json:
    """Return one webhook."""
    webhook_id = params.required("webhook_id")
    return {"webhook": sandbox.get_webhook(webhook_id).to_json()}


@route("/webhooks/delete", delete=True)
def webhooks_delete(sandbox: Sandbox, params: Params, url: str) -> Json:
    """Unregister a webhook."""
    webhook_id = params.required("webhook_id")
    sandbox.delete_webhook(webhook_id)
    return {}
