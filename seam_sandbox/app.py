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
from .faults import Faults
from .params import Params
from .routes import ROUTES, Endpoint
from .sandbox import Sandbox
from .webhooks import WebhookDispatcher

SANDBOX = web.AppKey("sandbox", Sandbox)
TICK_INTERVAL = web.AppKey("tick_interval", float)
ADMIN_PREFIX = "/_sandbox/"


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
    try:
        _inject_faults(faults)
        sandbox.authenticate(request.headers.get("Authorization"))
        sandbox.advance()
        response = await handler(request)
    except SeamError as err:
        response = web.json_response(
            err.body(request_id), status=err.status, headers=err.headers
        )
    except web.HTTPNotFound:
        missing = SeamError(404, "not_found", f"No endpoint {request.path}")
        response = web.json_response(missing.body(request_id), status=404)
    if response.status == 200 and faults.malformed_json.take():
        assert isinstance(response, web.Response)
        assert isinstance(response.body, bytes)
        response.body = response.body[: len(response.body) // 2]
    response.headers["seam-request-id"] = request_id
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
