"""Tests for the Seam Offline Codes diagnostics."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
from syrupy.assertion import SnapshotAssertion
from syrupy.filters import props

from .common import create_offline_code, move_time
from .const import FRONT_DOOR

if TYPE_CHECKING:
    from seam_sandbox import SandboxServer


@pytest.mark.parametrize(
    "sandbox_settings",
    [{"min_unset_duration": timedelta(0), "setting_duration": timedelta(seconds=1)}],
)
async def test_diagnostics(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    hass_client: ClientSessionGenerator,
    sandbox: SandboxServer,
    init_integration: MockConfigEntry,
    snapshot: SnapshotAssertion,
) -> None:
    """Test diagnostics show the snapshot without the key, webhook id, PINs or guest names."""
    start = dt_util.utcnow()
    code = await create_offline_code(
        sandbox, FRONT_DOOR, "Guest Dana", start, start + timedelta(hours=3)
    )
    # Seam sets the code at once, with its PIN; the next full sync brings it in.
    await move_time(hass, freezer, timedelta(minutes=15))
    coordinator = init_integration.runtime_data.coordinator
    pin = coordinator.data.codes[code["access_code_id"]].code
    assert pin
    diagnostics = await get_diagnostics_for_config_entry(
        hass, hass_client, init_integration
    )
    text = str(diagnostics)
    assert sandbox.api_key not in text
    assert "Guest Dana" not in text
    assert pin not in text
    assert diagnostics["entry"]["data"]["api_key"] == "**REDACTED**"
    assert diagnostics["entry"]["data"]["webhook_id"] == "**REDACTED**"
    (listed,) = diagnostics["access_codes"]
    assert listed["name"] == "**REDACTED**"
    assert listed["status"] == "set"
    assert listed["code"] == "**REDACTED**"
    assert diagnostics["locks"] == snapshot(exclude=props("created_at"))
