"""Faults through the admin API (``/_sandbox/…``) and in Python."""

from __future__ import annotations

import json
import time

import aiohttp
import pytest

from seam_sandbox import DemoDevice, Faults, Sandbox
from seam_sandbox.faults import Budget, LostCreate

from .conftest import SeamApi


async def admin(seam: SeamApi, path: str, **params: object) -> dict[str, object]:
    """Call an admin path (no API key needed)."""
    response = await seam.client.post(f"/_sandbox/{path}", json=params)
    body: dict[str, object] = await response.json()
    assert response.status == 200, body
    return body


async def test_outage(seam: SeamApi) -> None:
    """503 for the next N requests, then normal service."""
    await admin(seam, "faults/outage", requests=2)
    for _ in range(2):
        assert (await seam.error("/workspaces/get", 503))[
            "type"
        ] == "service_unavailable"
    await seam.ok("/workspaces/get")


async def test_outage_until_cleared(seam: SeamApi) -> None:
    """Without a count the outage lasts until cleared."""
    await admin(seam, "faults/outage")
    for _ in range(3):
        await seam.error("/workspaces/get", 503)
    await admin(seam, "faults/clear")
    await seam.ok("/workspaces/get")


async def test_rate_limit_burst(seam: SeamApi) -> None:
    """429 with Retry-After."""
    await admin(seam, "faults/rate_limit", requests=1, retry_after=7)
    status, body, headers = await seam.request("POST", "/devices/list")
    assert (status, body["error"]["type"], headers["Retry-After"]) == (
        429,
        "rate_limited",
        "7",
    )
    await seam.ok("/devices/list")


async def test_malformed_json(seam: SeamApi) -> None:
    """A 200 whose body is not valid JSON."""
    await admin(seam, "faults/malformed_json", requests=1)
    response = await seam.client.post(
        "/devices/list", headers={"Authorization": f"Bearer {seam.sandbox.api_key}"}
    )
    assert response.status == 200
    with pytest.raises(ValueError, match=r"Expecting|Unterminated|delimiter"):
        await response.json()
    await seam.ok("/devices/list")


async def test_drop_connections(seam: SeamApi) -> None:
    """Dropped connections get no answer at all, then service resumes."""
    await admin(seam, "faults/drop_connections", requests=2)
    for _ in range(2):
        with pytest.raises(aiohttp.ClientError):
            await seam.request("POST", "/workspaces/get")
    await seam.ok("/workspaces/get")


async def test_latency(seam: SeamApi) -> None:
    """Every request waits the configured latency."""
    await admin(seam, "faults/latency", seconds=0.2)
    began = time.monotonic()
    await seam.ok("/workspaces/get")
    assert time.monotonic() - began >= 0.2
    await admin(seam, "faults/latency", seconds=0)


async def test_revoke_restore_rotate(seam: SeamApi) -> None:
    """Revoked keys get 401 until restored; rotation answers the new key."""
    await admin(seam, "api_key/revoke")
    await seam.error("/workspaces/get", 401)
    await admin(seam, "api_key/restore")
    await seam.ok("/workspaces/get")
    rotated = await admin(seam, "api_key/rotate")
    assert rotated["api_key"] == seam.sandbox.api_key
    await seam.ok("/workspaces/get")


async def test_device_offline(seam: SeamApi) -> None:
    """Take a device offline and back over the admin API."""
    body = await admin(
        seam, "devices/set_online", device_id=DemoDevice.FRONT_DOOR, online=False
    )
    assert body["device"]["properties"]["online"] is False  # type: ignore[index]
    device = (await seam.ok("/devices/get", device_id=DemoDevice.FRONT_DOOR))["device"]
    assert device["errors"][0]["error_code"] == "device_disconnected"
    await admin(
        seam, "devices/set_online", device_id=DemoDevice.FRONT_DOOR, online=True
    )


