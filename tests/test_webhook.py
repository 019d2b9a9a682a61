"""Tests for Seam webhooks and for applying Seam events."""

from __future__ import annotations

from typing import TYPE_CHECKING
from unittest.mock import patch

from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.seam_offline_codes.const import CONF_API_URL
from custom_components.seam_offline_codes.coordinator import SeamCoordinator
from custom_components.seam_offline_codes.seam import Event

from .const import BACK_DOOR, FRONT_DOOR

if TYPE_CHECKING:
    from seam_sandbox import SandboxServer

pytestmark = pytest.mark.usefixtures("init_integration")


def _coordinator(entry: MockConfigEntry) -> SeamCoordinator:
    coordinator: SeamCoordinator = entry.runtime_data.coordinator
    return coordinator


def _event(event_type: str, device_id: str, access_code_id: str | None) -> Event:
    return Event(
        event_id="evt",
        event_type=event_type,
        occurred_at=None,
        device_id=device_id,
        access_code_id=access_code_id,
    )


async def test_webhook_replaces_stale_registration(
    hass: HomeAssistant, sandbox: SandboxServer, mock_config_entry: MockConfigEntry
) -> None:
    """Test a restart replaces the webhook a previous run left in Seam."""
    webhook = mock_config_entry.runtime_data.webhook
    (registered,) = sandbox.sandbox.webhooks.values()
    await webhook.async_stop()
    assert sandbox.sandbox.webhooks == {}
    sandbox.sandbox.create_webhook(registered.url)
    await webhook.async_start()
    assert webhook.active
    assert [hook.url for hook in sandbox.sandbox.webhooks.values()] == [registered.url]


async def test_webhook_falls_back_to_polling(
    hass: HomeAssistant, sandbox: SandboxServer, mock_config_entry: MockConfigEntry
) -> None:
    """Test polling alone when Seam can't register the webhook or can't reach HA."""
    webhook = mock_config_entry.runtime_data.webhook
    await webhook.async_stop()
    sandbox.sandbox.faults.start_outage()
    await webhook.async_start()
    assert not webhook.active
    sandbox.sandbox.faults.clear()

    # Seam in the cloud can't call Home Assistant's internal URL, and there is no other.
    hass.config_entries.async_update_entry(
        mock_config_entry,
        data={**mock_config_entry.data, CONF_API_URL: "https://connect.getseam.com"},
    )
    await webhook.async_start()
    assert not webhook.active


async def test_webhook_uses_home_assistant_cloud(
    hass: HomeAssistant, sandbox: SandboxServer, mock_config_entry: MockConfigEntry
) -> None:
    """Test a Home Assistant Cloud subscription gives Seam a cloudhook."""
    webhook = mock_config_entry.runtime_data.webhook
    await webhook.async_stop()
    with (
        patch(
            "homeassistant.components.cloud.async_active_subscription",
            return_value=True,
        ),
        patch(
            "homeassistant.components.cloud.async_get_or_create_cloudhook",
            return_value="https://hooks.nabu.casa/abc",
        ),
    ):
        await webhook.async_start()
    assert [hook.url for hook in sandbox.sandbox.webhooks.values()] == [
        "https://hooks.nabu.casa/abc"
    ]


async def test_stop_survives_seam_outage(
    hass: HomeAssistant, sandbox: SandboxServer, mock_config_entry: MockConfigEntry
) -> None:
    """Test unloading while Seam is down still unloads."""
    sandbox.sandbox.faults.start_outage()
    await mock_config_entry.runtime_data.webhook.async_stop()
    assert not mock_config_entry.runtime_data.webhook.active


async def test_events_apply_to_the_snapshot(
    hass: HomeAssistant, sandbox: SandboxServer, mock_config_entry: MockConfigEntry
) -> None:
    """Test each kind of event: foreign device, device change, gone code, Seam down."""
    coordinator = _coordinator(mock_config_entry)
    requests = sandbox.sandbox.requests
    requests.clear()
    await coordinator.async_handle_event(_event("device.connected", BACK_DOOR, None))
    assert requests == []

    await coordinator.async_handle_event(_event("device.low_battery", FRONT_DOOR, None))
    await hass.async_block_till_done(wait_background_tasks=True)
    assert "/devices/list" in requests

    await coordinator.async_handle_event(
        _event(
            "access_code.deleted", FRONT_DOOR, "11111111-0000-4000-8000-000000000000"
        )
    )
    assert "11111111-0000-4000-8000-000000000000" not in coordinator.data.codes

    sandbox.sandbox.faults.start_outage()
    await coordinator.async_handle_event(
        _event(
            "access_code.set_on_device",
            FRONT_DOOR,
            "11111111-0000-4000-8000-000000000000",
        )
    )
    assert coordinator.data.locks
