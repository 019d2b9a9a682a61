"""Bookings on a Remote Calendar fed by the sandbox become stays, exactly once."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import SOURCE_USER
from homeassistant.core import Event, HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
)

from custom_components.seam_offline_codes.booking import (
    CONF_CALENDAR,
    CONF_LOCKS,
    SUBENTRY_BOOKING_CALENDAR,
)
from custom_components.seam_offline_codes.booking_follower import (
    EVENT_STAY_CANCELLED,
    EVENT_STAY_CHANGED,
    SYNC_INTERVAL,
)
from custom_components.seam_offline_codes.const import DOMAIN
from custom_components.seam_offline_codes.stay_store import STAY_STORE, Stay

from .common import move_time, sandbox_admin, setup_remote_calendar
from .const import FRONT_DOOR, ROOM_101

if TYPE_CHECKING:
    from seam_sandbox import SandboxServer

CALENDAR = "calendar.beach_house"
START = datetime(2026, 6, 1, 9, tzinfo=dt_util.UTC)
"""A Monday morning, far from a DST change."""
LOOK_AHEAD_REACHED = timedelta(days=2, hours=14)
"""From START, just within 72 h of Anna's check-in (day 5, 15:00 in US/Pacific)."""


@pytest.fixture
async def remote_calendar(
    hass: HomeAssistant, sandbox: SandboxServer
) -> MockConfigEntry:
    """Set up Home Assistant's Remote Calendar on the sandbox's demo listing."""
    return await setup_remote_calendar(hass, sandbox)


async def refresh(hass: HomeAssistant, calendar: MockConfigEntry) -> None:
    """Let Remote Calendar read the feed again, as it does daily."""
    await calendar.runtime_data.async_refresh()
    await hass.async_block_till_done()


async def book(
    sandbox: SandboxServer, summary: str, check_in: date, nights: int
) -> str:
    """Book the demo listing; return the booking's uid."""
    result = await sandbox_admin(
        sandbox,
        "ical/book",
        listing="demo",
        summary=summary,
        check_in=check_in.isoformat(),
        check_out=(check_in + timedelta(days=nights)).isoformat(),
    )
    uid: str = result["booking"]["uid"]
    return uid


