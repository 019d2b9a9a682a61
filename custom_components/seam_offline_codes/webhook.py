"""Seam webhooks: instant updates whenever Seam can reach Home Assistant.

The webhook is registered in Seam at set-up and deleted at unload (through the entry's
unload callbacks), so its signing secret lives only in memory, in the handler. Without a
URL that Seam can reach (Home Assistant Cloud, or an external HTTPS URL), the integration
relies on polling alone.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from functools import partial
from http import HTTPStatus
from typing import Final

from aiohttp import web
from homeassistant.components import cloud, webhook
from homeassistant.core import HomeAssistant
from homeassistant.helpers.network import NoURLAvailableError
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util
from yarl import URL

from .const import CODE_CREATED_EVENT, CONF_API_URL, CONF_WEBHOOK_ID, DOMAIN, LOGGER
from .coordinator import SeamConfigEntry, SeamCoordinator
from .seam import (
    SeamClient,
    SeamError,
    SeamNotFoundError,
    SeamWebhookPayloadError,
    SeamWebhookVerificationError,
    verify_webhook,
)

type WebhookHandler = Callable[
    [HomeAssistant, str, web.Request], Awaitable[web.Response]
]

EVENT_TYPES = (
    CODE_CREATED_EVENT,
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

MAX_BODY_BYTES: Final = 64 * 1024
"""Seam's events are a few KiB; a larger delivery is refused before it is read whole."""
REPLAY_MEMORY: Final = timedelta(minutes=10)
"""How long a delivery's message id is remembered: a replay signed within the 5-minute
tolerance of its own timestamp arrives within 10 minutes of the original."""
STORAGE_KEY: Final = f"{DOMAIN}.webhooks_to_delete"
STORAGE_VERSION: Final = 1
"""Seam webhook ids an unload could not delete, by workspace, retried at set-up."""


async def async_setup_webhook(
    hass: HomeAssistant, entry: SeamConfigEntry, coordinator: SeamCoordinator
) -> bool:
    """Register the webhook in Seam and in Home Assistant; return whether it is active.

    Unregistering, from both, is tied to the entry's unload; webhooks an earlier unload
    could not delete in Seam are deleted first. Without a URL Seam can reach, or when
    Seam refuses the webhook, nothing is registered: polling alone.
    """
    client = coordinator.client
    await _async_retry_deletions(hass, entry, client)
    webhook_id: str = entry.data[CONF_WEBHOOK_ID]
    if (url := await _async_url(hass, entry, webhook_id)) is None:
        LOGGER.debug("No URL that Seam can reach; relying on polling")
        return False
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
        await _async_delete(hass, entry, client, created.webhook_id)
        return False
    entry.async_on_unload(
        partial(_async_delete, hass, entry, client, created.webhook_id)
    )
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
    """Return the handler that verifies a delivery, then applies its event once.

    Oversized bodies, bad signatures, malformed events, replays and event types the
    webhook did not ask for change nothing; each gets one log line and its answer.
    """
    seen: dict[str, datetime] = {}

    async def async_handle_webhook(
        hass: HomeAssistant, webhook_id: str, request: web.Request
    ) -> web.Response:
        if (body := await _async_read_body(request)) is None:
            LOGGER.debug("Ignored a webhook delivery over %s bytes", MAX_BODY_BYTES)
            return web.Response(status=HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
        try:
            delivery = verify_webhook(secret, request.headers, body)
        except SeamWebhookVerificationError:
            LOGGER.warning("Ignored a webhook delivery with an invalid signature")
            return web.Response(status=HTTPStatus.UNAUTHORIZED)
        except SeamWebhookPayloadError as err:
            LOGGER.debug(
                "Ignored a signed webhook delivery that is not a Seam event: %s", err
            )
            return web.Response(status=HTTPStatus.BAD_REQUEST)
        if not _first_delivery(seen, delivery.message_id):
            LOGGER.debug("Ignored a replayed webhook delivery")
        elif (event_type := delivery.event.event_type) not in EVENT_TYPES:
            LOGGER.debug("Ignored a webhook event of type %s", event_type)
        else:
            await coordinator.async_handle_event(delivery.event)
        return web.Response(status=HTTPStatus.NO_CONTENT)

    return async_handle_webhook


async def _async_read_body(request: web.Request) -> bytes | None:
    """Return the request's body; None once it is over MAX_BODY_BYTES, unread beyond."""
    if (request.content_length or 0) > MAX_BODY_BYTES:
        return None
    body = bytearray()
    while chunk := await request.content.read(MAX_BODY_BYTES + 1 - len(body)):
        body += chunk
        if len(body) > MAX_BODY_BYTES:
            return None
    return bytes(body)


def _first_delivery(seen: dict[str, datetime], message_id: str) -> bool:
    """Remember a verified delivery's message id; return False for one seen lately."""
    now = dt_util.utcnow()
    for old in [mid for mid, at in seen.items() if now - at >= REPLAY_MEMORY]:
        del seen[old]
    if message_id in seen:
        return False
    seen[message_id] = now
    return True


async def _async_delete(
    hass: HomeAssistant,
    entry: SeamConfigEntry,
    client: SeamClient,
    seam_webhook_id: str,
) -> None:
    """Delete the webhook in Seam; if Seam is down, remember it for the next set-up.

    An entry of the same workspace deletes it then, even when this one was removed.
    """
    try:
        await client.delete_webhook(seam_webhook_id)
    except SeamNotFoundError:
        return
    except SeamError as err:
        LOGGER.debug(
            "Could not delete the webhook in Seam, retrying at the next set-up: %s",
            type(err).__name__,
        )
        store = _store(hass)
        pending = await store.async_load() or {}
        workspace = pending.setdefault(_workspace(entry), [])
        workspace.append(seam_webhook_id)
        await store.async_save(pending)


async def _async_retry_deletions(
    hass: HomeAssistant, entry: SeamConfigEntry, client: SeamClient
) -> None:
    """Delete the workspace's webhooks that an earlier unload left in Seam."""
    store = _store(hass)
    pending = await store.async_load() or {}
    if not (webhook_ids := pending.get(_workspace(entry))):
        return
    try:
        for seam_webhook_id in webhook_ids:
            try:
                await client.delete_webhook(seam_webhook_id)
            except SeamNotFoundError:
                continue
    except SeamError as err:
        LOGGER.debug("Could not delete old webhooks in Seam: %s", type(err).__name__)
        return
    del pending[_workspace(entry)]
    await store.async_save(pending)


def _store(hass: HomeAssistant) -> Store[dict[str, list[str]]]:
    """Return the store of webhook ids to delete."""
    return Store(hass, STORAGE_VERSION, STORAGE_KEY)


def _workspace(entry: SeamConfigEntry) -> str:
    """Return the key of the entry's Seam workspace in the store."""
    return entry.unique_id or entry.entry_id


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
