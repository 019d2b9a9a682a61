"""Tests for the Seam Offline Codes Assist intents and sentences, against the sandbox."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
import re
import shutil
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from freezegun.api import FrozenDateTimeFactory
from hassil import Intents, recognize_best
from homeassistant.auth.models import User
from homeassistant.components import conversation
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers import device_registry as dr, intent, llm
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
from hypothesis import given, strategies as st
import pytest
from voluptuous_openapi import convert
import yaml

from custom_components.seam_offline_codes.const import (
    CONF_DEVICE_IDS,
    CONF_SHOW_PINS,
    DOMAIN,
)
from custom_components.seam_offline_codes.intent import WEEKDAYS, parse_start

from .common import create_offline_code, move_time, seam_call
from .const import FRONT_DOOR, GARDEN_GATE, OFFLINE_LOCKS, ROOM_101

if TYPE_CHECKING:
    from seam_sandbox import SandboxServer

SENTENCES = Path(__file__).parent.parent / "custom_sentences/en/seam_offline_codes.yaml"
INTENTS = (
    "SeamCodeStatus",
    "SeamListCodes",
    "SeamCreateOneTimeCode",
    "SeamCreateHourlyCode",
    "SeamCreateStayCodes",
)
# 09:45 in Home Assistant's zone in tests (US/Pacific); a one-time code made now starts at 9.
NOW = "2026-03-02 17:45:00+00:00"
LOS_ANGELES = ZoneInfo("America/Los_Angeles")


@pytest.fixture(autouse=True)
async def intent_integration(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """Stop the clock at NOW; set up the intent integration, which sets up our intents."""
    freezer.move_to(NOW)
    assert await async_setup_component(hass, "intent", {})


async def _handle(
    hass: HomeAssistant,
    intent_type: str,
    context: Context | None = None,
    **slots: Any,
) -> intent.IntentResponse:
    """Handle an intent with these slot values."""
    return await intent.async_handle(
        hass,
        "test",
        intent_type,
        {key: {"value": value} for key, value in slots.items()},
        context=context,
    )


def _speech(response: intent.IntentResponse) -> str:
    return str(response.speech["plain"]["speech"])


def _admin(user: User) -> Context:
    return Context(user_id=user.id)


async def _create_guest_codes(sandbox: SandboxServer, hass: HomeAssistant) -> None:
    """Make codes outside Home Assistant: two for Alice, one ongoing, and let HA sync."""
    start = dt_util.parse_datetime("2026-03-03 18:00:00+00:00")  # tomorrow, 10:00
    assert start is not None
    await create_offline_code(
        sandbox, FRONT_DOOR, "Guest Alice", start, start + timedelta(hours=6)
    )
    await create_offline_code(
        sandbox, GARDEN_GATE, "Alice", start, start + timedelta(days=3)
    )
    result = await seam_call(
        sandbox, "/access_codes/create", device_id=FRONT_DOOR, name="Gardener"
    )
    assert result["ok"], result


@pytest.mark.usefixtures("init_integration")
async def test_intents_are_llm_tools(hass: HomeAssistant) -> None:
    """Test the intents are registered, described and convertible to LLM tools."""
    handlers = {handler.intent_type: handler for handler in intent.async_get(hass)}
    for intent_type in INTENTS:
        tool = llm.IntentTool(intent_type, handlers[intent_type])
        assert tool.description
        schema = convert(tool.parameters, custom_serializer=llm.selector_serializer)
        assert all(prop.get("description") for prop in schema["properties"].values()), (
            intent_type
        )


@pytest.mark.usefixtures("init_integration")
async def test_code_status(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, sandbox: SandboxServer
) -> None:
    """Test a code's status and window, found by name across locks or on one lock."""
    await _create_guest_codes(sandbox, hass)
    await move_time(hass, freezer, timedelta(minutes=15))

    response = await _handle(hass, "SeamCodeStatus", name="alice")
    assert response.response_type is intent.IntentResponseType.QUERY_ANSWER
    assert _speech(response) == (
        "The code for Alice on Garden Gate is scheduled, valid from tomorrow at "
        "10:00 AM to Friday, March 6 at 10:00 AM."
    )
    # A near miss from speech recognition still finds her; a lock narrows it down.
    response = await _handle(
        hass, "SeamCodeStatus", name="guest alise", lock="the front door"
    )
    assert _speech(response) == (
        "The code for Guest Alice on Front Door is scheduled, valid from tomorrow "
        "at 10:00 AM to tomorrow at 4:00 PM."
    )
    # An ongoing code has no window; PINs stay unspoken with the option off.
    response = await _handle(hass, "SeamCodeStatus", name="Gardener")
    assert _speech(response) == "The code for Gardener on Front Door is active."

    response = await _handle(hass, "SeamCodeStatus", name="Zed", lock="front door")
    assert response.response_type is intent.IntentResponseType.ERROR
    assert response.error_code is intent.IntentResponseErrorCode.NO_VALID_TARGETS
    assert _speech(response) == "No code named Zed on Front Door"


