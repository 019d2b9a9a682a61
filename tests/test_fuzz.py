"""Fuzzing every action with open inputs, against the sandbox over real HTTP.

Whatever the fields (unicode names, huge and tiny datetimes and durations, naive and aware
times, DST gaps, wrong types, unknown and foreign devices), a call either succeeds or is
refused with a translated error; a refusal of the call's input comes before any request
to Seam, and nothing else escapes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import device_registry as dr
from hypothesis import HealthCheck, given, settings, strategies as st
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
import voluptuous as vol

from custom_components.seam_offline_codes.const import DOMAIN

from .common import lock_device_id
from .const import FRONT_DOOR, GARDEN_GATE, ROOM_101

if TYPE_CHECKING:
    from seam_sandbox import SandboxServer

pytestmark = pytest.mark.usefixtures("init_integration")

STRINGS = json.loads(
    (
        Path(__file__).parents[1] / "custom_components/seam_offline_codes/strings.json"
    ).read_text()
)
TRANSLATED = frozenset(STRINGS["exceptions"])
SEAM_FAILURES = frozenset({"create_rate_limited", "create_outcome_unknown"})
"""Translated failures that come from Seam (after a request), not from the input."""
FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

UNKNOWN_DEVICE = "0123456789abcdef0123456789abcdef"
FOREIGN = "foreign"
LOCKS = (FRONT_DOOR, GARDEN_GATE, ROOM_101)
DST_MOMENTS = (
    # Spring-forward gaps and fall-back folds of the locks' zones, naive wall times.
    "2027-03-14T02:30:00",
    "2027-11-07T01:30:00",
    "2027-03-28T02:30:00",
    "2027-10-31T02:30:00",
)

wrong_types = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


def mostly(
    valid: st.SearchStrategy[Any], *odd: st.SearchStrategy[Any]
) -> st.SearchStrategy[Any]:
    """Return ``valid`` three times in four, else one of the ``odd`` values or a wrong type."""
    return st.one_of(valid, valid, valid, st.one_of(*odd, wrong_types))


def _hours_from_now(hours: int) -> datetime:
    return datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(
        hours=hours
    )


names = mostly(
    st.text(min_size=1, max_size=100).filter(str.strip),
    st.text(max_size=300),
    st.just("  "),
)
devices = mostly(st.sampled_from(LOCKS), st.sampled_from((UNKNOWN_DEVICE, FOREIGN)))
near = st.integers(-3, 24 * 40).map(_hours_from_now)
datetimes = mostly(
    st.one_of(
        near.map(datetime.isoformat),
        st.tuples(near, st.timezones()).map(
            lambda moment: moment[0].astimezone(moment[1]).isoformat()
        ),
        near.map(lambda moment: moment.replace(tzinfo=None).isoformat()),
        st.sampled_from(DST_MOMENTS),
    ),
    st.datetimes().map(datetime.isoformat),
    st.datetimes(timezones=st.timezones()).map(datetime.isoformat),
    st.sampled_from(("9999-12-31T23:00:00", "0001-01-01T00:00:00+05:00")),
    st.text(max_size=30),
)
durations = mostly(
    st.one_of(
        st.integers(1, 700).map(lambda hours: {"hours": hours}),
        st.integers(1, 400).map(lambda days: {"days": days}),
        st.integers(60, 10**7),
    ),
    st.fixed_dictionaries(
        {},
        optional={
            "days": st.integers(-(10**12), 10**12),
            "hours": st.integers(-(10**9), 10**9),
            "seconds": st.floats(-1e15, 1e15),
        },
    ),
    st.integers(-(10**15), 10**15),
    st.sampled_from(("00:00:00", "999999999:00:00", "-1:00", "24:00")),
    st.text(max_size=12),
)
dates = mostly(
    st.integers(-2, 800).map(
        lambda days: (datetime.now(UTC).date() + timedelta(days=days)).isoformat()
    ),
    st.dates().map(date.isoformat),
    st.sampled_from(("9999-12-31", "0001-01-01")),
    st.text(max_size=12),
)
times = mostly(st.times().map(time.isoformat), st.text(max_size=10))
slots = mostly(
    st.sampled_from(("Guest 24H noon-noon", "Guest 4pm-10am", "Guest D 7am-7pm")),
    st.text(max_size=20),
)


def _optional(**fields: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """Return dictionaries holding any subset of ``fields``."""
    return st.fixed_dictionaries({}, optional=fields)


ACTIONS: dict[str, st.SearchStrategy[dict[str, Any]]] = {
    "create_hourly_code": st.fixed_dictionaries(
        {"device_id": devices, "name": names, "starts_at": datetimes},
        optional={"ends_at": datetimes, "duration": durations},
    ),
    "create_daily_code": st.fixed_dictionaries(
        {
            "device_id": devices,
            "name": names,
            "start_date": dates,
            "end_date": dates,
        },
        optional={"time_of_day": times, "time_slot": slots},
    ),
    "create_one_time_code": st.fixed_dictionaries(
        {"device_id": devices, "name": names, "starts_at": datetimes}
    ),
    "create_stay_codes": st.fixed_dictionaries(
        {
            "device_id": mostly(st.lists(devices, min_size=1, max_size=3), devices),
            "name": names,
            "check_in": datetimes,
            "check_out": datetimes,
        }
    ),
    "list_time_slots": st.fixed_dictionaries({"device_id": devices}),
}


@pytest.fixture
def device_ids(
    hass: HomeAssistant, device_registry: dr.DeviceRegistry
) -> dict[Any, Any]:
    """Map the fuzz's device names to Home Assistant device ids (a foreign one too)."""
    other = MockConfigEntry(domain="other_locks")
    other.add_to_hass(hass)
    foreign = device_registry.async_get_or_create(
        config_entry_id=other.entry_id, identifiers={("other_locks", "lock-1")}
    )
    return {lock: lock_device_id(device_registry, lock) for lock in LOCKS} | {
        FOREIGN: foreign.id
    }


