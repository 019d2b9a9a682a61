"""Contract tests: the client against Seam's own fake and against the project's sandbox."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
import logging

import pytest

from custom_components.seam_offline_codes.seam import (
    OfflineCodeRequest,
    SeamAuthenticationError,
    SeamClient,
    SeamInvalidInputError,
    SeamNotFoundError,
)

from .conftest import Peer


def _request(device_id: str, name: str) -> OfflineCodeRequest:
    """Return an hourly-bound request for tomorrow, on whole hours."""
    start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(
        days=1
    )
    return OfflineCodeRequest(
        device_id=device_id,
        name=name,
        starts_at=start,
        ends_at=start + timedelta(hours=3),
    )


async def test_workspace(client: SeamClient) -> None:
    """The API key's workspace comes back parsed."""
    workspace = await client.get_workspace()
    assert workspace.workspace_id
    assert workspace.is_sandbox


@pytest.mark.parametrize("api_key", ["", "seam_test_wrong_key"])
async def test_bad_key(
    peer: Peer,
    client_for: Callable[..., SeamClient],
    caplog: pytest.LogCaptureFixture,
    api_key: str,
) -> None:
    """A missing or unknown key is an authentication error, whatever the call."""
    caplog.set_level(logging.DEBUG)
    client = client_for(peer.url, api_key)
    # Not /workspaces/get: the fake takes an unknown key there for a user session and
    # answers 400 missing_workspace_id.
    with pytest.raises(SeamAuthenticationError) as err:
        await client.list_devices()
    with pytest.raises(SeamAuthenticationError):
        await client.list_access_codes(device_id=peer.code_device_id)
    assert "<api key>" not in str(err.value)
    if api_key:
        assert api_key not in str(err.value)
        assert api_key not in caplog.text


async def test_list_devices_follows_pages(
    peer: Peer, client_for: Callable[..., SeamClient]
) -> None:
    """Small pages give the same devices, in the same order, as one big page."""
    everything = await client_for(peer.url, peer.api_key).list_devices()
    paged = await client_for(peer.url, peer.api_key, page_size=2).list_devices()
    assert len(everything) > 2
    assert [device.device_id for device in paged] == [
        device.device_id for device in everything
    ]


async def test_list_devices_by_id(client: SeamClient) -> None:
    """``device_ids`` narrows the list; an empty batch asks nothing."""
    first, *_, last = await client.list_devices()
    devices = await client.list_devices(device_ids=[first.device_id, last.device_id])
    assert {device.device_id for device in devices} == {first.device_id, last.device_id}
    assert await client.list_devices(device_ids=[]) == []


async def test_invalid_input(client: SeamClient) -> None:
    """A 400 keeps Seam's message, type and per-parameter validation errors."""
    with pytest.raises(SeamInvalidInputError) as err:
        await client.create_webhook("not a url")
    assert err.value.error_type == "invalid_input"
    assert set(err.value.validation_errors) == {"url"}
    assert err.value.validation_errors["url"]
    assert err.value.message == str(err.value)


async def test_access_code_round_trip(
    peer: Peer, client: SeamClient, caplog: pytest.LogCaptureFixture
) -> None:
    """Create, get and list (by device and by id) a code."""
    caplog.set_level(logging.DEBUG)
    request = _request(peer.code_device_id, f"Guest {peer.name}")
    created = await client.create_offline_access_code(request)
    assert created.device_id == peer.code_device_id
    assert created.name == request.name
    assert created.starts_at == request.starts_at
    assert created.ends_at == request.ends_at

    fetched = await client.get_access_code(created.access_code_id)
    assert fetched.access_code_id == created.access_code_id
    by_device = await client.list_access_codes(device_id=peer.code_device_id)
    assert created.access_code_id in {code.access_code_id for code in by_device}
    by_id = await client.list_access_codes(access_code_ids=[created.access_code_id])
    # The fake answers every code of the workspace here (a bug of its own); Seam and the
    # sandbox answer exactly the batch.
    assert created.access_code_id in {code.access_code_id for code in by_id}

    pins = {code.code for code in (created, fetched, *by_device, *by_id) if code.code}
    assert not any(pin in caplog.text for pin in pins)


async def test_unknown_access_code(client: SeamClient) -> None:
    """An unknown code is not found."""
    with pytest.raises(SeamNotFoundError):
        await client.get_access_code("00000000-0000-4000-8000-000000000001")


async def test_list_access_codes_needs_a_filter(client: SeamClient) -> None:
    """Seam needs a device or code ids; the client says so before asking."""
    with pytest.raises(ValueError, match="device_id or access_code_ids"):
        await client.list_access_codes()
    assert await client.list_access_codes(access_code_ids=[]) == []


async def test_webhooks(client: SeamClient, caplog: pytest.LogCaptureFixture) -> None:
    """Webhooks can be created, listed and deleted; their secret is never logged."""
    caplog.set_level(logging.DEBUG)
    webhook = await client.create_webhook(
        "https://example.com/api/webhook/seam",
        event_types=["access_code.set_on_device"],
    )
    assert webhook.url == "https://example.com/api/webhook/seam"
    assert webhook.secret
    assert webhook.secret not in repr(webhook)
    assert webhook.webhook_id in {
        hook.webhook_id for hook in await client.list_webhooks()
    }
    await client.delete_webhook(webhook.webhook_id)
    assert webhook.webhook_id not in {
        hook.webhook_id for hook in await client.list_webhooks()
    }
    with pytest.raises(SeamNotFoundError):
        await client.delete_webhook(webhook.webhook_id)
    assert webhook.secret not in caplog.text
