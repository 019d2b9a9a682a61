"""Home Assistant's Remote Calendar reads the sandbox's booking feed over HTTP."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from homeassistant.components.calendar import (
    DATA_COMPONENT,
    DOMAIN as CALENDAR_DOMAIN,
)
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util

from .common import sandbox_admin, setup_remote_calendar

if TYPE_CHECKING:
    from seam_sandbox import SandboxServer


async def test_remote_calendar_reads_the_feed(
    hass: HomeAssistant, sandbox: SandboxServer
) -> None:
    """A booking in the sandbox is an all-day event of a Remote Calendar entity."""
    start = dt_util.start_of_local_day()
    today = start.date()
    booking = await sandbox_admin(
        sandbox,
        "ical/book",
        listing="demo",
        summary="Anna Berg",
        check_in=(today + timedelta(days=2)).isoformat(),
        check_out=(today + timedelta(days=5)).isoformat(),
    )
    entry = await setup_remote_calendar(hass, sandbox)
    assert entry.state is ConfigEntryState.LOADED

    response = await hass.services.async_call(
        CALENDAR_DOMAIN,
        "get_events",
        {"start_date_time": start, "end_date_time": start + timedelta(days=30)},
        target={"entity_id": "calendar.beach_house"},
        blocking=True,
        return_response=True,
    )
    (event,) = response["calendar.beach_house"]["events"]
    assert event["summary"] == "Anna Berg"
    assert (event["start"], event["end"]) == (
        booking["booking"]["check_in"],
        booking["booking"]["check_out"],
    )
    entity = hass.data[DATA_COMPONENT].get_entity("calendar.beach_house")
    assert entity is not None
    (found,) = await entity.async_get_events(hass, start, start + timedelta(days=30))
    assert found.uid == booking["booking"]["uid"]
