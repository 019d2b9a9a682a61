"""``/_sandbox/…``: the admin API Seam does not have, for faults, time and state.

These paths need no API key (the sandbox binds to 127.0.0.1 by default); they take
parameters like Seam's endpoints do (JSON body or query) and answer ``{..., "ok": true}``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from aiohttp import web

from .clock import ManualClock, ShiftedClock, format_timestamp
from .errors import Json, SeamError, invalid_input
from .faults import DEFAULT_HOLD, LostCreate
from .ical import new_uid
from .params import Params

if TYPE_CHECKING:
    from .sandbox import Sandbox

type AdminAction = Callable[["Sandbox", Params], Json]

ADMIN_ACTIONS: dict[str, AdminAction] = {}


def admin(path: str) -> Callable[[AdminAction], AdminAction]:
    """Register an admin action under ``/_sandbox/<path>``."""

    def register(action: AdminAction) -> AdminAction:
        ADMIN_ACTIONS[path] = action
        return action

    return register


def add_admin_routes(app: web.Application, key: web.AppKey[Sandbox]) -> None:
    """Add every admin action to ``app`` (GET and POST), and the listings' iCal feeds."""
    for path, action in ADMIN_ACTIONS.items():
        handler = _handler(action, key)
        app.router.add_route("GET", f"/_sandbox/{path}", handler)
        app.router.add_route("POST", f"/_sandbox/{path}", handler)
    app.router.add_get("/_sandbox/ical/{listing}.ics", _feed_handler(key))


def _feed_handler(
    key: web.AppKey[Sandbox],
) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    async def handle(request: web.Request) -> web.StreamResponse:
        try:
            feed = request.app[key].listings.feed(request.match_info["listing"])
        except SeamError as err:
            return web.json_response(err.body("sandbox-admin"), status=err.status)
        return web.Response(text=feed, content_type="text/calendar", charset="utf-8")

    return handle


def _handler(
    action: AdminAction, key: web.AppKey[Sandbox]
) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    async def handle(request: web.Request) -> web.StreamResponse:
        sandbox = request.app[key]
        try:
            params = await Params.from_request(request)
            sandbox.advance()
            payload = action(sandbox, params)
        except SeamError as err:
            return web.json_response(err.body("sandbox-admin"), status=err.status)
        return web.json_response({**payload, "ok": True})

    return handle


def _budget(params: Params) -> int | None:
    requests = params.number("requests")
    return None if requests is None else int(requests)


@admin("state")
def state(sandbox: Sandbox, params: Params) -> Json:
    """Everything, for debugging."""
    return {"state": sandbox.state()}


@admin("reset")
def reset(sandbox: Sandbox, params: Params) -> Json:
    """Back to the scenario's initial state."""
    sandbox.reset()
    return {"api_key": sandbox.api_key}


@admin("advance")
def advance(sandbox: Sandbox, params: Params) -> Json:
    """Apply due transitions now (every request does this anyway)."""
    return {"now": format_timestamp(sandbox.now()), "event_count": len(sandbox.events)}


@admin("faults/outage")
def outage(sandbox: Sandbox, params: Params) -> Json:
    """503 for the next ``requests`` requests (absent: until cleared)."""
    sandbox.faults.start_outage(_budget(params))
    return {"faults": sandbox.faults.to_json()}


@admin("faults/rate_limit")
def rate_limit(sandbox: Sandbox, params: Params) -> Json:
    """429 with ``Retry-After: retry_after`` for the next ``requests`` requests."""
    retry_after = int(params.number("retry_after") or 1)
    sandbox.faults.rate_limit_burst(_budget(params), retry_after=retry_after)
    return {"faults": sandbox.faults.to_json()}


@admin("faults/malformed_json")
def malformed_json(sandbox: Sandbox, params: Params) -> Json:
    """Answer the next ``requests`` requests with 200 and truncated JSON."""
    sandbox.faults.malform_responses(_budget(params))
    return {"faults": sandbox.faults.to_json()}


@admin("faults/drop_connections")
def drop_connections(sandbox: Sandbox, params: Params) -> Json:
    """Close the next ``requests`` connections unanswered (absent: until cleared)."""
    sandbox.faults.drop_connections(_budget(params))
    return {"faults": sandbox.faults.to_json()}


@admin("faults/lost_create")
def lost_create(sandbox: Sandbox, params: Params) -> Json:
    """Lose the answers of the next ``requests`` (default 1) creates the way ``mode`` says."""
    try:
        mode = LostCreate(params.string("mode") or LostCreate.TRUNCATED)
    except ValueError:
        choices = ", ".join(LostCreate)
        raise invalid_input(f"mode must be one of {choices}", param="mode") from None
    requests = params.number("requests")
    hold = params.number("hold")
    sandbox.faults.lose_creates(
        mode,
        1 if requests is None else int(requests),
        hold=DEFAULT_HOLD if hold is None else hold,
        outage_after=int(params.number("outage_after") or 0),
    )
    return {"faults": sandbox.faults.to_json()}


@admin("faults/latency")
def latency(sandbox: Sandbox, params: Params) -> Json:
    """Delay every Seam request by ``seconds``."""
    sandbox.faults.set_latency(params.number("seconds") or 0.0)
    return {"faults": sandbox.faults.to_json()}


