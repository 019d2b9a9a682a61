"""Creates whose answer goes missing, against the sandbox over HTTP.

Every variant ends with exactly one code per attempt in Seam, and the client's answer is
true: the code it made, or ``SeamCreateOutcomeUnknownError`` ("may exist") when listing
the lock's codes cannot settle it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from custom_components.seam_offline_codes.seam import (
    OfflineCodeRequest,
    SeamClient,
    SeamCreateOutcomeUnknownError,
)
from seam_sandbox.faults import LostCreate

from .conftest import Peer, codes_named

TIMEOUT = 0.3
"""The client's request timeout; a held answer comes back well after it."""
STORING = [mode for mode in LostCreate if mode.stores_first]


@pytest.fixture
def client(sandbox_client: Callable[..., SeamClient]) -> SeamClient:
    """Return a client that gives up on an answer quickly."""
    return sandbox_client(request_timeout=TIMEOUT)


def lose(peer: Peer, mode: LostCreate) -> None:
    """Lose the answer of the next create."""
    peer.sandbox.faults.lose_creates(mode, hold=3 * TIMEOUT)


@pytest.mark.parametrize("mode", STORING)
async def test_stored_code_is_returned(
    sandbox_peer: Peer,
    client: SeamClient,
    hourly: OfflineCodeRequest,
    mode: LostCreate,
) -> None:
    """A code stored before its answer was lost is the one returned, and the only one."""
    lose(sandbox_peer, mode)
    created = await client.create_offline_access_code(hourly)
    assert await codes_named(client, hourly) == [created.access_code_id]
    assert created == await client.get_access_code(created.access_code_id)
    assert sandbox_peer.sandbox.requests.count("/access_codes/create") == 1


@pytest.mark.parametrize("mode", STORING)
async def test_twin_is_not_taken_for_the_lost_code(
    sandbox_peer: Peer,
    client: SeamClient,
    hourly: OfflineCodeRequest,
    mode: LostCreate,
) -> None:
    """An identical code made just before is left alone; the new one is returned."""
    twin = await client.create_offline_access_code(hourly)
    lose(sandbox_peer, mode)
    created = await client.create_offline_access_code(hourly)
    assert created.access_code_id != twin.access_code_id
    assert sorted(await codes_named(client, hourly)) == sorted(
        [twin.access_code_id, created.access_code_id]
    )


async def test_reset_before_store_may_exist(
    client: SeamClient, sandbox_peer: Peer, hourly: OfflineCodeRequest
) -> None:
    """Nothing stored, answer lost: "may exist", never the twin; a retry makes one code."""
    twin = await client.create_offline_access_code(hourly)
    lose(sandbox_peer, LostCreate.RESET_BEFORE_STORE)
    with pytest.raises(SeamCreateOutcomeUnknownError, match="may exist"):
        await client.create_offline_access_code(hourly)
    assert await codes_named(client, hourly) == [twin.access_code_id]
    retried = await client.create_offline_access_code(hourly)
    assert sorted(await codes_named(client, hourly)) == sorted(
        [twin.access_code_id, retried.access_code_id]
    )


async def test_create_that_lands_late(
    sandbox_peer: Peer, client: SeamClient, hourly: OfflineCodeRequest
) -> None:
    """A create Seam carries out after the client gave up is "may exist", and it is."""
    lose(sandbox_peer, LostCreate.TIMEOUT_BEFORE_STORE)
    with pytest.raises(SeamCreateOutcomeUnknownError, match="may exist"):
        await client.create_offline_access_code(hourly)
    assert await codes_named(client, hourly) == []
    await asyncio.sleep(3 * TIMEOUT)  # The held create lands meanwhile.
    assert len(await codes_named(client, hourly)) == 1
