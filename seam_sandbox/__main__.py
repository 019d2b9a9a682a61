"""Run the sandbox: ``python -m seam_sandbox --scenario demo --port 8090``."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Sequence
from datetime import timedelta
import signal
import sys
from typing import Any

from .clock import Clock, ScaledClock, ShiftedClock
from .scenario import scenario_names
from .server import run_sandbox
from .settings import SandboxSettings


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(
        prog="python -m seam_sandbox",
        description="A local Seam Connect that models offline access codes.",
    )
    parser.add_argument(
        "--scenario",
        default="demo",
        help=f"shipped scenario ({', '.join(scenario_names())}), fleet:LOCKSxCODES, or a scenario file",
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)"
    )
    parser.add_argument(
        "--port", type=int, default=8090, help="port (0 = any free port)"
    )
    parser.add_argument(
        "--time-scale",
        type=float,
        default=1.0,
        help="run code lifecycles this many times faster (e.g. 60); the clock stays real",
    )
    parser.add_argument(
        "--clock-scale",
        type=float,
        default=1.0,
        help="run the sandbox clock itself this many times faster than real time",
    )
    parser.add_argument(
        "--movable-clock",
        action="store_true",
        help="keep real time, but let /_sandbox/clock/move move it forward (benchmarks)",
    )
    parser.add_argument(
        "--oracode-mismatch",
        choices=("sync", "async"),
        default="sync",
        help="Oracode slot mismatch: a 400 (sync) or a code that fails to set (async)",
    )
    return parser.parse_args(argv)


def command(*args: str) -> list[str]:
    """Return the command line that runs the sandbox with ``args`` (this Python)."""
    return [sys.executable, "-m", "seam_sandbox", *args]


def lifecycle_settings(scale: float) -> dict[str, timedelta]:
    """Return the lifecycle delays shortened ``scale`` times.

    A demo scales the lifecycle rather than the clock, so the sandbox and Home Assistant
    keep agreeing on what "now" is (a scaled clock would soon call a start in the past).
    """
    defaults = SandboxSettings()
    return {
        name: getattr(defaults, name) / scale
        for name in (
            "setting_lead",
            "setting_duration",
            "removing_duration",
            "min_unset_duration",
        )
    }


async def serve(args: argparse.Namespace) -> None:
    """Serve until SIGINT or SIGTERM."""
    clock: Clock | None = None
    if args.movable_clock:
        clock = ShiftedClock()
    elif args.clock_scale != 1:
        clock = ScaledClock(args.clock_scale)
    settings: dict[str, Any] = {
        **lifecycle_settings(args.time_scale),
        "oracode_mismatch_async": args.oracode_mismatch == "async",
    }
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with run_sandbox(
        args.scenario, args.host, args.port, clock, **settings
    ) as server:
        print(f"SEAM_ENDPOINT={server.url}", flush=True)
        print(f"SEAM_API_KEY={server.api_key}", flush=True)
        await stop.wait()


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point."""
    asyncio.run(serve(parse_args(argv)))


if __name__ == "__main__":
    main()
