"""Tests for the Seam Offline Codes actions, against the sandbox."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import Platform
from homeassistant.core import Context, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.helpers.service import (
    async_get_all_descriptions,
    async_set_service_schema,
)
from homeassistant.util import dt as dt_util
import pytest

from custom_components.seam_offline_codes.const import DOMAIN
from custom_components.seam_offline_codes.helpers import code_unique_id

from .common import lock_device_id, move_time
from .conftest import REAL_CLOCK
from .const import BACK_DOOR, FRONT_DOOR, GARDEN_GATE, ROOM_101

if TYPE_CHECKING:
    from pytest_homeassistant_custom_component.common import MockUser

    from seam_sandbox import SandboxServer

pytestmark = pytest.mark.usefixtures("clock_sweep", "init_integration")

LOS_ANGELES = "America/Los_Angeles"


def _next_hour(hours: int = 1) -> datetime:
    """Return a whole hour in Home Assistant's time zone, some real hours from now.

    Counted in UTC, so it never lands in an hour a DST change skips or repeats.
    """
    now = dt_util.utcnow().replace(minute=0, second=0, microsecond=0)
    return dt_util.as_local(now + timedelta(hours=hours))


class Exact(str):
    """A field value sent as it is."""

    __slots__ = ()


def _naive(value: datetime) -> str:
    """Format a time as the UI's datetime selector does (no zone)."""
    return value.strftime("%Y-%m-%d %H:%M:%S")


async def _call(hass: HomeAssistant, service: str, **data: Any) -> dict[str, Any]:
    response = await hass.services.async_call(
        DOMAIN, service, data, blocking=True, return_response=True
    )
    assert response is not None
    return dict(response)


async def test_create_hourly_code(
    hass: HomeAssistant,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
    sandbox: SandboxServer,
) -> None:
    """Test an hourly code on an igloohome lock, read in Home Assistant's zone."""
    start = _next_hour(2)
    response = await _call(
        hass,
        "create_hourly_code",
        device_id=lock_device_id(device_registry, FRONT_DOOR),
        name="Guest Bob",
        starts_at=_naive(start),
        ends_at=_naive(start + timedelta(hours=48)),
    )
    code_id = response["access_code_id"]
    assert code_id in sandbox.sandbox.access_codes
    assert response["status"] == "unset"
    assert response["code"] is None
    assert response["time_zone"] == hass.config.time_zone
    assert dt_util.parse_datetime(response["starts_at"]) == start
    assert dt_util.parse_datetime(response["local_ends_at"]) == start + timedelta(
        hours=48
    )
    assert response["local_starts_at"] == start.isoformat()
    assert {"code": "igloo_algopin_must_be_used_within_24_hours"} in [
        {"code": w["code"]} for w in response["warnings"]
    ]
    # The sensor exists by the time the action answers.
    assert response["entity_id"] == entity_registry.async_get_entity_id(
        Platform.SENSOR, DOMAIN, code_unique_id(code_id)
    )
    state = hass.states.get(response["entity_id"])
    assert state is not None
    assert state.state == "unset"


async def test_create_hourly_code_with_duration(
    hass: HomeAssistant, device_registry: dr.DeviceRegistry
) -> None:
    """Test a duration instead of an end; the response says how the window was widened.

    Half past the hour for 90 minutes on igloohome is a code from the whole hour before,
    30 minutes earlier than asked (15:30 + 90 min: 15:00-17:00).
    """
    start = _next_hour(3) + timedelta(minutes=30)
    response = await _call(
        hass,
        "create_hourly_code",
        device_id=lock_device_id(device_registry, GARDEN_GATE),
        name="Plumber",
        starts_at=start.isoformat(),
        duration={"minutes": 90},
    )
    assert dt_util.parse_datetime(response["ends_at"]) == start + timedelta(minutes=90)
    assert dt_util.parse_datetime(response["local_starts_at"]) == start - timedelta(
        minutes=30
    )
    assert (response["widened_start_minutes"], response["widened_end_minutes"]) == (
        30,
        0,
    )


