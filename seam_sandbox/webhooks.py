"""Webhook delivery as Seam does it through Svix: signed POSTs, retried with backoff."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Callable
import hashlib
import hmac
import json
import random
import time
from typing import TYPE_CHECKING

import aiohttp

from .errors import Json

if TYPE_CHECKING:
    from .sandbox import Sandbox

SECRET_PREFIX = "whsec_"  # noqa: S105 (a prefix, not a secret)


def new_webhook_secret(rng: random.Random) -> str:
    """Return a Svix-style signing secret, ``whsec_<base64 of 24 random bytes>``."""
    return SECRET_PREFIX + base64.b64encode(rng.randbytes(24)).decode()


def sign(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """Return the ``svix-signature`` value for one delivery."""
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    content = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(key, content, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


class WebhookDispatcher:
    """Deliver every new sandbox event to the webhooks that want it, in the background."""

    def __init__(self, sandbox: Sandbox, session: aiohttp.ClientSession) -> None:
        """Deliver ``sandbox``'s events with ``session``; call :meth:`start` to begin."""
        self._sandbox = sandbox
        self._session = session
        self._tasks: set[asyncio.Task[None]] = set()
        self._unsubscribe: Callable[[], None] | None = None

    def start(self) -> None:
        """Start listening for events."""
        self._unsubscribe = self._sandbox.subscribe(self._enqueue)

    async def close(self) -> None:
        """Stop listening and cancel the deliveries still pending."""
        if self._unsubscribe is not None:
            self._unsubscribe()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    def _enqueue(self, event: Json) -> None:
        for webhook_id, webhook in self._sandbox.webhooks.items():
            if webhook.wants(event["event_type"]):
                message_id = self._sandbox.new_token("msg_")
                task = asyncio.create_task(self._deliver(webhook_id, event, message_id))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)

    async def _deliver(self, webhook_id: str, event: Json, message_id: str) -> None:
        body = json.dumps(event).encode()
        settings = self._sandbox.settings
        for attempt, delay in enumerate(settings.webhook_retry_delays, start=1):
            await asyncio.sleep(delay)
            webhook = self._sandbox.webhooks.get(webhook_id)
            if webhook is None:
                return
            timestamp = int(time.time())
            headers = {
                "content-type": "application/json",
                "svix-id": message_id,
                "svix-timestamp": str(timestamp),
                "svix-signature": sign(webhook.secret, message_id, timestamp, body),
            }
            record: Json = {
                "webhook_id": webhook_id,
                "event_id": event["event_id"],
                "message_id": message_id,
                "attempt": attempt,
            }
            try:
                async with self._session.post(
                    webhook.url,
                    data=body,
                    headers=headers,
                    timeout=aiohttp.ClientTimeout(total=settings.webhook_timeout),
                ) as response:
                    record["status"] = response.status
            except (aiohttp.ClientError, TimeoutError) as err:
                record["error"] = type(err).__name__
            self._sandbox.webhook_attempts.append(record)
            if 200 <= record.get("status", 0) < 300:
                return
