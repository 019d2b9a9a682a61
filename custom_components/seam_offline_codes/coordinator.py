"""Data update coordinator for the Seam Offline Codes integration.

The coordinator keeps one immutable snapshot of the managed locks and all their access
codes. Polling is adaptive: a full sync (devices plus each lock's codes) runs at start and
at the slow interval; while any code is changing, one batched request for just those
codes runs at the fast interval; in between, the next poll is timed for the next moment a
code is due to change (its start approaching or its end passing).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from types import MappingProxyType
from typing import TYPE_CHECKING, cast

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryAuthFailed
from homeassistant.helpers import (
    device_registry as dr,
    entity_registry as er,
    issue_registry as ir,
)
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed
from homeassistant.util import dt as dt_util

from .const import (
    CONF_DEVICE_IDS,
    CONF_FAST_POLL_SECONDS,
    CONF_FULL_SYNC_MINUTES,
    DEFAULT_FAST_POLL_SECONDS,
    DEFAULT_FULL_SYNC_MINUTES,
    DOMAIN,
    ENTITY_WAIT,
    LOGGER,
    WATCH_AFTER_CREATE,
    WATCH_BEFORE_START,
)
from .moments import EVENT_CODE_MOMENT, detect_moments, moment_signal
from .seam import (
    AccessCode,
    AccessCodeStatus,
    Device,
    Event,
    SeamAuthenticationError,
    SeamClient,
    SeamError,
    SeamNotFoundError,
    SeamRateLimitedError,
)

if TYPE_CHECKING:
    from .webhook import SeamWebhook

type SeamConfigEntry = ConfigEntry[SeamRuntimeData]

_CHANGING_STATUSES = frozenset({AccessCodeStatus.SETTING, AccessCodeStatus.REMOVING})


def seam_device_id(device: dr.DeviceEntry) -> str | None:
    """Return the Seam device id behind one of this integration's devices."""
    return next(
        (ident for domain, ident in device.identifiers if domain == DOMAIN), None
    )


@dataclass(kw_only=True, slots=True)
class SeamRuntimeData:
    """What a loaded config entry holds."""

    client: SeamClient
    coordinator: SeamCoordinator
    webhook: SeamWebhook


@dataclass(frozen=True, slots=True, kw_only=True)
class SeamData:
    """An immutable snapshot of the managed locks and their access codes."""

    locks: Mapping[str, Device] = field(default_factory=lambda: MappingProxyType({}))
    codes: Mapping[str, AccessCode] = field(
        default_factory=lambda: MappingProxyType({})
    )

    def codes_on(self, device_id: str) -> tuple[AccessCode, ...]:
        """Return the access codes on one lock."""
        return tuple(
            code for code in self.codes.values() if code.device_id == device_id
        )

    def with_codes(self, codes: Mapping[str, AccessCode]) -> SeamData:
        """Return a copy holding these codes."""
        return replace(self, codes=MappingProxyType(dict(codes)))


