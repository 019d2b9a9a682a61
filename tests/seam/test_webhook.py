"""Svix signature checks of Seam webhook deliveries, against an independent signer."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
import hashlib
import hmac
import json

from hypothesis import given, settings, strategies as st
import pytest

from custom_components.seam_offline_codes.seam import (
    Event,
    SeamError,
    SeamWebhookPayloadError,
    SeamWebhookVerificationError,
    verify_webhook,
)

KEY = b"0123456789abcdef0123456789abcdef"
SECRET = "whsec_" + base64.b64encode(KEY).decode()
NOW = datetime(2031, 5, 1, 12, tzinfo=UTC)
MSG_ID = "msg_2Lh9KtL3cYh4e7RN2gY1mVn8qP0"
EVENT = {
    "event_id": "4c3a0b5e-0000-4000-8000-000000000001",
    "event_type": "access_code.set_on_device",
    "access_code_id": "ac",
    "code": "123456789",
}
BODY = json.dumps(EVENT).encode()
PARSED = Event.from_dict(EVENT)


def sign(key: bytes, msg_id: str, timestamp: int, body: bytes) -> str:
    """Sign like Svix: base64 HMAC-SHA256 over ``id.timestamp.body``, as a v1 entry."""
    content = msg_id.encode() + b"." + str(timestamp).encode() + b"." + body
    digest = hmac.new(key, content, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def svix_headers(
    *,
    key: bytes = KEY,
    body: bytes = BODY,
    sent: datetime = NOW,
    prefix: str = "svix-",
    signature: str | None = None,
) -> dict[str, str]:
    """Return the headers Svix sends with ``body``."""
    timestamp = int(sent.timestamp())
    return {
        f"{prefix}id": MSG_ID,
        f"{prefix}timestamp": str(timestamp),
        f"{prefix}signature": signature or sign(key, MSG_ID, timestamp, body),
    }


def rejects(
    headers: dict[str, str],
    body: bytes = BODY,
    secret: str = SECRET,
    error: type[SeamError] = SeamWebhookVerificationError,
) -> str:
    """Assert that the delivery is refused; return the reason, which hides the secret."""
    with pytest.raises(SeamError) as err:
        verify_webhook(secret, headers, body, now=NOW)
    assert type(err.value) is error
    reason = str(err.value)
    assert secret.removeprefix("whsec_") not in reason
    assert "123456789" not in reason
    return reason


@pytest.mark.parametrize("prefix", ["svix-", "webhook-", "Svix-", "WEBHOOK-"])
def test_good_signature(prefix: str) -> None:
    """A correctly signed delivery gives back the event, under either header family."""
    assert (
        verify_webhook(SECRET, svix_headers(prefix=prefix), BODY, now=NOW).event
        == PARSED
    )


def test_secret_without_prefix() -> None:
    """Svix also accepts the bare base64 secret."""
    bare = base64.b64encode(KEY).decode()
    assert verify_webhook(bare, svix_headers(), BODY, now=NOW).event == PARSED


def test_current_time_by_default() -> None:
    """Without ``now`` the delivery is checked against the current time."""
    headers = svix_headers(sent=datetime.now(UTC))
    assert verify_webhook(SECRET, headers, BODY).event == PARSED


def test_multiple_signatures() -> None:
    """Any matching v1 entry among several (e.g. during secret rotation) is enough."""
    good = svix_headers()["svix-signature"]
    other = sign(b"another key", MSG_ID, int(NOW.timestamp()), BODY)
    headers = svix_headers(signature=f"{other} v1a,whatever {good} garbage")
    assert verify_webhook(SECRET, headers, BODY, now=NOW).event == PARSED
    only_wrong_version = good.replace("v1,", "v2,")
    assert "signature" in rejects(
        svix_headers(signature=f"{other} {only_wrong_version}")
    )


def test_tampered_body() -> None:
    """A body changed after signing is refused."""
    assert "signature" in rejects(
        svix_headers(), body=BODY.replace(b"set_on", b"rem_on")
    )


def test_wrong_secret() -> None:
    """A delivery signed with another secret is refused."""
    assert "signature" in rejects(svix_headers(key=b"not the key"))


def test_signed_id_and_timestamp() -> None:
    """The message id and timestamp are part of what is signed."""
    headers = svix_headers()
    assert "signature" in rejects(headers | {"svix-id": "msg_other"})
    timestamp = str(int(NOW.timestamp()) + 1)
    assert "signature" in rejects(headers | {"svix-timestamp": timestamp})


@pytest.mark.parametrize(
    ("offset", "accepted"),
    [
        (timedelta(minutes=5), True),
        (-timedelta(minutes=5), True),
        (timedelta(minutes=5, seconds=1), False),
        (-timedelta(minutes=5, seconds=1), False),
        (timedelta(days=-400), False),
    ],
)
def test_timestamp_tolerance(offset: timedelta, accepted: bool) -> None:
    """Deliveries signed more than five minutes away from now, either way, are refused."""
    headers = svix_headers(sent=NOW + offset)
    if accepted:
        assert verify_webhook(SECRET, headers, BODY, now=NOW).event == PARSED
    else:
        assert "timestamp" in rejects(headers)


def test_custom_tolerance() -> None:
    """The tolerance can be widened."""
    headers = svix_headers(sent=NOW - timedelta(minutes=30))
    assert verify_webhook(SECRET, headers, BODY, now=NOW, tolerance=timedelta(hours=1))


@pytest.mark.parametrize("header", ["id", "timestamp", "signature"])
def test_missing_header(header: str) -> None:
    """Each of the three headers is required."""
    headers = svix_headers()
    del headers[f"svix-{header}"]
    assert f"svix-{header}" in rejects(headers)


@pytest.mark.parametrize("timestamp", ["soon", "1e9", "99999999999999999999"])
def test_invalid_timestamp(timestamp: str) -> None:
    """A timestamp that is not Unix seconds is refused."""
    assert "timestamp" in rejects(svix_headers() | {"svix-timestamp": timestamp})


def test_invalid_secret() -> None:
    """A secret that is not base64 is refused without being echoed."""
    assert "base64" in rejects(svix_headers(), secret="whsec_abc")


@pytest.mark.parametrize(
    ("event", "reason"),
    [
        (b"not json", "not JSON"),
        (b"\xff\xfe", "not JSON"),
        (b"[]", "not a Seam event: An event is a JSON object"),
        (
            json.dumps({"event_type": "access_code.created"}).encode(),
            "needs an event_id",
        ),
        (
            json.dumps({"event_id": "e", "event_type": 7}).encode(),
            "event_type must be a string, not int",
        ),
        (
            json.dumps(EVENT | {"device_id": ["a", "b"]}).encode(),
            "device_id must be a string, not list",
        ),
        (json.dumps(EVENT | {"access_code_id": {"a": 1}}).encode(), "access_code_id"),
        (json.dumps(EVENT | {"occurred_at": "yesterday"}).encode(), "not a Seam event"),
        (json.dumps(EVENT | {"occurred_at": 1700000000}).encode(), "occurred_at"),
        (
            json.dumps(EVENT | {"occurred_at": "0001-01-01T00:00:00+05:00"}).encode(),
            "outside UTC's range",
        ),
    ],
)
def test_body_must_be_an_event(event: bytes, reason: str) -> None:
    """A correctly signed body that is not a well-formed Seam event is a payload error."""
    assert reason in rejects(
        svix_headers(body=event), body=event, error=SeamWebhookPayloadError
    )


def test_event_parse_keeps_the_fields() -> None:
    """A well-formed event parses, with its time from occurred_at or created_at."""
    event = Event.from_dict(EVENT | {"created_at": "2031-05-01T12:00:00.000Z"})
    assert (event.event_type, event.access_code_id, event.code) == (
        "access_code.set_on_device",
        "ac",
        "123456789",
    )
    assert event.occurred_at == NOW


@settings(max_examples=50, deadline=None)
@given(
    key=st.binary(min_size=1, max_size=64),
    msg_id=st.text(st.characters(codec="ascii", exclude_categories=["Cc"]), min_size=1),
    extra=st.dictionaries(st.text(max_size=8), st.text(max_size=16), max_size=4),
)
def test_round_trip(key: bytes, msg_id: str, extra: dict[str, str]) -> None:
    """Whatever the key, id and payload, a Svix-signed event verifies."""
    event = extra | EVENT
    body = json.dumps(event).encode()
    timestamp = int(NOW.timestamp())
    headers = {
        "svix-id": msg_id,
        "svix-timestamp": str(timestamp),
        "svix-signature": sign(key, msg_id, timestamp, body),
    }
    secret = "whsec_" + base64.b64encode(key).decode()
    delivery = verify_webhook(secret, headers, body, now=NOW)
    assert delivery.message_id == msg_id
    assert delivery.event == Event.from_dict(event)