async def test_create_daily_code_igloohome(
    hass: HomeAssistant, device_registry: dr.DeviceRegistry
) -> None:
    """Test a 30-day daily code at a time of day."""
    first = (dt_util.now() + timedelta(days=1)).date()
    response = await _call(
        hass,
        "create_daily_code",
        device_id=lock_device_id(device_registry, GARDEN_GATE),
        name="Long stay",
        start_date=first.isoformat(),
        end_date=(first + timedelta(days=30)).isoformat(),
        time_of_day="15:00:00",
    )
    starts = dt_util.parse_datetime(response["starts_at"])
    ends = dt_util.parse_datetime(response["ends_at"])
    assert starts is not None
    assert ends is not None
    assert ends - starts == timedelta(days=30)
    assert response["local_starts_at"].startswith(f"{first.isoformat()}T15:00:00")


async def test_create_one_time_code(
    hass: HomeAssistant, device_registry: dr.DeviceRegistry, sandbox: SandboxServer
) -> None:
    """Test a one-time code is valid 24 hours from its start."""
    start = _next_hour(1)
    response = await _call(
        hass,
        "create_one_time_code",
        device_id=lock_device_id(device_registry, FRONT_DOOR),
        name="Cleaner",
        starts_at=_naive(start),
    )
    assert sandbox.sandbox.access_codes[response["access_code_id"]]["is_one_time_use"]
    assert dt_util.parse_datetime(response["local_ends_at"]) == start + timedelta(
        hours=24
    )


async def test_create_hourly_code_oracode_snaps_to_slot(
    hass: HomeAssistant, device_registry: dr.DeviceRegistry
) -> None:
    """Test an Oracode code is read in the door's zone and widened onto a covering slot."""
    tomorrow = (
        dt_util.now(dt_util.get_time_zone(LOS_ANGELES)) + timedelta(days=1)
    ).date()
    response = await _call(
        hass,
        "create_hourly_code",
        device_id=lock_device_id(device_registry, ROOM_101),
        name="Guest Carol",
        starts_at=f"{tomorrow} 16:15:00",
        ends_at=f"{tomorrow + timedelta(days=3)} 09:45:00",
    )
    assert response["time_zone"] == LOS_ANGELES
    assert response["rounded"] is True
    assert response["local_starts_at"].startswith(f"{tomorrow}T16:00:00")
    assert response["local_ends_at"].startswith(
        f"{tomorrow + timedelta(days=3)}T10:00:00"
    )
    assert response["time_slot"]


async def test_create_daily_code_oracode_default_slot(
    hass: HomeAssistant,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
) -> None:
    """Test the door's default slot select feeds the daily action."""
    select = entity_registry.async_get_entity_id(
        Platform.SELECT, DOMAIN, f"{ROOM_101}_default_time_slot"
    )
    assert select is not None
    state = hass.states.get(select)
    assert state is not None
    slots = state.attributes["options"]
    assert len(slots) == 3
    await hass.services.async_call(
        "select",
        "select_option",
        {"entity_id": select, "option": slots[1]},
        blocking=True,
    )
    first = (dt_util.now(dt_util.get_time_zone(LOS_ANGELES)) + timedelta(days=2)).date()
    response = await _call(
        hass,
        "create_daily_code",
        device_id=lock_device_id(device_registry, ROOM_101),
        name="Week stay",
        start_date=first.isoformat(),
        end_date=(first + timedelta(days=7)).isoformat(),
    )
    assert response["time_slot"] == slots[1]


