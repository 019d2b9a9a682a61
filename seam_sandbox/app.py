"""The aiohttp application that answers like Seam Connect."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
import contextlib
import uuid

import aiohttp
from aiohttp import web
from aiohttp.typedefs import Handler

from .admin import add_admin_routes
from .errors import SeamError
from .faults import Faults, LostCreate
from .params import Params
from .routes import ROUTES, Endpoint
from .sandbox import Sandbox
from .webhooks import WebhookDispatcher

SANDBOX = web.AppKey("sandbox", Sandbox)
TICK_INTERVAL = web.AppKey("tick_interval", float)
ADMIN_PREFIX = "/_sandbox/"
CREATE_PATH = "/access_codes/create"


def create_app(sandbox: Sandbox, *, tick_interval: float = 1.0) -> web.Application:
    """Build the app; while it runs, a ticker advances the sandbox and webhooks go out."""
    app = web.Application(middlewares=[seam_middleware])
    app[SANDBOX] = sandbox
    app[TICK_INTERVAL] = tick_interval
    for path, (endpoint, delete) in ROUTES.items():
        handler = _handler(endpoint)
        for method in ("GET", "POST", "DELETE") if delete else ("GET", "POST"):
            app.router.add_route(method, path, handler)
    add_admin_routes(app, SANDBOX)
    app.cleanup_ctx.append(_background)
    return app


def _handler(endpoint: Endpoint) -> Handler:
    async def handle(request: web.Request) -> web.StreamResponse:
        params = await Params.from_request(request)
        payload = endpoint(
            request.app[SANDBOX], params, str(request.url.with_query(None))
        )
        return web.json_response({**payload, "ok": True})

    return handle


@web.middleware
async def seam_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Apply faults, authentication and the lazy lifecycle; render errors like Seam."""
    if request.path.startswith(ADMIN_PREFIX):
        return await handler(request)
    sandbox = request.app[SANDBOX]
    sandbox.requests.append(request.path)
    faults = sandbox.faults
    request_id = str(uuid.uuid4())
    if faults.latency:
        await asyncio.sleep(faults.latency)
    if faults.dropped.take():
        return _reset(request)
    try:
        _inject_faults(faults)
        sandbox.authenticate(request.headers.get("Authorization"))
        sandbox.advance()
        if request.path == CREATE_PATH and faults.lost_create.take():
            response = await _lose_create(request, handler, faults)
            faults.after_lost_create()
        else:
            response = await handler(request)
    except SeamError as err:
        response = web.json_response(
            err.body(request_id), status=err.status, headers=err.headers
        )
    except web.HTTPNotFound:
        missing = SeamError(404, "not_found", f"No endpoint {request.path}")
        response = web.json_response(missing.body(request_id), status=404)
    if response.status == 200 and faults.malformed_json.take():
        _truncate(response)
    response.headers["seam-request-id"] = request_id
    return response


def _truncate(response: web.StreamResponse) -> None:
    """Cut a JSON answer in half."""
    assert isinstance(response, web.Response)
    assert isinstance(response.body, bytes)
    response.body = response.body[: len(response.body) // 2]


def _reset(request: web.Request) -> web.StreamResponse:
    """Close the connection without answering."""
    assert request.transport is not None
    request.transport.close()
    return web.Response()


async def _lose_create(
    request: web.Request, handler: Handler, faults: Faults
) -> web.StreamResponse:
    """Run a create (or not) and lose its answer the way the armed fault says."""
    mode = faults.lost_create_mode
    if mode is LostCreate.RESET_BEFORE_STORE:
        return _reset(request)
    if mode is LostCreate.TIMEOUT_BEFORE_STORE:
        await request.read()  # Kept for the handler: the client may be gone by then.
        await asyncio.sleep(faults.lost_create_hold)
    response = await handler(request)
    match mode:
        case LostCreate.TRUNCATED:
            _truncate(response)
        case LostCreate.RESET_AFTER_STORE:
            return _reset(request)
        case LostCreate.TIMEOUT_AFTER_STORE:
            await asyncio.sleep(faults.lost_create_hold)
        case LostCreate.GATEWAY_TIMEOUT_AFTER_STORE:
            return web.Response(
                status=504, text="504 Gateway Time-out", content_type="text/plain"
            )
    return response


def _inject_faults(faults: Faults) -> None:
    if faults.outage.take():
        raise SeamError(503, "service_unavailable", "Seam is temporarily unavailable")
    if faults.rate_limit.take():
        raise SeamError(
            429,
            "rate_limited",
            "Too many requests",
            headers={"Retry-After": str(faults.retry_after)},
        )


async def _background(app: web.Application) -> AsyncIterator[None]:
    sandbox = app[SANDBOX]
    async with aiohttp.ClientSession() as session:
        dispatcher = WebhookDispatcher(sandbox, session)
        dispatcher.start()
        ticker = asyncio.create_task(_tick(sandbox, app[TICK_INTERVAL]))
        yield
        ticker.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await ticker
        await dispatcher.close()


async def _tick(sandbox: Sandbox, interval: float) -> None:
    while True:
        await asyncio.sleep(interval)
        sandbox.advance()