@admin("faults/fail_next_code")
def fail_next_code(sandbox: Sandbox, params: Params) -> Json:
    """Make the next ``count`` (default 1) created codes fail to set on the device."""
    sandbox.faults.fail_next_codes(int(params.number("count") or 1))
    return {"faults": sandbox.faults.to_json()}


@admin("faults/clear")
def clear(sandbox: Sandbox, params: Params) -> Json:
    """Switch every fault off."""
    sandbox.faults.clear()
    return {"faults": sandbox.faults.to_json()}


@admin("api_key/revoke")
def revoke_api_key(sandbox: Sandbox, params: Params) -> Json:
    """401 for every request until restored."""
    sandbox.faults.revoke_api_key()
    return {}


@admin("api_key/restore")
def restore_api_key(sandbox: Sandbox, params: Params) -> Json:
    """Accept the API key again."""
    sandbox.faults.restore_api_key()
    return {}


@admin("api_key/rotate")
def rotate_api_key(sandbox: Sandbox, params: Params) -> Json:
    """Replace the API key; the answer carries the new one."""
    return {"api_key": sandbox.rotate_api_key()}


@admin("devices/set_online")
def set_online(sandbox: Sandbox, params: Params) -> Json:
    """Connect (``online: true``) or disconnect a device."""
    device = sandbox.set_device_online(
        params.required("device_id"), params.boolean("online")
    )
    return {"device": device}


@admin("devices/add")
def add_device(sandbox: Sandbox, params: Params) -> Json:
    """Add a copy of the device ``like`` named ``name`` (``device_id?``: its new id)."""
    device = sandbox.add_device(
        params.required("like"),
        params.required("name"),
        device_id=params.string("device_id"),
    )
    return {"device": device}


@admin("devices/remove")
def remove_device(sandbox: Sandbox, params: Params) -> Json:
    """Remove a device (and its codes) from the workspace."""
    return {"device": sandbox.remove_device(params.required("device_id"))}


@admin("devices/set_time_slots")
def set_time_slots(sandbox: Sandbox, params: Params) -> Json:
    """Replace an Oracode door's ``predefined_time_slots``."""
    slots = params.raw("predefined_time_slots")
    if not isinstance(slots, list):
        raise invalid_input(
            "predefined_time_slots must be a JSON array", param="predefined_time_slots"
        )
    return {"device": sandbox.set_time_slots(params.required("device_id"), slots)}


@admin("requests")
def requests(sandbox: Sandbox, params: Params) -> Json:
    """How many Seam API requests the sandbox has answered, in all and per path."""
    return {"count": len(sandbox.requests), "paths": Counter(sandbox.requests)}


@admin("clock/move")
def move_clock(sandbox: Sandbox, params: Params) -> Json:
    """Move a manual or shifted clock by ``seconds`` or to ``to``; apply what fell due."""
    clock = sandbox.clock
    if not isinstance(clock, ManualClock | ShiftedClock):
        raise invalid_input(
            "only a ManualClock or a ShiftedClock can be moved "
            f"(this sandbox runs a {type(clock).__name__})"
        )
    target = params.timestamp("to")
    try:
        if target is not None:
            clock.set(target)
        else:
            clock.move(timedelta(seconds=params.number("seconds") or 0.0))
    except ValueError as err:
        raise invalid_input(str(err)) from None
    events = sandbox.advance()
    return {"now": format_timestamp(clock.now()), "events": events}


def _date(params: Params, name: str) -> date:
    text = params.required(name)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise invalid_input(
            f"Expected a date (YYYY-MM-DD) for {name!r}", param=name
        ) from None


@admin("ical/book")
def book(sandbox: Sandbox, params: Params) -> Json:
    """Add a booking to ``listing``: all-day from ``check_in`` to ``check_out`` (dates)."""
    booking = sandbox.listings.book(
        params.required("listing"),
        uid=params.string("uid") or new_uid(sandbox.new_id()),
        summary=params.string("summary") or "Reserved",
        check_in=_date(params, "check_in"),
        check_out=_date(params, "check_out"),
        description=params.string("description") or "",
        now=sandbox.now(),
    )
    return {"booking": booking.to_json()}


@admin("ical/move")
def move_booking(sandbox: Sandbox, params: Params) -> Json:
    """Give the booking ``uid`` of ``listing`` new dates."""
    booking = sandbox.listings.move(
        params.required("listing"),
        params.required("uid"),
        check_in=_date(params, "check_in"),
        check_out=_date(params, "check_out"),
        now=sandbox.now(),
    )
    return {"booking": booking.to_json()}


@admin("ical/cancel")
def cancel_booking(sandbox: Sandbox, params: Params) -> Json:
    """Cancel the booking ``uid`` of ``listing``: it leaves the feed."""
    booking = sandbox.listings.cancel(
        params.required("listing"), params.required("uid")
    )
    return {"booking": booking.to_json()}


@admin("ical/bookings")
def list_bookings(sandbox: Sandbox, params: Params) -> Json:
    """List the bookings of every listing, by listing id."""
    return {
        "listings": {
            listing: [booking.to_json() for booking in bookings.values()]
            for listing, bookings in sandbox.listings.bookings.items()
        }
    }
