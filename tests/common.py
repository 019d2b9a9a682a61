"""Helpers for tests that drive the sandbox directly, as another Seam client would."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import aiohttp
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.seam_offline_codes.const import DOMAIN

if TYPE_CHECKING:
    from seam_sandbox import SandboxServer


def iso(value: datetime) -> str:
    """Format a datetime as Seam expects."""
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


async def seam_call(server: SandboxServer, path: str, **body: Any) -> dict[str, Any]:
    """POST to the sandbox's Seam API and return the JSON answer."""
    async with (
        aiohttp.ClientSession() as session,
        session.post(
            f"{server.url}{path}",
            json=body,
            headers={"Authorization": f"Bearer {server.api_key}"},
        ) as response,
    ):
        result: dict[str, Any] = await response.json()
        return result


async def create_offline_code(
    server: SandboxServer,
    device_id: str,
    name: str,
    starts_at: datetime,
    ends_at: datetime,
) -> dict[str, Any]:
    """Create an hourly offline code in the sandbox, outside Home Assistant."""
    result = await seam_call(
        server,
        "/access_codes/create",
        device_id=device_id,
        name=name,
        starts_at=iso(starts_at),
        ends_at=iso(ends_at),
        is_offline_access_code=True,
    )
    assert result["ok"], result
    code: dict[str, Any] = result["access_code"]
    return code


async def move_time(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, to: datetime | timedelta
) -> None:
    """Move time to a moment, or on by a delta, and let every poll it triggers finish."""
    if isinstance(to, timedelta):
        freezer.tick(to)
    else:
        freezer.move_to(to)
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)


async def poll_fast(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, polls: int = 4
) -> None:
    """Let the coordinator poll the codes in flux a few times (15 s apart)."""
    for _ in range(polls):
        await move_time(hass, freezer, timedelta(seconds=15))


def lock_device_id(device_registry: dr.DeviceRegistry, lock_id: str) -> str:
    """Return the Home Assistant device id of a managed lock."""
    device = device_registry.async_get_device(identifiers={(DOMAIN, lock_id)})
    assert device is not None
    return device.id


async def sandbox_admin(
    server: SandboxServer, path: str, **body: Any
) -> dict[str, Any]:
    """POST to the sandbox's admin API (``/_sandbox/<path>``) and return the JSON answer."""
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{server.url}/_sandbox/{path}", json=body) as response,
    ):
        result: dict[str, Any] = await response.json()
        assert result["ok"], result
        return result


async def setup_remote_calendar(
    hass: HomeAssistant, server: SandboxServer
) -> MockConfigEntry:
    """Set up Home Assistant's Remote Calendar "Beach house" on the demo listing's feed."""
    entry = MockConfigEntry(
        domain="remote_calendar",
        title="Beach house",
        data={
            "calendar_name": "Beach house",
            "url": f"{server.url}/_sandbox/ical/demo.ics",
            "verify_ssl": False,
        },
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry
