"""Seam's offline-code rules: each violation is a 400 naming the rule; each edge is accepted."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from seam_sandbox import DemoDevice, ManualClock, Sandbox, SeamError
from seam_sandbox.rules import START_GRACE
from seam_sandbox.state import CodeKind

from .conftest import START
from .helpers import DAY, HOUR, create, local, refused

GATE = DemoDevice.GARDEN_GATE
ROOM = DemoDevice.ROOM_101


# --- every maker ---------------------------------------------------------------------


def test_offline_code_needs_offline_support(sandbox: Sandbox) -> None:
    """A lock without offline support refuses offline codes."""
    refused(
        sandbox,
        DemoDevice.BACK_DOOR,
        "can_program_offline_access_codes",
        starts_at=START + HOUR,
        ends_at=START + 2 * HOUR,
    )


def test_non_lock_refuses_codes(sandbox: Sandbox) -> None:
    """A thermostat takes no access codes at all."""
    refused(
        sandbox,
        DemoDevice.LIVING_ROOM,
        "does not support access codes",
        starts_at=START + HOUR,
        ends_at=START + 2 * HOUR,
    )


@pytest.mark.parametrize("device_id", [GATE, ROOM])
def test_offline_only_locks_refuse_online_codes(
    sandbox: Sandbox, device_id: str
) -> None:
    """No bridge (igloohome) or Oracode: is_offline_access_code is required."""
    refused(
        sandbox,
        device_id,
        "can_program_online_access_codes",
        "is_offline_access_code",
        is_offline_access_code=False,
    )


def test_custom_code_refused_on_offline_codes(sandbox: Sandbox) -> None:
    """The PIN comes from the manufacturer's algorithm."""
    refused(
        sandbox,
        GATE,
        "custom code",
        code="123456",
        starts_at=START + HOUR,
        ends_at=START + 2 * HOUR,
    )


def test_time_frame_checks(sandbox: Sandbox) -> None:
    """starts_at required and not past; ends_at required and after starts_at."""
    refused(sandbox, GATE, "starts_at is required", ends_at=START + HOUR)
    refused(sandbox, GATE, "ends_at is required", starts_at=START + HOUR)
    refused(
        sandbox,
        GATE,
        "in the past",
        starts_at=START - HOUR,
        ends_at=START + HOUR,
    )
    refused(
        sandbox,
        GATE,
        "ends_at must be after starts_at",
        starts_at=START + 2 * HOUR,
        ends_at=START + 2 * HOUR,
    )
    assert (
        create(sandbox, GATE, starts_at=START, ends_at=START + HOUR).starts_at == START
    )


def test_start_in_past_within_rounding_reach(sandbox: Sandbox) -> None:
    """A start rounded back from now (igloohome: 30 min; Oracode: the tolerance) + 1 min."""
    reach = HOUR / 2 + START_GRACE
    code = create(sandbox, GATE, starts_at=START - reach, ends_at=START + HOUR)
    assert code.starts_at == START - HOUR  # 14:29 rounds to 14:00
    refused(
        sandbox,
        GATE,
        "starts_at must not be in the past",
        starts_at=START - reach - timedelta(seconds=1),
        ends_at=START + HOUR,
    )
    # 08:00 in Los Angeles; the 7am-7pm slot began an hour ago.
    day = create(
        sandbox,
        ROOM,
        starts_at=local("2026-06-01 07:00") - START_GRACE,
        ends_at=local("2026-06-01 19:00"),
    )
    assert day.starts_at == local("2026-06-01 07:00")
    refused(
        sandbox,
        ROOM,
        "in the past",
        starts_at=local("2026-06-01 06:59") - timedelta(seconds=1),
        ends_at=local("2026-06-01 19:00"),
    )


def test_max_time_rounding_values(sandbox: Sandbox) -> None:
    """Only 1h, 1hour, 1d and 1day are accepted."""
    refused(
        sandbox,
        GATE,
        "1h, 1hour, 1d, 1day",
        max_time_rounding="2h",
        starts_at=START + HOUR,
        ends_at=START + 2 * HOUR,
    )
    for hour, value in enumerate(("1h", "1hour", "1d", "1day"), start=1):
        create(
            sandbox,
            GATE,
            max_time_rounding=value,
            starts_at=START + hour * HOUR,
            ends_at=START + (hour + 1) * HOUR,
        )


def test_one_time_use_needs_offline(sandbox: Sandbox) -> None:
    """is_one_time_use is for offline codes only."""
    refused(
        sandbox,
        DemoDevice.FRONT_DOOR,
        "offline",
        is_offline_access_code=False,
        is_one_time_use=True,
        starts_at=START + HOUR,
        ends_at=START + 2 * HOUR,
    )


