"""Test the create_stay_codes action: one call, the right code on every door."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from unittest.mock import patch

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import device_registry as dr
from homeassistant.util import dt as dt_util
import pytest

from custom_components.seam_offline_codes.const import DOMAIN
from custom_components.seam_offline_codes.stay_store import STORAGE_KEY

from .common import lock_device_id, sandbox_admin
from .const import FRONT_DOOR, ROOM_101

if TYPE_CHECKING:
    from seam_sandbox import SandboxServer

pytestmark = pytest.mark.usefixtures("init_integration")


def check_in_day() -> datetime:
    """Return 15:00 three days from now, as a naive wall time."""
    day = dt_util.now().date() + timedelta(days=3)
    return datetime(day.year, day.month, day.day, 15)  # noqa: DTZ001


async def create_stay(
    hass: HomeAssistant,
    device_registry: dr.DeviceRegistry,
    length: timedelta,
    *locks: str,
    **extra: Any,
) -> dict[str, Any]:
    """Call the action for Anna on ``locks``, ``length`` from the check-in day."""
    check_in = check_in_day()
    response = await hass.services.async_call(
        DOMAIN,
        "create_stay_codes",
        {
            "device_id": [lock_device_id(device_registry, lock) for lock in locks],
            "name": "Anna",
            "check_in": check_in.isoformat(" "),
            "check_out": (check_in + length).isoformat(" "),
            **extra,
        },
        blocking=True,
        return_response=True,
    )
    assert response is not None
    return dict(response)


@pytest.mark.parametrize(
    ("length", "igloohome", "oracode_slot"),
    [
        (timedelta(hours=2), "hourly", "Guest D 7am-7pm"),
        (timedelta(days=4, hours=20), "hourly", "Guest 24H noon-noon"),
        (timedelta(days=28, hours=12), "daily", "Guest 24H noon-noon"),
    ],
)
async def test_one_call_every_door(
    hass: HomeAssistant,
    device_registry: dr.DeviceRegistry,
    sandbox: SandboxServer,
    hass_storage: dict[str, Any],
    length: timedelta,
    igloohome: str,
    oracode_slot: str,
) -> None:
    """An igloohome lock and an Oracode door each get the code that covers the stay."""
    response = await create_stay(hass, device_registry, length, FRONT_DOOR, ROOM_101)
    front, room = response["codes"]
    assert (front["lock"], front["kind"], front["time_slot"]) == (
        "Front Door",
        igloohome,
        None,
    )
    assert (room["lock"], room["kind"], room["time_slot"]) == (
        "Room 101",
        "daily",
        oracode_slot,
    )
    for code in (front, room):
        assert code["access_code_id"] in sandbox.sandbox.access_codes
        assert code["entity_id"].startswith("sensor.")
        assert code["device_id"] == lock_device_id(
            device_registry, FRONT_DOOR if code is front else ROOM_101
        )
        starts = dt_util.parse_datetime(code["starts_at"])
        assert starts is not None
        assert starts == dt_util.parse_datetime(code["local_starts_at"])
        assert code["widened_before_minutes"] >= 0
        assert code["code"] is None
    stored = hass_storage[STORAGE_KEY]["data"]["stays"]
    (stay,) = stored
    assert stay["stay_id"] == response["stay_id"]
    assert [code["access_code_id"] for code in stay["codes"]] == [
        front["access_code_id"],
        room["access_code_id"],
    ]
    assert stay["check_in"] == check_in_day().isoformat()


async def test_forty_days_on_igloohome(
    hass: HomeAssistant, device_registry: dr.DeviceRegistry, sandbox: SandboxServer
) -> None:
    """Forty days on an igloohome lock alone: a daily code to the check-out date."""
    response = await create_stay(hass, device_registry, timedelta(days=40), FRONT_DOOR)
    (front,) = response["codes"]
    assert front["kind"] == "daily"
    assert front["widening"] == []
    stored = sandbox.sandbox.access_codes[front["access_code_id"]]
    assert stored["ends_at"] == front["ends_at"].replace("+00:00", ".000Z")


async def test_extension_and_warnings_are_named(
    hass: HomeAssistant, device_registry: dr.DeviceRegistry
) -> None:
    """A 28.5-day igloohome stay is extended to 29 days, and the response says why."""
    response = await create_stay(
        hass, device_registry, timedelta(days=28, hours=12), FRONT_DOOR
    )
    (front,) = response["codes"]
    assert front["widening"] == ["daily_minimum"]
    assert front["widened_after_minutes"] == 12 * 60
    assert "first_use_within_24_hours" in [w["code"] for w in front["warnings"]]


@pytest.mark.parametrize(
    ("length", "locks", "lock", "rule"),
    [
        (timedelta(days=40), (FRONT_DOOR, ROOM_101), "Room 101", "31 days"),
        (timedelta(days=400), (FRONT_DOOR,), "Front Door", "367 days"),
    ],
)
async def test_refusal_creates_nothing(
    hass: HomeAssistant,
    device_registry: dr.DeviceRegistry,
    sandbox: SandboxServer,
    length: timedelta,
    locks: tuple[str, ...],
    lock: str,
    rule: str,
) -> None:
    """If one door can't take the stay, no door gets a code; the error names it."""
    with pytest.raises(ServiceValidationError) as excinfo:
        await create_stay(hass, device_registry, length, *locks)
    assert excinfo.value.translation_key == "stay_refused"
    assert excinfo.value.translation_placeholders["lock"] == lock
    assert rule in str(excinfo.value)
    assert sandbox.sandbox.access_codes == {}