@pytest.mark.usefixtures("init_integration")
async def test_code_status_in_door_zone(
    hass: HomeAssistant, hass_admin_user: User
) -> None:
    """Test an Oracode door's codes are told in its zone, or Home Assistant's without one."""
    response = await _handle(
        hass,
        "SeamCreateHourlyCode",
        _admin(hass_admin_user),
        lock="room 101",
        name="Carol",
        starts_at="2026-03-03T16:00:00",
        duration_hours=18,
    )
    assert _speech(response) == (
        "Created an hourly code for Carol on Room 101, valid from tomorrow at "
        "4:00 PM to Wednesday, March 4 at 10:00 AM."
    )
    response = await _handle(hass, "SeamCodeStatus", name="carol")
    assert "from tomorrow at 4:00 PM to Wednesday, March 4 at 10:00 AM" in (
        _speech(response)
    )

    hass.config.time_zone = "America/New_York"
    await hass.config.async_set_time_zone("America/New_York")
    coordinator = hass.config_entries.async_entries(DOMAIN)[0].runtime_data.coordinator
    door = replace(coordinator.data.locks[ROOM_101], time_zone=None, time_slots=())
    coordinator.async_set_updated_data(
        replace(coordinator.data, locks={**coordinator.data.locks, ROOM_101: door})
    )
    response = await _handle(hass, "SeamCodeStatus", name="carol")
    assert "from tomorrow at 7:00 PM to Wednesday, March 4 at 1:00 PM" in (
        _speech(response)
    )


@pytest.mark.usefixtures("init_integration")
async def test_list_codes(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, sandbox: SandboxServer
) -> None:
    """Test the summary of all locks' codes, and of one lock's."""
    await _create_guest_codes(sandbox, hass)
    # Stays on the door's 4pm-10am slot, from tomorrow on.
    for number in range(6):
        check_in = datetime(2026, 3, 3 + number, 16, tzinfo=LOS_ANGELES)
        await create_offline_code(
            sandbox,
            ROOM_101,
            f"Guest {number}",
            check_in,
            check_in + timedelta(hours=18),
        )
    await move_time(hass, freezer, timedelta(minutes=15))

    response = await _handle(hass, "SeamListCodes")
    assert response.response_type is intent.IntentResponseType.QUERY_ANSWER
    assert _speech(response) == (
        "Front Door has 2 codes: Gardener (active), Guest Alice (scheduled). "
        "Garden Gate has 1 code: Alice (scheduled). "
        "Room 101 has 6 codes: Guest 0 (scheduled), Guest 1 (scheduled), "
        "Guest 2 (scheduled), Guest 3 (scheduled), Guest 4 (scheduled) and 1 more."
    )
    response = await _handle(hass, "SeamListCodes", lock="GARDEN GATE")
    assert _speech(response) == "Garden Gate has 1 code: Alice (scheduled)."


