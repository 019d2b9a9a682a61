"""Seam's transport over real HTTP: methods, envelopes, errors, auth, pagination, events."""

from __future__ import annotations

from datetime import timedelta

from seam_sandbox import DemoDevice, ManualClock, Sandbox, format_timestamp

from .conftest import START, SeamApi
from .helpers import HOUR

OFFLINE_CODE = {
    "device_id": DemoDevice.GARDEN_GATE,
    "is_offline_access_code": True,
    "starts_at": "2026-06-01T18:00:00Z",
    "ends_at": "2026-06-01T20:00:00Z",
}


async def test_get_with_query_and_strict(seam: SeamApi) -> None:
    """GET takes the query string, repeated keys as arrays; _strict is ignored."""
    response = await seam.client.get(
        "/devices/list",
        params=[
            ("_strict", "true"),
            ("device_types", "igloohome_lock"),
            ("device_types", "dormakaba_oracode_door"),
        ],
        headers={"Authorization": f"Bearer {seam.sandbox.api_key}"},
    )
    body = await response.json()
    assert response.headers["seam-request-id"]
    assert [d["display_name"] for d in body["devices"]] == [
        "Front Door",
        "Garden Gate",
        "Room 101",
    ]


async def test_device_filters(seam: SeamApi) -> None:
    """The filters the integration uses."""
    offline = await seam.ok(
        "/devices/list", include_if=["can_program_offline_access_codes"]
    )
    assert len(offline["devices"]) == 3
    body = await seam.ok(
        "/devices/list",
        manufacturer="schlage",
        search="back",
        created_before="2030-01-01T00:00:00Z",
        connected_account_ids=["d27f4c90-1a5e-4b83-9c6d-3e8a0f2b7d14"],
        exclude_if=["can_program_offline_access_codes"],
    )
    assert [d["device_id"] for d in body["devices"]] == [DemoDevice.BACK_DOOR]
    body = await seam.ok(
        "/devices/list",
        device_ids=[DemoDevice.ROOM_101],
        device_type="dormakaba_oracode_door",
    )
    assert len(body["devices"]) == 1


async def test_pagination(seam: SeamApi) -> None:
    """Two per page over five devices; the cursor must be replayed with the same filters."""
    first = await seam.ok("/devices/list", limit=2)
    assert first["pagination"]["has_next_page"] is True
    cursor = first["pagination"]["next_page_cursor"]
    response = await seam.client.get(
        first["pagination"]["next_page_url"].removeprefix(
            str(seam.client.make_url(""))
        ),
        headers={"Authorization": f"Bearer {seam.sandbox.api_key}"},
    )
    second = await response.json()
    third = await seam.ok(
        "/devices/list", limit=2, page_cursor=second["pagination"]["next_page_cursor"]
    )
    assert third["pagination"] == {
        "has_next_page": False,
        "next_page_cursor": None,
        "next_page_url": None,
    }
    names = [
        d["display_name"] for page in (first, second, third) for d in page["devices"]
    ]
    assert names == [
        "Front Door",
        "Garden Gate",
        "Room 101",
        "Back Door",
        "Living Room",
    ]
    error = await seam.error("/devices/list", 400, limit=3, page_cursor=cursor)
    assert error["type"] == "mismatched_page_parameters"
    error = await seam.error("/devices/list", 400, limit=2, page_cursor="garbage")
    assert error["type"] == "invalid_input"


async def test_locks(seam: SeamApi) -> None:
    """/locks/list has both keys; /locks/get refuses a thermostat."""
    body = await seam.ok("/locks/list")
    assert body["devices"] == body["locks"]
    assert len(body["locks"]) == 4
    lock = await seam.ok("/locks/get", name="Room 101")
    assert lock["device"] == lock["lock"]
    error = await seam.error("/locks/get", 404, device_id=DemoDevice.LIVING_ROOM)
    assert error["type"] == "device_not_found"
    assert (await seam.ok("/devices/get", device_id=DemoDevice.LIVING_ROOM))["device"]
    assert (await seam.error("/devices/get", 400))["validation_errors"]["device_id"]
    assert (await seam.error("/devices/get", 404, name="Attic"))["data"] == {
        "name": "Attic"
    }