def test_create_rate_limit(sandbox: Sandbox, clock: ManualClock) -> None:
    """Ten accepted creates per device per minute, then 429 with Retry-After."""
    for hour in range(1, 11):
        create(
            sandbox,
            DemoDevice.FRONT_DOOR,
            is_offline_access_code=False,
            starts_at=START + hour * HOUR,
            ends_at=START + (hour + 1) * HOUR,
        )
    clock.move(timedelta(seconds=20))
    with pytest.raises(SeamError) as caught:
        create(sandbox, DemoDevice.FRONT_DOOR, is_offline_access_code=False)
    assert caught.value.status == 429
    assert caught.value.headers == {"Retry-After": "40"}
    create(sandbox, GATE, starts_at=START + HOUR, ends_at=START + 2 * HOUR)
    clock.move(timedelta(seconds=40))
    create(sandbox, DemoDevice.FRONT_DOOR, is_offline_access_code=False)


def test_unknown_device(sandbox: Sandbox) -> None:
    """An unknown device is a 404."""
    with pytest.raises(SeamError) as caught:
        create(sandbox, "00000000-0000-4000-8000-000000000000")
    assert (caught.value.status, caught.value.error_type) == (404, "device_not_found")


# --- online codes --------------------------------------------------------------------


def test_online_codes(sandbox: Sandbox) -> None:
    """Online codes: custom PIN within the supported lengths, both times or neither."""
    ongoing = create(
        sandbox, DemoDevice.BACK_DOOR, is_offline_access_code=False, code="4821"
    )
    assert (ongoing.kind, ongoing.code) == (CodeKind.ONGOING, "4821")
    generated = create(sandbox, DemoDevice.FRONT_DOOR, is_offline_access_code=False)
    assert generated.code is not None
    assert len(generated.code) == 4
    refused(
        sandbox,
        DemoDevice.BACK_DOOR,
        "4 to 8 digits",
        is_offline_access_code=False,
        code="12",
    )
    refused(
        sandbox,
        DemoDevice.BACK_DOOR,
        "provided together",
        is_offline_access_code=False,
        starts_at=START + HOUR,
    )
    refused(
        sandbox,
        DemoDevice.BACK_DOOR,
        "after starts_at",
        is_offline_access_code=False,
        starts_at=START + HOUR,
        ends_at=START,
    )
    refused(
        sandbox,
        DemoDevice.BACK_DOOR,
        "in the future",
        is_offline_access_code=False,
        starts_at=START - 2 * HOUR,
        ends_at=START - HOUR,
    )
    timed = create(
        sandbox,
        DemoDevice.BACK_DOOR,
        is_offline_access_code=False,
        starts_at=START - HOUR,
        ends_at=START + HOUR,
    )
    assert timed.kind is CodeKind.TIME_BOUND


# --- igloohome -----------------------------------------------------------------------


def test_igloohome_hourly_band(sandbox: Sandbox) -> None:
    """1 to 672 whole hours; longer than 24 h carries the algoPIN warning."""
    one_hour = create(sandbox, GATE, starts_at=START + HOUR, ends_at=START + 2 * HOUR)
    assert one_hour.kind is CodeKind.IGLOOHOME_HOURLY
    assert one_hour.warnings == []
    longest = create(
        sandbox, GATE, starts_at=START + 2 * HOUR, ends_at=START + 674 * HOUR
    )
    assert [w["warning_code"] for w in longest.warnings] == [
        "igloo_algopin_must_be_used_within_24_hours"
    ]
    refused(
        sandbox,
        GATE,
        "1 to 672 hours",
        starts_at=START + HOUR,
        ends_at=START + HOUR + timedelta(minutes=29),
    )
    refused(sandbox, GATE, "gap", starts_at=START + HOUR, ends_at=START + 674 * HOUR)
    refused(
        sandbox,
        GATE,
        "gap",
        starts_at=START + HOUR,
        ends_at=START + HOUR + 28 * DAY + 3 * HOUR,
    )


def test_igloohome_rounds_to_nearest_hour(sandbox: Sandbox) -> None:
    """Times snap to the nearest whole hour; the code shows the rounded times."""
    code = create(
        sandbox,
        GATE,
        starts_at=START + HOUR + timedelta(minutes=29),
        ends_at=START + 3 * HOUR + timedelta(minutes=30),
    )
    assert (code.starts_at, code.ends_at) == (START + HOUR, START + 4 * HOUR)
    assert code.to_json()["starts_at"] == "2026-06-01T16:00:00.000Z"


