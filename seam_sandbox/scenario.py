"""Scenarios: the workspace, devices and codes a sandbox starts with.

Shipped scenarios are JSON data files; ``fleet:LOCKSxCODES`` is generated (see ``fleet``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
import hashlib
import json
from pathlib import Path
import random
import string

from .errors import Json
from .fleet import fleet_codes, fleet_devices, parse_fleet_name

SCENARIO_DIR = Path(__file__).parent / "scenarios"
FLEET_PREFIX = "fleet:"
_KEY_ALPHABET = string.ascii_letters + string.digits


class DemoDevice(StrEnum):
    """Device ids of the ``demo`` scenario (fixed, so tests can name them)."""

    FRONT_DOOR = "9689dc30-77d8-4728-9968-b3abd0835f47"
    """igloohome Smart Deadbolt 02 with a bridge: offline and online codes."""
    GARDEN_GATE = "3f1c7b2e-5a9d-4e60-8b21-c4d7e9f0a613"
    """igloohome Padlock 2 without a bridge: offline codes only."""
    ROOM_101 = "ea12f6c6-e63e-447d-856b-ec9e92981000"
    """dormakaba Oracode 660i in America/Los_Angeles, with time slots."""
    BACK_DOOR = "6a2d9f41-8e3b-4c7d-a05e-9b1f2c3d4e58"
    """Schlage Encode Plus: online codes only."""
    LIVING_ROOM = "b7c4e2a9-1f6d-4a83-9e0c-5d2b8f7a6e41"
    """ecobee thermostat: not a lock."""


@dataclass(frozen=True)
class Scenario:
    """A workspace, its devices, the codes it starts with, the API key and rental listings."""

    name: str
    workspace: Json
    devices: list[Json]
    api_key: str
    listings: dict[str, str] = field(default_factory=dict)
    """Listings whose booking calendars the sandbox serves (id → display name)."""
    access_codes: list[Json] = field(default_factory=list)
    """Seam ``access_code`` objects, ``unset`` or ``set`` (see ``lifecycle.seeded_code``)."""


def scenario_names() -> list[str]:
    """Return the names of the scenarios shipped with the sandbox."""
    return sorted(path.stem for path in SCENARIO_DIR.glob("*.json"))


def load_scenario(name_or_path: str) -> Scenario:
    """Load a shipped scenario by name, a ``fleet:LOCKSxCODES``, or a scenario file."""
    if name_or_path.startswith(FLEET_PREFIX):
        return fleet_scenario(name_or_path)
    path = Path(name_or_path)
    if path.suffix != ".json":
        path = SCENARIO_DIR / f"{name_or_path}.json"
    if not path.is_file():
        raise ValueError(
            f"unknown scenario {name_or_path!r}; shipped: {', '.join(scenario_names())}"
        )
    data = json.loads(path.read_text(encoding="utf-8"))
    name = path.stem
    return Scenario(
        name=name,
        workspace=data["workspace"],
        devices=data["devices"],
        api_key=data.get("api_key") or sandbox_api_key(name),
        listings=data.get("listings", {}),
        access_codes=data.get("access_codes", []),
    )


def fleet_scenario(name: str, now: datetime | None = None) -> Scenario:
    """Generate ``fleet:LOCKSxCODES``: copies of the demo's Garden Gate with many codes.

    Code times count from ``now`` (default: the wall clock when the scenario is loaded).
    """
    locks, codes_per_lock = parse_fleet_name(name)
    demo = load_scenario("demo")
    template = next(d for d in demo.devices if d["device_id"] == DemoDevice.GARDEN_GATE)
    rng = random.Random(name)  # noqa: S311 (reproducible ids, not secrets)
    devices = fleet_devices(template, locks, rng)
    codes = fleet_codes(devices, codes_per_lock, now or datetime.now(UTC), rng)
    workspace = {**demo.workspace, "name": "Seam Offline Codes Fleet"}
    return Scenario(
        name=name,
        workspace=workspace,
        devices=devices,
        api_key=sandbox_api_key(name),
        access_codes=codes,
    )


def sandbox_api_key(seed: str) -> str:
    """Return a key shaped like a Seam sandbox key (``seam_test…``), fixed for ``seed``."""
    digest = hashlib.sha256(f"seam-sandbox:{seed}".encode()).digest()
    chars = "".join(_KEY_ALPHABET[byte % len(_KEY_ALPHABET)] for byte in digest)
    return f"seam_test{chars[:4]}_{chars[4:26]}"