@pytest.mark.usefixtures("init_integration")
async def test_unknown_ambiguous_and_unloaded_locks(
    hass: HomeAssistant,
    device_registry: dr.DeviceRegistry,
    hass_admin_user: User,
) -> None:
    """Test lock names that match no lock, or several, are explained with the locks."""
    response = await _handle(hass, "SeamListCodes", lock="attic")
    assert response.error_code is intent.IntentResponseErrorCode.NO_VALID_TARGETS
    assert _speech(response) == (
        "No lock is called attic. The locks: Front Door, Garden Gate, Room 101"
    )

    # Locks go by their device's name, as renamed by the user.
    door = device_registry.async_get_device(identifiers={(DOMAIN, ROOM_101)})
    assert door is not None
    device_registry.async_update_device(door.id, name_by_user="Front Door Annex")
    for lock in ({"lock": "front"}, {}):
        response = await _handle(
            hass, "SeamCreateOneTimeCode", _admin(hass_admin_user), name="X", **lock
        )
        assert response.error_code is intent.IntentResponseErrorCode.FAILED_TO_HANDLE
        assert _speech(response).startswith(
            "Say which lock: Front Door, Front Door Annex"
        )
    # The exact name wins over a longer one.
    response = await _handle(hass, "SeamListCodes", lock="front door")
    assert _speech(response) == "Front Door has no codes."

    entry = hass.config_entries.async_entries(DOMAIN)[0]
    await hass.config_entries.async_unload(entry.entry_id)
    response = await _handle(hass, "SeamCodeStatus", name="alice")
    assert _speech(response) == "No lock of Seam Offline Codes is loaded"


@pytest.mark.usefixtures("init_integration")
async def test_create_one_time_code(
    hass: HomeAssistant, sandbox: SandboxServer, hass_admin_user: User
) -> None:
    """Test an admin creates a one-time code starting now; no PIN is spoken."""
    response = await _handle(
        hass,
        "SeamCreateOneTimeCode",
        _admin(hass_admin_user),
        lock="Front Door",
        name="Cleaner",
        starts_at="now",
    )
    assert response.response_type is intent.IntentResponseType.ACTION_DONE
    assert _speech(response) == (
        "Created a one-time code for Cleaner on Front Door, valid from today at "
        "9:00 AM to tomorrow at 9:00 AM."
    )
    (code,) = sandbox.sandbox.access_codes.values()
    assert code["name"] == "Cleaner"
    assert code["is_one_time_use"]

    # Without a user (a voice satellite, an automation) the code is made too.
    response = await _handle(
        hass,
        "SeamCreateOneTimeCode",
        lock="garden gate",
        name="Plumber",
        starts_in_hours=3,
    )
    assert _speech(response) == (
        "Created a one-time code for Plumber on Garden Gate, valid from today at "
        "12:00 PM to tomorrow at 12:00 PM."
    )


@pytest.mark.usefixtures("init_integration")
async def test_spoken_start(
    hass: HomeAssistant,
    device_registry: dr.DeviceRegistry,
    sandbox: SandboxServer,
    hass_admin_user: User,
) -> None:
    """Test a spoken start, given or said after the lock, unless it is the lock's name."""
    gate = device_registry.async_get_device(identifiers={(DOMAIN, GARDEN_GATE)})
    assert gate is not None
    device_registry.async_update_device(gate.id, name_by_user="Gate From Street")
    cases: list[tuple[str, dict[str, Any], str]] = [
        (
            "SeamCreateHourlyCode",
            {"lock": "front door", "starts_at": "Friday at 3 pm", "duration_hours": 2},
            (
                "Created an hourly code for Gus on Front Door, valid from Friday, March 6 "
                "at 3:00 PM to Friday, March 6 at 5:00 PM."
            ),
        ),
        (
            "SeamCreateOneTimeCode",
            {"lock": "front door starting tomorrow at 3 pm"},
            (
                "Created a one-time code for Gus on Front Door, valid from tomorrow at "
                "3:00 PM to Wednesday, March 4 at 3:00 PM."
            ),
        ),
        (
            "SeamCreateOneTimeCode",
            {"lock": "gate from street"},
            (
                "Created a one-time code for Gus on Gate From Street, valid from today "
                "at 9:00 AM to tomorrow at 9:00 AM."
            ),
        ),
        (
            "SeamCreateOneTimeCode",
            {"lock": "front door", "starts_at": "half past three"},
            (
                "I don't understand the start half past three. Say now, a clock time "
                "such as 3 pm, 9:30 am or 15:00, optionally with today, tomorrow or a "
                "weekday (tomorrow at 3 pm, 3 pm Friday), or an ISO 8601 date and time"
            ),
        ),
        (
            "SeamCreateHourlyCode",
            {"lock": "3 pm tomorrow at the front door", "duration_hours": 5},
            (
                "3 pm tomorrow at the front door has a time in it that Front Door does "
                "not. Say the start after the lock, with from: make Erin a code for the "
                "front door from 3 pm tomorrow for 5 hours"
            ),
        ),
    ]
    for intent_type, slots, speech in cases:
        response = await _handle(
            hass, intent_type, _admin(hass_admin_user), name="Gus", **slots
        )
        assert _speech(response) == speech
    assert len(sandbox.sandbox.access_codes) == 3


