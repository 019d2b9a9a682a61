"""The client's HTTP handling, against a scripted Seam over real HTTP."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime as http_date
import json
import logging
from pathlib import Path
import time
from typing import Any

from aiohttp import web
import pytest

from custom_components.seam_offline_codes.seam import (
    AccessCode,
    OfflineCodeRequest,
    SeamApiError,
    SeamAuthenticationError,
    SeamClient,
    SeamCreateOutcomeUnknownError,
    SeamError,
    SeamInvalidInputError,
    SeamNotFoundError,
    SeamRateLimitedError,
    SeamUnavailableError,
)
from custom_components.seam_offline_codes.seam.client import (
    MAX_BACKOFF,
    RECONCILE_LOOKS,
    SDK_NAME,
    SDK_VERSION,
    _retry_delay,
)
from custom_components.seam_offline_codes.seam.models import format_datetime

from .scripted import Handler, ScriptedSeam, answer, raw, seam_error

API_KEY = "seam_test_transport_key_1234"
PIN = "987654321"
DEVICE_ID = "device-1"
START = datetime(2031, 5, 1, 15, tzinfo=UTC)
REQUEST = OfflineCodeRequest(
    device_id=DEVICE_ID,
    name="Guest 42",
    starts_at=START,
    ends_at=START + timedelta(hours=5),
)


@pytest.fixture
def make_client(
    scripted: ScriptedSeam, client_for: Callable[..., SeamClient]
) -> Callable[..., SeamClient]:
    """Return a factory of clients for the scripted Seam."""

    def make(**options: Any) -> SeamClient:
        return client_for(scripted.url, API_KEY, **options)

    return make


def _code(created_ago: timedelta = timedelta(0), **fields: Any) -> dict[str, Any]:
    """Return Seam's access code object for REQUEST, with ``fields`` changed."""
    return {
        "access_code_id": "code-1",
        "device_id": DEVICE_ID,
        "name": REQUEST.name,
        "code": PIN,
        "status": "unset",
        "starts_at": format_datetime(START),
        "ends_at": format_datetime(START + timedelta(hours=5)),
        "is_offline_access_code": True,
        "created_at": format_datetime(datetime.now(UTC) - created_ago),
    } | fields


def _hang(seconds: float, then: Handler) -> Handler:
    """Return a handler that answers with ``then`` after ``seconds``."""

    async def handler(request: web.Request) -> web.StreamResponse:
        await asyncio.sleep(seconds)
        return await then(request)

    return handler


def _slow_down(retry_after: str) -> Handler:
    """Return a 429 handler that asks to wait ``retry_after`` seconds."""
    return seam_error(
        429, "rate_limited", "Slow down", headers={"Retry-After": retry_after}
    )


async def _drop(request: web.Request) -> web.StreamResponse:
    """Close the connection without answering."""
    assert request.transport is not None
    request.transport.close()
    return web.Response()


async def test_request_shape(
    scripted: ScriptedSeam, make_client: Callable[..., SeamClient]
) -> None:
    """Calls are POSTs with a JSON body, the bearer key and the integration's identity."""
    scripted.on("/access_codes/get", answer(access_code=_code(), ok=True))
    await make_client().get_access_code("code-1")
    [(path, headers, body)] = scripted.requests
    assert path == "/access_codes/get"
    assert body == {"access_code_id": "code-1"}
    assert headers["Authorization"] == f"Bearer {API_KEY}"
    assert headers["Content-Type"] == "application/json"
    assert headers["User-Agent"] == f"{SDK_NAME}/{SDK_VERSION}"
    assert headers["seam-sdk-name"] == SDK_NAME
    assert headers["seam-sdk-version"] == SDK_VERSION


def test_sdk_version_is_the_manifest_version() -> None:
    """The version sent to Seam is the integration's."""
    manifest = (
        Path(__file__).parents[2] / "custom_components/seam_offline_codes/manifest.json"
    )
    assert json.loads(manifest.read_text())["version"] == SDK_VERSION


