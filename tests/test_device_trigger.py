"""Tests for the Seam Offline Codes device triggers: a lock's code lifecycle moments."""

from __future__ import annotations

from datetime import timedelta
import re
from typing import TYPE_CHECKING

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components import automation
from homeassistant.components.device_automation import DeviceAutomationType
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.translation import async_get_translations
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_get_device_automations,
    async_mock_service,
)
import voluptuous as vol

from custom_components.seam_offline_codes.const import DOMAIN
from custom_components.seam_offline_codes.device_trigger import TRIGGER_SCHEMA

from .common import create_offline_code, lock_device_id, move_time
from .const import FRONT_DOOR, GARDEN_GATE

if TYPE_CHECKING:
    from seam_sandbox import SandboxServer


@pytest.mark.usefixtures("init_integration")
async def test_get_triggers(
    hass: HomeAssistant, device_registry: dr.DeviceRegistry
) -> None:
    """Test each lock offers one trigger per lifecycle moment, next to its sensors'."""
    device_id = lock_device_id(device_registry, FRONT_DOOR)
    triggers = await async_get_device_automations(
        hass, DeviceAutomationType.TRIGGER, device_id
    )
    assert [trigger for trigger in triggers if trigger["domain"] == DOMAIN] == [
        {
            "platform": "device",
            "domain": DOMAIN,
            "device_id": device_id,
            "type": trigger_type,
            "metadata": {},
        }
        for trigger_type in (
            "code_created",
            "code_scheduled",
            "code_set",
            "code_failed",
            "code_removed",
            "code_deleted",
        )
    ]


async def test_no_triggers_on_the_workspace(
    hass: HomeAssistant,
    device_registry: dr.DeviceRegistry,
    init_integration: MockConfigEntry,
) -> None:
    """Test the workspace's service device offers no code triggers: it has no codes."""
    workspace = device_registry.async_get_device(
        identifiers={(DOMAIN, init_integration.entry_id)}
    )
    assert workspace is not None
    triggers = await async_get_device_automations(
        hass, DeviceAutomationType.TRIGGER, workspace.id
    )
    assert [trigger for trigger in triggers if trigger["domain"] == DOMAIN] == []


FRONTEND_PLACEHOLDERS = {"entity_name": "<unknown>", "subtype": ""}
"""What the frontend passes a device trigger's name: nothing about the device itself."""


def _render(template: str, placeholders: dict[str, str]) -> str:
    """Fill ``{name}`` placeholders as the frontend does; a missing one fails."""
    return re.sub(r"{(\w+)}", lambda found: placeholders[found[1]], template)


@pytest.mark.usefixtures("init_integration")
async def test_trigger_names_render_as_the_frontend_does(
    hass: HomeAssistant, device_registry: dr.DeviceRegistry
) -> None:
    """Test each trigger's name, loaded as the frontend loads it, needs no other value."""
    translations = await async_get_translations(
        hass, "en", "device_automation", [DOMAIN]
    )
    triggers = await async_get_device_automations(
        hass, DeviceAutomationType.TRIGGER, lock_device_id(device_registry, FRONT_DOOR)
    )
    names = {
        trigger["type"]: _render(
            translations[
                f"component.{DOMAIN}.device_automation.trigger_type.{trigger['type']}"
            ],
            FRONTEND_PLACEHOLDERS,
        )
        for trigger in triggers
        if trigger["domain"] == DOMAIN
    }
    assert names == {
        "code_created": "A code was created",
        "code_scheduled": "A code was scheduled",
        "code_set": "A code was set",
        "code_failed": "A code failed to be set",
        "code_removed": "A code was removed",
        "code_deleted": "A code was deleted",
    }


async def test_trigger_schema_rejects_unknown_type() -> None:
    """Test a trigger of an unknown type is invalid."""
    with pytest.raises(vol.Invalid):
        TRIGGER_SCHEMA(
            {
                "platform": "device",
                "domain": DOMAIN,
                "device_id": "abc",
                "type": "code_used",
            }
        )


@pytest.mark.usefixtures("init_integration")
async def test_trigger_fires_on_moment(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    sandbox: SandboxServer,
    device_registry: dr.DeviceRegistry,
) -> None:
    """Test an automation with a device trigger runs when a code on its lock is set."""
    calls = async_mock_service(hass, "test", "automation")
    front_door = lock_device_id(device_registry, FRONT_DOOR)
    assert await async_setup_component(
        hass,
        automation.DOMAIN,
        {
            automation.DOMAIN: [
                {
                    "triggers": {
                        "trigger": "device",
                        "domain": DOMAIN,
                        "device_id": device_id,
                        "type": "code_set",
                    },
                    "actions": {
                        "action": "test.automation",
                        "data": {
                            "lock": lock_id,
                            "access_code_id": "{{ trigger.event.data.access_code_id }}",
                            "name": "{{ trigger.event.data.name }}",
                        },
                    },
                }
                for device_id, lock_id in (
                    (front_door, FRONT_DOOR),
                    (lock_device_id(device_registry, GARDEN_GATE), GARDEN_GATE),
                )
            ]
        },
    )
    start = dt_util.utcnow().replace(minute=0, second=0, microsecond=0) + timedelta(
        hours=4
    )
    code = await create_offline_code(
        sandbox, FRONT_DOOR, "Guest Alice", start, start + timedelta(hours=3)
    )
    await move_time(hass, freezer, dt_util.utcnow() + timedelta(minutes=15))
    await move_time(hass, freezer, start - timedelta(hours=1))
    assert calls == []
    for _ in range(4):
        await move_time(hass, freezer, dt_util.utcnow() + timedelta(seconds=15))
    assert [call.data for call in calls] == [
        {
            "lock": FRONT_DOOR,
            "access_code_id": code["access_code_id"],
            "name": "Guest Alice",
        }
    ]