@pytest.mark.usefixtures("init_integration")
async def test_create_hourly_code(hass: HomeAssistant, hass_admin_user: User) -> None:
    """Test an hourly code lasting some hours, from an ISO start with a zone."""
    response = await _handle(
        hass,
        "SeamCreateHourlyCode",
        _admin(hass_admin_user),
        lock="front door",
        name="Bob",
        starts_at="2026-03-05T14:00:00-08:00",
        duration_hours="5",
    )
    assert _speech(response) == (
        "Created an hourly code for Bob on Front Door, valid from Thursday, March 5 "
        "at 2:00 PM to Thursday, March 5 at 7:00 PM."
    )


@pytest.mark.usefixtures("init_integration")
async def test_create_stay_codes(
    hass: HomeAssistant, sandbox: SandboxServer, hass_admin_user: User
) -> None:
    """A stay on two doors: each gets its covering code, read back in its own zone."""
    response = await _handle(
        hass,
        "SeamCreateStayCodes",
        _admin(hass_admin_user),
        lock="the front door and Room 101",
        name="Anna",
        check_in="2026-03-06T15:00:00",
        check_out="2026-03-08T11:00:00",
    )
    assert _speech(response) == (
        "Created codes for Anna's stay: Front Door from Friday, March 6 at 3:00 PM "
        "to Sunday, March 8 at 11:00 AM; Room 101 from Friday, March 6 at 12:00 PM "
        "to Sunday, March 8 at 12:00 PM."
    )
    assert {code["name"] for code in sandbox.sandbox.access_codes.values()} == {"Anna"}
    assert len(sandbox.sandbox.access_codes) == 2

    # In days and nights, as the local agent says it: 3 PM to 11 AM.
    response = await _handle(
        hass, "SeamCreateStayCodes", lock="garden gate", name="Bo", nights=2
    )
    assert _speech(response) == (
        "Created codes for Bo's stay: Garden Gate from today at 3:00 PM to "
        "Wednesday, March 4 at 11:00 AM."
    )

    # One door refusing stops the whole stay, and says why.
    response = await _handle(
        hass,
        "SeamCreateStayCodes",
        lock="front door, room 101",
        name="Cy",
        check_in_in_days=1,
        nights=40,
    )
    assert response.response_type is intent.IntentResponseType.ERROR
    assert _speech(response).startswith("Room 101 can't take this stay")
    assert len(sandbox.sandbox.access_codes) == 3


@pytest.mark.usefixtures("init_integration")
async def test_rule_violation_is_spoken(
    hass: HomeAssistant, sandbox: SandboxServer, hass_admin_user: User
) -> None:
    """Test a broken maker rule is explained with its translated message; nothing is sent."""
    response = await _handle(
        hass,
        "SeamCreateOneTimeCode",
        _admin(hass_admin_user),
        lock="room 101",
        name="Dave",
    )
    assert response.error_code is intent.IntentResponseErrorCode.FAILED_TO_HANDLE
    assert _speech(response) == (
        "Room 101 is a dormakaba Oracode door, which has no one-time codes through "
        "Seam. Create an hourly or daily code instead"
    )
    response = await _handle(
        hass,
        "SeamCreateHourlyCode",
        _admin(hass_admin_user),
        lock="front door",
        name="Dave",
        duration_hours=700,
    )
    assert _speech(response) == (
        "igloohome hourly codes last 1 to 672 hours; 700 hours were requested"
    )
    assert not sandbox.sandbox.access_codes


