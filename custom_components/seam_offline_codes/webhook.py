"""Seam webhooks: instant updates whenever Seam can reach Home Assistant.

The webhook is registered in Seam at start-up and deleted at unload, so its signing secret
lives only in memory. Without a URL that Seam can reach (Home Assistant Cloud, or an
external HTTPS URL), the integration relies on polling alone.
"""

from __future__ import annotations

from http import HTTPStatus

from aiohttp import web
from homeassistant.components import cloud, webhook
from homeassistant.core import HomeAssistant
from homeassistant.helpers.network import NoURLAvailableError
from yarl import URL

from .const import CONF_API_URL, CONF_WEBHOOK_ID, DOMAIN, LOGGER
from .coordinator import SeamConfigEntry, SeamCoordinator
from .seam import Event, SeamError, SeamWebhookVerificationError, verify_webhook

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


class SeamWebhook:
    """Receive Seam events for one config entry."""

    def __init__(
        self, hass: HomeAssistant, entry: SeamConfigEntry, coordinator: SeamCoordinator
    ) -> None:
        """Prepare the webhook; nothing is registered until started."""
        self._hass = hass
        self._entry = entry
        self._coordinator = coordinator
        self._webhook_id: str = entry.data[CONF_WEBHOOK_ID]
        self._secret: str | None = None
        self._seam_webhook_id: str | None = None

    @property
    def active(self) -> bool:
        """Return whether Seam delivers events to Home Assistant."""
        return self._secret is not None

    async def async_start(self) -> None:
        """Register the webhook in Home Assistant and in Seam, or fall back to polling."""
        if (url := await self._async_url()) is None:
            LOGGER.debug("No URL that Seam can reach; relying on polling")
            return
        webhook.async_register(
            self._hass,
            DOMAIN,
            self._entry.title,
            self._webhook_id,
            self._async_handle,
            allowed_methods=["POST"],
        )
        client = self._coordinator.client
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
            webhook.async_unregister(self._hass, self._webhook_id)
            return
        self._seam_webhook_id = created.webhook_id
        self._secret = created.secret

    async def async_stop(self) -> None:
        """Unregister the webhook from Home Assistant and Seam."""
        webhook.async_unregister(self._hass, self._webhook_id)
        self._secret = None
        if self._seam_webhook_id is None:
            return
        try:
            await self._coordinator.client.delete_webhook(self._seam_webhook_id)
        except SeamError as err:
            LOGGER.debug("Could not delete the webhook in Seam: %s", type(err).__name__)
        self._seam_webhook_id = None

    async def _async_url(self) -> str | None:
        """Return the URL Seam should call, preferring Home Assistant Cloud."""
        if cloud.async_active_subscription(self._hass):
            return await cloud.async_get_or_create_cloudhook(
                self._hass, self._webhook_id
            )
        try:
            return webhook.async_generate_url(
                self._hass, self._webhook_id, allow_internal=self._seam_is_local
            )
        except NoURLAvailableError:
            return None

    @property
    def _seam_is_local(self) -> bool:
        """Return whether Seam runs on this machine (the sandbox), so internal URLs work."""
        return URL(self._entry.data[CONF_API_URL]).host in _LOOPBACK_HOSTS

    async def _async_handle(
        self, hass: HomeAssistant, webhook_id: str, request: web.Request
    ) -> web.Response:
        """Verify a delivery's signature, then apply the event."""
        if self._secret is None:
            return web.Response(status=HTTPStatus.SERVICE_UNAVAILABLE)
        body = await request.read()
        try:
            event = Event.from_dict(verify_webhook(self._secret, request.headers, body))
        except SeamWebhookVerificationError:
            LOGGER.warning("Ignored a webhook delivery with an invalid signature")
            return web.Response(status=HTTPStatus.UNAUTHORIZED)
        await self._coordinator.async_handle_event(event)
        return web.Response(status=HTTPStatus.NO_CONTENT)
