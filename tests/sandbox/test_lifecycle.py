"""The lifecycle on the clock: unset, setting, set with a PIN, removing, gone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from freezegun.api import FrozenDateTimeFactory
import pytest

from seam_sandbox import (
    CreateRequest,
    DemoDevice,
    ManualClock,
    Sandbox,
    ScaledClock,
    SeamError,
    format_timestamp,
)
from seam_sandbox.state import Status

from .conftest import START
from .helpers import HOUR, create, local

SECOND = timedelta(seconds=1)


def event_types(sandbox: Sandbox) -> list[str]:
    """Return the types of every recorded event, oldest first."""
    return [event["event_type"] for event in sandbox.events]


def test_offline_code_lifecycle(sandbox: Sandbox, clock: ManualClock) -> None:
    """An hourly algoPIN from creation to removal, with its events."""
    code = create(
        sandbox,
        DemoDevice.GARDEN_GATE,
        name="Guest",
        starts_at=START + 3 * HOUR,
        ends_at=START + 5 * HOUR,
    )
    body = sandbox.access_codes[code.access_code_id]
    assert (body["status"], body["code"], body["is_waiting_for_code_assignment"]) == (
        "unset",
        None,
        True,
    )
    clock.set(START + 2 * HOUR - SECOND)
    sandbox.advance()
    assert code.status is Status.UNSET
    clock.set(START + 2 * HOUR)
    sandbox.advance()
    assert code.status is Status.SETTING
    assert code.code is None
    clock.move(timedelta(seconds=30))
    new_events = sandbox.advance()
    body = code.to_json()
    assert body["status"] == "set"
    assert body["is_waiting_for_code_assignment"] is False
    assert body["is_scheduled_on_device"] is True
    assert len(body["code"]) == 9
    assert [e["event_type"] for e in new_events] == [
        "access_code.scheduled_on_device",
        "access_code.set_on_device",
    ]
    assert new_events[1]["code"] == body["code"]
    clock.set(START + 5 * HOUR)
    sandbox.advance()
    assert code.status is Status.REMOVING
    clock.move(timedelta(seconds=30))
    sandbox.advance()
    assert code.access_code_id not in sandbox.access_codes
    assert event_types(sandbox) == [
        "access_code.created",
        "access_code.scheduled_on_device",
        "access_code.set_on_device",
        "access_code.removed_from_device",
        "access_code.deleted",
    ]
    assert sandbox.events[-1]["code"] == body["code"]
    with pytest.raises(SeamError, match="Access code not found"):
        sandbox.get_access_code(code.access_code_id)


def test_lazy_advance_records_due_times(sandbox: Sandbox, clock: ManualClock) -> None:
    """One big jump applies every step, each event occurring at its due time."""
    code = create(
        sandbox,
        DemoDevice.GARDEN_GATE,
        starts_at=START + 3 * HOUR,
        ends_at=START + 5 * HOUR,
    )
    clock.move(timedelta(days=1))
    sandbox.advance()
    occurred = {e["event_type"]: e["occurred_at"] for e in sandbox.events}
    assert occurred == {
        "access_code.created": format_timestamp(START),
        "access_code.scheduled_on_device": format_timestamp(
            START + 2 * HOUR + 30 * SECOND
        ),
        "access_code.set_on_device": format_timestamp(START + 2 * HOUR + 30 * SECOND),
        "access_code.removed_from_device": format_timestamp(
            START + 5 * HOUR + 30 * SECOND
        ),
        "access_code.deleted": format_timestamp(START + 5 * HOUR + 30 * SECOND),
    }
    assert {e["created_at"] for e in sandbox.events[1:]} == {
        format_timestamp(clock.now())
    }
    assert code.access_code_id not in sandbox.codes


def test_code_starting_now_stays_unset_briefly(
    sandbox: Sandbox, clock: ManualClock
) -> None:
    """A code due now is unset for min_unset_duration, so a poll can see it."""
    code = create(
        sandbox, DemoDevice.GARDEN_GATE, starts_at=START, ends_at=START + HOUR
    )
    clock.move(4 * SECOND)
    sandbox.advance()
    assert code.status is Status.UNSET
    clock.move(SECOND)
    sandbox.advance()
    assert code.status is Status.SETTING


def test_action_attempt_succeeds(sandbox: Sandbox, clock: ManualClock) -> None:
    """CREATE_ACCESS_CODE is pending, then a success carrying the code."""
    code, attempt = sandbox.create_access_code(
        CreateRequest(
            device_id=DemoDevice.GARDEN_GATE,
            is_offline_access_code=True,
            starts_at=START + 3 * HOUR,
            ends_at=START + 5 * HOUR,
        )
    )
    assert attempt.to_json() == {
        "action_attempt_id": attempt.action_attempt_id,
        "action_type": "CREATE_ACCESS_CODE",
        "status": "pending",
        "result": None,
        "error": None,
    }
    clock.move(5 * SECOND)
    sandbox.advance()
    assert attempt.status == "success"
    assert attempt.result == {"access_code": code.to_json()}


def test_oracode_pin_and_metadata(sandbox: Sandbox, clock: ManualClock) -> None:
    """An Oracode PIN is the slot prefix plus six digits."""
    code = create(
        sandbox,
        DemoDevice.ROOM_101,
        starts_at=local("2026-06-01 16:00"),
        ends_at=local("2026-06-02 10:00"),
    )
    clock.set(local("2026-06-01 15:00"))
    sandbox.advance()
    assert code.status is Status.SETTING
    clock.move(30 * SECOND)
    sandbox.advance()
    body = code.to_json()
    assert body["status"] == "set"
    assert body["code"].startswith("14")
    assert len(body["code"]) == 8
    metadata = body["dormakaba_oracode_metadata"]
    assert metadata["user_level_id"] == "7d9e0a1b-2c3f-4a5e-b6d7-e8f9a0b1c2d3"
    assert metadata["user_level_name"] == "Guest 4pm-10am"


def test_fault_next_code_fails(sandbox: Sandbox, clock: ManualClock) -> None:
    """A failing code keeps setting with an error and is never removed from the device."""
    sandbox.faults.fail_next_codes()
    failing = create(
        sandbox,
        DemoDevice.GARDEN_GATE,
        starts_at=START + 2 * HOUR,
        ends_at=START + 3 * HOUR,
    )
    healthy = create(
        sandbox,
        DemoDevice.GARDEN_GATE,
        starts_at=START + 2 * HOUR,
        ends_at=START + 3 * HOUR,
    )
    clock.set(START + 2 * HOUR)
    sandbox.advance()
    body = failing.to_json()
    assert body["status"] == "setting"
    assert body["code"] is None
    assert [e["error_code"] for e in body["errors"]] == ["failed_to_set_on_device"]
    assert healthy.status is Status.SET
    failed = [
        e for e in sandbox.events if e["event_type"].startswith("access_code.failed")
    ]
    assert failed[0]["access_code_id"] == failing.access_code_id
    assert failed[0]["access_code_errors"] == body["errors"]
    clock.set(START + 4 * HOUR)
    sandbox.advance()
    failing_events = [
        e["event_type"]
        for e in sandbox.events
        if e["access_code_id"] == failing.access_code_id
    ]
    assert failing_events == [
        "access_code.created",
        "access_code.failed_to_set_on_device",
        "access_code.deleted",
    ]


def test_oracode_mismatch_async(clock: ManualClock) -> None:
    """With the async switch a mismatching Oracode code is created, then fails to set."""
    sandbox = Sandbox.from_scenario("demo", clock=clock, oracode_mismatch_async=True)
    code = create(
        sandbox,
        DemoDevice.ROOM_101,
        starts_at=local("2026-06-03 09:30"),
        ends_at=local("2026-06-04 17:00"),
    )
    assert code.to_json()["status"] == "unset"
    clock.move(35 * SECOND)
    sandbox.advance()
    body = code.to_json()
    assert body["status"] == "setting"
    assert "No dormakaba Oracode time slot" in body["errors"][0]["message"]
    assert event_types(sandbox)[-1] == "access_code.failed_to_set_on_device"


def test_delete_online_code(sandbox: Sandbox, clock: ManualClock) -> None:
    """An online code is removed, then gone; the DELETE attempt then succeeds."""
    code = create(
        sandbox, DemoDevice.BACK_DOOR, is_offline_access_code=False, code="4821"
    )
    clock.move(timedelta(minutes=1))
    sandbox.advance()
    assert code.status is Status.SET
    attempt = sandbox.delete_access_code(code.access_code_id)
    assert code.status is Status.REMOVING
    assert attempt.to_json()["status"] == "pending"
    assert (
        sandbox.delete_access_code(code.access_code_id).resolves_at
        == attempt.resolves_at
    )
    clock.move(30 * SECOND)
    sandbox.advance()
    assert (attempt.status, attempt.result) == ("success", {})
    assert event_types(sandbox)[-2:] == [
        "access_code.removed_from_device",
        "access_code.deleted",
    ]


def test_delete_unset_code_skips_removed_event(
    sandbox: Sandbox, clock: ManualClock
) -> None:
    """A code never programmed gets only access_code.deleted."""
    code = create(sandbox, DemoDevice.BACK_DOOR, is_offline_access_code=False)
    sandbox.delete_access_code(code.access_code_id)
    clock.move(timedelta(minutes=1))
    sandbox.advance()
    assert event_types(sandbox) == ["access_code.created", "access_code.deleted"]


def test_offline_codes_cannot_be_deleted(sandbox: Sandbox) -> None:
    """Deleting an offline code is a 400 naming the rule."""
    code = create(
        sandbox,
        DemoDevice.GARDEN_GATE,
        starts_at=START + HOUR,
        ends_at=START + 2 * HOUR,
    )
    with pytest.raises(SeamError, match="offline access codes cannot be deleted"):
        sandbox.delete_access_code(code.access_code_id)


def test_device_offline_and_back(sandbox: Sandbox) -> None:
    """Offline adds device_disconnected and emits device.disconnected; back online clears it."""
    device = sandbox.set_device_online(DemoDevice.FRONT_DOOR, False)
    assert device["properties"]["online"] is False
    assert [e["error_code"] for e in device["errors"]] == ["device_disconnected"]
    assert sandbox.set_device_online(DemoDevice.FRONT_DOOR, False) is device
    sandbox.set_device_online(DemoDevice.FRONT_DOOR, True)
    assert device["errors"] == []
    assert event_types(sandbox) == ["device.disconnected", "device.connected"]
    assert sandbox.events[0]["error_code"] == "device_disconnected"


def test_system_clock_follows_freezegun(freezer: FrozenDateTimeFactory) -> None:
    """With the default clock, frozen time drives the lifecycle."""
    freezer.move_to("2026-06-01T15:00:00+00:00")
    sandbox = Sandbox.from_scenario("demo")
    code = create(
        sandbox,
        DemoDevice.GARDEN_GATE,
        starts_at=START + 2 * HOUR,
        ends_at=START + 3 * HOUR,
    )
    freezer.tick(timedelta(hours=1, seconds=30))
    sandbox.advance()
    assert code.status is Status.SET


def test_scaled_clock() -> None:
    """A scaled clock starts where told and runs faster than real time."""
    start = datetime(2026, 1, 1, tzinfo=UTC)
    clock = ScaledClock(1000, start)
    assert clock.now() >= start
    with pytest.raises(ValueError, match="positive"):
        ScaledClock(0)


def test_manual_clock_only_moves_forward(clock: ManualClock) -> None:
    """Time travel backwards and naive datetimes are refused."""
    with pytest.raises(ValueError, match="forward"):
        clock.move(-SECOND)
    with pytest.raises(ValueError, match="naive"):
        clock.set(datetime(2026, 7, 1))  # noqa: DTZ001


def test_code_ids_are_unique_across_runs(clock: ManualClock) -> None:
    """A restarted (or reset) sandbox never gives a new code an earlier run's id.

    Home Assistant keys entities on the code id: a reused id would hand an old code's
    entity to a new code.
    """

    def new_code_id(run: Sandbox) -> str:
        window = {"starts_at": START + 3 * HOUR, "ends_at": START + 5 * HOUR}
        return create(
            run, DemoDevice.GARDEN_GATE, name="Guest", **window
        ).access_code_id

    ids = []
    for _ in range(2):
        run = Sandbox.from_scenario("demo", clock=clock)
        ids += [new_code_id(run), new_code_id(run)]
        run.reset()
        ids.append(new_code_id(run))
    assert len(set(ids)) == len(ids)