@pytest.mark.usefixtures("init_integration")
async def test_non_admin_refused(
    hass: HomeAssistant, sandbox: SandboxServer, hass_read_only_user: User
) -> None:
    """Test only administrators create codes; unknown users neither."""
    for context in (_admin(hass_read_only_user), Context(user_id="gone")):
        response = await _handle(
            hass, "SeamCreateOneTimeCode", context, lock="front door", name="Eve"
        )
        assert response.error_code is intent.IntentResponseErrorCode.FAILED_TO_HANDLE
        assert _speech(response) == "Only an administrator can create door codes"
    assert not sandbox.sandbox.access_codes


@pytest.mark.parametrize(
    "entry_options",
    [
        {
            CONF_DEVICE_IDS: list(OFFLINE_LOCKS),
            CONF_SHOW_PINS: True,
        }
    ],
)
@pytest.mark.usefixtures("init_integration")
async def test_pin_spoken_with_show_pins(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    sandbox: SandboxServer,
    hass_admin_user: User,
) -> None:
    """Test the PIN is spoken, digit by digit, once assigned, with the option on."""
    response = await _handle(
        hass,
        "SeamCreateOneTimeCode",
        _admin(hass_admin_user),
        lock="front door",
        name="Frank",
    )
    assert _speech(response).endswith("It has no PIN yet.")
    for _ in range(4):
        await move_time(hass, freezer, timedelta(seconds=15))
    (code,) = sandbox.sandbox.access_codes.values()
    response = await _handle(hass, "SeamCodeStatus", name="frank")
    assert _speech(response).endswith(f"Its PIN is {' '.join(code['code'])}.")


MONDAY = datetime.fromisoformat("2026-03-02T09:45")


@pytest.mark.parametrize(
    ("spoken", "expected"),
    [
        ("3 pm tomorrow", "2026-03-03T15:00:00"),
        ("tomorrow at 3 pm", "2026-03-03T15:00:00"),
        ("tomorrow at 15:00", "2026-03-03T15:00:00"),
        ("today at 9:30 am", "2026-03-02T09:30:00"),
        ("Friday at 3 pm", "2026-03-06T15:00:00"),
        ("at 3 P.M. on Sunday.", "2026-03-08T15:00:00"),
        ("Monday, 8 am", "2026-03-02T08:00:00"),
        ("3pm", "2026-03-02T15:00:00"),
        ("12 am tomorrow", "2026-03-03T00:00:00"),
        ("12:15 pm", "2026-03-02T12:15:00"),
        # A time already past today is today; the rules then judge it.
        ("8 am", "2026-03-02T08:00:00"),
        ("2026-03-05T14:00:00", "2026-03-05T14:00:00"),
        ("2026-03-05T14:00:00-05:00", "2026-03-05T14:00:00-05:00"),
        (" Now ", MONDAY.isoformat()),
    ],
)
def test_parse_start(spoken: str, expected: str) -> None:
    """Test spoken, ISO 8601 and "now" starts read as wall times on the given clock."""
    assert parse_start(spoken, MONDAY).isoformat() == expected


@pytest.mark.parametrize(
    "spoken", ["tomorrow", "3", "13 pm", "0 am", "25:00", "9:60", "noon", "in 2 hours"]
)
def test_parse_start_refuses(spoken: str) -> None:
    """Test a day without a time, an hour without am/pm and impossible times are refused."""
    with pytest.raises(ValueError, match=re.escape(spoken)):
        parse_start(spoken, MONDAY)


@given(
    today=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)),
    clock=st.times().map(lambda value: value.replace(second=0, microsecond=0)),
    day=st.sampled_from(["", "today", "tomorrow", *WEEKDAYS]),
    twelve_hour=st.booleans(),
    day_first=st.booleans(),
    upper=st.booleans(),
)
def test_parse_start_property(
    today: date,
    clock: time,
    day: str,
    twelve_hour: bool,
    day_first: bool,
    upper: bool,
) -> None:
    """Test any phrase of a day and a clock time reads as that wall time on that day."""
    spoken_clock = (
        f"{(clock.hour + 11) % 12 + 1}:{clock.minute:02} {'am' if clock.hour < 12 else 'pm'}"
        if twelve_hour
        else f"{clock:%H:%M}"
    )
    if not day:
        phrase = spoken_clock
    elif day_first:
        phrase = f"{day} at {spoken_clock}"
    else:
        phrase = f"{spoken_clock} on {day}"
    result = parse_start(
        phrase.upper() if upper else phrase, datetime.combine(today, time(12))
    )
    assert result.time() == clock
    assert result.tzinfo is None
    days = (result.date() - today).days
    if day in WEEKDAYS:
        assert 0 <= days < 7
        assert result.strftime("%A").casefold() == day
    else:
        assert days == (day == "tomorrow")


