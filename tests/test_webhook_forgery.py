"""Forged, replayed, oversized and malformed webhook deliveries, over real HTTP.

None of them changes the snapshot, calls Seam or logs a traceback; each gets the answer
that tells Svix (or a forger) what happened.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta
import json
import logging
from typing import TYPE_CHECKING, Any

from aiohttp import ClientResponse
from aiohttp.test_utils import TestClient
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.core_config import async_process_ha_core_config
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.seam_offline_codes.coordinator import SeamCoordinator
from custom_components.seam_offline_codes.webhook import MAX_BODY_BYTES
from seam_sandbox import sign_webhook

from .const import FRONT_DOOR, WEBHOOK_ID

if TYPE_CHECKING:
    from seam_sandbox import SandboxServer

pytestmark = pytest.mark.usefixtures("instant_retries")

PATH = f"/api/webhook/{WEBHOOK_ID}"
OTHER_SECRET = "whsec_" + "A" * 32
UNKNOWN_CODE = "22222222-0000-4000-8000-000000000000"
CODE_EVENT = {
    "event_id": "4c3a0b5e-0000-4000-8000-000000000001",
    "event_type": "access_code.changed",
    "device_id": FRONT_DOOR,
    "access_code_id": UNKNOWN_CODE,
    "occurred_at": "2026-06-01T15:00:00.000Z",
}

type Deliver = Callable[..., Awaitable[ClientResponse]]


class Delivery:
    """Sends deliveries to the integration's webhook, signed like Svix or not."""

    def __init__(self, client: TestClient[Any, Any], secret: str) -> None:
        """Post with ``client``; sign with ``secret`` unless told otherwise."""
        self.client = client
        self.secret = secret
        self.count = 0

    def headers(
        self,
        body: bytes,
        *,
        secret: str | None = None,
        msg_id: str | None = None,
        offset: timedelta = timedelta(0),
    ) -> dict[str, str]:
        """Return Svix headers for ``body``: a fresh message id, signed now + offset."""
        self.count += 1
        msg_id = msg_id or f"msg_{self.count}"
        timestamp = int((dt_util.utcnow() + offset).timestamp())
        return {
            "svix-id": msg_id,
            "svix-timestamp": str(timestamp),
            "svix-signature": sign_webhook(
                secret or self.secret, msg_id, timestamp, body
            ),
        }

    async def post(
        self, body: bytes, headers: dict[str, str] | None = None
    ) -> ClientResponse:
        """Post ``body`` with ``headers`` (default: correctly signed)."""
        if headers is None:
            headers = self.headers(body)
        return await self.client.post(PATH, data=body, headers=headers)


@pytest.fixture
async def delivery(
    hass: HomeAssistant,
    hass_client_no_auth: ClientSessionGenerator,
    sandbox: SandboxServer,
    mock_config_entry: MockConfigEntry,
) -> Delivery:
    """Set the integration up with its webhook served by Home Assistant's HTTP server."""
    assert await async_setup_component(hass, "http", {})
    client = await hass_client_no_auth()
    await async_process_ha_core_config(
        hass, {"internal_url": str(client.make_url("")).rstrip("/")}
    )
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert mock_config_entry.state is ConfigEntryState.LOADED
    (webhook,) = sandbox.sandbox.webhooks.values()
    sandbox.sandbox.requests.clear()
    return Delivery(client, webhook.secret)


@pytest.fixture
def unchanged(
    hass: HomeAssistant,
    sandbox: SandboxServer,
    mock_config_entry: MockConfigEntry,
    delivery: Delivery,
    caplog: pytest.LogCaptureFixture,
) -> Callable[[], None]:
    """Return a check that nothing happened: same snapshot, no Seam call, no traceback."""
    coordinator: SeamCoordinator = mock_config_entry.runtime_data.coordinator
    before = coordinator.data
    caplog.set_level(logging.DEBUG, logger="custom_components.seam_offline_codes")

    def check() -> None:
        assert coordinator.data is before
        assert sandbox.sandbox.requests == []
        assert not [
            r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR
        ]

    return check


def _body(event: dict[str, Any]) -> bytes:
    return json.dumps(event).encode()


