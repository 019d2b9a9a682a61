"""A generated workspace of many igloohome locks with many codes (``fleet:LOCKSxCODES``).

For benchmarks: every lock is a copy of the demo's Garden Gate (offline codes only). Half
of each lock's codes are ``set`` (daily codes that started in the past and run for months),
half are ``unset`` (one-day codes from two days ahead, waiting for their PIN). Every code
starts on its own hour, so moving the clock to just past one code's PIN assignment sets
exactly that code.
"""

from __future__ import annotations

import copy
from datetime import datetime, timedelta
import random
import re
import uuid

from .clock import format_timestamp
from .errors import Json

FLEET_NAME = re.compile(r"^fleet:(\d+)x(\d+)$")
SET_DURATION = timedelta(days=180)
UNSET_LEAD = timedelta(hours=48)
UNSET_DURATION = timedelta(hours=24)
HOUR = timedelta(hours=1)


def parse_fleet_name(name: str) -> tuple[int, int]:
    """Return (locks, codes per lock) of a ``fleet:LOCKSxCODES`` name."""
    if (match := FLEET_NAME.match(name)) is None or int(match[1]) < 1:
        raise ValueError(
            f"a fleet is named fleet:LOCKSxCODES (e.g. fleet:20x20), not {name!r}"
        )
    return int(match[1]), int(match[2])


def fleet_devices(template: Json, locks: int, rng: random.Random) -> list[Json]:
    """Return ``locks`` copies of ``template``, each with its own id, name and serial."""
    devices = []
    for index in range(locks):
        device = copy.deepcopy(template)
        name = f"Lock {index + 1:03d}"
        device["device_id"] = _uuid(rng)
        device["display_name"] = device["nickname"] = name
        properties = device["properties"]
        properties["name"] = properties["appearance"]["name"] = name
        properties["serial_number"] = f"IGP2-{index + 1:010d}"
        properties["igloohome_metadata"] = {
            "device_id": str(100_000_000 + index),
            "device_name": name,
        }
        devices.append(device)
    return devices


def fleet_codes(
    devices: list[Json], codes_per_lock: int, now: datetime, rng: random.Random
) -> list[Json]:
    """Return ``codes_per_lock`` codes on each device, alternately set and unset."""
    first_hour = now.replace(minute=0, second=0, microsecond=0)
    codes = []
    for lock_index, device in enumerate(devices):
        for number in range(codes_per_lock):
            # Counts codes of the same status across the fleet: each gets its own hour.
            order = (number // 2) * len(devices) + lock_index
            if number % 2 == 0:
                starts_at = first_hour - (order + 1) * HOUR
                ends_at = starts_at + SET_DURATION
                created_at = starts_at - timedelta(days=1)
                status = "set"
            else:
                starts_at = first_hour + UNSET_LEAD + order * HOUR
                ends_at = starts_at + UNSET_DURATION
                created_at = now - HOUR
                status = "unset"
            codes.append(
                {
                    "access_code_id": _uuid(rng),
                    "device_id": device["device_id"],
                    "name": f"Guest {lock_index + 1:03d}-{number + 1:03d}",
                    "status": status,
                    "starts_at": format_timestamp(starts_at),
                    "ends_at": format_timestamp(ends_at),
                    "created_at": format_timestamp(created_at),
                    "is_offline_access_code": True,
                }
            )
    return codes


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))