async def test_device_added_and_removed(seam: SeamApi, sandbox: Sandbox) -> None:
    """A copy of a lock joins the workspace; removed, it leaves with its codes."""
    body = await admin(
        seam, "devices/add", like=DemoDevice.GARDEN_GATE, name="Shed", device_id="shed"
    )
    assert body["device"]["display_name"] == "Shed"  # type: ignore[index]
    listed = (await seam.ok("/devices/list"))["devices"]
    shed = next(device for device in listed if device["device_id"] == "shed")
    assert shed["properties"]["name"] == "Shed"
    assert shed["can_program_offline_access_codes"] is True
    await seam.ok(
        "/access_codes/create",
        device_id="shed",
        is_offline_access_code=True,
        starts_at="2026-06-01T16:00:00Z",
        ends_at="2026-06-01T18:00:00Z",
    )
    refused = await seam.client.post(
        "/_sandbox/devices/add",
        json={"like": DemoDevice.GARDEN_GATE, "name": "Shed", "device_id": "shed"},
    )
    assert refused.status == 400

    await admin(seam, "devices/remove", device_id="shed")
    await seam.error("/devices/get", 404, device_id="shed")
    assert sandbox.codes_on("shed") == []
    assert [event["event_type"] for event in sandbox.events] == [
        "device.added",
        "access_code.created",
        "device.removed",
    ]


async def test_fail_next_code_and_clock(seam: SeamApi, sandbox: Sandbox) -> None:
    """The next code fails once the clock moves past its setting window."""
    await admin(seam, "faults/fail_next_code")
    created = await seam.ok(
        "/access_codes/create",
        device_id=DemoDevice.GARDEN_GATE,
        is_offline_access_code=True,
        starts_at="2026-06-01T16:00:00Z",
        ends_at="2026-06-01T18:00:00Z",
    )
    moved = await admin(seam, "clock/move", seconds=3600)
    assert moved["now"] == "2026-06-01T16:00:00.000Z"
    assert [e["event_type"] for e in moved["events"]] == [
        "access_code.failed_to_set_on_device"
    ]  # type: ignore[attr-defined]
    code = sandbox.access_codes[created["access_code"]["access_code_id"]]
    assert code["errors"][0]["error_code"] == "failed_to_set_on_device"
    moved = await admin(seam, "clock/move", to="2026-06-02T00:00:00Z")
    assert moved["now"] == "2026-06-02T00:00:00.000Z"


async def test_time_slots_state_reset(seam: SeamApi, sandbox: Sandbox) -> None:
    """Set slots, read the state, reset to the scenario."""
    await admin(
        seam,
        "devices/set_time_slots",
        device_id=DemoDevice.ROOM_101,
        predefined_time_slots=[],
    )
    state = (await admin(seam, "state"))["state"]
    room = next(d for d in state["devices"] if d["device_id"] == DemoDevice.ROOM_101)  # type: ignore[index]
    assert (
        room["properties"]["dormakaba_oracode_metadata"]["predefined_time_slots"] == []
    )
    await admin(seam, "advance")
    await admin(seam, "reset")
    slots = sandbox.devices[DemoDevice.ROOM_101]["properties"][
        "dormakaba_oracode_metadata"
    ]
    assert len(slots["predefined_time_slots"]) == 5


async def test_admin_errors(seam: SeamApi) -> None:
    """Admin refusals come back as Seam-style errors."""
    for path, params in (
        (
            "devices/set_time_slots",
            {"device_id": DemoDevice.ROOM_101, "predefined_time_slots": "x"},
        ),
        ("devices/set_online", {"device_id": DemoDevice.FRONT_DOOR, "online": "maybe"}),
        ("clock/move", {"to": "2020-01-01T00:00:00Z"}),
        ("faults/latency", {"seconds": -1}),
    ):
        response = await seam.client.post(f"/_sandbox/{path}", json=params)
        assert response.status == 400, path


async def test_clock_move_needs_manual_clock(
    socket_enabled: None, aiohttp_client: object
) -> None:
    """Only a manual or a shifted clock can be moved from outside."""
    from seam_sandbox import create_app

    client = await aiohttp_client(create_app(Sandbox.from_scenario("demo")))  # type: ignore[operator]
    response = await client.post("/_sandbox/clock/move", json={"seconds": 5})
    assert response.status == 400
    assert "ManualClock" in (await response.json())["error"]["message"]


def test_fault_objects() -> None:
    """The Python side of the switches."""
    faults = Faults()
    faults.fail_next_codes(2)
    assert faults.take_failing_code()
    faults.clear()
    assert not faults.take_failing_code()
    with pytest.raises(ValueError, match="negative"):
        Budget().arm(-1)
    with pytest.raises(ValueError, match="negative"):
        faults.set_latency(-1)
    with pytest.raises(ValueError, match="negative"):
        faults.lose_creates(LostCreate.TRUNCATED, hold=-1)


CREATE = {
    "device_id": DemoDevice.GARDEN_GATE,
    "is_offline_access_code": True,
    "starts_at": "2026-06-01T16:00:00Z",
    "ends_at": "2026-06-01T18:00:00Z",
}