async def test_workspace(seam: SeamApi) -> None:
    """/workspaces/get."""
    body = await seam.ok("/workspaces/get")
    assert body["workspace"]["is_sandbox"] is True
    assert body["workspace"]["workspace_id"] == seam.sandbox.workspace_id


async def test_create_get_list(seam: SeamApi, clock: ManualClock) -> None:
    """Create answers the code and a pending attempt; get and list find it."""
    created = await seam.ok("/access_codes/create", name="Guest", **OFFLINE_CODE)
    code = created["access_code"]
    assert (code["status"], code["code"], code["starts_at"]) == (
        "unset",
        None,
        "2026-06-01T18:00:00.000Z",
    )
    assert created["action_attempt"]["status"] == "pending"
    clock.move(timedelta(seconds=5))
    attempt = await seam.ok(
        "/action_attempts/get",
        action_attempt_id=created["action_attempt"]["action_attempt_id"],
    )
    assert attempt["action_attempt"]["status"] == "success"
    fetched = await seam.ok("/access_codes/get", access_code_id=code["access_code_id"])
    assert fetched["access_code"]["access_code_id"] == code["access_code_id"]
    listed = await seam.ok("/access_codes/list", device_id=DemoDevice.GARDEN_GATE)
    assert [c["access_code_id"] for c in listed["access_codes"]] == [
        code["access_code_id"]
    ]
    assert listed["pagination"]["has_next_page"] is False
    by_ids = await seam.ok(
        "/access_codes/list", access_code_ids=[code["access_code_id"]], search="gue"
    )
    assert len(by_ids["access_codes"]) == 1
    assert (await seam.error("/access_codes/list", 400))["type"] == "invalid_input"


async def test_access_code_by_pin_and_delete(seam: SeamApi) -> None:
    """Get by device_id + code; DELETE on an online code answers an action attempt."""
    created = await seam.ok(
        "/access_codes/create", device_id=DemoDevice.BACK_DOOR, code="4821"
    )
    code_id = created["access_code"]["access_code_id"]
    found = await seam.ok(
        "/access_codes/get", device_id=DemoDevice.BACK_DOOR, code="4821"
    )
    assert found["access_code"]["access_code_id"] == code_id
    await seam.error(
        "/access_codes/get", 404, device_id=DemoDevice.BACK_DOOR, code="0000"
    )
    await seam.error("/access_codes/get", 400, device_id=DemoDevice.BACK_DOOR)
    await seam.error(
        "/access_codes/delete",
        404,
        access_code_id=code_id,
        device_id=DemoDevice.FRONT_DOOR,
    )
    status, body, _ = await seam.request(
        "DELETE", f"/access_codes/delete?access_code_id={code_id}"
    )
    assert status == 200
    assert body["action_attempt"]["action_type"] == "DELETE_ACCESS_CODE"


async def test_rule_violation_envelope(seam: SeamApi) -> None:
    """A rule violation is a 400 invalid_input with validation_errors and a request id."""
    error = await seam.error("/access_codes/create", 400, code="123456", **OFFLINE_CODE)
    assert error["type"] == "invalid_input"
    assert "custom code" in error["message"]
    assert error["validation_errors"]["code"]["_errors"] == [error["message"]]
    assert error["request_id"]
    assert (await seam.error("/access_codes/create", 400))[
        "message"
    ] == "device_id is required"
    error = await seam.error(
        "/access_codes/create",
        400,
        device_id=DemoDevice.GARDEN_GATE,
        starts_at="tomorrow",
    )
    assert "ISO 8601" in error["message"]


async def test_not_found_errors(seam: SeamApi) -> None:
    """Each kind of 404."""
    missing = "00000000-0000-4000-8000-000000000000"
    cases = {
        "/devices/get": ("device_id", "device_not_found"),
        "/access_codes/get": ("access_code_id", "access_code_not_found"),
        "/webhooks/get": ("webhook_id", "webhook_not_found"),
        "/action_attempts/get": ("action_attempt_id", "action_attempt_not_found"),
    }
    for path, (param, error_type) in cases.items():
        error = await seam.error(path, 404, **{param: missing})
        assert error["type"] == error_type
        assert error["data"] == {param: missing}
    assert (await seam.error("/nowhere", 404))["type"] == "not_found"