def test_igloohome_daily_band(sandbox: Sandbox) -> None:
    """29 to 367 days with the same time of day."""
    start = START + HOUR
    shortest = create(sandbox, GATE, starts_at=start, ends_at=start + 29 * DAY)
    assert shortest.kind is CodeKind.IGLOOHOME_DAILY
    assert [w["warning_code"] for w in shortest.warnings] == [
        "igloo_algopin_must_be_used_within_24_hours"
    ]
    create(sandbox, GATE, starts_at=start, ends_at=start + 367 * DAY)
    refused(sandbox, GATE, "29 to 367 days", starts_at=start, ends_at=start + 368 * DAY)


def test_igloohome_daily_same_time_of_day(sandbox: Sandbox) -> None:
    """An end off the start's time of day rounds within max_time_rounding, else a 400."""
    start = START + HOUR
    nudged = create(
        sandbox, GATE, starts_at=start, ends_at=start + 30 * DAY + timedelta(minutes=50)
    )
    assert nudged.ends_at == start + 30 * DAY
    refused(
        sandbox,
        GATE,
        "same time of day",
        "max_time_rounding 1d",
        starts_at=start,
        ends_at=start + 30 * DAY + 3 * HOUR,
    )
    rounded = create(
        sandbox,
        GATE,
        starts_at=start,
        ends_at=start + 30 * DAY + 3 * HOUR,
        max_time_rounding="1d",
    )
    assert rounded.ends_at == start + 30 * DAY


def test_igloohome_daily_keeps_local_time_across_dst(sandbox: Sandbox) -> None:
    """Same time of day means the lock's local time (New York), even across a DST change."""
    start = local("2026-10-20 09:00", ZoneInfo("America/New_York"))
    end = local("2026-11-20 09:00", ZoneInfo("America/New_York"))
    code = create(sandbox, GATE, starts_at=start, ends_at=end)
    assert code.kind is CodeKind.IGLOOHOME_DAILY
    assert code.ends_at == end
    assert code.ends_at - code.starts_at == 31 * DAY + HOUR


def test_igloohome_one_time_use(sandbox: Sandbox) -> None:
    """Valid 24 h from starts_at; any other ends_at is refused."""
    code = create(sandbox, GATE, is_one_time_use=True, starts_at=START + HOUR)
    assert (code.kind, code.ends_at) == (CodeKind.IGLOOHOME_ONE_TIME, START + 25 * HOUR)
    assert code.to_json()["is_one_time_use"] is True
    assert code.warnings == []
    same = create(
        sandbox,
        GATE,
        is_one_time_use=True,
        starts_at=START + HOUR,
        ends_at=START + 25 * HOUR,
    )
    assert same.ends_at == START + 25 * HOUR
    refused(
        sandbox,
        GATE,
        "exactly 24 hours",
        is_one_time_use=True,
        starts_at=START + HOUR,
        ends_at=START + 49 * HOUR,
    )
    refused(sandbox, GATE, "starts_at is required", is_one_time_use=True)


def test_igloohome_quotas(sandbox: Sandbox, clock: ManualClock) -> None:
    """3 hourly per start hour, 3 daily per start day, 5 one-time per start date."""
    start = START + HOUR
    for _ in range(3):
        create(sandbox, GATE, starts_at=start, ends_at=start + HOUR)
    refused(
        sandbox, GATE, "at most 3 hourly", starts_at=start, ends_at=start + 2 * HOUR
    )
    create(sandbox, GATE, starts_at=start + HOUR, ends_at=start + 2 * HOUR)
    for hour in range(3):
        create(
            sandbox,
            GATE,
            starts_at=start + hour * HOUR,
            ends_at=start + hour * HOUR + 40 * DAY,
        )
    refused(
        sandbox,
        GATE,
        "at most 3 daily",
        starts_at=start + 5 * HOUR,
        ends_at=start + 5 * HOUR + 40 * DAY,
    )
    for hour in range(5):
        create(sandbox, GATE, is_one_time_use=True, starts_at=START + (hour + 1) * HOUR)
        clock.move(timedelta(minutes=1))
    refused(
        sandbox,
        GATE,
        "at most 5 one-time-use",
        is_one_time_use=True,
        starts_at=START + 7 * HOUR,
    )
    create(sandbox, GATE, is_one_time_use=True, starts_at=START + 2 * DAY)


