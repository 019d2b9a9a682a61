"""Tests for the logbook lines of code lifecycle moments."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.recorder import Recorder
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.seam_offline_codes.const import DOMAIN

from .common import create_offline_code, move_time
from .const import FRONT_DOOR

if TYPE_CHECKING:
    from seam_sandbox import SandboxServer


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(
    recorder_mock: Recorder, enable_custom_integrations: None
) -> None:
    """Start the recorder before Home Assistant, then allow custom integrations."""


async def test_logbook_names_the_moment_and_the_code(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
    hass_client: ClientSessionGenerator,
    sandbox: SandboxServer,
    entity_registry: er.EntityRegistry,
) -> None:
    """Test the logbook says which code had which moment, on the lock's event entity."""
    assert await async_setup_component(hass, "logbook", {})
    since = dt_util.utcnow()
    start = since.replace(minute=0, second=0, microsecond=0) + timedelta(hours=4)
    await create_offline_code(
        sandbox, FRONT_DOOR, "Guest 42", start, start + timedelta(hours=3)
    )
    await move_time(hass, freezer, dt_util.utcnow() + timedelta(minutes=15))
    await async_wait_recording_done(hass)

    client = await hass_client()
    response = await client.get(f"/api/logbook/{since.isoformat()}")
    assert response.status == 200
    entity_id = entity_registry.async_get_entity_id(
        Platform.EVENT, DOMAIN, f"{FRONT_DOOR}_code_event"
    )
    entries = await response.json()
    described = [
        (entry["name"], entry["message"])
        for entry in entries
        if entry.get("domain") == DOMAIN and entry.get("entity_id") == entity_id
    ]
    assert described == [("Guest 42", "Code created")]