@pytest.mark.parametrize(
    ("service", "lock", "data", "rule"),
    [
        (
            "create_hourly_code",
            FRONT_DOOR,
            {"starts_at": 2, "ends_at": 2 + 680},
            "igloohome_duration_gap",
        ),
        (
            "create_hourly_code",
            FRONT_DOOR,
            {"starts_at": 2, "ends_at": 1},
            "ends_before_start",
        ),
        (
            "create_hourly_code",
            FRONT_DOOR,
            {"starts_at": -3, "ends_at": 5},
            "starts_in_past",
        ),
        (
            "create_one_time_code",
            ROOM_101,
            {"starts_at": 2},
            "oracode_one_time_not_supported",
        ),
        (
            "create_hourly_code",
            ROOM_101,
            {"starts_at": "2 16:00", "ends_at": "42 10:00"},  # on a slot, 40 days
            "oracode_duration",
        ),
        (
            "create_daily_code",
            GARDEN_GATE,
            {"start_date": 1, "end_date": 10},
            "igloohome_daily_duration",
        ),
        (
            "create_hourly_code",
            FRONT_DOOR,
            {"starts_at": 2},
            "end_or_duration_required",
        ),
        (
            "create_hourly_code",
            FRONT_DOOR,
            {"starts_at": 2, "ends_at": 4, "duration": {"hours": 2}},
            "end_and_duration",
        ),
        (
            "create_hourly_code",
            FRONT_DOOR,
            {"starts_at": 2, "duration": {"days": 10**12}},
            "time_out_of_range",
        ),
        (
            "create_hourly_code",
            FRONT_DOOR,
            {"starts_at": 2, "duration": {"days": 999_999_999}},
            "time_out_of_range",
        ),
        *(
            (
                "create_hourly_code",
                FRONT_DOOR,
                {"starts_at": Exact(starts_at), "duration": {"hours": 2}},
                "time_out_of_range",
            )
            for starts_at in ("9999-12-31T23:00:00-05:00", "0001-01-01T00:00:00+05:00")
        ),
        (
            "create_daily_code",
            ROOM_101,
            {"start_date": 1, "end_date": 3, "time_slot": "Nope"},
            "unknown_time_slot",
        ),
    ],
)
async def test_rule_violations_send_nothing(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    device_registry: dr.DeviceRegistry,
    sandbox: SandboxServer,
    service: str,
    lock: str,
    data: dict[str, Any],
    rule: str,
) -> None:
    """Test each broken rule is a translated validation error raised before any request.

    Seam is down during the call: had the action sent anything, it would fail with a
    HomeAssistantError instead. The time of day is fixed (tomorrow, 09:45 in Room 101's
    zone), so the Oracode windows start and end near one of the door's slots.
    """
    tomorrow = dt_util.now(dt_util.get_time_zone(LOS_ANGELES)) + timedelta(days=1)
    freezer.move_to(tomorrow.replace(hour=9, minute=45, second=0, microsecond=0))
    call: dict[str, Any] = {
        "device_id": lock_device_id(device_registry, lock),
        "name": "Guest",
    }
    for key, value in data.items():
        if isinstance(value, Exact):
            call[key] = str(value)
        elif key.endswith("_at") and isinstance(
            value, str
        ):  # "days HH:MM", door's zone
            days, clock = value.split()
            door_today = dt_util.now(dt_util.get_time_zone(LOS_ANGELES)).date()
            call[key] = f"{door_today + timedelta(days=int(days))} {clock}:00"
        elif key.endswith("_at"):
            call[key] = _naive(_next_hour(value))
        elif key.endswith("_date"):
            call[key] = (dt_util.now() + timedelta(days=value)).date().isoformat()
        else:
            call[key] = value
    codes_before = set(sandbox.sandbox.access_codes)
    sandbox.sandbox.faults.start_outage()
    with pytest.raises(ServiceValidationError) as excinfo:
        await hass.services.async_call(
            DOMAIN, service, call, blocking=True, return_response=True
        )
    assert excinfo.value.translation_domain == DOMAIN
    assert excinfo.value.translation_key == rule
    assert str(excinfo.value)  # the message is translated, with its placeholders filled
    assert "{" not in str(excinfo.value)
    assert set(sandbox.sandbox.access_codes) == codes_before


