"""Tests for Seam webhooks and for applying Seam events."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import TYPE_CHECKING
from unittest.mock import patch

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import Event as HassEvent, HomeAssistant
from homeassistant.core_config import async_process_ha_core_config
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.seam_offline_codes.const import CONF_API_URL
from custom_components.seam_offline_codes.coordinator import SeamCoordinator
from custom_components.seam_offline_codes.moments import EVENT_CODE_MOMENT
from custom_components.seam_offline_codes.seam import Event
from custom_components.seam_offline_codes.webhook import async_setup_webhook

from .common import create_offline_code
from .const import BACK_DOOR, FRONT_DOOR, WEBHOOK_ID

if TYPE_CHECKING:
    from seam_sandbox import SandboxServer

pytestmark = pytest.mark.usefixtures("instant_retries")

GONE_CODE = "11111111-0000-4000-8000-000000000000"


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


async def _set_up(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED


async def test_webhook_updates_instantly(
    hass: HomeAssistant,
    hass_client_no_auth: ClientSessionGenerator,
    sandbox: SandboxServer,
    mock_config_entry: MockConfigEntry,
) -> None:
    """Test Seam's signed webhook brings a new code in without waiting for a poll."""
    assert await async_setup_component(hass, "http", {})
    client = await hass_client_no_auth()
    await async_process_ha_core_config(
        hass, {"internal_url": str(client.make_url("")).rstrip("/")}
    )
    await _set_up(hass, mock_config_entry)
    assert mock_config_entry.runtime_data.webhook_active
    (webhook,) = sandbox.sandbox.webhooks.values()
    assert webhook.url == str(client.make_url(f"/api/webhook/{WEBHOOK_ID}"))

    created = asyncio.Event()

    def code_created(event: HassEvent) -> None:
        if event.data["type"] == "code_created":
            created.set()

    hass.bus.async_listen(EVENT_CODE_MOMENT, code_created)
    sandbox.sandbox.requests.clear()
    start = dt_util.utcnow() + timedelta(hours=3)
    code = await create_offline_code(
        sandbox, FRONT_DOOR, "Guest Erin", start, start + timedelta(hours=2)
    )
    async with asyncio.timeout(10):
        await created.wait()
    assert code["access_code_id"] in _coordinator(mock_config_entry).data.codes
    # The event's code was fetched alone, not with a poll.
    assert sandbox.sandbox.requests == ["/access_codes/create", "/access_codes/get"]

    # A forged delivery is refused.
    response = await client.post(
        f"/api/webhook/{WEBHOOK_ID}",
        data=b'{"event_id": "x", "event_type": "access_code.deleted"}',
        headers={
            "svix-id": "msg_x",
            "svix-timestamp": "1",
            "svix-signature": "v1,AAAA",
        },
    )
    assert response.status == 401

    await hass.config_entries.async_unload(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert sandbox.sandbox.webhooks == {}
    response = await client.post(f"/api/webhook/{WEBHOOK_ID}", data=b"{}")
    assert response.status == 200  # Home Assistant's answer for unknown webhooks


async def test_webhook_replaces_stale_registration(
    hass: HomeAssistant,
    home_assistant_url: str,
    sandbox: SandboxServer,
    mock_config_entry: MockConfigEntry,
) -> None:
    """Test set-up replaces the webhook a previous run left in Seam."""
    url = f"{home_assistant_url}/api/webhook/{WEBHOOK_ID}"
    stale = sandbox.sandbox.create_webhook(url)
    await _set_up(hass, mock_config_entry)
    assert mock_config_entry.runtime_data.webhook_active
    (registered,) = sandbox.sandbox.webhooks.values()
    assert registered.url == url
    assert registered.webhook_id != stale.webhook_id


async def test_webhook_falls_back_to_polling(
    hass: HomeAssistant,
    home_assistant_url: str,
    sandbox: SandboxServer,
    mock_config_entry: MockConfigEntry,
) -> None:
    """Test polling alone when Seam can't register the webhook or can't reach HA."""
    await _set_up(hass, mock_config_entry)
    coordinator = _coordinator(mock_config_entry)
    sandbox.sandbox.faults.start_outage()
    assert not await async_setup_webhook(hass, mock_config_entry, coordinator)
    sandbox.sandbox.faults.clear()

    # Seam in the cloud can't call Home Assistant's internal URL, and there is no other.
    hass.config_entries.async_update_entry(
        mock_config_entry,
        data={**mock_config_entry.data, CONF_API_URL: "https://connect.getseam.com"},
    )
    sandbox.sandbox.requests.clear()
    assert not await async_setup_webhook(hass, mock_config_entry, coordinator)
    assert sandbox.sandbox.requests == []


async def test_webhook_uses_home_assistant_cloud(
    hass: HomeAssistant, sandbox: SandboxServer, mock_config_entry: MockConfigEntry
) -> None:
    """Test a Home Assistant Cloud subscription gives Seam a cloudhook."""
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
        await _set_up(hass, mock_config_entry)
    assert [hook.url for hook in sandbox.sandbox.webhooks.values()] == [
        "https://hooks.nabu.casa/abc"
    ]


async def test_unload_survives_seam_outage(
    hass: HomeAssistant,
    home_assistant_url: str,
    sandbox: SandboxServer,
    mock_config_entry: MockConfigEntry,
) -> None:
    """Test unloading while Seam is down still unloads."""
    await _set_up(hass, mock_config_entry)
    assert sandbox.sandbox.webhooks
    sandbox.sandbox.faults.start_outage()
    assert await hass.config_entries.async_unload(mock_config_entry.entry_id)
    assert mock_config_entry.state is ConfigEntryState.NOT_LOADED


@pytest.mark.usefixtures("init_integration")
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
        _event("access_code.deleted", FRONT_DOOR, GONE_CODE)
    )
    assert GONE_CODE not in coordinator.data.codes

    sandbox.sandbox.faults.start_outage()
    await coordinator.async_handle_event(
        _event("access_code.set_on_device", FRONT_DOOR, GONE_CODE)
    )
    assert coordinator.data.locks