async def refuse_room_101_in_seam(sandbox: SandboxServer) -> None:
    """Take the door's slots away in Seam only: Home Assistant still plans on them."""
    await sandbox_admin(
        sandbox, "devices/set_time_slots", device_id=ROOM_101, predefined_time_slots=[]
    )


@pytest.mark.parametrize("room_101_first", [False, True])
async def test_failed_create(
    hass: HomeAssistant,
    device_registry: dr.DeviceRegistry,
    sandbox: SandboxServer,
    hass_storage: dict[str, Any],
    room_101_first: bool,
) -> None:
    """A door Seam refuses: the error names it and lists the codes that exist anyway."""
    await sandbox_admin(
        sandbox, "devices/set_time_slots", device_id=ROOM_101, predefined_time_slots=[]
    )
    locks = (ROOM_101, FRONT_DOOR) if room_101_first else (FRONT_DOOR, ROOM_101)
    with pytest.raises(HomeAssistantError) as excinfo:
        await create_stay(hass, device_registry, timedelta(days=2), *locks)
    placeholders = excinfo.value.translation_placeholders
    assert excinfo.value.translation_key == "stay_partly_created"
    assert placeholders["lock"] == "Room 101"
    if room_101_first:
        assert placeholders["created"] == "-"
        assert sandbox.sandbox.access_codes == {}
        assert STORAGE_KEY not in hass_storage
        return
    (code_id,) = sandbox.sandbox.access_codes
    assert f"Front Door ({code_id})" in str(excinfo.value)
    (stay,) = hass_storage[STORAGE_KEY]["data"]["stays"]
    assert stay["stay_id"] == placeholders["stay_id"]
    assert [code["access_code_id"] for code in stay["codes"]] == [code_id]


@pytest.mark.parametrize(
    "sandbox_settings",
    [{"min_unset_duration": timedelta(0), "setting_duration": timedelta(seconds=1)}],
)
async def test_wait_for_code(
    hass: HomeAssistant, device_registry: dr.DeviceRegistry, sandbox: SandboxServer
) -> None:
    """A stay starting within the hour answers with the PIN once Seam assigns it."""
    start = dt_util.now().replace(minute=0, second=0, microsecond=0, tzinfo=None)
    start += timedelta(hours=1)
    with patch(
        "custom_components.seam_offline_codes.coordinator.PIN_POLL",
        timedelta(seconds=0.5),
    ):
        response = await hass.services.async_call(
            DOMAIN,
            "create_stay_codes",
            {
                "device_id": lock_device_id(device_registry, FRONT_DOOR),
                "name": "Anna",
                "check_in": start.isoformat(" "),
                "check_out": (start + timedelta(hours=2)).isoformat(" "),
                "wait_for_code": True,
            },
            blocking=True,
            return_response=True,
        )
    assert response is not None
    (code,) = response["codes"]
    assert code["code"] is not None
    assert code["code"] == sandbox.sandbox.access_codes[code["access_code_id"]]["code"]
