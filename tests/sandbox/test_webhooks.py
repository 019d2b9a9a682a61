"""Webhook delivery: Svix signatures (checked independently here) and retries."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import time
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer

from seam_sandbox import DemoDevice, run_sandbox, sign_webhook


def verify_svix(secret: str, headers: dict[str, str], body: bytes) -> bool:
    """Verify a Svix signature, written from Svix's published recipe (not the sandbox's code)."""
    lowered = {key.lower(): value for key, value in headers.items()}
    message_id = lowered["svix-id"]
    timestamp = lowered["svix-timestamp"]
    if abs(time.time() - int(timestamp)) > 300:
        return False
    key = base64.b64decode(secret.split("_", 1)[1])
    signed = message_id.encode() + b"." + timestamp.encode() + b"." + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest())
    return any(
        hmac.compare_digest(part.split(",", 1)[1].encode(), expected)
        for part in lowered["svix-signature"].split(" ")
        if part.startswith("v1,")
    )


class Receiver:
    """A webhook endpoint that fails its first ``failures`` calls."""

    def __init__(self, failures: int = 0) -> None:
        """Record every call."""
        self.failures = failures
        self.calls: list[tuple[dict[str, str], bytes]] = []
        self.received = asyncio.Event()

    async def handle(self, request: web.Request) -> web.Response:
        """Answer 500 while failing, then 204."""
        self.calls.append((dict(request.headers), await request.read()))
        if len(self.calls) <= self.failures:
            return web.Response(status=500)
        self.received.set()
        return web.Response(status=204)


async def serve(receiver: Receiver) -> TestServer:
    """Start the receiver on 127.0.0.1."""
    app = web.Application()
    app.router.add_post("/hook", receiver.handle)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    return server


async def test_signed_delivery(socket_enabled: None) -> None:
    """Each event is POSTed as JSON, signed so an independent Svix check passes."""
    receiver = Receiver()
    hook_server = await serve(receiver)
    try:
        async with run_sandbox(webhook_retry_delays=(0,)) as server:
            webhook = server.sandbox.create_webhook(
                str(hook_server.make_url("/hook")), ["device.disconnected"]
            )
            server.sandbox.set_device_online(DemoDevice.FRONT_DOOR, True)
            server.sandbox.set_device_online(DemoDevice.FRONT_DOOR, False)
            server.sandbox.set_device_online(DemoDevice.FRONT_DOOR, True)
            await asyncio.wait_for(receiver.received.wait(), 5)
    finally:
        await hook_server.close()
    assert len(receiver.calls) == 1
    headers, body = receiver.calls[0]
    assert verify_svix(webhook.secret, headers, body)
    assert not verify_svix(webhook.secret, headers, body + b" ")
    assert headers["svix-id"].startswith("msg_")
    assert headers["Content-Type"] == "application/json"
    event: dict[str, Any] = json.loads(body)
    assert event == server.sandbox.events[0]
    assert event["event_type"] == "device.disconnected"


async def test_retries_until_success(socket_enabled: None) -> None:
    """Non-2xx answers are retried on the schedule, with the same message id."""
    receiver = Receiver(failures=2)
    hook_server = await serve(receiver)
    try:
        async with run_sandbox(webhook_retry_delays=(0, 0.05, 0.05)) as server:
            server.sandbox.create_webhook(str(hook_server.make_url("/hook")))
            server.sandbox.set_device_online(DemoDevice.GARDEN_GATE, False)
            await asyncio.wait_for(receiver.received.wait(), 5)
    finally:
        await hook_server.close()
    assert [attempt["status"] for attempt in server.sandbox.webhook_attempts] == [
        500,
        500,
        204,
    ]
    assert len({headers["svix-id"] for headers, _ in receiver.calls}) == 1


async def test_gives_up_and_survives_connection_errors(socket_enabled: None) -> None:
    """An unreachable endpoint is tried max-attempts times, then given up."""
    async with run_sandbox(webhook_retry_delays=(0, 0.01)) as server:
        server.sandbox.create_webhook("http://127.0.0.1:9/unreachable")
        server.sandbox.set_device_online(DemoDevice.GARDEN_GATE, False)
        for _ in range(100):
            if len(server.sandbox.webhook_attempts) == 2:
                break
            await asyncio.sleep(0.02)
    assert [attempt["attempt"] for attempt in server.sandbox.webhook_attempts] == [1, 2]
    assert all("error" in attempt for attempt in server.sandbox.webhook_attempts)


async def test_deleted_webhook_stops_retries(socket_enabled: None) -> None:
    """Deleting a webhook cancels its pending retries; exit cancels the rest."""
    async with run_sandbox(webhook_retry_delays=(0, 0.05, 60)) as server:
        webhook = server.sandbox.create_webhook("http://127.0.0.1:9/unreachable")
        server.sandbox.set_device_online(DemoDevice.GARDEN_GATE, False)
        for _ in range(100):
            if server.sandbox.webhook_attempts:
                break
            await asyncio.sleep(0.01)
        server.sandbox.delete_webhook(webhook.webhook_id)
        await asyncio.sleep(0.1)
    assert len(server.sandbox.webhook_attempts) == 1


def test_sign_matches_svix_recipe() -> None:
    """The sandbox's signer agrees with the independent check on a fixed vector."""
    secret = "whsec_" + base64.b64encode(b"k" * 24).decode()
    now = int(time.time())
    headers = {
        "svix-id": "msg_1",
        "svix-timestamp": str(now),
        "svix-signature": "v0,xyz " + sign_webhook(secret, "msg_1", now, b"{}"),
    }
    assert verify_svix(secret, headers, b"{}")
    headers["svix-timestamp"] = str(now - 301)
    assert not verify_svix(secret, headers, b"{}")
