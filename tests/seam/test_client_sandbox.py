"""The client against the project's sandbox: offline codes, Seam's limits and faults."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from custom_components.seam_offline_codes.seam import (
    AccessCodeStatus,
    Maker,
    OfflineCodeRequest,
    SeamAuthenticationError,
    SeamClient,
    SeamInvalidInputError,
    SeamRateLimitedError,
    SeamUnavailableError,
)

from .conftest import Peer, codes_named


async def test_offline_code(
    sandbox_client: Callable[..., SeamClient], hourly: OfflineCodeRequest
) -> None:
    """An offline code starts unset, waiting for the PIN Seam's algorithm will assign."""
    client = sandbox_client()
    created = await client.create_offline_access_code(hourly)
    assert created.is_offline_access_code
    assert created.status is AccessCodeStatus.UNSET
    assert created.is_waiting_for_code_assignment
    assert created.code is None
    assert (created.starts_at, created.ends_at) == (hourly.starts_at, hourly.ends_at)
    assert await client.get_access_code(created.access_code_id) == created


async def test_rule_violation(
    sandbox_client: Callable[..., SeamClient], hourly: OfflineCodeRequest
) -> None:
    """A request that breaks a maker rule is a 400 naming the rule."""
    too_long = replace(hourly, ends_at=hourly.starts_at + timedelta(hours=700))
    with pytest.raises(SeamInvalidInputError) as err:
        await sandbox_client().create_offline_access_code(too_long)
    assert err.value.error_type == "invalid_input"
    assert str(err.value)


async def test_create_rate_limit(
    socket_enabled: None,
    client_for: Callable[..., SeamClient],
) -> None:
    """Seam's per-device create limit is a 429 with Retry-After; the create is not retried."""
    from seam_sandbox import run_sandbox

    async with run_sandbox(scenario="demo", create_rate_limit=1) as server:
        client = client_for(server.url, server.api_key, retries=2)
        devices = await client.list_devices()
        device = next(device for device in devices if device.maker is Maker.IGLOOHOME)
        start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
        request = OfflineCodeRequest(
            device_id=device.device_id,
            name="First",
            starts_at=start + timedelta(days=1),
            ends_at=start + timedelta(days=1, hours=2),
        )
        await client.create_offline_access_code(request)
        second = replace(
            request, name="Second", starts_at=request.starts_at + timedelta(hours=1)
        )
        with pytest.raises(SeamRateLimitedError) as err:
            await client.create_offline_access_code(second)
        assert err.value.retry_after is not None
        assert 0 < err.value.retry_after <= 60
        assert await codes_named(client, second) == []


async def test_reads_ride_out_a_rate_limit_burst(
    sandbox_peer: Peer, sandbox_client: Callable[..., SeamClient]
) -> None:
    """Reads retry 429s after Retry-After, and give up past ``retries``."""
    faults = sandbox_peer.sandbox.faults
    faults.rate_limit_burst(2, retry_after=0)
    assert await sandbox_client(retries=2).get_workspace()
    faults.rate_limit_burst(2, retry_after=0)
    with pytest.raises(SeamRateLimitedError) as err:
        await sandbox_client(retries=1).get_workspace()
    assert err.value.retry_after == 0


async def test_reads_ride_out_an_outage(
    sandbox_peer: Peer, sandbox_client: Callable[..., SeamClient]
) -> None:
    """Reads retry 503s; a longer outage surfaces after exactly ``retries`` retries."""
    faults = sandbox_peer.sandbox.faults
    faults.start_outage(2)
    assert await sandbox_client(retries=2).list_devices()
    faults.start_outage(3)
    with pytest.raises(SeamUnavailableError) as err:
        await sandbox_client(retries=2).list_devices()
    assert err.value.status == 503
    assert faults.outage.remaining == 0


async def test_truncated_read_is_retried(
    sandbox_peer: Peer, sandbox_client: Callable[..., SeamClient]
) -> None:
    """A truncated read is retried (lost creates: ``test_lost_create.py``)."""
    sandbox_peer.sandbox.faults.malform_responses(1)
    assert await sandbox_client().get_workspace()


async def test_revoked_key(
    sandbox_peer: Peer, sandbox_client: Callable[..., SeamClient]
) -> None:
    """A revoked key is an authentication error."""
    sandbox_peer.sandbox.faults.revoke_api_key()
    with pytest.raises(SeamAuthenticationError):
        await sandbox_client().get_workspace()
