"""Tests for get_code (PINs on demand) and dismiss_code, against the sandbox."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import MATCH_ALL, Platform
from homeassistant.core import Context, Event, HomeAssistant, callback
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockUser

from custom_components.seam_offline_codes.booking_follower import EVENT_STAY_CANCELLED
from custom_components.seam_offline_codes.const import DOMAIN
from custom_components.seam_offline_codes.helpers import code_unique_id
from custom_components.seam_offline_codes.stay_store import (
    StayCode,
    StayState,
    async_get_stay_store,
    new_stay,
)

from .common import create_offline_code, lock_device_id, move_time, poll_fast
from .const import FRONT_DOOR

if TYPE_CHECKING:
    from seam_sandbox import SandboxServer

pytestmark = pytest.mark.usefixtures("init_integration")


async def _call(
    hass: HomeAssistant, service: str, context: Context | None = None, **data: Any
) -> Any:
    return await hass.services.async_call(
        DOMAIN,
        service,
        data,
        blocking=True,
        return_response=service == "get_code",
        context=context,
    )


def _sensor(entity_registry: er.EntityRegistry, access_code_id: str) -> str:
    entity_id = entity_registry.async_get_entity_id(
        Platform.SENSOR, DOMAIN, code_unique_id(access_code_id)
    )
    assert entity_id is not None
    return entity_id


async def _code_with_pin(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, sandbox: SandboxServer
) -> dict[str, Any]:
    """Create a 3-hour code on the front door and let Seam assign its PIN."""
    start = dt_util.utcnow().replace(minute=0, second=0, microsecond=0) + timedelta(
        hours=4
    )
    code = await create_offline_code(
        sandbox, FRONT_DOOR, "Guest Alice", start, start + timedelta(hours=30)
    )
    await move_time(hass, freezer, timedelta(minutes=15))
    await move_time(hass, freezer, start - timedelta(hours=1))
    await poll_fast(hass, freezer)
    assert sandbox.sandbox.access_codes[code["access_code_id"]]["code"]
    return code


async def test_get_code_returns_the_pin_only_in_the_response(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    sandbox: SandboxServer,
    entity_registry: er.EntityRegistry,
    device_registry: dr.DeviceRegistry,
    hass_admin_user: MockUser,
) -> None:
    """Test an administrator gets the PIN and window; no state or event carries it."""
    fired: list[Event[Any]] = []

    @callback
    def record(event: Event[Any]) -> None:
        fired.append(event)

    hass.bus.async_listen(MATCH_ALL, record)
    code = await _code_with_pin(hass, freezer, sandbox)
    pin = sandbox.sandbox.access_codes[code["access_code_id"]]["code"]
    sensor = _sensor(entity_registry, code["access_code_id"])

    response = await _call(
        hass, "get_code", Context(user_id=hass_admin_user.id), entity_id=sensor
    )
    await hass.async_block_till_done()
    assert response["code"] == pin
    assert response["entity_id"] == sensor
    assert response["name"] == "Guest Alice"
    assert response["lock"] == "Front Door"
    assert response["device_id"] == lock_device_id(device_registry, FRONT_DOOR)
    assert response["time_zone"] == hass.config.time_zone
    assert response["kind"] == "hourly"
    assert response["first_use_within_24_hours"] is True
    assert response["no_longer_needed"] is None
    starts = dt_util.parse_datetime(response["starts_at"])
    local = dt_util.parse_datetime(response["local_starts_at"])
    assert starts == local == dt_util.parse_datetime(code["starts_at"])
    assert response["local_starts_at"] != response["starts_at"]

    by_id = await _call(hass, "get_code", access_code_id=code["access_code_id"])
    assert by_id == response
    assert all(pin not in str(state.as_dict()) for state in hass.states.async_all())
    assert all(pin not in str(event.data) for event in fired)


async def test_get_code_refuses_non_admins(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    sandbox: SandboxServer,
    hass_read_only_user: MockUser,
) -> None:
    """Test a user who is not an administrator gets no PIN and cannot dismiss."""
    code = await _code_with_pin(hass, freezer, sandbox)
    for service in ("get_code", "dismiss_code"):
        with pytest.raises(ServiceValidationError) as err:
            await _call(
                hass,
                service,
                Context(user_id=hass_read_only_user.id),
                access_code_id=code["access_code_id"],
            )
        assert err.value.translation_key == "admin_required"


async def test_unknown_code(hass: HomeAssistant) -> None:
    """Test a code that is not managed is named in the error."""
    for data in ({"access_code_id": "nope"}, {"entity_id": "sensor.nope"}):
        with pytest.raises(ServiceValidationError) as err:
            await _call(hass, "get_code", **data)
        assert err.value.translation_key == "code_not_found"


async def test_dismiss_code(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    sandbox: SandboxServer,
    entity_registry: er.EntityRegistry,
    hass_storage: dict[str, Any],
) -> None:
    """Test a dismissed code is shown as such and no longer counted as active."""
    code = await _code_with_pin(hass, freezer, sandbox)
    await move_time(hass, freezer, dt_util.parse_datetime(code["starts_at"]))
    await poll_fast(hass, freezer)
    sensor = _sensor(entity_registry, code["access_code_id"])
    active = "sensor.front_door_active_offline_codes"
    calendar = "calendar.front_door_offline_codes"
    assert (state := hass.states.get(sensor)) is not None
    assert state.state == "set"
    assert state.attributes["no_longer_needed"] is None
    assert (count := hass.states.get(active)) is not None
    assert count.state == "1"

    await _call(hass, "dismiss_code", entity_id=sensor)
    await hass.async_block_till_done()
    assert (state := hass.states.get(sensor)) is not None
    assert state.state == "set"
    assert state.attributes["no_longer_needed"] == "dismissed"
    assert (count := hass.states.get(active)) is not None
    assert count.state == "0"
    assert (event := hass.states.get(calendar)) is not None
    assert "Dismissed: no longer needed" in event.attributes["description"]
    response = await _call(hass, "get_code", entity_id=sensor)
    assert response["no_longer_needed"] == "dismissed"
    assert hass_storage[f"{DOMAIN}.dismissed_codes"]["data"] == {
        "codes": [code["access_code_id"]]
    }


async def test_cancelled_stay_codes_are_shown_as_such(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    sandbox: SandboxServer,
    entity_registry: er.EntityRegistry,
) -> None:
    """Test the codes of a cancelled stay no longer matter, once the stay is cancelled."""
    code = await _code_with_pin(hass, freezer, sandbox)
    starts = dt_util.parse_datetime(code["starts_at"])
    ends = dt_util.parse_datetime(code["ends_at"])
    assert starts is not None
    assert ends is not None
    store = await async_get_stay_store(hass)
    stay = await store.async_put(
        new_stay(
            "stay-1",
            "Guest Alice",
            starts,
            ends,
            (
                StayCode(
                    device_id=FRONT_DOOR,
                    lock_name="Front Door",
                    access_code_id=code["access_code_id"],
                    starts_at=starts,
                    ends_at=ends,
                ),
            ),
        )
    )
    await store.async_mark(stay, StayState.CANCELLED)
    hass.bus.async_fire(EVENT_STAY_CANCELLED, {"stay_id": stay.stay_id})
    await hass.async_block_till_done()
    sensor = _sensor(entity_registry, code["access_code_id"])
    assert (state := hass.states.get(sensor)) is not None
    assert state.attributes["no_longer_needed"] == "stay_cancelled"
    response = await _call(hass, "get_code", entity_id=sensor)
    assert response["no_longer_needed"] == "stay_cancelled"
