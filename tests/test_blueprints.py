"""Tests for the automation blueprints that ship with Seam Offline Codes."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components import automation
from homeassistant.components.automation.config import AUTOMATION_BLUEPRINT_SCHEMA
from homeassistant.components.blueprint.models import Blueprint
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
from homeassistant.util.yaml import load_yaml_dict
import pytest
from pytest_homeassistant_custom_component.common import (
    async_fire_time_changed,
    async_mock_service,
)

from custom_components.seam_offline_codes.const import (
    CONF_DEVICE_IDS,
    CONF_SHOW_PINS,
    DOMAIN,
)
from custom_components.seam_offline_codes.helpers import code_unique_id

from .common import create_offline_code
from .const import FRONT_DOOR, GARDEN_GATE

if TYPE_CHECKING:
    from seam_sandbox import SandboxServer

BLUEPRINTS = Path(__file__).parent.parent / "blueprints" / "automation"


@pytest.fixture
def entry_options() -> dict[str, Any]:
    """Show PINs, so the code-ready blueprint can add them."""
    return {
        CONF_DEVICE_IDS: [FRONT_DOOR, GARDEN_GATE],
        CONF_SHOW_PINS: True,
    }


async def _move(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, when: datetime
) -> None:
    """Move time to a moment and let the coordinator poll."""
    freezer.move_to(when)
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)


@pytest.mark.parametrize(
    "path", sorted(BLUEPRINTS.glob("**/*.yaml")), ids=lambda path: path.name
)
def test_blueprint_is_valid(path: Path) -> None:
    """Test each blueprint passes Home Assistant's automation blueprint schema."""
    blueprint = Blueprint(
        load_yaml_dict(path),
        path=str(path),
        expected_domain=automation.DOMAIN,
        schema=AUTOMATION_BLUEPRINT_SCHEMA,
    )
    assert blueprint.validate() is None
    assert path.name in blueprint.metadata["source_url"]


async def _use_blueprints(
    hass: HomeAssistant, tmp_path: Path, lock: str, include_pin: bool
) -> None:
    """Set up one automation from each blueprint for one lock."""
    folder = tmp_path / "blueprints"
    folder.mkdir()
    (folder / "automation").symlink_to(BLUEPRINTS)
    hass.config.config_dir = str(tmp_path)
    device = dr.async_get(hass).async_get_device(identifiers={(DOMAIN, lock)})
    assert device is not None
    inputs = {
        "locks": [device.id],
        "notify_entities": ["notify.phone"],
        "notify_action": "notify.tablet",
    }
    assert await async_setup_component(
        hass,
        automation.DOMAIN,
        {
            automation.DOMAIN: [
                {
                    "use_blueprint": {
                        "path": "seam_offline_codes/notify_code_ready.yaml",
                        "input": inputs | {"include_pin": include_pin},
                    }
                },
                {
                    "use_blueprint": {
                        "path": "seam_offline_codes/notify_code_failed.yaml",
                        "input": inputs,
                    }
                },
            ]
        },
    )


async def _create_and_start(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    sandbox: SandboxServer,
    codes: dict[str, str],
) -> list[dict[str, Any]]:
    """Create codes (name: lock) in the sandbox and follow them until Seam sets them."""
    start = dt_util.utcnow().replace(minute=0, second=0, microsecond=0) + timedelta(
        hours=4
    )
    created = [
        await create_offline_code(
            sandbox, lock, name, start, start + timedelta(hours=3)
        )
        for name, lock in codes.items()
    ]
    await _move(hass, freezer, dt_util.utcnow() + timedelta(minutes=15))
    await _move(hass, freezer, start - timedelta(hours=1))
    for _ in range(4):
        await _move(hass, freezer, dt_util.utcnow() + timedelta(seconds=15))
    return created


@pytest.mark.parametrize("include_pin", [True, False])
@pytest.mark.usefixtures("init_integration")
async def test_notify_code_ready(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    sandbox: SandboxServer,
    tmp_path: Path,
    include_pin: bool,
) -> None:
    """Test the code-ready blueprint notifies about its locks' codes, with the PIN if asked."""
    entity_calls = async_mock_service(hass, "notify", "send_message")
    action_calls = async_mock_service(hass, "notify", "tablet")
    await _use_blueprints(hass, tmp_path, FRONT_DOOR, include_pin)
    alice, _ = await _create_and_start(
        hass, freezer, sandbox, {"Guest Alice": FRONT_DOOR, "Guest Bob": GARDEN_GATE}
    )
    sensor = er.async_get(hass).async_get_entity_id(
        Platform.SENSOR, DOMAIN, code_unique_id(alice["access_code_id"])
    )
    assert sensor is not None
    state = hass.states.get(sensor)
    assert state is not None
    assert state.state == "set"
    message = "Guest Alice is ready on Front Door."
    if include_pin:
        message += f" PIN: {state.attributes['code']}"
    data = {"title": "Access code ready", "message": message}
    assert [call.data for call in entity_calls] == [
        data | {"entity_id": ["notify.phone"]}
    ]
    assert [call.data for call in action_calls] == [data]


@pytest.mark.usefixtures("init_integration")
async def test_notify_code_failed(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    sandbox: SandboxServer,
    tmp_path: Path,
) -> None:
    """Test the code-failed blueprint reports the code, the lock and Seam's error."""
    entity_calls = async_mock_service(hass, "notify", "send_message")
    action_calls = async_mock_service(hass, "notify", "tablet")
    await _use_blueprints(hass, tmp_path, FRONT_DOOR, include_pin=True)
    sandbox.sandbox.faults.fail_next_codes()
    await _create_and_start(hass, freezer, sandbox, {"Guest Carol": FRONT_DOOR})
    data = {
        "title": "Access code failed",
        "message": "Guest Carol failed on Front Door. Seam: Failed to set code on device.",
    }
    assert [call.data for call in entity_calls] == [
        data | {"entity_id": ["notify.phone"]}
    ]
    assert [call.data for call in action_calls] == [data]