async def _create(seam: SeamApi, patience: float = 5.0) -> aiohttp.ClientResponse:
    """Send a create and return the raw response."""
    return await seam.client.post(
        "/access_codes/create",
        json=CREATE,
        headers={"Authorization": f"Bearer {seam.sandbox.api_key}"},
        timeout=aiohttp.ClientTimeout(total=patience),
    )


@pytest.mark.parametrize(
    ("mode", "stored"),
    [
        (LostCreate.RESET_AFTER_STORE, True),
        (LostCreate.RESET_BEFORE_STORE, False),
    ],
)
async def test_lost_create_reset(
    seam: SeamApi, sandbox: Sandbox, mode: LostCreate, stored: bool
) -> None:
    """A reset create closes the connection, after or before storing the code."""
    await admin(seam, "faults/lost_create", mode=mode)
    with pytest.raises(aiohttp.ClientError):
        await _create(seam)
    assert len(sandbox.access_codes) == int(stored)
    assert (await _create(seam)).status == 200
    assert len(sandbox.access_codes) == int(stored) + 1


async def test_lost_create_truncated_and_504(seam: SeamApi, sandbox: Sandbox) -> None:
    """A truncated 200 and a gateway 504 both come after the code was stored."""
    await admin(seam, "faults/lost_create", mode="truncated")
    response = await _create(seam)
    assert response.status == 200
    with pytest.raises(ValueError, match=r"Expecting|Unterminated|delimiter"):
        json.loads(await response.read())
    await admin(seam, "faults/lost_create", mode="gateway_timeout_after_store")
    response = await _create(seam)
    assert response.status == 504
    assert len(sandbox.access_codes) == 2


@pytest.mark.parametrize(
    ("mode", "stored_first"),
    [("timeout_after_store", 1), ("timeout_before_store", 0)],
)
async def test_lost_create_held(
    seam: SeamApi, sandbox: Sandbox, mode: str, stored_first: int
) -> None:
    """A held create answers after ``hold`` seconds, too late for an impatient client.

    ``timeout_after_store`` stores the code first; ``timeout_before_store`` after the hold.
    """
    await admin(seam, "faults/lost_create", mode=mode, requests=2, hold=0.3)
    with pytest.raises(TimeoutError):
        await _create(seam, patience=0.1)
    assert len(sandbox.access_codes) == stored_first
    assert (await _create(seam)).status == 200
    assert len(sandbox.access_codes) == stored_first + 1


async def test_lost_create_spares_other_requests(
    seam: SeamApi, sandbox: Sandbox
) -> None:
    """Only creates are hit; a refused create passes its error through."""
    state = await admin(seam, "faults/lost_create", mode="reset_after_store")
    assert state["faults"]["lost_create"] == {  # type: ignore[index]
        "active": True,
        "remaining": 1,
        "mode": "reset_after_store",
        "hold": 30.0,
        "outage_after": 0,
    }
    await seam.ok("/access_codes/list", device_id=DemoDevice.GARDEN_GATE)
    error = await seam.error(
        "/access_codes/create", 400, **(CREATE | {"ends_at": "2026-06-01T15:00:00Z"})
    )
    assert error["type"] == "invalid_input"
    assert sandbox.access_codes == {}
    assert (await _create(seam)).status == 200


async def test_lost_create_then_outage(seam: SeamApi, sandbox: Sandbox) -> None:
    """``outage_after`` takes Seam down for that many requests after the lost answer."""
    await admin(seam, "faults/lost_create", mode="reset_after_store", outage_after=2)
    with pytest.raises(aiohttp.ClientError):
        await _create(seam)
    for _ in range(2):
        await seam.error("/access_codes/list", 503, device_id=DemoDevice.GARDEN_GATE)
    await seam.ok("/access_codes/list", device_id=DemoDevice.GARDEN_GATE)
    assert len(sandbox.access_codes) == 1


async def test_lost_create_refuses_unknown_mode(seam: SeamApi) -> None:
    """The admin path names the modes it knows."""
    response = await seam.client.post(
        "/_sandbox/faults/lost_create", json={"mode": "vanish"}
    )
    assert response.status == 400
    assert "reset_before_store" in (await response.json())["error"]["message"]
    await admin(seam, "faults/lost_create", mode="truncated", requests=3)
    await admin(seam, "faults/clear")
    assert not seam.sandbox.faults.lost_create.take()
