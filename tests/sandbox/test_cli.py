"""``python -m seam_sandbox``: start, answer /devices/list, stop on SIGTERM."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path
import socket
import sys

import aiohttp

from seam_sandbox.__main__ import command, lifecycle_settings, parse_args

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """Return a port free on 127.0.0.1 right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


async def test_cli_serves_the_demo(socket_enabled: None) -> None:
    """The CLI prints the endpoint and key, serves the demo locks, and exits on SIGTERM."""
    arguments = command(
        "--scenario",
        "demo",
        "--port",
        str(free_port()),
        "--time-scale",
        "60",
        "--oracode-mismatch",
        "async",
    )
    assert arguments[:3] == [sys.executable, "-m", "seam_sandbox"]
    process = await asyncio.create_subprocess_exec(
        *arguments, cwd=ROOT, stdout=asyncio.subprocess.PIPE
    )
    try:
        assert process.stdout is not None
        lines = [
            await asyncio.wait_for(process.stdout.readline(), 20) for _ in range(2)
        ]
        url = lines[0].decode().strip().removeprefix("SEAM_ENDPOINT=")
        api_key = lines[1].decode().strip().removeprefix("SEAM_API_KEY=")
        assert url.startswith("http://127.0.0.1:")
        assert api_key.startswith("seam_test")
        async with (
            aiohttp.ClientSession() as session,
            session.post(
                f"{url}/devices/list", headers={"Authorization": f"Bearer {api_key}"}
            ) as response,
        ):
            body = await response.json()
        assert response.status == 200
        assert "Room 101" in [device["display_name"] for device in body["devices"]]
    finally:
        process.terminate()
        assert await asyncio.wait_for(process.wait(), 20) == 0


def test_cli_defaults() -> None:
    """The documented defaults."""
    args = parse_args([])
    assert (
        args.scenario,
        args.host,
        args.port,
        args.time_scale,
        args.clock_scale,
        args.oracode_mismatch,
    ) == (
        "demo",
        "127.0.0.1",
        8090,
        1.0,
        1.0,
        "sync",
    )


def test_time_scale_shortens_the_lifecycle() -> None:
    """--time-scale shortens the lifecycle delays and leaves the clock alone."""
    settings = lifecycle_settings(60)
    assert settings["setting_lead"] == timedelta(minutes=1)
    assert settings["setting_duration"] == timedelta(seconds=0.5)
