"""Many creates at once: the integration keeps Seam's quotas itself, over real HTTP.

Creates on one lock are serialised (plan, create, snapshot update), so every call that
reaches Seam fits the lock's quotas and Seam's 10 creates per minute per lock; the others
are refused with a translated error before any request.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import device_registry as dr
from homeassistant.util import dt as dt_util
import pytest

from custom_components.seam_offline_codes.const import (
    CONF_DEVICE_IDS,
    CONF_SHOW_PINS,
    DOMAIN,
)
from seam_sandbox.state import is_lock

from .common import lock_device_id

if TYPE_CHECKING:
    from seam_sandbox import Sandbox, SandboxServer


LOCKS = 5
CALLS_PER_LOCK = 10
HOURLY_QUOTA = 3
SEAM_CREATES_PER_MINUTE = 10


@pytest.fixture
async def sandbox(socket_enabled: None) -> AsyncIterator[SandboxServer]:
    """Run a sandbox with five igloohome locks and no codes."""
    from seam_sandbox import run_sandbox

    async with run_sandbox(scenario=f"fleet:{LOCKS}x0") as server:
        yield server


@pytest.fixture
def entry_options(sandbox: SandboxServer) -> dict[str, Any]:
    """Manage every lock of the fleet."""
    locks = [d["device_id"] for d in sandbox.sandbox.devices.values() if is_lock(d)]
    assert len(locks) == LOCKS
    return {CONF_DEVICE_IDS: locks, CONF_SHOW_PINS: False}


async def _create(hass: HomeAssistant, device_id: str, name: str, hour: int) -> Any:
    """Ask for a two-hour code starting ``hour`` hours after tomorrow's first hour."""
    start = dt_util.utcnow().replace(minute=0, second=0, microsecond=0) + timedelta(
        days=1, hours=hour
    )
    return await hass.services.async_call(
        DOMAIN,
        "create_hourly_code",
        {
            "device_id": device_id,
            "name": name,
            "starts_at": start.isoformat(),
            "ends_at": (start + timedelta(hours=2)).isoformat(),
        },
        blocking=True,
        return_response=True,
    )


def _outcome(result: Any) -> str:
    """Name what became of one call."""
    if isinstance(result, dict):
        return "created"
    assert isinstance(result, HomeAssistantError), repr(result)
    assert result.translation_key is not None
    return result.translation_key


async def _create_all(
    hass: HomeAssistant,
    device_registry: dr.DeviceRegistry,
    seam: Sandbox,
    calls: list[tuple[str, str, int]],
) -> tuple[list[Any], Counter[str]]:
    """Make every (lock, name, hour) call at once; return the results and outcomes."""
    seam.requests.clear()
    results = await asyncio.gather(
        *(
            _create(hass, lock_device_id(device_registry, lock), name, hour)
            for lock, name, hour in calls
        ),
        return_exceptions=True,
    )
    return results, Counter(_outcome(result) for result in results)


@pytest.mark.usefixtures("init_integration")
async def test_fifty_creates_over_five_locks(
    hass: HomeAssistant,
    device_registry: dr.DeviceRegistry,
    sandbox: SandboxServer,
    entry_options: dict[str, Any],
) -> None:
    """Every call is created or refused up front; Seam refuses none and holds its limits.

    50 calls over 5 locks fill the hourly quotas; 12 more on one lock then meet Seam's
    10 creates per minute, which the integration counts itself.
    """
    seam = sandbox.sandbox
    locks = entry_options[CONF_DEVICE_IDS]
    # Four calls per start hour on the first two hours, two on the third: 3 + 3 + 2 fit.
    hours = [0, 0, 0, 0, 1, 1, 1, 1, 2, 2]
    assert len(hours) == CALLS_PER_LOCK
    calls = [
        (lock, f"Guest {index}", hour)
        for lock in locks
        for index, hour in enumerate(hours)
    ]
    results, outcomes = await _create_all(hass, device_registry, seam, calls)
    assert outcomes == {
        "created": LOCKS * 8,
        "igloohome_hourly_quota": LOCKS * 2,
    }
    refused = [r for r in results if isinstance(r, HomeAssistantError)]
    assert all(isinstance(r, ServiceValidationError) for r in refused)
    # Every create that reached Seam was accepted: Seam refused nothing.
    assert seam.requests.count("/access_codes/create") == len(seam.access_codes)
    assert len(seam.access_codes) == outcomes["created"]
    per_hour = Counter(
        (code["device_id"], code["starts_at"]) for code in seam.access_codes.values()
    )
    assert max(per_hour.values()) == HOURLY_QUOTA
    created_ids = {r["access_code_id"] for r in results if isinstance(r, dict)}
    assert created_ids == set(seam.access_codes)

    # The first lock had 8 creates this minute: 2 more fit Seam's limit, 10 are refused.
    more = [(locks[0], f"Guest {hour}", hour) for hour in range(3, 15)]
    _, outcomes = await _create_all(hass, device_registry, seam, more)
    assert outcomes == {
        "created": SEAM_CREATES_PER_MINUTE - 8,
        "create_rate_limited": 10,
    }
    assert seam.requests.count("/access_codes/create") == 2
    assert len(seam.access_codes) == LOCKS * 8 + 2
