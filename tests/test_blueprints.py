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
    """Hide PINs: the blueprints read them with get_code."""
    return {
        CONF_DEVICE_IDS: [FRONT_DOOR, GARDEN_GATE],
        CONF_SHOW_PINS: False,
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


def _link_blueprints(hass: HomeAssistant, tmp_path: Path) -> None:
    """Make the repository's blueprints those of Home Assistant's config folder."""
    folder = tmp_path / "blueprints"
    folder.mkdir()
    (folder / "automation").symlink_to(BLUEPRINTS)
    hass.config.config_dir = str(tmp_path)


def _doors(hass: HomeAssistant) -> list[str]:
    """Return the devices of the two doors of the guests' stays."""
    devices = dr.async_get(hass)
    return [
        device.id
        for lock in (FRONT_DOOR, GARDEN_GATE)
        if (device := devices.async_get_device(identifiers={(DOMAIN, lock)}))
    ]


async def _use_blueprints(
    hass: HomeAssistant, tmp_path: Path, lock: str, include_pin: bool
) -> None:
    """Set up one automation from each blueprint for one lock."""
    _link_blueprints(hass, tmp_path)
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
    assert "code" not in state.attributes
    message = "Guest Alice is ready on Front Door."
    if include_pin:
        message += (
            f" PIN: {sandbox.sandbox.access_codes[alice['access_code_id']]['code']}"
        )
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


async def _use_guest_blueprint(
    hass: HomeAssistant, tmp_path: Path, hours_before: int
) -> None:
    """Set up the guest-codes blueprint for both doors, with a notify entity and action."""
    _link_blueprints(hass, tmp_path)
    doors = _doors(hass)
    assert await async_setup_component(
        hass,
        automation.DOMAIN,
        {
            automation.DOMAIN: {
                "use_blueprint": {
                    "path": "seam_offline_codes/send_guest_codes.yaml",
                    "input": {
                        "locks": doors,
                        "notify_entities": ["notify.guest"],
                        "notify_action": "notify.guest_sms",
                        "hours_before": hours_before,
                    },
                }
            }
        },
    )


def _guest_message(hass: HomeAssistant, sandbox: SandboxServer, stay: Any) -> str:
    """Return the message the guest of a two-door stay should get."""
    lines = ["Anna, here are your door codes."]
    for code in sorted(stay["codes"], key=lambda code: code["lock"]):
        pin = sandbox.sandbox.access_codes[code["access_code_id"]]["code"] or (
            "PIN not assigned yet"
        )
        starts = datetime.fromisoformat(code["local_starts_at"])
        ends = datetime.fromisoformat(code["local_ends_at"])
        lines.append(
            f"{code['lock']}: {pin}, from {starts:%a %d %b %H:%M} to "
            f"{ends:%a %d %b %H:%M} ({hass.config.time_zone}). Use it within 24 hours "
            "of its start, or the lock refuses it from then on."
        )
    return "\n\n".join(lines)


async def _stay(hass: HomeAssistant, start: datetime) -> Any:
    """Make a 30-hour stay for Anna on both doors."""
    doors = _doors(hass)
    local = dt_util.as_local(start)
    return await hass.services.async_call(
        DOMAIN,
        "create_stay_codes",
        {
            "device_id": doors,
            "name": "Anna",
            "check_in": f"{local:%Y-%m-%d %H:%M:%S}",
            "check_out": f"{local + timedelta(hours=30):%Y-%m-%d %H:%M:%S}",
        },
        blocking=True,
        return_response=True,
    )


@pytest.mark.usefixtures("init_integration")
async def test_send_guest_codes_when_active(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    sandbox: SandboxServer,
    tmp_path: Path,
) -> None:
    """Test a two-door stay's guest gets one message with both PINs, and again if moved."""
    entity_calls = async_mock_service(hass, "notify", "send_message")
    action_calls = async_mock_service(hass, "notify", "guest_sms")
    await _use_guest_blueprint(hass, tmp_path, hours_before=0)
    start = dt_util.utcnow().replace(minute=0, second=0, microsecond=0) + timedelta(
        hours=4
    )
    stay = await _stay(hass, start)
    await _move(hass, freezer, start - timedelta(hours=1))
    for _ in range(4):
        await _move(hass, freezer, dt_util.utcnow() + timedelta(seconds=15))
    await _move(hass, freezer, start)
    for _ in range(4):
        await _move(hass, freezer, dt_util.utcnow() + timedelta(seconds=15))
    data = {"title": "Your door codes", "message": _guest_message(hass, sandbox, stay)}
    assert "PIN not assigned yet" not in data["message"]
    assert [call.data for call in entity_calls] == [
        data | {"entity_id": ["notify.guest"]}
    ]
    assert [call.data for call in action_calls] == [data]

    hass.bus.async_fire(f"{DOMAIN}_stay_changed", {"name": "Anna"})
    await hass.async_block_till_done()
    assert [call.data for call in action_calls] == [data, data]


@pytest.mark.usefixtures("init_integration")
async def test_send_guest_codes_hours_before(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    sandbox: SandboxServer,
    tmp_path: Path,
) -> None:
    """Test the message goes once, the chosen hours before check-in; dismissed codes not."""
    action_calls = async_mock_service(hass, "notify", "guest_sms")
    async_mock_service(hass, "notify", "send_message")
    await _use_guest_blueprint(hass, tmp_path, hours_before=2)
    start = dt_util.utcnow().replace(minute=0, second=0, microsecond=0) + timedelta(
        hours=5
    )
    stay = await _stay(hass, start)
    dismissed, kept = sorted(stay["codes"], key=lambda code: code["lock"])
    await hass.services.async_call(
        DOMAIN,
        "dismiss_code",
        {"access_code_id": dismissed["access_code_id"]},
        blocking=True,
    )
    stay = {"codes": [kept]}
    await _move(hass, freezer, start - timedelta(hours=2, minutes=30))
    assert action_calls == []
    await _move(hass, freezer, start - timedelta(hours=2))
    assert [call.data["message"] for call in action_calls] == [
        _guest_message(hass, sandbox, stay)
    ]
    await _move(hass, freezer, start - timedelta(hours=1, minutes=45))
    assert len(action_calls) == 1
