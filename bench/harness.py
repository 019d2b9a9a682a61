"""The bench's stage: the sandbox in its own process, Home Assistant in this one, one clock.

Time is real, but the bench can move it: a :class:`VirtualClock` shifts Home Assistant's
clocks (the event loop's time, ``dt_util.utcnow`` and the time trackers' clocks) and the
sandbox's shifted clock together, so the coordinator's own timers fire as they would over
the simulated time and the sandbox agrees on what "now" is.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
import contextlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
import socket
import tempfile
import time
from typing import Any
from unittest.mock import patch

import aiohttp
from homeassistant import loader
from homeassistant.const import EVENT_STATE_CHANGED, EVENT_STATE_REPORTED
from homeassistant.core import CoreState, Event, HomeAssistant, callback
from homeassistant.core_config import async_process_ha_core_config
from homeassistant.helpers import frame
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
from homeassistant.util.async_ import get_scheduled_timer_handles
from pytest_homeassistant_custom_component.common import async_test_home_assistant

from custom_components.seam_offline_codes.const import DOMAIN
from custom_components.seam_offline_codes.seam import SeamClient
from seam_sandbox.__main__ import command

ROOT = Path(__file__).resolve().parent.parent
STEP = timedelta(seconds=5)
"""The largest step of simulated time (steps end early where a timer falls due)."""
MIN_STEP = 0.001
DEAD_PORT = 9
"""The discard port: nothing listens there."""


@dataclass
class SandboxProcess:
    """A sandbox running in its own process, and a session to talk to it."""

    url: str
    api_key: str
    session: aiohttp.ClientSession

    async def admin(self, path: str, **params: Any) -> dict[str, Any]:
        """Call the sandbox's admin API."""
        async with self.session.post(
            f"{self.url}/_sandbox/{path}", json=params
        ) as response:
            body: dict[str, Any] = await response.json()
            if response.status != 200:
                raise RuntimeError(f"sandbox {path}: {body}")
            return body

    async def request_count(self) -> int:
        """Return how many Seam API requests the sandbox has answered."""
        return int((await self.admin("requests"))["count"])

    def client(self) -> SeamClient:
        """Return a Seam client of our own (the floor's raw requests)."""
        return SeamClient(self.api_key, session=self.session, base_url=self.url)


@contextlib.asynccontextmanager
async def sandbox_process(scenario: str) -> AsyncIterator[SandboxProcess]:
    """Run ``python -m seam_sandbox`` with ``scenario`` on 127.0.0.1 and a movable clock."""
    arguments = command("--scenario", scenario, "--port", "0", "--movable-clock")
    process = await asyncio.create_subprocess_exec(
        *arguments, cwd=ROOT, stdout=asyncio.subprocess.PIPE
    )
    try:
        assert process.stdout is not None
        lines = [
            (await asyncio.wait_for(process.stdout.readline(), 120)).decode().strip()
            for _ in range(2)
        ]
        values = dict(line.split("=", 1) for line in lines)
        async with aiohttp.ClientSession() as session:
            yield SandboxProcess(
                url=values["SEAM_ENDPOINT"],
                api_key=values["SEAM_API_KEY"],
                session=session,
            )
    finally:
        process.terminate()
        await process.wait()


