"""Verify Seam webhook deliveries, which Seam sends through Svix.

Svix signs ``f"{msg_id}.{timestamp}.".encode() + body`` with HMAC-SHA256, keyed with the
base64-decoded part of the ``whsec_...`` secret, and sends ``v1,<base64 signature>``
entries in the signature header. Error messages never carry the secret.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
import hashlib
import hmac
import json

from .errors import SeamWebhookPayloadError, SeamWebhookVerificationError
from .models import Event

SECRET_PREFIX = "whsec_"  # noqa: S105 - a prefix, not a secret
SIGNATURE_VERSION = "v1"
# Svix's own header names first, then the Standard Webhooks aliases it also accepts.
_HEADER_PREFIXES = ("svix-", "webhook-")


@dataclass(frozen=True, slots=True)
class WebhookDelivery:
    """A verified delivery: its Svix message id (the same for a replay) and its event."""

    message_id: str
    event: Event


def verify_webhook(
    secret: str,
    headers: Mapping[str, str],
    body: bytes,
    *,
    now: datetime | None = None,
    tolerance: timedelta = timedelta(minutes=5),
) -> WebhookDelivery:
    """Check a delivery's Svix signature and timestamp; return what it carries.

    Raise ``SeamWebhookVerificationError`` for a delivery Seam did not sign now, and
    ``SeamWebhookPayloadError`` for a signed one whose body is not a well-formed event.
    """
    lowered = {name.lower(): value for name, value in headers.items()}
    msg_id = _header(lowered, "id")
    timestamp = _header(lowered, "timestamp")
    signatures = _header(lowered, "signature")
    _check_timestamp(timestamp, now or datetime.now(UTC), tolerance)
    expected = _sign(_key(secret), f"{msg_id}.{timestamp}.".encode() + body)
    if not any(
        version == SIGNATURE_VERSION
        and hmac.compare_digest(signature.encode(), expected)
        for version, _, signature in (
            entry.partition(",") for entry in signatures.split()
        )
    ):
        raise SeamWebhookVerificationError("No matching webhook signature")
    return WebhookDelivery(message_id=msg_id, event=_event(body))


def _header(headers: Mapping[str, str], name: str) -> str:
    """Return a Svix header by its short name, under either prefix."""
    for prefix in _HEADER_PREFIXES:
        if value := headers.get(prefix + name):
            return value
    raise SeamWebhookVerificationError(f"Missing webhook header svix-{name}")


def _check_timestamp(timestamp: str, now: datetime, tolerance: timedelta) -> None:
    """Reject a delivery signed too long ago or too far in the future."""
    try:
        sent = datetime.fromtimestamp(int(timestamp), UTC)
    except (OverflowError, OSError, ValueError) as err:
        raise SeamWebhookVerificationError("Invalid webhook timestamp") from err
    if abs(now - sent) > tolerance:
        raise SeamWebhookVerificationError("Webhook timestamp is outside the tolerance")


def _key(secret: str) -> bytes:
    """Return the HMAC key inside a ``whsec_`` secret."""
    try:
        return base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    except binascii.Error as err:
        raise SeamWebhookVerificationError(
            "The webhook secret is not valid base64"
        ) from err


def _sign(key: bytes, content: bytes) -> bytes:
    """Return the base64 HMAC-SHA256 signature of ``content``."""
    return base64.b64encode(hmac.new(key, content, hashlib.sha256).digest())


def _event(body: bytes) -> Event:
    """Return the Seam event in a verified body."""
    try:
        event = json.loads(body)
    except ValueError as err:
        raise SeamWebhookPayloadError("Webhook body is not JSON") from err
    try:
        return Event.from_dict(event)
    except (TypeError, ValueError) as err:
        raise SeamWebhookPayloadError(
            f"Webhook body is not a Seam event: {err}"
        ) from err