class SeamCoordinator(DataUpdateCoordinator[SeamData]):
    """Poll Seam adaptively and apply instant updates."""

    config_entry: SeamConfigEntry

    def __init__(
        self, hass: HomeAssistant, entry: SeamConfigEntry, client: SeamClient
    ) -> None:
        """Set up the coordinator for one Seam workspace."""
        self.client = client
        self.device_ids = frozenset(entry.options[CONF_DEVICE_IDS])
        self.fast_interval = timedelta(
            seconds=entry.options.get(CONF_FAST_POLL_SECONDS, DEFAULT_FAST_POLL_SECONDS)
        )
        self.full_sync_interval = timedelta(
            minutes=entry.options.get(CONF_FULL_SYNC_MINUTES, DEFAULT_FULL_SYNC_MINUTES)
        )
        self._next_full_sync: datetime | None = None
        self._watch_until: dict[str, datetime] = {}
        self._entity_waiters: dict[str, asyncio.Future[str]] = {}
        self.default_time_slots: dict[str, str] = {}
        self._announced_codes: Mapping[str, AccessCode] | None = None
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=DOMAIN,
            update_interval=self.fast_interval,
            always_update=False,
        )

    @callback
    def async_update_listeners(self) -> None:
        """Announce the codes' lifecycle moments, then update the entities."""
        self._async_announce_moments()
        super().async_update_listeners()

    @callback
    def _async_announce_moments(self) -> None:
        """Fire an event and a dispatcher signal for each moment since the last snapshot."""
        # Before the first successful refresh there is no snapshot yet.
        if (data := cast("SeamData | None", self.data)) is None:
            return
        previous, self._announced_codes = self._announced_codes, data.codes
        if previous is None:
            return
        devices = dr.async_get(self.hass)
        for moment in detect_moments(previous, data.codes):
            device = devices.async_get_device(identifiers={(DOMAIN, moment.device_id)})
            self.hass.bus.async_fire(
                EVENT_CODE_MOMENT,
                {
                    "type": str(moment.type),
                    "device_id": device.id if device else None,
                    "seam_device_id": moment.device_id,
                    "access_code_id": moment.access_code_id,
                    "name": moment.name,
                },
            )
            async_dispatcher_send(
                self.hass, moment_signal(self.config_entry.entry_id), moment
            )

    async def _async_update_data(self) -> SeamData:
        """Run a full sync when due, else refresh only the codes that are changing."""
        now = dt_util.utcnow()
        try:
            if (
                self.data is None
                or self._next_full_sync is None
                or now >= self._next_full_sync
            ):
                data = await self._async_full_sync()
                self._next_full_sync = now + self.full_sync_interval
            else:
                data = await self._async_refresh_changing(self.data, now)
        except SeamAuthenticationError as err:
            raise ConfigEntryAuthFailed(
                translation_domain=DOMAIN, translation_key="invalid_auth"
            ) from err
        except SeamRateLimitedError as err:
            raise UpdateFailed(
                retry_after=err.retry_after,
                translation_domain=DOMAIN,
                translation_key="rate_limited",
            ) from err
        except SeamError as err:
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="update_failed",
                translation_placeholders={"error": type(err).__name__},
            ) from err
        self.update_interval = self._next_interval(data, now)
        return data

    async def _async_full_sync(self) -> SeamData:
        """Fetch the managed locks and every code on them."""
        devices = await self.client.list_devices(device_ids=sorted(self.device_ids))
        locks = {
            device.device_id: device
            for device in devices
            if device.device_id in self.device_ids
        }
        code_lists = await asyncio.gather(
            *(self.client.list_access_codes(device_id=device_id) for device_id in locks)
        )
        codes = {code.access_code_id: code for codes in code_lists for code in codes}
        self._remove_missing_devices(locks)
        self._report_missing_locks(locks)
        return SeamData(locks=MappingProxyType(locks), codes=MappingProxyType(codes))

    async def _async_refresh_changing(self, data: SeamData, now: datetime) -> SeamData:
        """Fetch the codes in flux with one batched request."""
        changing = sorted(self._changing_code_ids(data.codes.values(), now))
        if not changing:
            return data
        fresh = await self.client.list_access_codes(access_code_ids=changing)
        codes = {
            code_id: code
            for code_id, code in data.codes.items()
            if code_id not in changing
        }
        codes.update((code.access_code_id, code) for code in fresh)
        return data.with_codes(codes)

    def _changing_code_ids(
        self, codes: Iterable[AccessCode], now: datetime
    ) -> set[str]:
        """Return the ids of the codes whose state is changing or due to change."""
        self._watch_until = {
            code_id: until
            for code_id, until in self._watch_until.items()
            if until > now
        }
        return {code.access_code_id for code in codes if self._is_changing(code, now)}

    def _is_changing(self, code: AccessCode, now: datetime) -> bool:
        """Return whether a code is in flux and worth a fast poll."""
        if code.status in _CHANGING_STATUSES:
            return True
        if (
            code.access_code_id in self._watch_until
            and code.is_waiting_for_code_assignment
        ):
            return True
        if code.ends_at is not None and code.ends_at <= now:
            return True
        return (
            code.is_waiting_for_code_assignment
            and code.starts_at is not None
            and code.starts_at - WATCH_BEFORE_START <= now
        )

    def _next_interval(self, data: SeamData, now: datetime) -> timedelta:
        """Return how long to wait before the next poll."""
        if self._changing_code_ids(data.codes.values(), now):
            return self.fast_interval
        assert self._next_full_sync is not None
        moments = [self._next_full_sync]
        for code in data.codes.values():
            if code.is_waiting_for_code_assignment and code.starts_at is not None:
                moments.append(code.starts_at - WATCH_BEFORE_START)
            if code.ends_at is not None:
                moments.append(code.ends_at)
        upcoming = min(moment for moment in moments if moment > now)
        return max(upcoming - now, self.fast_interval)

    def _report_missing_locks(self, locks: Mapping[str, Device]) -> None:
        """Raise a repair issue while chosen locks are missing from Seam; clear it after."""
        issue_id = f"missing_locks_{self.config_entry.entry_id}"
        if missing := len(self.device_ids - locks.keys()):
            ir.async_create_issue(
                self.hass,
                DOMAIN,
                issue_id,
                is_fixable=False,
                severity=ir.IssueSeverity.WARNING,
                translation_key="missing_locks",
                translation_placeholders={
                    "count": str(missing),
                    "entry": self.config_entry.title,
                },
            )
        else:
            ir.async_delete_issue(self.hass, DOMAIN, issue_id)

    def _remove_missing_devices(self, locks: Mapping[str, Device]) -> None:
        """Drop devices of locks that Seam no longer has."""
        registry = dr.async_get(self.hass)
        for device in dr.async_entries_for_config_entry(
            registry, self.config_entry.entry_id
        ):
            if (
                device_id := seam_device_id(device)
            ) is not None and device_id not in locks:
                registry.async_update_device(
                    device.id, remove_config_entry_id=self.config_entry.entry_id
                )

    async def async_add_code(self, code: AccessCode) -> str | None:
        """Take a code just created in Seam, watch it closely and return its sensor's id.

        The sensor is added by the sensor platform when the snapshot changes; this waits
        (briefly) until it exists, so an action can answer with it.
        """
        self._watch_until[code.access_code_id] = dt_util.utcnow() + WATCH_AFTER_CREATE
        self.update_interval = self.fast_interval
        waiter: asyncio.Future[str] = self.hass.loop.create_future()
        if entity_id := er.async_get(self.hass).async_get_entity_id(
            Platform.SENSOR, DOMAIN, code.access_code_id
        ):
            waiter.set_result(entity_id)
        self._entity_waiters[code.access_code_id] = waiter
        try:
            self.async_set_updated_data(
                self.data.with_codes({**self.data.codes, code.access_code_id: code})
            )
            async with asyncio.timeout(ENTITY_WAIT.total_seconds()):
                return await waiter
        except TimeoutError:
            return None
        finally:
            del self._entity_waiters[code.access_code_id]

    @callback
    def async_code_entity_added(self, access_code_id: str, entity_id: str) -> None:
        """Note that a code's sensor now exists."""
        if (waiter := self._entity_waiters.get(access_code_id)) and not waiter.done():
            waiter.set_result(entity_id)

    async def async_handle_event(self, event: Event) -> None:
        """Apply a Seam event: refetch the code it names, or resync for device events."""
        if event.device_id not in self.device_ids:
            return
        if event.access_code_id is None:
            self._next_full_sync = None
            await self.async_request_refresh()
            return
        try:
            await self.async_refresh_code(event.access_code_id)
        except SeamError as err:
            LOGGER.debug(
                "Could not fetch the code of a Seam event: %s", type(err).__name__
            )
            await self.async_request_refresh()

    async def async_refresh_code(self, access_code_id: str) -> AccessCode | None:
        """Fetch one code into the snapshot; return it, or None once Seam has forgotten it."""
        try:
            code: AccessCode | None = await self.client.get_access_code(access_code_id)
        except SeamNotFoundError:
            code = None
        codes = {k: v for k, v in self.data.codes.items() if k != access_code_id}
        if code is not None:
            codes[access_code_id] = code
        self.async_set_updated_data(self.data.with_codes(codes))
        return code