@dataclass
class VirtualClock:
    """Home Assistant's clocks and the sandbox's, moved forward together."""

    loop: asyncio.AbstractEventLoop
    offset: float = 0.0
    _stack: contextlib.ExitStack = field(default_factory=contextlib.ExitStack)

    def __enter__(self) -> VirtualClock:
        """Shift Home Assistant's clocks by ``offset`` from now on."""
        real_loop_time = self.loop.time
        real_utcnow = dt_util.utcnow

        def utcnow() -> datetime:
            return real_utcnow() + timedelta(seconds=self.offset)

        def timestamp() -> float:
            return time.time() + self.offset

        self.loop.time = lambda: real_loop_time() + self.offset  # type: ignore[method-assign]
        self._stack.callback(setattr, self.loop, "time", real_loop_time)
        for target, fake in (
            ("homeassistant.util.dt.utcnow", utcnow),
            ("homeassistant.helpers.event.time_tracker_utcnow", utcnow),
            ("homeassistant.helpers.event.time_tracker_timestamp", timestamp),
        ):
            self._stack.enter_context(patch(target, fake))
        return self

    def __exit__(self, *exc: object) -> None:
        """Give Home Assistant its real clocks back."""
        self._stack.close()

    async def run(
        self, hass: HomeAssistant, sandbox: SandboxProcess, duration: timedelta
    ) -> None:
        """Let ``duration`` pass in steps, every timer firing when it falls due."""
        left = duration.total_seconds()
        while left > 0:
            step = min(STEP.total_seconds(), left, self._until_next_timer())
            await sandbox.admin("clock/move", seconds=step)
            self.offset += step
            left -= step
            await asyncio.sleep(0)
            await hass.async_block_till_done(wait_background_tasks=True)

    def _until_next_timer(self) -> float:
        """Return the seconds until the loop's next timer falls due (a little at least)."""
        now = self.loop.time()
        due = [
            handle.when() - now
            for handle in get_scheduled_timer_handles(self.loop)
            if not handle.cancelled()
        ]
        return max(min(due, default=STEP.total_seconds()), MIN_STEP)


@contextlib.asynccontextmanager
async def home_assistant(*, http: bool) -> AsyncIterator[HomeAssistant]:
    """Run a Home Assistant (in memory, like the tests') with the integration's dependencies.

    They, and the shared client session, are set up before anything is measured, on a
    free port of 127.0.0.1. With ``http``, Home Assistant's URL is where it serves, so
    Seam's deliveries arrive; without, it is a port where nothing listens (as in the
    tests): the webhook is registered but no delivery arrives, and the integration polls
    as usual.
    """
    with tempfile.TemporaryDirectory(prefix="seam-bench-") as config_dir:
        async with async_test_home_assistant(
            config_dir=config_dir, initial_state=CoreState.not_running
        ) as hass:
            hass.data.pop(loader.DATA_CUSTOM_COMPONENTS, None)
            frame.async_setup(hass)
            port = free_port()
            url = f"http://127.0.0.1:{port if http else DEAD_PORT}"
            await async_process_ha_core_config(hass, {"internal_url": url})
            server = {"server_host": ["127.0.0.1"], "server_port": port}
            for domain, config in (("http", server), ("frontend", {}), ("webhook", {})):
                assert await async_setup_component(hass, domain, {domain: config})
            # The shared client session, as in a running Home Assistant. Made here, it also
            # releases the previous bench Home Assistant, which its resolver's cache held:
            # that one's objects are then no garbage for the measured set-up to collect.
            async_get_clientsession(hass)
            await hass.async_start()
            try:
                yield hass
            finally:
                # Unloading stops the coordinators' timers (the loop outlives this
                # Home Assistant) and deletes the webhook in the sandbox.
                for entry in hass.config_entries.async_loaded_entries(DOMAIN):
                    await hass.config_entries.async_unload(entry.entry_id)
                await hass.async_stop(force=True)


def free_port() -> int:
    """Return a port free on 127.0.0.1 right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


class StateWrites:
    """Count the states Home Assistant writes (``state_changed`` and ``state_reported``)."""

    def __init__(self, hass: HomeAssistant) -> None:
        """Listen from now on."""
        self.count = 0
        self._unsubscribe: list[Callable[[], None]] = [
            hass.bus.async_listen(event_type, self._count, event_filter=_every)
            for event_type in (EVENT_STATE_CHANGED, EVENT_STATE_REPORTED)
        ]

    @callback
    def _count(self, event: Event[Any]) -> None:
        self.count += 1

    def close(self) -> None:
        """Stop listening."""
        for unsubscribe in self._unsubscribe:
            unsubscribe()


@callback
def _every(data: Any) -> bool:
    """Let every event through (Home Assistant asks for a filter on state_reported)."""
    return True