def _sentences() -> Intents:
    return Intents.from_dict(yaml.safe_load(SENTENCES.read_text(encoding="utf-8")))


@pytest.mark.parametrize(
    ("text", "intent_type", "slots"),
    [
        ("What's the status of Alice's code?", "SeamCodeStatus", {"name": "Alice"}),
        (
            "what is the status of Alice's code on the front door",
            "SeamCodeStatus",
            {"name": "Alice", "lock": "front door"},
        ),
        (
            "what is the status of the code for Alice Smith",
            "SeamCodeStatus",
            {"name": "Alice Smith"},
        ),
        ("is the code for Alice ready", "SeamCodeStatus", {"name": "Alice"}),
        (
            "is Alice's code ready at room 101",
            "SeamCodeStatus",
            {"name": "Alice", "lock": "room 101"},
        ),
        ("which codes are on the front door", "SeamListCodes", {"lock": "front door"}),
        ("what codes are there", "SeamListCodes", {}),
        ("list the offline codes", "SeamListCodes", {}),
        (
            "create a one-time code for Bob on the front door",
            "SeamCreateOneTimeCode",
            {"name": "Bob", "lock": "front door"},
        ),
        (
            "make a single use code for Cleaner at the garden gate in two hours",
            "SeamCreateOneTimeCode",
            {"name": "Cleaner", "lock": "garden gate", "starts_in_hours": 2},
        ),
        (
            "give Anna codes for 2 nights starting tomorrow on the front door and room 101",
            "SeamCreateStayCodes",
            {
                "name": "Anna",
                "nights": 2,
                "check_in_in_days": 1,
                "lock": "front door and room 101",
            },
        ),
        (
            "give Anna codes for 2 nights from Friday at 3 pm on the front door and room 101",
            "SeamCreateStayCodes",
            {
                "name": "Anna",
                "nights": 2,
                "check_in": "Friday at 3 pm",
                "lock": "front door and room 101",
            },
        ),
        (
            "give Bo door codes for 3 nights starting in 4 days on the garden gate",
            "SeamCreateStayCodes",
            {"name": "Bo", "nights": 3, "check_in_in_days": 4, "lock": "garden gate"},
        ),
        (
            "make Erin a code for the front door for 5 hours",
            "SeamCreateHourlyCode",
            {"name": "Erin", "lock": "front door", "duration_hours": 5},
        ),
        (
            "create a code for Erin on the front door for 5 hours starting in 20 hours",
            "SeamCreateHourlyCode",
            {
                "name": "Erin",
                "lock": "front door",
                "duration_hours": 5,
                "starts_in_hours": 20,
            },
        ),
        (
            # The lock's wildcard takes the start in; the handler splits it off.
            "make Erin a code for the front door from 3 pm tomorrow for 5 hours",
            "SeamCreateHourlyCode",
            {
                "name": "Erin",
                "lock": "front door from 3 pm tomorrow",
                "duration_hours": 5,
            },
        ),
        (
            "create a code for Erin on the front door for 5 hours from Friday at 9:30 am",
            "SeamCreateHourlyCode",
            {
                "name": "Erin",
                "lock": "front door",
                "duration_hours": 5,
                "starts_at": "Friday at 9:30 am",
            },
        ),
        (
            "make Erin a code for the front door for 2 hours starting tomorrow at 15:00",
            "SeamCreateHourlyCode",
            {
                "name": "Erin",
                "lock": "front door",
                "duration_hours": 2,
                "starts_at": "tomorrow at 15:00",
            },
        ),
        (
            "create a one-time code for Bob on the front door from 3 pm",
            "SeamCreateOneTimeCode",
            {"name": "Bob", "lock": "front door from 3 pm"},
        ),
        (
            "add Erin a door code at the garden gate in 3 hours for 2 hours",
            "SeamCreateHourlyCode",
            {
                "name": "Erin",
                "lock": "garden gate",
                "duration_hours": 2,
                "starts_in_hours": 3,
            },
        ),
    ],
)
def test_sentences_recognize(
    text: str, intent_type: str, slots: dict[str, Any]
) -> None:
    """Test the sentences parse and recognize the intents with their slots."""
    result = recognize_best(text, _sentences())
    assert result is not None
    assert result.intent.name == intent_type
    assert {name: entity.value for name, entity in result.entities.items()} == slots


