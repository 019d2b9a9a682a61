"""Seam webhooks: instant updates whenever Seam can reach Home Assistant.

The webhook is registered in Seam at set-up and deleted at unload (through the entry's
unload callbacks), so its signing secret lives only in memory, in the handler. Without a
URL that Seam can reach (Home Assistant Cloud, or an external HTTPS URL), the integration
relies on polling alone.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from http import HTTPStatus

from aiohttp import web
from homeassistant.components import cloud, webhook
from homeassistant.core import HomeAssistant
from homeassistant.helpers.network import NoURLAvailableError
from yarl import URL

from .const import CONF_API_URL, CONF_WEBHOOK_ID, DOMAIN, LOGGER
from .coordinator import SeamConfigEntry, SeamCoordinator
from .seam import (
    Event,
    SeamClient,
    SeamError,
    SeamWebhookVerificationError,
    verify_webhook,
)

type WebhookHandler = Callable[
    [HomeAssistant, str, web.Request], Awaitable[web.Response]
]

EVENT_TYPES = (
    "access_code.created",
    "access_code.changed",
    "access_code.scheduled_on_device",
    "access_code.set_on_device",
    "access_code.failed_to_set_on_device",
    "access_code.delay_in_setting_on_device",
    "access_code.removed_from_device",
    "access_code.failed_to_remove_from_device",
    "access_code.deleted",
    "device.connected",
    "device.disconnected",
    "device.low_battery",
    "device.battery_status_changed",
    "device.removed",
    "device.deleted",
)
_LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


async def async_setup_webhook(
    hass: HomeAssistant, entry: SeamConfigEntry, coordinator: SeamCoordinator
) -> bool:
    """Register the webhook in Seam and in Home Assistant; return whether it is active.

    Unregistering, from both, is tied to the entry's unload. Without a URL Seam can
    reach, or when Seam refuses the webhook, nothing is registered: polling alone.
    """
    webhook_id: str = entry.data[CONF_WEBHOOK_ID]
    if (url := await _async_url(hass, entry, webhook_id)) is None:
        LOGGER.debug("No URL that Seam can reach; relying on polling")
        return False
    client = coordinator.client
    try:
        for stale in await client.list_webhooks():
            if stale.url == url:
                await client.delete_webhook(stale.webhook_id)
        created = await client.create_webhook(url, event_types=EVENT_TYPES)
    except SeamError as err:
        LOGGER.warning(
            "Could not register a webhook in Seam, polling only: %s",
            type(err).__name__,
        )
        return False
    if created.secret is None:
        LOGGER.warning("Seam gave the webhook no signing secret, polling only")
        await _async_delete(client, created.webhook_id)
        return False
    entry.async_on_unload(partial(_async_delete, client, created.webhook_id))
    webhook.async_register(
        hass,
        DOMAIN,
        entry.title,
        webhook_id,
        get_webhook_handler(coordinator, created.secret),
        allowed_methods=["POST"],
    )
    entry.async_on_unload(partial(webhook.async_unregister, hass, webhook_id))
    return True


def get_webhook_handler(coordinator: SeamCoordinator, secret: str) -> WebhookHandler:
    """Return the handler that verifies a delivery's signature, then applies the event."""

    async def async_handle_webhook(
        hass: HomeAssistant, webhook_id: str, request: web.Request
    ) -> web.Response:
        body = await request.read()
        try:
            event = Event.from_dict(verify_webhook(secret, request.headers, body))
        except SeamWebhookVerificationError:
            LOGGER.warning("Ignored a webhook delivery with an invalid signature")
            return web.Response(status=HTTPStatus.UNAUTHORIZED)
        await coordinator.async_handle_event(event)
        return web.Response(status=HTTPStatus.NO_CONTENT)

    return async_handle_webhook


async def _async_delete(client: SeamClient, seam_webhook_id: str) -> None:
    """Delete the webhook in Seam; if Seam is down, the next set-up replaces it."""
    try:
        await client.delete_webhook(seam_webhook_id)
    except SeamError as err:
        LOGGER.debug("Could not delete the webhook in Seam: %s", type(err).__name__)


async def _async_url(
    hass: HomeAssistant, entry: SeamConfigEntry, webhook_id: str
) -> str | None:
    """Return the URL Seam should call, preferring Home Assistant Cloud."""
    if cloud.async_active_subscription(hass):
        return await cloud.async_get_or_create_cloudhook(hass, webhook_id)
    # Seam on this machine (the sandbox) can call internal URLs.
    seam_is_local = URL(entry.data[CONF_API_URL]).host in _LOOPBACK_HOSTS
    try:
        return webhook.async_generate_url(
            hass, webhook_id, allow_internal=seam_is_local
        )
    except NoURLAvailableError:
        return None
