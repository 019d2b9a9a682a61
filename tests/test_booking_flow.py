"""Test the booking calendar subentry flow: add, reconfigure, refuse."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import SOURCE_RECONFIGURE, SOURCE_USER
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.seam_offline_codes.booking import (
    CONF_CALENDAR,
    CONF_CHECK_IN,
    CONF_CHECK_OUT,
    CONF_LOCKS,
    CONF_LOOK_AHEAD_HOURS,
    CONF_NAME_TEMPLATE,
    CONF_SKIP,
    SUBENTRY_BOOKING_CALENDAR,
)
from custom_components.seam_offline_codes.booking_follower import FOLLOWERS

from .const import FRONT_DOOR, ROOM_101

CALENDAR = "calendar.beach_house"
FORM = {
    CONF_CALENDAR: CALENDAR,
    CONF_LOCKS: [FRONT_DOOR, ROOM_101],
    CONF_CHECK_IN: "16:00:00",
    CONF_CHECK_OUT: "10:00",
    CONF_LOOK_AHEAD_HOURS: 48.0,
    CONF_NAME_TEMPLATE: "Guest {summary}",
    CONF_SKIP: "Blocked",
}
DATA = FORM | {CONF_CHECK_OUT: "10:00:00", CONF_LOOK_AHEAD_HOURS: 48}


async def start(hass: HomeAssistant, entry: MockConfigEntry, **context: Any) -> Any:
    """Start a booking calendar flow on ``entry``."""
    return await hass.config_entries.subentries.async_init(
        (entry.entry_id, SUBENTRY_BOOKING_CALENDAR),
        context={"source": SOURCE_USER, **context},
    )


async def add_calendar(hass: HomeAssistant, entry: MockConfigEntry) -> str:
    """Add the beach house calendar; return its subentry id."""
    result = await start(hass, entry)
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], FORM
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()  # the entry reloads with its new calendar
    subentry_id: str = next(iter(entry.subentries))
    return subentry_id


def suggested(result: Any) -> dict[str, Any]:
    """Return the values a form suggests, by field."""
    return {
        str(key): key.description["suggested_value"]
        for key in result["data_schema"].schema
        if key.description
    }


@pytest.fixture(autouse=True)
def calendar_state(hass: HomeAssistant) -> None:
    """Give the calendar a state, as a calendar entity would."""
    hass.states.async_set(CALENDAR, "off", {"friendly_name": "Beach house"})


async def test_add_booking_calendar(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """The form offers the entry's locks with defaults; the subentry keeps the choice."""
    result = await start(hass, init_integration)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    assert suggested(result) == {
        CONF_CHECK_IN: "15:00:00",
        CONF_CHECK_OUT: "11:00:00",
        CONF_LOOK_AHEAD_HOURS: 72,
        CONF_NAME_TEMPLATE: "{summary}",
        CONF_SKIP: "Not available",
    }
    schema = result["data_schema"].schema
    options = schema[next(k for k in schema if k == CONF_LOCKS)].config["options"]
    assert {option["label"] for option in options} == {
        "Front Door",
        "Garden Gate",
        "Room 101",
    }
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], FORM
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Beach house"
    (subentry,) = init_integration.subentries.values()
    assert subentry.data == DATA
    assert subentry.unique_id == CALENDAR


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({CONF_LOCKS: []}, {CONF_LOCKS: "no_locks_selected"}),
        (
            {CONF_NAME_TEMPLATE: "{guest}"},
            {CONF_NAME_TEMPLATE: "invalid_name_template"},
        ),
        (
            {CONF_NAME_TEMPLATE: "{summary"},
            {CONF_NAME_TEMPLATE: "invalid_name_template"},
        ),
        ({CONF_NAME_TEMPLATE: "  "}, {CONF_NAME_TEMPLATE: "invalid_name_template"}),
    ],
)
async def test_form_errors(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    changes: dict[str, Any],
    errors: dict[str, str],
) -> None:
    """Missing locks and bad name templates are shown on the form; fixing them works."""
    result = await start(hass, init_integration)
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], FORM | changes
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == errors
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], FORM
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_same_calendar_twice(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """A calendar can be one booking calendar of a workspace only."""
    await add_calendar(hass, init_integration)
    result = await start(hass, init_integration)
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], FORM
    )
    assert result["errors"] == {CONF_CALENDAR: "calendar_already_configured"}


async def test_reconfigure(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """Reconfigure shows the current settings and keeps the changes."""
    subentry_id = await add_calendar(hass, init_integration)
    hass.states.async_remove(CALENDAR)
    result = await start(
        hass, init_integration, source=SOURCE_RECONFIGURE, subentry_id=subentry_id
    )
    assert result["step_id"] == "reconfigure"
    assert suggested(result) == DATA
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], FORM | {CONF_LOCKS: [ROOM_101], CONF_SKIP: ""}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    subentry = init_integration.subentries[subentry_id]
    assert subentry.data == DATA | {CONF_LOCKS: [ROOM_101], CONF_SKIP: ""}
    assert subentry.title == CALENDAR


async def test_entry_not_loaded(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """Locks can only be offered while the workspace is loaded."""
    await hass.config_entries.async_unload(init_integration.entry_id)
    result = await start(hass, init_integration)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "entry_not_loaded"


async def test_remove(hass: HomeAssistant, init_integration: MockConfigEntry) -> None:
    """Removing a booking calendar stops following it and drops its sensors."""
    subentry_id = await add_calendar(hass, init_integration)
    assert subentry_id in hass.data[FOLLOWERS]
    assert hass.states.get("sensor.beach_house_next_stay") is not None
    assert hass.config_entries.async_remove_subentry(init_integration, subentry_id)
    await hass.async_block_till_done()
    assert subentry_id not in hass.data[FOLLOWERS]
    assert hass.states.get("sensor.beach_house_next_stay") is None
