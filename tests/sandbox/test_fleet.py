"""Generated fleets, seeded codes, per-device listing and the shifted clock."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from aiohttp.test_utils import TestClient
import pytest

from seam_sandbox import (
    DemoDevice,
    ManualClock,
    Sandbox,
    Scenario,
    ShiftedClock,
    create_app,
    fleet_scenario,
    load_scenario,
    parse_timestamp,
)
from seam_sandbox.__main__ import parse_args
from seam_sandbox.state import CodeKind, Status

from .conftest import START, SeamApi
from .helpers import HOUR, create

FLEET = "fleet:3x4"


def fleet_sandbox(name: str = FLEET) -> Sandbox:
    """Return a fleet on a manual clock that starts when its codes were generated."""
    return Sandbox(fleet_scenario(name, now=START), clock=ManualClock(START))


@pytest.fixture
async def fleet(
    socket_enabled: None,
    aiohttp_client: Callable[..., Awaitable[TestClient[Any, Any]]],
) -> SeamApi:
    """Serve a fleet of 3 locks with 4 codes each over real HTTP."""
    sandbox = fleet_sandbox()
    return SeamApi(await aiohttp_client(create_app(sandbox, tick_interval=60)), sandbox)


def test_fleet_scenario() -> None:
    """Each lock holds its codes, half set and half unset, each on its own hour."""
    sandbox = fleet_sandbox()
    assert [device["display_name"] for device in sandbox.devices.values()] == [
        "Lock 001",
        "Lock 002",
        "Lock 003",
    ]
    assert len(sandbox.codes) == 12
    for device_id in sandbox.devices:
        codes = sandbox.codes_on(device_id)
        assert [code.status for code in codes] == [Status.SET] * 2 + [Status.UNSET] * 2
        for code in codes:
            assert code.starts_at is not None
            assert code.ends_at is not None
            assert (code.code is not None) == (code.status is Status.SET)
            assert (code.starts_at < START < code.ends_at) == (
                code.status is Status.SET
            )
    starts = [code.starts_at for code in sandbox.codes.values()]
    assert len(set(starts)) == len(starts)
    assert sandbox.events == []
    assert fleet_scenario(FLEET, now=START) == fleet_scenario(FLEET, now=START)


@pytest.mark.parametrize("name", ["fleet:0x3", "fleet:2by3", "fleet:"])
def test_fleet_names(name: str) -> None:
    """A fleet is named by its size."""
    with pytest.raises(ValueError, match="fleet:LOCKSxCODES"):
        load_scenario(name)


def test_fleet_loads_by_name() -> None:
    """``fleet:`` names work wherever a scenario name does (the CLI's --scenario)."""
    scenario = load_scenario("fleet:2x1")
    assert (len(scenario.devices), len(scenario.access_codes)) == (2, 2)
    assert parse_args(["--scenario", "fleet:2x1", "--movable-clock"]).movable_clock


def test_moving_past_one_pin_sets_only_that_code() -> None:
    """The clock moved just past the first unset code's PIN assignment sets it alone."""
    sandbox = fleet_sandbox()
    first = min(
        (code for code in sandbox.codes.values() if code.status is Status.UNSET),
        key=lambda code: code.starts_at or START,
    )
    assert first.starts_at is not None
    assert isinstance(sandbox.clock, ManualClock)
    sandbox.clock.set(first.starts_at - timedelta(minutes=30))
    events = sandbox.advance()
    assert [(e["event_type"], e["access_code_id"]) for e in events] == [
        ("access_code.scheduled_on_device", first.access_code_id),
        ("access_code.set_on_device", first.access_code_id),
    ]
    assert [code.status for code in sandbox.codes.values()].count(Status.SET) == 7


async def test_listing_follows_creation_order(fleet: SeamApi) -> None:
    """A lock's codes page in creation order; codes asked by id come back in it too."""
    lock = next(iter(fleet.sandbox.devices))
    new = create(
        fleet.sandbox,
        lock,
        starts_at=START + 5 * HOUR,
        ends_at=START + 7 * HOUR,
    )
    expected = [code.access_code_id for code in fleet.sandbox.codes_on(lock)]
    assert expected[-1] == new.access_code_id
    listed: list[str] = []
    page = await fleet.ok("/access_codes/list", device_id=lock, limit=2)
    listed += [code["access_code_id"] for code in page["access_codes"]]
    while page["pagination"]["has_next_page"]:
        page = await fleet.ok(
            "/access_codes/list",
            device_id=lock,
            limit=2,
            page_cursor=page["pagination"]["next_page_cursor"],
        )
        listed += [code["access_code_id"] for code in page["access_codes"]]
    assert listed == expected
    other = fleet.sandbox.codes_on(list(fleet.sandbox.devices)[1])[0].access_code_id
    asked = [new.access_code_id, other, "unknown", expected[0]]
    by_ids = await fleet.ok("/access_codes/list", access_code_ids=asked)
    in_workspace_order = [
        code_id for code_id in fleet.sandbox.codes if code_id in asked
    ]
    assert len(in_workspace_order) == 3
    assert [
        code["access_code_id"] for code in by_ids["access_codes"]
    ] == in_workspace_order
    on_lock = await fleet.ok(
        "/access_codes/list", access_code_ids=asked, device_id=lock
    )
    assert [code["access_code_id"] for code in on_lock["access_codes"]] == [
        expected[0],
        new.access_code_id,
    ]


async def test_request_count(fleet: SeamApi) -> None:
    """The admin API counts the Seam requests answered, per path; its own are not counted."""
    await fleet.ok("/devices/list")
    await fleet.ok("/access_codes/list", device_id=next(iter(fleet.sandbox.devices)))
    await fleet.ok("/devices/list")
    response = await fleet.client.get("/_sandbox/requests")
    body = await response.json()
    assert (body["count"], body["paths"]) == (
        3,
        {"/devices/list": 2, "/access_codes/list": 1},
    )


async def test_shifted_clock_moves_from_outside(
    socket_enabled: None,
    aiohttp_client: Callable[..., Awaitable[TestClient[Any, Any]]],
) -> None:
    """A shifted clock keeps real time and moves forward by the admin API."""
    clock = ShiftedClock()
    sandbox = Sandbox.from_scenario("demo", clock=clock)
    client = await aiohttp_client(create_app(sandbox))
    before = datetime.now(UTC)
    response = await client.post("/_sandbox/clock/move", json={"seconds": 7200})
    moved = parse_timestamp((await response.json())["now"])
    assert before + 2 * HOUR <= moved <= datetime.now(UTC) + 2 * HOUR
    target = moved + HOUR
    assert clock.set(target) >= target
    with pytest.raises(ValueError, match="only moves forward"):
        clock.move(-HOUR)


@pytest.mark.parametrize(
    ("device_id", "code", "kind"),
    [
        (DemoDevice.GARDEN_GATE, {}, CodeKind.IGLOOHOME_HOURLY),
        (DemoDevice.GARDEN_GATE, {"days": 40}, CodeKind.IGLOOHOME_DAILY),
        (
            DemoDevice.GARDEN_GATE,
            {"is_one_time_use": True},
            CodeKind.IGLOOHOME_ONE_TIME,
        ),
        (DemoDevice.ROOM_101, {}, CodeKind.ORACODE),
        (DemoDevice.BACK_DOOR, {}, CodeKind.TIME_BOUND),
        (
            DemoDevice.FRONT_DOOR,
            {"is_offline_access_code": False},
            CodeKind.TIME_BOUND,
        ),
        (DemoDevice.FRONT_DOOR, {"ongoing": True}, CodeKind.ONGOING),
    ],
)
def test_seeded_codes(device_id: str, code: dict[str, Any], kind: CodeKind) -> None:
    """A scenario's codes get the kind a create would have given them."""
    days = code.pop("days", 1)
    ongoing = code.pop("ongoing", False)
    body = {
        "access_code_id": "00000000-0000-4000-8000-000000000001",
        "device_id": device_id,
        "created_at": "2026-06-01T12:00:00Z",
        "starts_at": None if ongoing else "2026-06-02T12:00:00Z",
        "ends_at": None
        if ongoing
        else f"2026-06-{2 + days:02d}T12:00:00Z"
        if days < 29
        else "2026-07-12T12:00:00Z",
        **code,
    }
    demo = load_scenario("demo")
    sandbox = Sandbox(
        Scenario(
            name="seeded",
            workspace=demo.workspace,
            devices=demo.devices,
            api_key=demo.api_key,
            access_codes=[body],
        ),
        clock=ManualClock(START),
    )
    seeded = sandbox.codes[body["access_code_id"]]
    assert (seeded.kind, seeded.status) == (kind, Status.UNSET)
    assert (seeded.code is None) == seeded.is_offline_access_code


def test_seeded_codes_are_unset_or_set() -> None:
    """A scenario cannot start with a code half-way through a change."""
    demo = load_scenario("demo")
    scenario = Scenario(
        name="seeded",
        workspace=demo.workspace,
        devices=demo.devices,
        api_key=demo.api_key,
        access_codes=[
            {
                "access_code_id": "00000000-0000-4000-8000-000000000001",
                "device_id": DemoDevice.GARDEN_GATE,
                "created_at": "2026-06-01T12:00:00Z",
                "status": "removing",
            }
        ],
    )
    with pytest.raises(ValueError, match="unset or set"):
        Sandbox(scenario)