def test_igloohome_holds_199_codes(clock: ManualClock) -> None:
    """The 200th code on one igloohome lock is refused."""
    sandbox = Sandbox.from_scenario("demo", clock=clock, create_rate_limit=0)
    for index in range(199):
        start = START + (1 + index // 3) * HOUR
        create(sandbox, GATE, starts_at=start, ends_at=start + HOUR)
    refused(
        sandbox,
        GATE,
        "at most 199",
        starts_at=START + 100 * HOUR,
        ends_at=START + 101 * HOUR,
    )


# --- dormakaba Oracode (America/Los_Angeles; START is 08:00 there) --------------------


@pytest.mark.parametrize(
    ("starts_at", "ends_at", "prefix"),
    [
        ("2026-06-01 16:00", "2026-06-03 10:00", "14"),
        ("2026-06-02 07:00", "2026-06-05 19:00", "13"),
        ("2026-06-02 12:00", "2026-06-04 12:00", "12"),
    ],
)
def test_oracode_slots_match(
    sandbox: Sandbox, starts_at: str, ends_at: str, prefix: str
) -> None:
    """A time frame on a slot gets that slot's user level and PIN prefix."""
    code = create(sandbox, ROOM, starts_at=local(starts_at), ends_at=local(ends_at))
    assert (code.starts_at, code.ends_at) == (local(starts_at), local(ends_at))
    assert code.pin.startswith(prefix)
    assert len(code.pin) == len(prefix) + 6
    assert code.oracode_metadata is not None
    assert code.oracode_metadata["site_name"] == "Ocean Beach Vacations"


def test_oracode_snaps_within_an_hour(sandbox: Sandbox) -> None:
    """3:45 PM to 10:15 AM becomes the 4pm-10am slot (the docs' example)."""
    code = create(
        sandbox,
        ROOM,
        starts_at=local("2026-06-01 15:45"),
        ends_at=local("2026-06-04 10:15"),
    )
    assert (code.starts_at, code.ends_at) == (
        local("2026-06-01 16:00"),
        local("2026-06-04 10:00"),
    )
    assert (
        code.to_json()["dormakaba_oracode_metadata"]["user_level_name"]
        == "Guest 4pm-10am"
    )


@pytest.mark.parametrize(
    ("starts_at", "ends_at"),
    [
        ("2026-06-01 09:30", "2026-06-02 17:00"),  # no slot near these times
        ("2026-06-02 00:00", "2026-06-03 23:59"),  # only the master slot
        ("2026-06-01 22:00", "2026-06-02 06:00"),  # only the one-shot slot
    ],
)
def test_oracode_mismatch_refused(
    sandbox: Sandbox, starts_at: str, ends_at: str
) -> None:
    """No usable slot within the tolerance: a 400 listing the supported slots."""
    error = refused(
        sandbox,
        ROOM,
        "No dormakaba Oracode time slot",
        "Guest 4pm-10am (16:00-10:00)",
        starts_at=local(starts_at),
        ends_at=local(ends_at),
    )
    assert "Master" not in error.message


def test_oracode_wider_rounding(sandbox: Sandbox) -> None:
    """With max_time_rounding 1d the closest slot is used."""
    code = create(
        sandbox,
        ROOM,
        starts_at=local("2026-06-01 13:00"),
        ends_at=local("2026-06-03 13:00"),
        max_time_rounding="1d",
    )
    assert code.starts_at == local("2026-06-01 12:00")


def test_oracode_at_most_31_days(sandbox: Sandbox) -> None:
    """31 days is the longest Oracode code."""
    create(
        sandbox,
        ROOM,
        starts_at=local("2026-06-02 12:00"),
        ends_at=local("2026-07-03 12:00"),
    )
    refused(
        sandbox,
        ROOM,
        "at most 31 days",
        starts_at=local("2026-06-02 12:00"),
        ends_at=local("2026-07-04 12:00"),
    )


def test_oracode_refuses_one_time_use(sandbox: Sandbox) -> None:
    """One-time-use codes are igloohome only."""
    refused(
        sandbox,
        ROOM,
        "not supported on dormakaba Oracode",
        is_one_time_use=True,
        starts_at=local("2026-06-01 16:00"),
    )


def test_oracode_new_time_slots(sandbox: Sandbox) -> None:
    """After set_time_slots the door matches the new slots only."""
    slot = {
        "name": "Late 6pm-9am",
        "prefix": 30,
        "check_in_time": "18:00:00[America/Los_Angeles]",
        "check_out_time": "09:00:00[America/Los_Angeles]",
        "is_24_hour": False,
        "is_one_shot": False,
        "is_master": False,
        "is_biweekly_mode": False,
        "ext_dormakaba_oracode_user_level_prefix": 30,
    }
    sandbox.set_time_slots(ROOM, [slot])
    code = create(
        sandbox,
        ROOM,
        starts_at=local("2026-06-01 18:00"),
        ends_at=local("2026-06-02 09:00"),
    )
    assert code.pin.startswith("30")
    refused(
        sandbox,
        ROOM,
        "Late 6pm-9am",
        starts_at=local("2026-06-01 16:00"),
        ends_at=local("2026-06-02 10:00"),
    )
    with pytest.raises(SeamError, match="only on dormakaba Oracode"):
        sandbox.set_time_slots(GATE, [slot])