async def _call(
    hass: HomeAssistant, sandbox: SandboxServer, action: str, data: dict[str, Any]
) -> tuple[str, str | None, int]:
    """Call ``action``; return how it ended, its translation key and the creates sent.

    A successful create counts as the codes it made; a refusal counts Seam's requests.
    """
    requests = sandbox.sandbox.requests
    sent = len(requests)
    try:
        response = await hass.services.async_call(
            DOMAIN, action, data, blocking=True, return_response=True
        )
    except vol.Invalid:
        return "schema", None, len(requests) - sent
    except ServiceValidationError as err:
        return "invalid", err.translation_key, len(requests) - sent
    except HomeAssistantError as err:
        return "failed", err.translation_key, len(requests) - sent
    assert response is not None
    made = len(response.get("codes", [response])) if action.startswith("create") else 0
    assert requests[sent:].count("/access_codes/create") == made
    return "done", None, made


def _resolve(data: dict[str, Any], device_ids: dict[Any, Any]) -> dict[str, Any]:
    """Replace named devices by their Home Assistant ids."""
    device = data.get("device_id")
    if isinstance(device, list):
        return data | {"device_id": [_device(one, device_ids) for one in device]}
    return data | {"device_id": _device(device, device_ids)}


def _device(device: Any, device_ids: dict[Any, Any]) -> Any:
    """Return a named device's Home Assistant id; anything else as it is."""
    return device_ids.get(device, device) if isinstance(device, str) else device


@pytest.mark.parametrize("action", ACTIONS)
@FUZZ
@given(fields=st.data())
async def test_fuzz_actions(
    hass: HomeAssistant,
    sandbox: SandboxServer,
    device_ids: dict[Any, Any],
    action: str,
    fields: st.DataObject,
) -> None:
    """No input makes an action crash, or reach Seam when the input is refused."""
    data = _resolve(fields.draw(ACTIONS[action]), device_ids)
    outcome, key, sent = await _call(hass, sandbox, action, data)
    if outcome in ("schema", "invalid"):
        # Refused for its input (by the schema or a translated rule): Seam never asked.
        assert outcome == "schema" or key in TRANSLATED, key
        assert key != "seam_rejected_code"
        assert sent == 0
    elif outcome == "failed":
        assert key in SEAM_FAILURES


@pytest.mark.parametrize(
    ("action", "fields"),
    [
        (
            "create_hourly_code",
            {"starts_at": "2030-01-01T10:00:00", "duration": {"days": 999_999_999}},
        ),
        ("create_hourly_code", {"starts_at": "2030-01-01T10:00", "duration": 1e15}),
        ("create_one_time_code", {"starts_at": "9999-12-31T23:00:00"}),
        ("create_one_time_code", {"starts_at": "0001-01-01T00:00:00+05:00"}),
        ("create_daily_code", {"start_date": "9999-12-31", "end_date": "9999-12-31"}),
        (
            "create_stay_codes",
            {"check_in": "2030-01-01T15:00", "check_out": "0001-01-01T00:00+05:00"},
        ),
    ],
)
async def test_extreme_inputs_are_refused(
    hass: HomeAssistant,
    sandbox: SandboxServer,
    device_ids: dict[Any, Any],
    action: str,
    fields: dict[str, Any],
) -> None:
    """The inputs that overflowed Python's datetimes are refused, translated, by the schema."""
    data = {"device_id": device_ids[FRONT_DOOR], "name": "Guest"} | fields
    assert await _call(hass, sandbox, action, data) == (
        "invalid",
        "time_out_of_range",
        0,
    )