@pytest.mark.parametrize(
    ("handler", "error", "attrs"),
    [
        (
            seam_error(
                400,
                "invalid_input",
                "2 Input Errors",
                validation_errors={
                    "_errors": ["top level"],
                    "starts_at": {"_errors": ["Required"]},
                    "name": {"_errors": ["Too long", "Bad"]},
                    "ends_at": {"_errors": []},
                    "weird": "not a tree",
                },
            ),
            SeamInvalidInputError,
            {
                "message": "2 Input Errors",
                "error_type": "invalid_input",
                "validation_errors": {
                    "starts_at": ["Required"],
                    "name": ["Too long", "Bad"],
                },
            },
        ),
        (
            seam_error(400, "no_time_slot", "No time slots found"),
            SeamInvalidInputError,
            {"error_type": "no_time_slot", "validation_errors": {}},
        ),
        (
            raw("<h1>Bad request</h1>", 400),
            SeamInvalidInputError,
            {"error_type": "invalid_input"},
        ),
        (
            seam_error(401, "unauthorized", "API Key not found"),
            SeamAuthenticationError,
            {},
        ),
        (
            seam_error(404, "device_not_found", "Device not found"),
            SeamNotFoundError,
            {},
        ),
        (
            seam_error(409, "duplicate_access_code", "Duplicate"),
            SeamApiError,
            {"status": 409, "error_type": "duplicate_access_code"},
        ),
        (
            answer(418, error="teapot"),
            SeamApiError,
            {"status": 418, "error_type": None},
        ),
        (raw("oops", 500), SeamUnavailableError, {"status": 500}),
        (
            seam_error(503, "service_unavailable", "Down"),
            SeamUnavailableError,
            {"status": 503},
        ),
        (raw("{truncated", 200), SeamUnavailableError, {"status": None}),
        (raw("[]", 200), SeamUnavailableError, {"status": None}),
        (answer(ok=True), SeamUnavailableError, {"status": None}),
        (answer(device={"no": "id"}, ok=True), SeamUnavailableError, {"status": None}),
        (
            answer(device="not an object", ok=True),
            SeamUnavailableError,
            {"status": None},
        ),
    ],
)
async def test_error_mapping(
    scripted: ScriptedSeam,
    make_client: Callable[..., SeamClient],
    handler: Handler,
    error: type[SeamError],
    attrs: dict[str, Any],
) -> None:
    """Each kind of answer maps to its exception, with Seam's details."""
    scripted.on("/access_codes/get", handler)
    with pytest.raises(error) as err:
        await make_client(retries=0).get_access_code("code-1")
    assert type(err.value) is error
    assert str(err.value)
    for name, value in attrs.items():
        assert getattr(err.value, name) == value


async def test_list_errors(
    scripted: ScriptedSeam, make_client: Callable[..., SeamClient]
) -> None:
    """A list that is not a list, or holds a broken item, makes Seam unavailable."""
    scripted.on("/webhooks/list", answer(webhooks={"a": 1}, ok=True))
    with pytest.raises(SeamUnavailableError, match="malformed list"):
        await make_client(retries=0).list_webhooks()
    scripted.on("/webhooks/list", answer(webhooks=[{"url": "https://x"}], ok=True))
    with pytest.raises(SeamUnavailableError, match="malformed object"):
        await make_client(retries=0).list_webhooks()


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, None),
        ("7", 7.0),
        ("-3", 0.0),
        ("soon", None),
        (timedelta(seconds=30), 30.0),
        ("Wed, 21 Oct 2015 07:28:00 -0000", 0.0),
    ],
)
async def test_retry_after(
    scripted: ScriptedSeam,
    make_client: Callable[..., SeamClient],
    header: str | timedelta | None,
    expected: float | None,
) -> None:
    """Retry-After is read in seconds or as an HTTP date; None when absent or unreadable."""
    if isinstance(header, timedelta):
        header = http_date(datetime.now(UTC) + header, usegmt=True)
    headers = {"Retry-After": header} if header is not None else None
    scripted.on(
        "/workspaces/get", seam_error(429, "rate_limited", "Slow down", headers=headers)
    )
    with pytest.raises(SeamRateLimitedError) as err:
        await make_client(retries=0).get_workspace()
    if expected is None:
        assert err.value.retry_after is None
    else:
        assert err.value.retry_after == pytest.approx(expected, abs=2)