@pytest.mark.parametrize(
    ("service", "data"),
    [
        ("create_hourly_code", {"starts_at": 2, "duration": {"hours": 3}}),
        ("create_daily_code", {"start_date": 1, "end_date": 3}),
        ("create_one_time_code", {"starts_at": 2}),
        ("create_stay_codes", {"check_in": 24, "check_out": 48}),
    ],
)
async def test_create_actions_refuse_non_admins(
    hass: HomeAssistant,
    device_registry: dr.DeviceRegistry,
    sandbox: SandboxServer,
    hass_read_only_user: MockUser,
    service: str,
    data: dict[str, Any],
) -> None:
    """Test a user who is not an administrator is refused before any request."""
    call: dict[str, Any] = {
        "device_id": lock_device_id(device_registry, FRONT_DOOR),
        "name": "Guest",
    }
    for key, value in data.items():
        if key.endswith("_date"):
            call[key] = (dt_util.now() + timedelta(days=value)).date().isoformat()
        elif isinstance(value, int):
            call[key] = _naive(_next_hour(value))
        else:
            call[key] = value
    requests_before = len(sandbox.sandbox.requests)
    for user_id in (hass_read_only_user.id, "gone"):
        with pytest.raises(ServiceValidationError) as excinfo:
            await hass.services.async_call(
                DOMAIN,
                service,
                call,
                blocking=True,
                return_response=True,
                context=Context(user_id=user_id),
            )
        assert excinfo.value.translation_key == "admin_required"
    assert len(sandbox.sandbox.requests) == requests_before


async def test_boolean_fields_show_as_they_act(hass: HomeAssistant) -> None:
    """Test no optional field has a form default, which the form shows ticked but off."""
    descriptions = (await async_get_all_descriptions(hass))[DOMAIN]
    for service, description in descriptions.items():
        for name, field in description["fields"].items():
            assert "default" not in field or field.get("required"), (service, name)


async def test_seam_failure_is_home_assistant_error(
    hass: HomeAssistant, device_registry: dr.DeviceRegistry, sandbox: SandboxServer
) -> None:
    """Test Seam being down makes the action fail with a translated error."""
    sandbox.sandbox.faults.start_outage()
    with pytest.raises(HomeAssistantError) as excinfo:
        await _call(
            hass,
            "create_one_time_code",
            device_id=lock_device_id(device_registry, FRONT_DOOR),
            name="Cleaner",
            starts_at=_naive(_next_hour(1)),
        )
    assert not isinstance(excinfo.value, ServiceValidationError)
    assert excinfo.value.translation_key == "create_failed"


async def test_unknown_or_unmanaged_device(
    hass: HomeAssistant, device_registry: dr.DeviceRegistry
) -> None:
    """Test a device that isn't a managed lock is refused."""
    with pytest.raises(ServiceValidationError) as excinfo:
        await _call(hass, "list_time_slots", device_id="nope")
    assert excinfo.value.translation_key == "device_not_found"
    entry_id = hass.config_entries.async_entries(DOMAIN)[0].entry_id
    stray = device_registry.async_get_or_create(
        config_entry_id=entry_id, identifiers={(DOMAIN, BACK_DOOR)}
    )
    with pytest.raises(ServiceValidationError) as excinfo:
        await _call(hass, "list_time_slots", device_id=stray.id)
    assert excinfo.value.translation_key == "device_not_managed"


async def test_list_time_slots(
    hass: HomeAssistant, device_registry: dr.DeviceRegistry
) -> None:
    """Test the supported slots of an Oracode door, without master and one-shot slots."""
    response = await _call(
        hass, "list_time_slots", device_id=lock_device_id(device_registry, ROOM_101)
    )
    assert response["time_zone"] == LOS_ANGELES
    assert [(s["check_in"], s["check_out"]) for s in response["time_slots"]] == [
        ("12:00:00", "12:00:00"),
        ("07:00:00", "19:00:00"),
        ("16:00:00", "10:00:00"),
    ]


