"""Fixtures for the Seam client tests: Seam's own fake, the sandbox and a scripted server."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
import json
import os
from pathlib import Path
import select
import shutil
import subprocess
from typing import Any

import aiohttp
from aiohttp import web
import pytest

from custom_components.seam_offline_codes.seam import (
    Device,
    Maker,
    OfflineCodeRequest,
    SeamClient,
)

from .scripted import ScriptedSeam

REPO = Path(__file__).parents[2]
FAKE_SCRIPT = Path(__file__).with_name("fake_seam_connect.mjs")
FAKE_PACKAGE = REPO / "node_modules" / "@seamapi" / "fake-seam-connect"
FAKE_START_TIMEOUT = 30.0


@dataclass(frozen=True, kw_only=True)
class Peer:
    """A Seam Connect look-alike the client talks to over real HTTP."""

    name: str
    url: str
    api_key: str
    code_device_id: str
    """A device on which ``create_offline_access_code`` succeeds."""
    sandbox: Any = None
    """The sandbox's control object; None for Seam's fake."""


@pytest.fixture(scope="session")
def fake_seam_connect() -> Iterator[dict[str, Any]]:
    """Run ``@seamapi/fake-seam-connect`` with a seeded workspace; yield its ready line."""
    node = shutil.which("node")
    if node is None or not FAKE_PACKAGE.is_dir():
        pytest.skip(
            "needs node and node_modules/@seamapi/fake-seam-connect (run scripts/setup)"
        )
    env = os.environ | {"PORT": "0", "NODE_ENV": "production"}
    with subprocess.Popen(  # noqa: S603 - fixed script, no shell
        [node, str(FAKE_SCRIPT)],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    ) as process:
        assert process.stdout is not None
        try:
            ready, _, _ = select.select([process.stdout], [], [], FAKE_START_TIMEOUT)
            line = process.stdout.readline() if ready else ""
            if not line:
                pytest.fail(
                    "fake-seam-connect did not start (run it by hand to see why)"
                )
            yield json.loads(line)
        finally:
            process.terminate()
            process.wait(timeout=10)


@pytest.fixture
async def session(socket_enabled: None) -> AsyncIterator[aiohttp.ClientSession]:
    """Return an aiohttp session, with sockets allowed (to 127.0.0.1) for this test."""
    async with aiohttp.ClientSession() as client_session:
        yield client_session


@pytest.fixture
async def sandbox_peer(socket_enabled: None) -> AsyncIterator[Peer]:
    """Run the project's Seam sandbox (demo scenario) on 127.0.0.1."""
    from seam_sandbox import run_sandbox

    async with run_sandbox(scenario="demo", host="127.0.0.1", port=0) as server:
        async with aiohttp.ClientSession() as setup_session:
            devices = await SeamClient(
                server.api_key, session=setup_session, base_url=server.url
            ).list_devices()
        offline = next(device for device in devices if device.supports_offline_codes)
        yield Peer(
            name="sandbox",
            url=server.url,
            api_key=server.api_key,
            code_device_id=offline.device_id,
            sandbox=server.sandbox,
        )


@pytest.fixture
def fake_peer(fake_seam_connect: dict[str, Any], socket_enabled: None) -> Peer:
    """Return Seam's own fake as a peer."""
    return Peer(
        name="fake_seam_connect",
        url=fake_seam_connect["url"],
        api_key=fake_seam_connect["api_key"],
        code_device_id=fake_seam_connect["device_ids"][0],
    )


@pytest.fixture(params=["fake_peer", "sandbox_peer"])
def peer(request: pytest.FixtureRequest) -> Peer:
    """Return each Seam look-alike in turn, for behaviour both must share."""
    chosen: Peer = request.getfixturevalue(request.param)
    return chosen


@pytest.fixture
def client_for(
    session: aiohttp.ClientSession,
) -> Callable[..., SeamClient]:
    """Return a factory of clients on the test's session, with fast retries."""

    def make(url: str, api_key: str, **options: Any) -> SeamClient:
        options = {"backoff": 0.01, "request_timeout": 5.0} | options
        return SeamClient(api_key, session=session, base_url=url, **options)

    return make


@pytest.fixture
def client(peer: Peer, client_for: Callable[..., SeamClient]) -> SeamClient:
    """Return a client for the current peer."""
    return client_for(peer.url, peer.api_key)


@pytest.fixture
async def scripted(socket_enabled: None) -> AsyncIterator[ScriptedSeam]:
    """Run a scripted Seam on 127.0.0.1."""
    seam = ScriptedSeam()
    app = web.Application()
    app.router.add_post("/{path:.*}", seam.dispatch)
    runner = web.AppRunner(app, shutdown_timeout=0.1)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    seam.url = f"http://{host}:{port}"
    yield seam
    await runner.cleanup()


@pytest.fixture
def sandbox_client(
    sandbox_peer: Peer, client_for: Callable[..., SeamClient]
) -> Callable[..., SeamClient]:
    """Return a factory of clients for the sandbox."""

    def make(**options: object) -> SeamClient:
        return client_for(sandbox_peer.url, sandbox_peer.api_key, **options)

    return make


@pytest.fixture
async def igloohome(sandbox_client: Callable[..., SeamClient]) -> Device:
    """Return an igloohome lock of the demo scenario."""
    devices = await sandbox_client().list_devices()
    return next(device for device in devices if device.maker is Maker.IGLOOHOME)


@pytest.fixture
def hourly(igloohome: Device) -> OfflineCodeRequest:
    """Return a valid hourly-bound request for tomorrow on the igloohome lock."""
    start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(
        days=1
    )
    return OfflineCodeRequest(
        device_id=igloohome.device_id,
        name="Guest 42",
        starts_at=start,
        ends_at=start + timedelta(hours=4),
    )


async def codes_named(client: SeamClient, request: OfflineCodeRequest) -> list[str]:
    """Return the ids of the codes on the request's lock that carry its name."""
    codes = await client.list_access_codes(device_id=request.device_id)
    return [code.access_code_id for code in codes if code.name == request.name]
