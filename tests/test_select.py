"""Tests for the Seam Offline Codes select entities: an Oracode door's default time slot."""

from __future__ import annotations

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    snapshot_platform,
)
from syrupy.assertion import SnapshotAssertion


@pytest.mark.parametrize("platforms", [[Platform.SELECT]])
@pytest.mark.usefixtures("init_integration")
async def test_entities(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    mock_config_entry: MockConfigEntry,
    snapshot: SnapshotAssertion,
) -> None:
    """Test the Oracode door's default time slot select, with its registry entry."""
    await snapshot_platform(hass, entity_registry, snapshot, mock_config_entry.entry_id)