async def test_time_slot_selector_follows_doors(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, sandbox: SandboxServer
) -> None:
    """Test the daily action's slot selector lists the door's slots and follows changes."""

    async def options() -> list[dict[str, str]]:
        descriptions = await async_get_all_descriptions(hass)
        field = descriptions[DOMAIN]["create_daily_code"]["fields"]["time_slot"]
        return list(field["selector"]["select"]["options"])

    assert await options() == [
        {
            "value": "Guest 24H noon-noon",
            "label": "Room 101: Guest 24H noon-noon (12:00-12:00)",
        },
        {"value": "Guest 4pm-10am", "label": "Room 101: Guest 4pm-10am (16:00-10:00)"},
        {
            "value": "Guest D 7am-7pm",
            "label": "Room 101: Guest D 7am-7pm (07:00-19:00)",
        },
    ]
    slots = sandbox.sandbox.devices[ROOM_101]["properties"][
        "dormakaba_oracode_metadata"
    ]["predefined_time_slots"]
    with patch(
        "custom_components.seam_offline_codes.services.async_set_service_schema",
        wraps=async_set_service_schema,
    ) as set_schema:
        # A full sync with the same slots leaves the schema alone.
        await move_time(hass, freezer, timedelta(minutes=15))
        assert set_schema.call_count == 0
        sandbox.sandbox.set_time_slots(ROOM_101, slots[:1])
        await move_time(hass, freezer, timedelta(minutes=15))
        assert set_schema.call_count == 1
    assert [option["value"] for option in await options()] == [slots[0]["name"]]


@pytest.mark.parametrize(
    ("fault", "translation_key"),
    [("rate_limit", "create_rate_limited"), ("revoke", "invalid_auth")],
)
async def test_seam_refusals_are_translated(
    hass: HomeAssistant,
    device_registry: dr.DeviceRegistry,
    sandbox: SandboxServer,
    fault: str,
    translation_key: str,
) -> None:
    """Test a 429 says when to retry, and a revoked key starts re-authentication."""
    if fault == "rate_limit":
        sandbox.sandbox.faults.rate_limit_burst(1, retry_after=30)
    else:
        sandbox.sandbox.faults.revoke_api_key()
    with pytest.raises(HomeAssistantError) as excinfo:
        await _call(
            hass,
            "create_one_time_code",
            device_id=lock_device_id(device_registry, FRONT_DOOR),
            name="Cleaner",
            starts_at=_naive(_next_hour(1)),
        )
    assert excinfo.value.translation_key == translation_key
    flows = hass.config_entries.flow.async_progress()
    assert bool(flows) is (fault == "revoke")


async def test_entry_not_loaded(
    hass: HomeAssistant, device_registry: dr.DeviceRegistry
) -> None:
    """Test actions on a lock of an unloaded entry explain why they can't run."""
    device_id = lock_device_id(device_registry, ROOM_101)
    entry = hass.config_entries.async_entries(DOMAIN)[0]
    await hass.config_entries.async_unload(entry.entry_id)
    with pytest.raises(ServiceValidationError) as excinfo:
        await _call(hass, "list_time_slots", device_id=device_id)
    assert excinfo.value.translation_key == "entry_not_loaded"


@pytest.mark.parametrize("clock_sweep", [REAL_CLOCK], indirect=True)
@pytest.mark.parametrize(
    "sandbox_settings",
    [{"min_unset_duration": timedelta(0), "setting_duration": timedelta(seconds=1)}],
)
async def test_wait_for_code_returns_the_pin(
    hass: HomeAssistant, device_registry: dr.DeviceRegistry, sandbox: SandboxServer
) -> None:
    """Test a code starting now answers with its PIN once Seam has assigned it."""
    with patch(
        "custom_components.seam_offline_codes.coordinator.PIN_POLL",
        timedelta(seconds=0.5),
    ):
        response = await _call(
            hass,
            "create_one_time_code",
            device_id=lock_device_id(device_registry, FRONT_DOOR),
            name="Cleaner",
            starts_at=dt_util.now().isoformat(),  # now, also in an hour DST repeats
            wait_for_code=True,
        )
    assert response["status"] == "set"
    pin = sandbox.sandbox.access_codes[response["access_code_id"]]["code"]
    assert response["code"] == pin
    assert len(pin) == 9
    state = hass.states.get(response["entity_id"])
    assert state is not None
    assert state.state == "set"