def test_sentences_cover_intents() -> None:
    """Test the sentences name only this integration's intents."""
    assert set(_sentences().intents) <= set(INTENTS)


@pytest.mark.usefixtures("init_integration")
async def test_local_agent(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    sandbox: SandboxServer,
    tmp_path: Path,
) -> None:
    """Test the sentences, copied to the config, drive the local agent end to end."""
    hass.config.config_dir = str(tmp_path)
    await hass.async_add_executor_job(
        shutil.copytree, SENTENCES.parent, hass.config.path("custom_sentences", "en")
    )
    assert await async_setup_component(hass, "homeassistant", {})
    assert await async_setup_component(hass, "conversation", {})
    await _create_guest_codes(sandbox, hass)
    await move_time(hass, freezer, timedelta(minutes=15))

    async def say(text: str) -> str:
        result = await conversation.async_converse(
            hass, text, None, Context(), language="en"
        )
        return str(result.response.speech["plain"]["speech"])

    assert await say("is the code for Alice ready on the garden gate") == (
        "The code for Alice on Garden Gate is scheduled, valid from tomorrow at "
        "10:00 AM to Friday, March 6 at 10:00 AM."
    )
    assert await say("which codes are on the garden gate") == (
        "Garden Gate has 1 code: Alice (scheduled)."
    )
    assert await say("create a one time code for Bob on the front door") == (
        "Created a one-time code for Bob on Front Door, valid from today at "
        "10:00 AM to tomorrow at 10:00 AM."
    )
    assert await say(
        "give Anna codes for 2 nights starting tomorrow on the front door and room 101"
    ) == (
        "Created codes for Anna's stay: Front Door from tomorrow at 3:00 PM to "
        "Thursday, March 5 at 11:00 AM; Room 101 from tomorrow at 12:00 PM to "
        "Thursday, March 5 at 12:00 PM."
    )
    # A start at a clock time, said after the lock, read on the lock's clock.
    assert await say(
        "make Erin a code for the front door from 3 pm tomorrow for 5 hours"
    ) == (
        "Created an hourly code for Erin on Front Door, valid from tomorrow at "
        "3:00 PM to tomorrow at 8:00 PM."
    )
    (erin,) = (
        code for code in sandbox.sandbox.access_codes.values() if code["name"] == "Erin"
    )
    assert dt_util.parse_datetime(erin["starts_at"]) == datetime(
        2026, 3, 3, 15, tzinfo=LOS_ANGELES
    )
    assert dt_util.parse_datetime(erin["ends_at"]) == datetime(
        2026, 3, 3, 20, tzinfo=LOS_ANGELES
    )
    assert await say(
        "give Bo codes for 1 night from Friday at 4 pm on the garden gate"
    ) == (
        "Created codes for Bo's stay: Garden Gate from Friday, March 6 at 4:00 PM "
        "to Saturday, March 7 at 11:00 AM."
    )
    refused = await say("make Erin a code for the front door from teatime for 5 hours")
    assert refused.startswith("I don't understand the start teatime. Say now, a")
    # A clock time already past today is today's, which the rules refuse as past.
    past = await say("make Erin a code for the front door for 2 hours from 8 am")
    assert past.startswith("The code would start at 2026-03-02 08:00"), past
    # A time the lock's wildcard took in before the lock is refused, not dropped.
    assert await say(
        "give Anna codes for 2 nights starting tomorrow at 4 pm at the garden gate"
    ) == (
        "4 pm at the garden gate has a time in it that Garden Gate does not. Say "
        "the start after the lock, with from: make Erin a code for the front door "
        "from 3 pm tomorrow for 5 hours"
    )
    assert len(sandbox.sandbox.access_codes) == 8
