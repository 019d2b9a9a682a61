"""``scripts/bench``: what the integration costs, against the sandbox, as a table.

Home Assistant runs in this process (in memory, as in the tests); the sandbox runs in its
own (``python -m seam_sandbox --scenario fleet:LOCKSxCODES --movable-clock``). Every figure
is printed with its goal and, where one exists, its floor measured in the same run. It is a
benchmark, not a test: it prints and never fails because a figure misses its goal.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Collection, Sequence
from dataclasses import dataclass
import logging
import os
import platform
import sys
import time

# Imported before Home Assistant's test helpers, so `custom_components` is this repository's.
import custom_components.seam_offline_codes  # noqa: F401

from .figures import Bench, Figure
from .harness import VirtualClock, sandbox_process


@dataclass(frozen=True)
class Sizes:
    """How big each part of a run is."""

    small: str
    """The fleet for requests, fast polls, and the smaller webhook and create figures."""
    large: str
    """The fleet for set-up, memory, and the larger webhook and create figures."""
    settled_hours: int
    changing: tuple[int, ...]
    runs: int


GROUPS = ("requests", "fast-polls", "create", "set-up", "memory")
"""The figures one can select; ``create`` also measures webhook delivery (one stage)."""

FULL = Sizes("fleet:20x20", "fleet:100x50", 4, (1, 10, 100), 5)
QUICK = Sizes("fleet:3x4", "fleet:4x5", 1, (1, 2, 4), 1)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(prog="scripts/bench", description=__doc__)
    parser.add_argument(
        "--quick", action="store_true", help="small sizes and one run (proves it works)"
    )
    parser.add_argument("--runs", type=int, help="runs per median (default 5, quick 1)")
    parser.add_argument(
        "--only",
        action="append",
        choices=GROUPS,
        help="measure only these figures (repeatable; default: all)",
    )
    return parser.parse_args(argv)


async def measure(sizes: Sizes, groups: Collection[str] = GROUPS) -> list[Figure]:
    """Run the measurements of ``groups`` and return their figures in table order."""
    figures: list[Figure] = []
    with VirtualClock(asyncio.get_running_loop()) as clock:
        if {"requests", "fast-polls", "create"} & set(groups):
            async with sandbox_process(sizes.small) as sandbox:
                bench = await Bench.start(sandbox, clock, sizes.runs)
                if "requests" in groups:
                    for webhook in (False, True):
                        figures += await bench.settled_hour(
                            webhook=webhook, hours=sizes.settled_hours
                        )
                if "fast-polls" in groups:
                    figures += await bench.fast_polls(sizes.changing)
                if "create" in groups:
                    figures += await bench.webhook_and_create()
        if {"set-up", "memory", "create"} & set(groups):
            async with sandbox_process(sizes.large) as sandbox:
                bench = await Bench.start(sandbox, clock, sizes.runs)
                if "set-up" in groups:
                    figures += await bench.set_up()
                if "memory" in groups:
                    figures += await bench.memory()
                if "create" in groups:
                    figures += await bench.webhook_and_create()
    return figures


def table(figures: Sequence[Figure]) -> str:
    """Render the figures as a Markdown table."""
    rows = [("Figure", "Value", "Goal", "Floor", "Meets")]
    for figure in figures:
        value = "n/a" if figure.value is None else f"{figure.value:.4g} {figure.unit}"
        meets = {True: "yes", False: "no", None: "—"}[figure.meets]
        rows.append((figure.name, value, figure.goal, figure.floor or "—", meets))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |"
        for row in rows
    ]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def machine() -> str:
    """Describe where the figures were measured."""
    return (
        f"{platform.machine()}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
    )


def main(argv: Sequence[str] | None = None) -> None:
    """Run the bench and print its table."""
    args = parse_args(argv)
    sizes = QUICK if args.quick else FULL
    if args.runs:
        sizes = Sizes(
            sizes.small, sizes.large, sizes.settled_hours, sizes.changing, args.runs
        )
    logging.basicConfig(level=logging.ERROR)
    started = time.monotonic()
    figures = asyncio.run(measure(sizes, args.only or GROUPS))
    command = " ".join(["scripts/bench", *(argv if argv is not None else sys.argv[1:])])
    print(
        f"`{command}` on {machine()}, medians of {sizes.runs} run(s), "
        f"{time.monotonic() - started:.0f} s\n"
    )
    print(table(figures))
    if notes := [f"- {f.name}: {f.note}." for f in figures if f.note and not f.meets]:
        print("\nWhy figures miss their goals:\n\n" + "\n".join(notes))


if __name__ == "__main__":
    main()
