"""Tests for the Seam Offline Codes diagnostics."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
from syrupy.assertion import SnapshotAssertion
from syrupy.filters import props

from custom_components.seam_offline_codes.seam import Event

from .common import create_offline_code
from .const import FRONT_DOOR

if TYPE_CHECKING:
    from seam_sandbox import SandboxServer


async def test_diagnostics(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    sandbox: SandboxServer,
    init_integration: MockConfigEntry,
    snapshot: SnapshotAssertion,
) -> None:
    """Test diagnostics show the snapshot without the key, webhook id, PINs or guest names."""
    start = dt_util.utcnow().replace(minute=0, second=0, microsecond=0) + timedelta(
        hours=2
    )
    code = await create_offline_code(
        sandbox, FRONT_DOOR, "Guest Dana", start, start + timedelta(hours=3)
    )
    await init_integration.runtime_data.coordinator.async_handle_event(
        Event(
            event_id="e1",
            event_type="access_code.created",
            occurred_at=None,
            device_id=FRONT_DOOR,
            access_code_id=code["access_code_id"],
        )
    )
    diagnostics = await get_diagnostics_for_config_entry(
        hass, hass_client, init_integration
    )
    text = str(diagnostics)
    assert sandbox.api_key not in text
    assert "Guest Dana" not in text
    assert diagnostics["entry"]["data"]["api_key"] == "**REDACTED**"
    assert diagnostics["entry"]["data"]["webhook_id"] == "**REDACTED**"
    (listed,) = diagnostics["access_codes"]
    assert listed["name"] == "**REDACTED**"
    assert listed["code"] is None or listed["code"] == "**REDACTED**"
    assert diagnostics["locks"] == snapshot(exclude=props("created_at"))
