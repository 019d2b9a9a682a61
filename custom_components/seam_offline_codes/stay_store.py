"""The stays Home Assistant made: which codes belong to each, kept across restarts.

Offline codes cannot be revoked, so a stay is never forgotten while its codes work: a
moved booking's stay is marked superseded and a cancelled one cancelled, with its codes
and their windows, so the host knows which PINs still open the doors.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import Any, Final

from homeassistant.core import HomeAssistant
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util
from homeassistant.util.hass_dict import HassKey

from .booking import StaySource
from .const import DOMAIN

STORAGE_VERSION: Final = 1
STORAGE_KEY: Final = f"{DOMAIN}.stays"


class StayState(StrEnum):
    """Whether a stay's codes are the booking's current ones."""

    ACTIVE = "active"
    SUPERSEDED = "superseded"
    """The booking moved: newer codes replace these (which still work until their end)."""
    CANCELLED = "cancelled"
    """The booking was cancelled before check-in (the codes still work until their end)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class StayCode:
    """One lock's code of a stay (never its PIN)."""

    device_id: str
    lock_name: str
    access_code_id: str
    starts_at: datetime
    ends_at: datetime

    def to_json(self) -> dict[str, str]:
        """Return the code as stored."""
        return {
            "device_id": self.device_id,
            "lock_name": self.lock_name,
            "access_code_id": self.access_code_id,
            "starts_at": self.starts_at.isoformat(),
            "ends_at": self.ends_at.isoformat(),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> StayCode:
        """Read a stored code."""
        return cls(
            device_id=data["device_id"],
            lock_name=data["lock_name"],
            access_code_id=data["access_code_id"],
            starts_at=datetime.fromisoformat(data["starts_at"]),
            ends_at=datetime.fromisoformat(data["ends_at"]),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Stay:
    """A guest's stay: the requested window and the codes made for it."""

    stay_id: str
    name: str
    check_in: datetime
    """As requested: naive for wall times on each lock's clock, else aware."""
    check_out: datetime
    created_at: datetime
    codes: tuple[StayCode, ...] = ()
    state: StayState = StayState.ACTIVE
    source: StaySource | None = None
    replaced_by: str | None = None

    def to_json(self) -> dict[str, Any]:
        """Return the stay as stored."""
        return {
            "stay_id": self.stay_id,
            "name": self.name,
            "check_in": self.check_in.isoformat(),
            "check_out": self.check_out.isoformat(),
            "created_at": self.created_at.isoformat(),
            "codes": [code.to_json() for code in self.codes],
            "state": str(self.state),
            "source": self.source.to_json() if self.source else None,
            "replaced_by": self.replaced_by,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Stay:
        """Read a stored stay."""
        source = data.get("source")
        return cls(
            stay_id=data["stay_id"],
            name=data["name"],
            check_in=datetime.fromisoformat(data["check_in"]),
            check_out=datetime.fromisoformat(data["check_out"]),
            created_at=datetime.fromisoformat(data["created_at"]),
            codes=tuple(StayCode.from_json(code) for code in data["codes"]),
            state=StayState(data["state"]),
            source=StaySource.from_json(source) if source else None,
            replaced_by=data.get("replaced_by"),
        )


@dataclass(slots=True)
class StayStore:
    """Every stay the integration made, saved in Home Assistant's storage."""

    store: Store[dict[str, Any]]
    stays: dict[str, Stay] = field(default_factory=dict)
    ended_codes: dict[str, StayState] = field(default_factory=dict)
    """The codes of superseded and cancelled stays, by id: read for every code shown."""

    async def async_load(self) -> None:
        """Read the saved stays."""
        data = await self.store.async_load() or {}
        self.stays = {
            stay["stay_id"]: Stay.from_json(stay) for stay in data.get("stays", [])
        }
        self._index_ended_codes()

    async def async_put(self, stay: Stay) -> Stay:
        """Add or replace a stay, and save it before going on (codes are forever)."""
        self.stays[stay.stay_id] = stay
        self._index_ended_codes()
        await self.store.async_save(self._data())
        return stay

    def _index_ended_codes(self) -> None:
        """Index the codes of the stays that ended early (stays change rarely)."""
        self.ended_codes = {
            code.access_code_id: stay.state
            for stay in self.stays.values()
            if stay.state is not StayState.ACTIVE
            for code in stay.codes
        }

    async def async_mark(
        self, stay: Stay, state: StayState, replaced_by: str | None = None
    ) -> Stay:
        """Mark a stay superseded or cancelled (its codes keep working)."""
        return await self.async_put(replace(stay, state=state, replaced_by=replaced_by))

    def active_from(self, source: StaySource) -> Stay | None:
        """Return the active stay made from a booking (by calendar and uid)."""
        return next(
            (
                stay
                for stay in self.stays.values()
                if stay.state is StayState.ACTIVE
                and stay.source is not None
                and (stay.source.subentry_id, stay.source.uid)
                == (source.subentry_id, source.uid)
            ),
            None,
        )

    def of_calendar(self, subentry_id: str) -> list[Stay]:
        """Return the active stays made from a booking calendar, by check-in."""
        return sorted(
            (
                stay
                for stay in self.stays.values()
                if stay.state is StayState.ACTIVE
                and stay.source is not None
                and stay.source.subentry_id == subentry_id
            ),
            key=lambda stay: stay.created_at,
        )

    def _data(self) -> dict[str, Any]:
        return {"stays": [stay.to_json() for stay in self.stays.values()]}


STAY_STORE: HassKey[StayStore] = HassKey(f"{DOMAIN}_stays")


async def async_get_stay_store(hass: HomeAssistant) -> StayStore:
    """Return the integration's stay store, loading it on first use."""
    if (store := hass.data.get(STAY_STORE)) is None:
        store = StayStore(Store(hass, STORAGE_VERSION, STORAGE_KEY))
        await store.async_load()
        store = hass.data.setdefault(STAY_STORE, store)
    return store


def new_stay(
    stay_id: str,
    name: str,
    check_in: datetime,
    check_out: datetime,
    codes: tuple[StayCode, ...],
    source: StaySource | None = None,
) -> Stay:
    """Return a new active stay created now."""
    return Stay(
        stay_id=stay_id,
        name=name,
        check_in=check_in,
        check_out=check_out,
        created_at=dt_util.utcnow(),
        codes=codes,
        source=source,
    )
