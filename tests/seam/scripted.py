"""A scripted Seam: a real HTTP server whose answers each test writes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

type Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass
class ScriptedSeam:
    """A real HTTP server whose answers each test scripts, path by path.

    Each path answers with its queued handlers in order, repeating the last one.
    """

    url: str = ""
    handlers: dict[str, list[Handler]] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str], Any]] = field(default_factory=list)

    def on(self, path: str, *handlers: Handler) -> None:
        """Queue the answers of ``path``."""
        self.handlers[path] = list(handlers)

    def calls(self, path: str) -> list[Any]:
        """Return the JSON bodies received on ``path``."""
        return [body for seen, _, body in self.requests if seen == path]

    async def dispatch(self, request: web.Request) -> web.StreamResponse:
        """Record the request and answer with the next scripted handler."""
        body = await request.json()
        self.requests.append((request.path, dict(request.headers), body))
        queue = self.handlers[request.path]
        handler = queue.pop(0) if len(queue) > 1 else queue[0]
        return await handler(request)


def answer(
    status: int = 200, headers: dict[str, str] | None = None, **body: Any
) -> Handler:
    """Return a handler that answers ``body`` as JSON."""

    async def handler(request: web.Request) -> web.StreamResponse:
        return web.json_response(body, status=status, headers=headers)

    return handler


def raw(text: str, status: int = 200) -> Handler:
    """Return a handler that answers ``text`` as is."""

    async def handler(request: web.Request) -> web.StreamResponse:
        return web.Response(text=text, status=status, content_type="application/json")

    return handler


def seam_error(
    status: int,
    error_type: str,
    message: str,
    *,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> Handler:
    """Return a handler that answers with Seam's error envelope."""
    error = {"type": error_type, "message": message, **extra}
    return answer(status, headers, error=error, ok=False)
