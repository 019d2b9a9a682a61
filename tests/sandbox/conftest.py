"""Fixtures for the sandbox's own tests: a demo sandbox on a manual clock, over real HTTP."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from aiohttp.test_utils import TestClient
import pytest

from seam_sandbox import ManualClock, Sandbox, create_app

START = datetime(2026, 6, 1, 15, 0, tzinfo=UTC)
"""The manual clock's start: a Monday, far from any DST change."""

type Json = dict[str, Any]


class SeamApi:
    """A thin client for tests: calls an endpoint, checks the status, returns the body."""

    def __init__(self, client: TestClient[Any, Any], sandbox: Sandbox) -> None:
        """Talk to ``client`` with ``sandbox``'s API key."""
        self.client = client
        self.sandbox = sandbox

    async def request(
        self, method: str, path: str, *, auth: bool = True, **params: Any
    ) -> tuple[int, Json, dict[str, str]]:
        """Send ``params`` as a JSON body; return status, body and headers."""
        headers = {"Authorization": f"Bearer {self.sandbox.api_key}"} if auth else {}
        response = await self.client.request(method, path, json=params, headers=headers)
        return response.status, await response.json(), dict(response.headers)

    async def ok(self, path: str, **params: Any) -> Json:
        """POST and expect 200 with ``ok: true``."""
        status, body, _ = await self.request("POST", path, **params)
        assert status == 200, body
        assert body.pop("ok") is True
        return body

    async def error(self, path: str, status: int, **params: Any) -> Json:
        """POST and expect an error with ``status``; return the ``error`` object."""
        got, body, _ = await self.request("POST", path, **params)
        assert got == status, body
        assert body["ok"] is False
        error: Json = body["error"]
        return error


@pytest.fixture
def clock() -> ManualClock:
    """Return a clock only tests move."""
    return ManualClock(START)


@pytest.fixture
def sandbox(clock: ManualClock) -> Sandbox:
    """Return the demo scenario on the manual clock."""
    return Sandbox.from_scenario("demo", clock=clock)


@pytest.fixture
async def seam(
    socket_enabled: None,
    sandbox: Sandbox,
    aiohttp_client: Callable[..., Awaitable[TestClient[Any, Any]]],
) -> SeamApi:
    """Serve the sandbox on 127.0.0.1; return a client that knows the API key."""
    client = await aiohttp_client(create_app(sandbox, tick_interval=0.05))
    return SeamApi(client, sandbox)