async def test_reads_retry_with_backoff(
    scripted: ScriptedSeam,
    make_client: Callable[..., SeamClient],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Reads retry 5xx, malformed answers and drops with exponential backoff, then give up."""
    caplog.set_level(logging.DEBUG)
    scripted.on("/workspaces/get", raw("", 502), raw("{", 200), _drop)
    with pytest.raises(SeamUnavailableError):
        await make_client(retries=2, backoff=0.01).get_workspace()
    assert len(scripted.calls("/workspaces/get")) == 3
    assert "retrying in 0.01 s" in caplog.text
    assert "retrying in 0.02 s" in caplog.text

    scripted.on(
        "/workspaces/get",
        raw("", 503),
        answer(workspace={"workspace_id": "w", "name": "W"}, ok=True),
    )
    workspace = await make_client(retries=1).get_workspace()
    assert workspace.workspace_id == "w"


async def test_retry_honours_retry_after(
    scripted: ScriptedSeam, make_client: Callable[..., SeamClient]
) -> None:
    """A 429 is retried after the server's Retry-After, not the (shorter) backoff."""
    scripted.on(
        "/devices/list",
        _slow_down("0.3"),
        answer(devices=[], pagination={"next_page_cursor": None}, ok=True),
    )
    began = time.monotonic()
    assert await make_client(backoff=0.001).list_devices() == []
    assert time.monotonic() - began >= 0.3


def test_retry_delay() -> None:
    """Retry-After is kept whole, however long; only the client's own backoff is capped."""
    limited = SeamRateLimitedError("Slow down", retry_after=3600)
    assert _retry_delay(0.5, 0, limited) == 3600
    assert _retry_delay(0.5, 10, SeamUnavailableError("Down")) == MAX_BACKOFF
    assert _retry_delay(0.5, 2, SeamRateLimitedError("Slow down")) == 2.0


@pytest.mark.parametrize("retry_after", ["11", "45"])
async def test_long_retry_after_is_not_cut_short(
    scripted: ScriptedSeam, make_client: Callable[..., SeamClient], retry_after: str
) -> None:
    """A Retry-After past the caller's limit is not retried early: it is handed back."""
    scripted.on(
        "/workspaces/get",
        _slow_down(retry_after),
        answer(workspace={"workspace_id": "w", "name": "W"}, ok=True),
    )
    with pytest.raises(SeamRateLimitedError) as err:
        await make_client(retries=2, max_wait=10).get_workspace()
    assert err.value.retry_after == float(retry_after)
    assert len(scripted.calls("/workspaces/get")) == 1


async def test_waits_count_against_the_limit(
    scripted: ScriptedSeam, make_client: Callable[..., SeamClient]
) -> None:
    """Several short waits that would add up past ``max_wait`` stop at the limit."""
    scripted.on(
        "/workspaces/get",
        _slow_down("0.2"),
    )
    with pytest.raises(SeamRateLimitedError) as err:
        await make_client(retries=5, max_wait=0.5).get_workspace()
    assert err.value.retry_after == pytest.approx(0.2)
    assert len(scripted.calls("/workspaces/get")) == 3


async def test_timeout_and_unreachable(
    scripted: ScriptedSeam,
    make_client: Callable[..., SeamClient],
    client_for: Callable[..., SeamClient],
) -> None:
    """A timeout or a refused connection makes Seam unavailable, with no status."""
    scripted.on("/workspaces/get", _hang(1, answer(ok=True)))
    with pytest.raises(SeamUnavailableError, match="Timed out") as err:
        await make_client(request_timeout=0.1, retries=1).get_workspace()
    assert err.value.status is None
    assert len(scripted.calls("/workspaces/get")) == 2

    with pytest.raises(SeamUnavailableError, match="Cannot reach Seam") as err:
        await client_for("http://127.0.0.1:9", API_KEY, retries=0).get_workspace()
    assert err.value.status is None


async def test_secrets_stay_out_of_errors_and_logs(
    scripted: ScriptedSeam,
    make_client: Callable[..., SeamClient],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Even a server that echoes the key or a PIN body does not leak them into logs."""
    caplog.set_level(logging.DEBUG)

    async def echo(request: web.Request) -> web.StreamResponse:
        message = f"Bad key {request.headers['Authorization']}"
        return web.json_response(
            {"error": {"type": "unauthorized", "message": message}}, status=401
        )

    scripted.on("/access_codes/create", echo)
    scripted.on("/access_codes/list", answer(access_codes=[], ok=True))
    with pytest.raises(SeamAuthenticationError) as err:
        await make_client().create_offline_access_code(REQUEST)
    assert API_KEY not in str(err.value)
    assert "Bad key Bearer <api key>" in str(err.value)

    scripted.on("/access_codes/get", answer(access_code=_code(), ok=True))
    code = await make_client().get_access_code("code-1")
    assert code.code == PIN
    assert API_KEY not in caplog.text
    assert PIN not in caplog.text
    assert "POST /access_codes/get" in caplog.text


async def test_pagination_replays_the_first_request(
    scripted: ScriptedSeam, make_client: Callable[..., SeamClient]
) -> None:
    """Each next page repeats the first request's parameters plus the cursor."""
    device = {"device_id": "d", "device_type": "igloohome_lock"}
    scripted.on(
        "/devices/list",
        answer(
            devices=[device | {"device_id": "d1"}],
            pagination={"next_page_cursor": "c1"},
        ),
        answer(
            devices=[device | {"device_id": "d2"}],
            pagination={"next_page_cursor": "c2"},
        ),
        answer(
            devices=[device | {"device_id": "d3"}],
            pagination={"next_page_cursor": None},
        ),
    )
    devices = await make_client(page_size=1).list_devices(device_ids=["d1", "d2", "d3"])
    assert [device.device_id for device in devices] == ["d1", "d2", "d3"]
    first = {"device_ids": ["d1", "d2", "d3"], "limit": 1}
    assert scripted.calls("/devices/list") == [
        first,
        first | {"page_cursor": "c1"},
        first | {"page_cursor": "c2"},
    ]


async def test_unpaginated_access_code_list(
    scripted: ScriptedSeam, make_client: Callable[..., SeamClient]
) -> None:
    """A list answer without pagination is a single page."""
    scripted.on("/access_codes/list", answer(access_codes=[_code()], ok=True))
    codes = await make_client().list_access_codes(device_id=DEVICE_ID)
    assert [code.access_code_id for code in codes] == ["code-1"]
    assert scripted.calls("/access_codes/list") == [
        {"device_id": DEVICE_ID, "limit": 500}
    ]


async def test_webhook_delete(
    scripted: ScriptedSeam, make_client: Callable[..., SeamClient]
) -> None:
    """A delete sends the id and returns nothing; it targets one id, so it retries."""
    scripted.on("/webhooks/delete", raw("", 503), answer(ok=True))
    await make_client().delete_webhook("wh")
    assert scripted.calls("/webhooks/delete") == [{"webhook_id": "wh"}] * 2


@pytest.mark.parametrize(
    "handler",
    [
        _slow_down("1"),
        seam_error(400, "invalid_input", "No time slots found"),
        seam_error(401, "unauthorized", "API Key not found"),
    ],
)
async def test_refused_create_is_final(
    scripted: ScriptedSeam, make_client: Callable[..., SeamClient], handler: Handler
) -> None:
    """A create Seam refused is sent once and not reconciled: nothing was made."""
    scripted.on("/access_codes/create", handler)
    scripted.on("/access_codes/list", answer(access_codes=[], ok=True))
    with pytest.raises(SeamError) as err:
        await make_client(retries=2).create_offline_access_code(REQUEST)
    assert not isinstance(err.value, SeamCreateOutcomeUnknownError)
    assert len(scripted.calls("/access_codes/create")) == 1
    assert len(scripted.calls("/access_codes/list")) == 1


async def test_create_needs_the_lock_listed_first(
    scripted: ScriptedSeam, make_client: Callable[..., SeamClient]
) -> None:
    """When the lock's codes cannot be listed, nothing is sent: a plain failure."""
    scripted.on("/access_codes/list", raw("", 503))
    scripted.on("/access_codes/create", answer(access_code=_code(), ok=True))
    with pytest.raises(SeamUnavailableError) as err:
        await make_client(retries=1).create_offline_access_code(REQUEST)
    assert type(err.value) is SeamUnavailableError
    assert scripted.calls("/access_codes/create") == []


async def test_create_webhook_is_never_retried(
    scripted: ScriptedSeam, make_client: Callable[..., SeamClient]
) -> None:
    """A webhook create is sent once, whatever happens."""
    scripted.on("/webhooks/create", _drop)
    with pytest.raises(SeamUnavailableError):
        await make_client(retries=2).create_webhook("https://example.com/hook")
    assert scripted.calls("/webhooks/create") == [{"url": "https://example.com/hook"}]


async def test_create_sends_the_request_body(
    scripted: ScriptedSeam, make_client: Callable[..., SeamClient]
) -> None:
    """The lock's codes are listed, then the create body is exactly the request's JSON."""
    scripted.on("/access_codes/create", answer(access_code=_code(), ok=True))
    scripted.on("/access_codes/list", answer(access_codes=[], ok=True))
    created = await make_client().create_offline_access_code(REQUEST)
    assert created.access_code_id == "code-1"
    assert scripted.calls("/access_codes/create") == [REQUEST.as_json()]
    assert [path for path, _, _ in scripted.requests] == [
        "/access_codes/list",
        "/access_codes/create",
    ]


TWIN = _code(access_code_id="twin", created_ago=timedelta(seconds=90))
"""A code identical to REQUEST's, made minutes before the create under test."""


class LostCreate:
    """A lock whose create stores ``stored`` and then loses the answer with ``loss``."""

    def __init__(
        self,
        scripted: ScriptedSeam,
        loss: Handler,
        stored: dict[str, Any] | None,
        *,
        existing: tuple[dict[str, Any], ...] = (),
    ) -> None:
        """Serve create and list on ``scripted``; the lock starts with ``existing``."""
        self.loss = loss
        self.stored = stored
        self.codes = [_code(access_code_id="older", name="Other"), *existing]
        scripted.on("/access_codes/create", self.create)
        scripted.on("/access_codes/list", self.list)

    async def create(self, request: web.Request) -> web.StreamResponse:
        """Store the code, then lose the answer."""
        if self.stored is not None:
            self.codes.append(self.stored)
        return await self.loss(request)

    async def list(self, request: web.Request) -> web.StreamResponse:
        """List the stored codes."""
        return web.json_response({"access_codes": self.codes, "ok": True})


LOSSES = {
    "timeout": _hang(1, answer(ok=True)),
    "reset": _drop,
    "gateway_504": raw("<html>504 Gateway Time-out</html>", 504),
    "seam_503": seam_error(503, "service_unavailable", "Down"),
    "truncated": raw('{"access_code": {', 200),
    "malformed_object": answer(access_code={"name": "no id"}, ok=True),
}


@pytest.mark.parametrize("loss", LOSSES.values(), ids=LOSSES.keys())
@pytest.mark.parametrize("existing", [(), (TWIN,)], ids=["alone", "twin"])
async def test_lost_create_is_reconciled(
    scripted: ScriptedSeam,
    make_client: Callable[..., SeamClient],
    loss: Handler,
    existing: tuple[dict[str, Any], ...],
) -> None:
    """Whatever lost the answer, the one new code is returned; a twin made earlier is not."""
    stored = _code(access_code_id="new")
    LostCreate(scripted, loss, stored, existing=existing)
    created = await make_client(request_timeout=0.2).create_offline_access_code(REQUEST)
    assert created == AccessCode.from_dict(stored)
    assert len(scripted.calls("/access_codes/create")) == 1
    assert scripted.calls("/access_codes/list") == 2 * [
        {"device_id": DEVICE_ID, "limit": 500}
    ]


@pytest.mark.parametrize(
    ("request_", "fields"),
    [
        # Seam rounded the window within the request's tolerance.
        (
            replace(REQUEST, starts_at=START + timedelta(minutes=40)),
            {"ends_at": format_datetime(START + timedelta(hours=5, minutes=30))},
        ),
        (
            replace(
                REQUEST, max_time_rounding="1d", starts_at=START - timedelta(hours=20)
            ),
            {},
        ),
        # A one-time code: Seam sets its end.
        (
            replace(REQUEST, ends_at=None, is_one_time_use=True),
            {"is_one_time_use": True},
        ),
    ],
)
async def test_lost_create_matches_within_tolerance(
    scripted: ScriptedSeam,
    make_client: Callable[..., SeamClient],
    request_: OfflineCodeRequest,
    fields: dict[str, Any],
) -> None:
    """A new code whose window Seam rounded within the tolerance is the one made."""
    stored = _code(access_code_id="new", **fields)
    LostCreate(scripted, _drop, stored)
    created = await make_client().create_offline_access_code(request_)
    assert created.access_code_id == "new"


@pytest.mark.parametrize(
    "fields",
    [
        None,
        {"name": "Guest 43"},
        {"device_id": "device-2"},
        {"is_offline_access_code": False},
        {"is_one_time_use": True},
        {"starts_at": format_datetime(START + timedelta(hours=2))},
        {"ends_at": format_datetime(START + timedelta(hours=7))},
        {"ends_at": None},
    ],
)
@pytest.mark.parametrize("existing", [(), (TWIN,)], ids=["alone", "twin"])
async def test_unsettled_create_may_exist(
    scripted: ScriptedSeam,
    make_client: Callable[..., SeamClient],
    fields: dict[str, Any] | None,
    existing: tuple[dict[str, Any], ...],
) -> None:
    """When no new code matches, the answer says the code may exist, never "try again".

    A twin made earlier is never taken for the lost code.
    """
    stored = None if fields is None else _code(access_code_id="new", **fields)
    LostCreate(scripted, _drop, stored, existing=existing)
    with pytest.raises(SeamCreateOutcomeUnknownError, match="may exist") as err:
        await make_client().create_offline_access_code(REQUEST)
    assert "try again" not in str(err.value)
    assert len(scripted.calls("/access_codes/create")) == 1
    assert len(scripted.calls("/access_codes/list")) == 1 + RECONCILE_LOOKS


async def test_late_code_is_found_by_a_later_look(
    scripted: ScriptedSeam, make_client: Callable[..., SeamClient]
) -> None:
    """A code that shows up only after the first look is still found."""
    lock = LostCreate(scripted, _drop, None)

    async def list_late(request: web.Request) -> web.StreamResponse:
        if len(scripted.calls("/access_codes/list")) == 3:
            lock.codes.append(_code(access_code_id="late"))
        return await lock.list(request)

    scripted.on("/access_codes/list", list_late)
    created = await make_client().create_offline_access_code(REQUEST)
    assert created.access_code_id == "late"


async def test_two_new_matches_cannot_be_told_apart(
    scripted: ScriptedSeam, make_client: Callable[..., SeamClient]
) -> None:
    """Two new codes that both match (another client made one too): not settled."""

    async def other_client_too(request: web.Request) -> web.StreamResponse:
        lock.codes.append(_code(access_code_id="other client"))
        return await _drop(request)

    lock = LostCreate(scripted, other_client_too, _code(access_code_id="new"))
    with pytest.raises(SeamCreateOutcomeUnknownError, match="2 new codes match"):
        await make_client().create_offline_access_code(REQUEST)


async def test_reconciliation_that_cannot_list(
    scripted: ScriptedSeam, make_client: Callable[..., SeamClient]
) -> None:
    """When the lock's codes cannot be listed after a lost answer, the code may exist."""
    scripted.on("/access_codes/list", answer(access_codes=[], ok=True), raw("", 503))
    scripted.on("/access_codes/create", _drop)
    with pytest.raises(SeamCreateOutcomeUnknownError, match="SeamUnavailableError"):
        await make_client(retries=1).create_offline_access_code(REQUEST)
