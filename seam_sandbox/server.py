"""Serve a sandbox over real HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator
import contextlib
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from .app import create_app
from .clock import Clock
from .sandbox import Sandbox


@dataclass(frozen=True)
class SandboxServer:
    """A running sandbox: where it listens and what it holds."""

    url: str
    sandbox: Sandbox

    @property
    def api_key(self) -> str:
        """The API key that opens the sandbox right now."""
        return self.sandbox.api_key


@contextlib.asynccontextmanager
async def run_sandbox(
    scenario: str = "demo",
    host: str = "127.0.0.1",
    port: int = 0,
    clock: Clock | None = None,
    *,
    tick_interval: float = 1.0,
    **settings: Any,
) -> AsyncIterator[SandboxServer]:
    """Serve ``scenario`` on ``host:port`` (0 = any free port) until the block exits."""
    sandbox = Sandbox.from_scenario(scenario, clock=clock, **settings)
    runner = web.AppRunner(
        create_app(sandbox, tick_interval=tick_interval), access_log=None
    )
    await runner.setup()
    try:
        site = web.TCPSite(runner, host, port)
        await site.start()
        bound_host, bound_port = runner.addresses[0][:2]
        yield SandboxServer(url=f"http://{bound_host}:{bound_port}", sandbox=sandbox)
    finally:
        await runner.cleanup()
