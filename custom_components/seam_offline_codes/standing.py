"""Codes that no longer matter: dismissed by an administrator, or of a stay that ended early.

An offline code cannot be revoked, so such a code is never hidden: its sensor, its calendar
event and the card say why it no longer matters, and it is left out of active counts and
guest messages. The PIN keeps working on the lock until the code's end.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Final

from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.helpers.storage import Store
from homeassistant.util.hass_dict import HassKey

from .booking_follower import EVENT_STAY_CANCELLED, EVENT_STAY_CHANGED
from .const import DOMAIN
from .coordinator import SeamConfigEntry
from .stay_store import STAY_STORE, StayState, async_get_stay_store

STORAGE_VERSION: Final = 1
STORAGE_KEY: Final = f"{DOMAIN}.dismissed_codes"


class Standing(StrEnum):
    """Why a code no longer matters."""

    DISMISSED = "dismissed"
    """An administrator marked it no longer needed."""
    STAY_CANCELLED = "stay_cancelled"
    STAY_SUPERSEDED = "stay_superseded"


_STAY_STANDING: Final = {
    StayState.CANCELLED: Standing.STAY_CANCELLED,
    StayState.SUPERSEDED: Standing.STAY_SUPERSEDED,
}


@dataclass(slots=True)
class DismissedCodes:
    """The ids of the codes an administrator dismissed, saved in Home Assistant's storage."""

    store: Store[dict[str, Any]]
    codes: set[str] = field(default_factory=set)

    async def async_dismiss(self, access_code_id: str) -> None:
        """Mark a code no longer needed, and save it."""
        self.codes.add(access_code_id)
        await self.store.async_save({"codes": sorted(self.codes)})


DISMISSED_CODES: HassKey[DismissedCodes] = HassKey(f"{DOMAIN}_dismissed_codes")


async def async_load_standing(hass: HomeAssistant) -> DismissedCodes:
    """Load the dismissed codes and the stays once, so entities read them at once."""
    await async_get_stay_store(hass)
    if (dismissed := hass.data.get(DISMISSED_CODES)) is None:
        store: Store[dict[str, Any]] = Store(hass, STORAGE_VERSION, STORAGE_KEY)
        saved = await store.async_load() or {}
        dismissed = hass.data.setdefault(
            DISMISSED_CODES, DismissedCodes(store, set(saved.get("codes", [])))
        )
    return dismissed


@callback
def code_standing(hass: HomeAssistant, access_code_id: str) -> Standing | None:
    """Return why a code no longer matters, or None while it does."""
    if (dismissed := hass.data.get(DISMISSED_CODES)) and (
        access_code_id in dismissed.codes
    ):
        return Standing.DISMISSED
    if (stays := hass.data.get(STAY_STORE)) is None or (
        state := stays.ended_codes.get(access_code_id)
    ) is None:
        return None
    return _STAY_STANDING[state]


@callback
def async_follow_standing(hass: HomeAssistant, entry: SeamConfigEntry) -> None:
    """Show the new standing of a stay's codes when the stay is cancelled or moved."""
    coordinator = entry.runtime_data.coordinator

    @callback
    def show(_: Event) -> None:
        coordinator.async_update_all_listeners()

    for event_type in (EVENT_STAY_CANCELLED, EVENT_STAY_CHANGED):
        entry.async_on_unload(hass.bus.async_listen(event_type, show))