async def add_booking_calendar(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Add the beach house as a booking calendar of the Seam entry, with the defaults."""
    result = await hass.config_entries.subentries.async_init(
        (entry.entry_id, SUBENTRY_BOOKING_CALENDAR), context={"source": SOURCE_USER}
    )
    defaults = {
        str(key): key.description["suggested_value"]
        for key in result["data_schema"].schema
        if key.description
    }
    await hass.config_entries.subentries.async_configure(
        result["flow_id"],
        defaults | {CONF_CALENDAR: CALENDAR, CONF_LOCKS: [FRONT_DOOR, ROOM_101]},
    )
    await hass.async_block_till_done(wait_background_tasks=True)


def codes_named(sandbox: SandboxServer, name: str) -> list[dict[str, Any]]:
    """Return the sandbox's codes called ``name``."""
    return [
        code for code in sandbox.sandbox.access_codes.values() if code["name"] == name
    ]


@pytest.fixture
async def following(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    sandbox: SandboxServer,
    init_integration: MockConfigEntry,
    remote_calendar: MockConfigEntry,
) -> MockConfigEntry:
    """Follow the beach house calendar, with Anna booked in five days."""
    freezer.move_to(START)
    await book(sandbox, "Anna", START.date() + timedelta(days=5), 3)
    await book(sandbox, "Airbnb (Not available)", START.date() + timedelta(days=1), 2)
    await refresh(hass, remote_calendar)
    await add_booking_calendar(hass, init_integration)
    return init_integration


EVENT_KEYS = {"stay_id", "name", "check_in", "check_out", "codes"}
CODE_KEYS = {"device_id", "lock", "access_code_id", "valid_until"}
"""What stay events tell of a code: never its PIN."""


async def coded_stay(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, sandbox: SandboxServer
) -> tuple[Stay, str]:
    """Move to within the look-ahead of Anna's check-in; return her stay and booking uid."""
    await move_time(hass, freezer, LOOK_AHEAD_REACHED)
    await move_time(hass, freezer, SYNC_INTERVAL)
    (stay,) = hass.data[STAY_STORE].stays.values()
    bookings = (await sandbox_admin(sandbox, "ical/bookings"))["listings"]["demo"]
    uid: str = next(b["uid"] for b in bookings if b["summary"] == "Anna")
    return stay, uid


async def test_bookings_become_stays_at_the_look_ahead_once(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    sandbox: SandboxServer,
    following: MockConfigEntry,
) -> None:
    """Codes are made 72 h before check-in, once, and a restart makes none again."""
    assert codes_named(sandbox, "Anna") == []
    assert codes_named(sandbox, "Airbnb (Not available)") == []
    await move_time(hass, freezer, LOOK_AHEAD_REACHED)
    await move_time(hass, freezer, SYNC_INTERVAL)
    anna = codes_named(sandbox, "Anna")
    assert {code["device_id"] for code in anna} == {FRONT_DOOR, ROOM_101}
    next_stay = hass.states.get("sensor.beach_house_next_stay")
    assert next_stay is not None
    assert next_stay.state == "Anna"
    assert next_stay.attributes["check_in"].endswith("T15:00:00-07:00")
    assert {code["status"] for code in next_stay.attributes["codes"]} == {"unset"}
    assert hass.states.get("sensor.beach_house_current_stay").state == "unknown"
    await hass.config_entries.async_reload(following.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    hass.data.pop(STAY_STORE)  # as after a restart: read from storage again
    await move_time(hass, freezer, SYNC_INTERVAL)
    assert len(codes_named(sandbox, "Anna")) == 2
    (stay,) = hass.data[STAY_STORE].stays.values()
    assert stay.name == "Anna"
    assert {code.access_code_id for code in stay.codes} == {
        code["access_code_id"] for code in anna
    }
    await move_time(hass, freezer, timedelta(days=3))  # Anna has checked in
    current = hass.states.get("sensor.beach_house_current_stay")
    assert current is not None
    assert current.state == "Anna"
    assert current.attributes["stay_id"] == stay.stay_id
    assert hass.states.get("sensor.beach_house_next_stay").state == "unknown"


async def test_moved_booking_gets_new_codes(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    sandbox: SandboxServer,
    remote_calendar: MockConfigEntry,
    following: MockConfigEntry,
    issue_registry: ir.IssueRegistry,
) -> None:
    """A date change supersedes the old codes, makes new ones and says so."""
    changed: list[Event] = async_capture_events(hass, EVENT_STAY_CHANGED)
    old, uid = await coded_stay(hass, freezer, sandbox)
    await sandbox_admin(
        sandbox,
        "ical/move",
        listing="demo",
        uid=uid,
        check_in=(START.date() + timedelta(days=5)).isoformat(),
        check_out=(START.date() + timedelta(days=7)).isoformat(),
    )
    await refresh(hass, remote_calendar)
    await move_time(hass, freezer, SYNC_INTERVAL)
    assert len(codes_named(sandbox, "Anna")) == 4
    stays = hass.data[STAY_STORE].stays
    assert stays[old.stay_id].state == "superseded"
    new_id = stays[old.stay_id].replaced_by
    assert new_id is not None
    assert stays[new_id].state == "active"
    (event,) = changed
    assert event.data["stay_id"] == old.stay_id
    assert event.data["new_check_out"].startswith(
        (START.date() + timedelta(days=7)).isoformat()
    )
    assert set(event.data) == EVENT_KEYS | {
        "new_stay_id",
        "new_check_in",
        "new_check_out",
    }
    assert event.data["new_stay_id"] == new_id
    assert all(set(code) == CODE_KEYS for code in event.data["codes"])
    issue = issue_registry.async_get_issue(DOMAIN, f"stay_superseded_{old.stay_id}")
    assert issue is not None
    assert issue.translation_placeholders is not None
    assert "Front Door" in issue.translation_placeholders["codes"]


async def test_cancelled_booking(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    sandbox: SandboxServer,
    remote_calendar: MockConfigEntry,
    following: MockConfigEntry,
    issue_registry: ir.IssueRegistry,
) -> None:
    """A booking gone before check-in: codes marked cancelled, event and repair issue."""
    cancelled: list[Event] = async_capture_events(hass, EVENT_STAY_CANCELLED)
    stay, uid = await coded_stay(hass, freezer, sandbox)
    await sandbox_admin(sandbox, "ical/cancel", listing="demo", uid=uid)
    await refresh(hass, remote_calendar)
    await move_time(hass, freezer, SYNC_INTERVAL)
    assert hass.data[STAY_STORE].stays[stay.stay_id].state == "cancelled"
    (event,) = cancelled
    assert event.data["stay_id"] == stay.stay_id
    assert set(event.data) == EVENT_KEYS
    assert {code["lock"] for code in event.data["codes"]} == {"Front Door", "Room 101"}
    assert issue_registry.async_get_issue(DOMAIN, f"stay_cancelled_{stay.stay_id}")
    await move_time(hass, freezer, SYNC_INTERVAL)
    assert len(cancelled) == 1


async def test_refused_booking_is_reported_once(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    sandbox: SandboxServer,
    remote_calendar: MockConfigEntry,
    following: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A booking no door can take gets no code anywhere, and one warning."""
    await book(sandbox, "Long stay", START.date() + timedelta(days=1), 40)
    await refresh(hass, remote_calendar)
    await move_time(hass, freezer, SYNC_INTERVAL)
    await move_time(hass, freezer, SYNC_INTERVAL)
    assert codes_named(sandbox, "Long stay") == []
    warnings = [r for r in caplog.records if "No codes for the booking" in r.message]
    assert len(warnings) == 1
    assert "Room 101" in warnings[0].message


async def test_missing_calendar(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    sandbox: SandboxServer,
    init_integration: MockConfigEntry,
) -> None:
    """A booking calendar whose calendar entity is gone makes nothing, and waits."""
    freezer.move_to(START)
    await add_booking_calendar(hass, init_integration)
    await move_time(hass, freezer, SYNC_INTERVAL)
    assert sandbox.sandbox.access_codes == {}
    assert not hass.data[STAY_STORE].stays