async def test_auth(seam: SeamApi) -> None:
    """Missing, wrong and revoked keys get 401; a rotated key replaces the old one."""
    status, body, _ = await seam.request("POST", "/workspaces/get", auth=False)
    assert (status, body["error"]["type"]) == (401, "unauthorized")
    response = await seam.client.post(
        "/workspaces/get", headers={"Authorization": "Bearer seam_test_wrong"}
    )
    assert response.status == 401
    old_key = seam.sandbox.api_key
    seam.sandbox.rotate_api_key()
    assert seam.sandbox.api_key.startswith("seam_test")
    response = await seam.client.post(
        "/workspaces/get", headers={"Authorization": f"Bearer {old_key}"}
    )
    assert response.status == 401
    await seam.ok("/workspaces/get")


async def test_bad_bodies(seam: SeamApi) -> None:
    """Invalid JSON, non-object bodies and mistyped values are 400s."""
    headers = {"Authorization": f"Bearer {seam.sandbox.api_key}"}
    for data in (b"{", b"[1]"):
        response = await seam.client.post("/devices/list", data=data, headers=headers)
        assert response.status == 400
    for params in ({"limit": 0}, {"device_ids": [1]}, {"manufacturer": 5}):
        await seam.error("/devices/list", 400, **params)
    await seam.error(
        "/access_codes/create",
        400,
        device_id=DemoDevice.GARDEN_GATE,
        is_offline_access_code="yes",
    )


async def test_events_list(seam: SeamApi, sandbox: Sandbox, clock: ManualClock) -> None:
    """Since (inclusive), between (exclusive) and the filters."""
    await seam.error("/events/list", 400)
    created = await seam.ok("/access_codes/create", **OFFLINE_CODE)
    code_id = created["access_code"]["access_code_id"]
    clock.set(START + 3 * HOUR)
    since = format_timestamp(START)
    all_events = (await seam.ok("/events/list", since=since))["events"]
    assert [e["event_type"] for e in all_events] == [
        "access_code.created",
        "access_code.scheduled_on_device",
        "access_code.set_on_device",
    ]
    filtered = await seam.ok(
        "/events/list",
        since=since,
        access_code_id=code_id,
        event_types=["access_code.set_on_device"],
        device_ids=[DemoDevice.GARDEN_GATE],
        connected_account_id=all_events[0]["connected_account_id"],
        limit=5,
    )
    assert [e["event_type"] for e in filtered["events"]] == [
        "access_code.set_on_device"
    ]
    between = await seam.ok(
        "/events/list", between=[since, format_timestamp(START + 3 * HOUR)]
    )
    assert [e["event_type"] for e in between["events"]] == []
    by_id = await seam.ok(
        "/events/list", since=since, event_ids=[all_events[0]["event_id"]]
    )
    assert len(by_id["events"]) == 1
    await seam.error("/events/list", 400, between=[since])
    await seam.error("/events/list", 400, between=[since, "later"])


async def test_webhook_crud(seam: SeamApi) -> None:
    """Create (secret whsec_…), list, get, delete, and validation."""
    created = (await seam.ok("/webhooks/create", url="http://127.0.0.1:9/hook"))[
        "webhook"
    ]
    assert created["event_types"] == ["*"]
    assert created["secret"].startswith("whsec_")
    assert (await seam.ok("/webhooks/list"))["webhooks"] == [created]
    assert (await seam.ok("/webhooks/get", webhook_id=created["webhook_id"]))[
        "webhook"
    ] == created
    status, _, _ = await seam.request(
        "DELETE", "/webhooks/delete", webhook_id=created["webhook_id"]
    )
    assert status == 200
    assert (await seam.ok("/webhooks/list"))["webhooks"] == []
    await seam.error("/webhooks/create", 400, url="ftp://example.com")