@pytest.mark.parametrize("clock_sweep", [REAL_CLOCK], indirect=True)
async def test_wait_for_code_gives_up(
    hass: HomeAssistant, device_registry: dr.DeviceRegistry
) -> None:
    """Test a code whose PIN comes later answers without it after the wait."""
    with (
        patch(
            "custom_components.seam_offline_codes.coordinator.PIN_POLL",
            timedelta(seconds=0.01),
        ),
        patch(
            "custom_components.seam_offline_codes.coordinator.PIN_WAIT",
            timedelta(seconds=0.1),
        ),
    ):
        response = await _call(
            hass,
            "create_hourly_code",
            device_id=lock_device_id(device_registry, GARDEN_GATE),
            name="Later",
            starts_at=_naive(_next_hour(5)),
            duration={"hours": 2},
            wait_for_code=True,
        )
    assert response["code"] is None
    assert response["status"] == "unset"
    gave_up = response["warnings"][-1]
    assert gave_up["code"] == "wait_for_code_gave_up"
    assert "seconds" in gave_up["message"]
    assert "code_set" in gave_up["message"]
    assert "get_code" in gave_up["message"]


@pytest.mark.parametrize("clock_sweep", [REAL_CLOCK], indirect=True)
@pytest.mark.parametrize("platforms", [[Platform.EVENT]])
async def test_create_answers_without_a_sensor(
    hass: HomeAssistant, device_registry: dr.DeviceRegistry, sandbox: SandboxServer
) -> None:
    """Test a code whose sensor does not appear (no sensor platform) is still described."""
    with patch(
        "custom_components.seam_offline_codes.coordinator.ENTITY_WAIT",
        timedelta(seconds=0.05),
    ):
        response = await _call(
            hass,
            "create_one_time_code",
            device_id=lock_device_id(device_registry, FRONT_DOOR),
            name="Cleaner",
            starts_at=_naive(_next_hour(1)),
        )
    assert response["access_code_id"] in sandbox.sandbox.access_codes
    assert response["entity_id"] is None


@pytest.mark.parametrize("clock_sweep", [REAL_CLOCK], indirect=True)
@pytest.mark.parametrize("platforms", [[Platform.EVENT]])
async def test_create_answers_with_a_sensor_added_later(
    hass: HomeAssistant,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
    sandbox: SandboxServer,
) -> None:
    """Test the action waits for a code's sensor that appears after the snapshot."""
    coordinator = hass.config_entries.async_entries(DOMAIN)[0].runtime_data.coordinator
    known = set(coordinator.data.codes)
    taken = asyncio.Event()

    @callback
    def check_taken() -> None:
        if set(coordinator.data.codes) - known:
            taken.set()

    unsubscribe = coordinator.async_add_listener(check_taken)
    create = hass.async_create_task(
        _call(
            hass,
            "create_one_time_code",
            device_id=lock_device_id(device_registry, FRONT_DOOR),
            name="Cleaner",
            starts_at=_naive(_next_hour(1)),
        )
    )
    await taken.wait()
    unsubscribe()
    assert not create.done()
    (code_id,) = set(coordinator.data.codes) - known
    entry = entity_registry.async_get_or_create(
        Platform.SENSOR, DOMAIN, code_unique_id(code_id)
    )
    hass.states.async_set(entry.entity_id, "unset")
    response = await create
    assert response["access_code_id"] == code_id
    assert response["entity_id"] == entry.entity_id