@pytest.mark.parametrize(
    ("forge", "status"),
    [
        pytest.param(lambda d, b: {}, 401, id="unsigned"),
        pytest.param(
            lambda d, b: d.headers(b, secret=OTHER_SECRET), 401, id="wrong_secret"
        ),
        pytest.param(
            lambda d, b: d.headers(b, offset=-timedelta(minutes=6)), 401, id="stale"
        ),
        pytest.param(
            lambda d, b: d.headers(b, offset=timedelta(minutes=6)), 401, id="future"
        ),
        pytest.param(
            lambda d, b: d.headers(b"{}"), 401, id="signature_of_another_body"
        ),
    ],
)
async def test_forged_deliveries_are_refused(
    delivery: Delivery,
    unchanged: Callable[[], None],
    caplog: pytest.LogCaptureFixture,
    forge: Callable[[Delivery, bytes], dict[str, str]],
    status: int,
) -> None:
    """A delivery Seam did not sign just now is refused with one warning."""
    body = _body(CODE_EVENT)
    response = await delivery.post(body, forge(delivery, body))
    assert response.status == status
    unchanged()
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == [
        "Ignored a webhook delivery with an invalid signature"
    ]


async def test_replayed_delivery_is_ignored(
    delivery: Delivery,
    sandbox: SandboxServer,
    mock_config_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A signed delivery sent again within the tolerance is acknowledged, not applied."""
    body = _body(CODE_EVENT)
    headers = delivery.headers(body)
    assert (await delivery.post(body, headers)).status == 204
    assert sandbox.sandbox.requests == ["/access_codes/get"]
    sandbox.sandbox.requests.clear()
    caplog.set_level(logging.DEBUG, logger="custom_components.seam_offline_codes")
    for _ in range(2):
        assert (await delivery.post(body, headers)).status == 204
    assert sandbox.sandbox.requests == []
    assert "Ignored a replayed webhook delivery" in caplog.text
    # Another message id is a new delivery.
    assert (await delivery.post(body)).status == 204
    assert sandbox.sandbox.requests == ["/access_codes/get"]


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b"not json", id="not_json"),
        pytest.param(b"\xff\xfe", id="not_utf8"),
        pytest.param(b"[]", id="array"),
        pytest.param(_body({"event_type": "access_code.changed"}), id="no_event_id"),
        pytest.param(_body(CODE_EVENT | {"device_id": [FRONT_DOOR]}), id="list_device"),
        pytest.param(_body(CODE_EVENT | {"access_code_id": 7}), id="number_code_id"),
        pytest.param(_body(CODE_EVENT | {"occurred_at": "soon"}), id="not_a_date"),
        pytest.param(
            _body(CODE_EVENT | {"occurred_at": "0001-01-01T00:00:00+05:00"}),
            id="date_out_of_range",
        ),
    ],
)
async def test_malformed_signed_bodies_are_refused(
    delivery: Delivery,
    unchanged: Callable[[], None],
    caplog: pytest.LogCaptureFixture,
    body: bytes,
) -> None:
    """A signed body that is no well-formed event is a 400 with one debug line."""
    response = await delivery.post(body)
    assert response.status == 400
    unchanged()
    ours = [r for r in caplog.records if r.name.startswith("custom_components")]
    assert [(r.levelno, r.getMessage().split(":")[0]) for r in ours] == [
        (logging.DEBUG, "Ignored a signed webhook delivery that is not a Seam event")
    ]
    assert "invalid signature" not in caplog.text


async def test_unknown_event_type_is_ignored(
    delivery: Delivery, unchanged: Callable[[], None]
) -> None:
    """A signed event of a type the integration did not ask for starts no resync."""
    event = CODE_EVENT | {"event_type": "lock.unlocked", "access_code_id": None}
    assert (await delivery.post(_body(event))).status == 204
    unchanged()


@pytest.mark.parametrize("chunked", [False, True], ids=["content_length", "chunked"])
async def test_oversized_bodies_are_refused(
    delivery: Delivery,
    unchanged: Callable[[], None],
    chunked: bool,
) -> None:
    """A body over the cap is refused without being read whole, by header or by count."""
    body = b"x" * (4 * MAX_BODY_BYTES)

    async def chunks() -> AsyncIterator[bytes]:
        for start in range(0, len(body), 4096):
            yield body[start : start + 4096]

    response = await delivery.client.post(
        PATH, data=chunks() if chunked else body, headers=delivery.headers(body)
    )
    assert response.status == 413
    unchanged()
