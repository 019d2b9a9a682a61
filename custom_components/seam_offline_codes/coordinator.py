"""Data update coordinator for the Seam Offline Codes integration.

The coordinator is the one owner of Seam operations and of the snapshot: one immutable
view of the managed locks and all their access codes, fed by polls, webhook events and
the codes it creates. Actions, intents and the webhook view call its typed methods
(``plan_*_code``, ``async_create_code``, ``async_wait_for_pin``, ``async_refresh_code``,
``async_handle_event``) and format their own output.

Polling is adaptive: a full sync (devices plus each lock's codes) runs at start and every
FULL_SYNC_INTERVAL; while any code is changing, one batched request for just those codes
runs every FAST_POLL_INTERVAL; in between, the next poll is timed for the next moment a
code is due to change (its start approaching or its end passing).
"""

from __future__ import annotations

import asyncio
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import partial
from types import MappingProxyType
from typing import Any, TypedDict, cast

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import Platform
from homeassistant.core import (
    CALLBACK_TYPE,
    Event as HassEvent,
    HomeAssistant,
    callback,
)
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import (
    device_registry as dr,
    entity_registry as er,
    issue_registry as ir,
)
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.helpers.event import (
    EventStateChangedData,
    async_track_state_added_domain,
)
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator
from homeassistant.util import dt as dt_util

from .const import (
    CODE_CREATED_EVENT,
    CONF_DEVICE_IDS,
    CREATE_WINDOW,
    CREATES_PER_WINDOW,
    DELIVERY_GRACE,
    DOMAIN,
    ENTITY_WAIT,
    FAST_POLL_INTERVAL,
    FULL_SYNC_INTERVAL,
    FULL_SYNC_SLACK,
    LOGGER,
    PIN_POLL,
    PIN_WAIT,
    WATCH_AFTER_CREATE,
    WATCH_BEFORE_START,
    WEBHOOK_FULL_SYNC_INTERVAL,
)
from .helpers import (
    SeamAction,
    code_unique_id,
    rule_violation_handler,
    seam_exception_handler,
    workspace_device_info,
)
from .moments import EVENT_CODE_MOMENT, detect_moments, moment_signal
from .repairs import async_offer_new_locks
from .rules import PlannedCode, plan_daily_code, plan_hourly_code, plan_one_time_code
from .seam import (
    AccessCode,
    AccessCodeStatus,
    Device,
    Event,
    SeamClient,
    SeamCreateOutcomeUnknownError,
    SeamNotFoundError,
    SeamRateLimitedError,
)

type SeamConfigEntry = ConfigEntry[SeamRuntimeData]

_CHANGING_STATUSES = frozenset({AccessCodeStatus.SETTING, AccessCodeStatus.REMOVING})
_SOONEST_POLL = timedelta(seconds=1)
"""The shortest wait for a poll that is already due (none would mean no poll at all)."""


class UpdateMode(StrEnum):
    """How the coordinator learns of changes."""

    POLLING = "polling"
    """Polling alone: a full sync every 15 minutes, codes in flux every 15 seconds."""
    WEBHOOK = "webhook"
    """Seam's webhook delivers: a full sync hourly, overdue changes polled."""


def code_context(access_code_id: str) -> str:
    """Return the listener context of an entity that shows one code."""
    return f"code {access_code_id}"


def lock_context(device_id: str) -> str:
    """Return the listener context of an entity that shows one lock (or its codes)."""
    return f"lock {device_id}"


@dataclass(slots=True, eq=False)
class _ContextListener:
    """One entity's listener for one context; calling it removes it.

    Thousands exist (one per code sensor), so each is one small object: it is the
    remover the entity keeps, and a link of its context's chain of listeners.
    """

    coordinator: SeamCoordinator
    context: str
    update: CALLBACK_TYPE
    next: _ContextListener | None = None
    """The context's next listener."""

    def chain(self) -> list[_ContextListener]:
        """Return this listener and those after it (a copy: listeners may leave)."""
        listeners = []
        listener: _ContextListener | None = self
        while listener is not None:
            listeners.append(listener)
            listener = listener.next
        return listeners

    @callback
    def __call__(self) -> None:
        """Stop listening."""
        self.coordinator._async_remove_context_listener(self)  # noqa: SLF001


def seam_device_id(device: dr.DeviceEntry) -> str | None:
    """Return the Seam device id behind one of this integration's lock devices.

    Service devices (the workspace, each booking calendar) have no Seam device behind them.
    """
    if device.entry_type is dr.DeviceEntryType.SERVICE:
        return None
    return next(
        (ident for domain, ident in device.identifiers if domain == DOMAIN), None
    )


@dataclass(kw_only=True, slots=True)
class SeamRuntimeData:
    """What a loaded config entry holds."""

    coordinator: SeamCoordinator
    webhook_active: bool
    """Whether Seam delivers events to Home Assistant (else polling alone)."""


@dataclass(frozen=True, slots=True)
class ManagedLock:
    """A lock an entry manages, with the coordinator that owns its codes."""

    coordinator: SeamCoordinator
    lock: Device


@dataclass(frozen=True, slots=True, kw_only=True)
class CreatedCode:
    """A code just created in Seam, as planned, with its sensor once that exists."""

    code: AccessCode
    plan: PlannedCode
    entity_id: str | None
    """The code's sensor; None if the platform did not add it within ENTITY_WAIT."""

    @property
    def pin(self) -> str | None:
        """Return the PIN, once Seam has assigned it."""
        return self.code.code

    @property
    def status(self) -> AccessCodeStatus:
        """Return the code's Seam status."""
        return self.code.status


class _RuleContext(TypedDict):
    """What the maker rules need besides the request: the time and the lock's codes."""

    now: datetime
    existing: Sequence[AccessCode]
    default_time_zone: str


@dataclass(frozen=True, slots=True, kw_only=True)
class SeamData:
    """An immutable snapshot of the managed locks and their access codes.

    It also says what changed since the snapshot it was made from, so that only the
    entities of those codes and locks run, and indexes the codes per lock.
    """

    locks: MappingProxyType[str, Device] = field(
        default_factory=lambda: MappingProxyType({})
    )
    codes: MappingProxyType[str, AccessCode] = field(
        default_factory=lambda: MappingProxyType({})
    )
    by_lock: MappingProxyType[str, Mapping[str, AccessCode]] = field(
        default_factory=lambda: MappingProxyType({}), compare=False, repr=False
    )
    """The codes of each lock, by id."""
    changed_codes: frozenset[str] | None = field(default=None, compare=False)
    """Codes added, changed or gone since the previous snapshot (None: any may have)."""
    changed_locks: frozenset[str] | None = field(default=None, compare=False)
    """Locks whose own state or codes changed since the previous snapshot (None: any)."""

    @classmethod
    def of(
        cls,
        locks: Mapping[str, Device],
        codes: Mapping[str, AccessCode],
        previous: SeamData | None = None,
    ) -> SeamData:
        """Return a snapshot of these locks and codes, with what changed since ``previous``."""
        by_lock: dict[str, dict[str, AccessCode]] = {lock_id: {} for lock_id in locks}
        for code_id, code in codes.items():
            by_lock.setdefault(code.device_id, {})[code_id] = code
        changed_codes = changed_locks = None
        if previous is not None:
            before = previous.codes
            changed_codes = frozenset(
                code_id
                for code_id, code in codes.items()
                if before.get(code_id) != code
            ) | (before.keys() - codes.keys())
            changed_locks = frozenset(
                lock_id
                for lock_id in locks.keys() | previous.locks.keys()
                if locks.get(lock_id) != previous.locks.get(lock_id)
            ) | {
                changed.device_id
                for code_id in changed_codes
                if (changed := codes.get(code_id) or before.get(code_id)) is not None
            }
        return cls(
            locks=MappingProxyType(dict(locks)),
            codes=MappingProxyType(dict(codes)),
            by_lock=MappingProxyType(by_lock),
            changed_codes=changed_codes,
            changed_locks=changed_locks,
        )

    def codes_on(self, device_id: str) -> tuple[AccessCode, ...]:
        """Return the access codes on one lock."""
        return tuple(self.by_lock.get(device_id, {}).values())

    def with_code_changes(
        self, fresh: Iterable[AccessCode] = (), gone: Iterable[str] = ()
    ) -> SeamData:
        """Return a copy with ``fresh`` codes in and ``gone`` ones out, noting what changed.

        The cost follows the changes: only the changed locks' indexes are copied, and the
        views' own ``copy`` copies the codes as fast as a dict does (``dict()`` of a view
        reads it key by key, twenty times slower).
        """
        codes = self.codes.copy()
        by_lock = self.by_lock.copy()
        copied: dict[str, dict[str, AccessCode]] = {}
        changed: set[str] = set()

        def codes_of(lock_id: str) -> dict[str, AccessCode]:
            if lock_id not in copied:
                copied[lock_id] = dict(by_lock.get(lock_id, {}))
                by_lock[lock_id] = copied[lock_id]
            return copied[lock_id]

        for code in fresh:
            code_id = code.access_code_id
            if (old := codes.get(code_id)) == code:
                continue
            if old is not None and old.device_id != code.device_id:
                del codes_of(old.device_id)[code_id]
            codes[code_id] = codes_of(code.device_id)[code_id] = code
            changed.add(code_id)
        for code_id in gone:
            if (removed := codes.pop(code_id, None)) is not None:
                del codes_of(removed.device_id)[code_id]
                changed.add(code_id)
        return replace(
            self,
            codes=MappingProxyType(codes),
            by_lock=MappingProxyType(by_lock),
            changed_codes=frozenset(changed),
            changed_locks=frozenset(copied),
        )


class SeamCoordinator(DataUpdateCoordinator[SeamData]):
    """Poll Seam adaptively and apply instant updates."""

    config_entry: SeamConfigEntry

    def __init__(
        self, hass: HomeAssistant, entry: SeamConfigEntry, client: SeamClient
    ) -> None:
        """Set up the coordinator for one Seam workspace."""
        self.client = client
        self.device_ids = frozenset(entry.options[CONF_DEVICE_IDS])
        self._next_full_sync: datetime | None = None
        self._watch_until: dict[str, datetime] = {}
        self.update_mode = UpdateMode.POLLING
        self._webhook_registered = False
        self._expected_deliveries: dict[str, datetime] = {}
        """Codes whose delivery is expected (just created), by deadline."""
        self._delivered: dict[str, datetime] = {}
        """When the latest delivery about each code arrived (kept for DELIVERY_GRACE)."""
        self.default_time_slots: dict[str, str] = {}
        """The time slot each Oracode door's daily codes use when none is given."""
        self._announced: SeamData | None = None
        self._device_links: dict[str, dr.DeviceInfo] = {}
        self._general_listeners: dict[CALLBACK_TYPE, CALLBACK_TYPE] = {}
        """The listeners without a context (they follow every update), by remover."""
        self._context_listeners: dict[str, _ContextListener] = {}
        """The first listener of each context (the others follow it)."""
        self._remove_context_dispatch: CALLBACK_TYPE | None = None
        self._notified: tuple[SeamData | None, bool] | None = None
        self._notify_all = False
        self._create_locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._recent_creates: defaultdict[str, deque[datetime]] = defaultdict(deque)
        self._next_poll: datetime | None = None
        """When the next poll is due, kept across snapshots taken between polls."""
        self._resync_until: datetime | None = None
        """Until then every poll is a full sync: a create's outcome is unknown."""
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=DOMAIN,
            update_interval=FAST_POLL_INTERVAL,
            always_update=False,
        )

    def device_info(self, lock: Device) -> dr.DeviceInfo:
        """Return the device info that links an entity to its lock's device.

        The full sync registers each lock's device with its details; entities only link
        to it, one shared info per lock, which costs Home Assistant least per code sensor.
        """
        info = self._device_links.get(lock.device_id)
        if info is None:
            info = dr.DeviceInfo(identifiers={(DOMAIN, lock.device_id)})
            self._device_links[lock.device_id] = info
        return info

    def _register_devices(self, locks: Mapping[str, Device]) -> None:
        """Register the workspace's and each lock's device, before their entities."""
        registry = dr.async_get(self.hass)
        entry_id = self.config_entry.entry_id
        registry.async_get_or_create(
            config_entry_id=entry_id, **workspace_device_info(self.config_entry)
        )
        for lock in locks.values():
            registry.async_get_or_create(
                config_entry_id=entry_id,
                identifiers={(DOMAIN, lock.device_id)},
                manufacturer=lock.manufacturer,
                model=lock.model,
                name=lock.name,
                serial_number=lock.serial_number or lock.maker_device_id,
            )

    @callback
    def async_add_listener(
        self, update_callback: CALLBACK_TYPE, context: Any = None
    ) -> Callable[[], None]:
        """Listen for updates, of one code or lock only when a context says so.

        An entity's context (``code_context``, ``lock_context``) says which changes it
        follows; a listener without one follows every update. Listeners with a context
        are kept here, one small object each, and reach the base coordinator (which
        schedules polls while anything listens) through one dispatcher.
        """
        if context is None:
            remove = super().async_add_listener(update_callback)
            self._general_listeners[remove] = update_callback
            return partial(self._async_remove_general_listener, remove)
        if self._remove_context_dispatch is None:
            self._remove_context_dispatch = super().async_add_listener(
                self._async_update_all_contexts
            )
        listener = _ContextListener(
            self, context, update_callback, self._context_listeners.get(context)
        )
        self._context_listeners[context] = listener
        return listener

    @callback
    def _async_remove_general_listener(self, remove: CALLBACK_TYPE) -> None:
        """Remove a listener without a context."""
        remove()
        del self._general_listeners[remove]

    @callback
    def _async_remove_context_listener(self, listener: _ContextListener) -> None:
        """Remove a listener with a context, and the dispatcher after the last one."""
        first = self._context_listeners[listener.context]
        if first is listener:
            if listener.next is None:
                del self._context_listeners[listener.context]
            else:
                self._context_listeners[listener.context] = listener.next
        else:
            before = first
            while before.next is not listener:
                assert before.next is not None
                before = before.next
            before.next = listener.next
        if not self._context_listeners and self._remove_context_dispatch is not None:
            self._remove_context_dispatch()
            self._remove_context_dispatch = None

    @callback
    def _async_update_all_contexts(self) -> None:
        """Run every listener with a context (the base coordinator updates all)."""
        for first in list(self._context_listeners.values()):
            for listener in first.chain():
                listener.update()

    @callback
    def async_update_listeners(self) -> None:
        """Announce the codes' lifecycle moments, then update what changed.

        A new snapshot runs the listeners without a context and the entities of the codes
        and locks it changed; anything else (the first snapshot, a failed or recovered
        update, a change of update mode) runs them all.
        """
        self._async_announce_moments()
        data = cast("SeamData | None", self.data)
        notified, self._notified = self._notified, (data, self.last_update_success)
        if (
            self._notify_all
            or data is None
            or notified is None
            or data is notified[0]
            or self.last_update_success != notified[1]
            or data.changed_codes is None
            or data.changed_locks is None
        ):
            self._notify_all = False
            super().async_update_listeners()
            return
        for update in list(self._general_listeners.values()):
            update()
        contexts = [code_context(code_id) for code_id in data.changed_codes]
        contexts += (lock_context(lock_id) for lock_id in data.changed_locks)
        for context in contexts:
            if (first := self._context_listeners.get(context)) is not None:
                for listener in first.chain():
                    listener.update()

    @callback
    def async_update_all_listeners(self) -> None:
        """Run every listener, for a change the snapshot does not show (a code's standing)."""
        self._notify_all = True
        self.async_update_listeners()

    @callback
    def _async_announce_moments(self) -> None:
        """Fire an event and a dispatcher signal for each moment since the last snapshot."""
        # Before the first successful refresh there is no snapshot yet.
        data = cast("SeamData | None", self.data)
        if data is None or data is self._announced:
            return
        previous, self._announced = self._announced, data
        if previous is None:
            return
        devices = dr.async_get(self.hass)
        for moment in detect_moments(previous.codes, data.codes, data.changed_codes):
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
                self.hass,
                moment_signal(self.config_entry.entry_id, moment.device_id),
                moment,
            )

    async def _async_update_data(self) -> SeamData:
        """Run a full sync when due, else refresh only the codes that are changing."""
        now = dt_util.utcnow()
        self._forget_watches(now)
        with seam_exception_handler(self.hass, self.config_entry, SeamAction.UPDATE):
            previous = self.data
            if (
                previous is None
                or self._next_full_sync is None
                or now >= self._next_full_sync - FULL_SYNC_SLACK
                or self._resyncing(now)
            ):
                data = await self._async_full_sync()
                self._next_full_sync = now + self._full_sync_interval
            else:
                data = await self._async_refresh_changing(previous, now)
        if previous is not None:
            self._check_deliveries(data, now)
        self.update_interval = self._next_interval(data, now)
        self._next_poll = now + self.update_interval
        return data

    @property
    def _full_sync_interval(self) -> timedelta:
        """Return how long a full sync waits for the next one in the current mode."""
        if self.update_mode is UpdateMode.WEBHOOK:
            return WEBHOOK_FULL_SYNC_INTERVAL
        return FULL_SYNC_INTERVAL

    @callback
    def async_webhook_registered(self) -> None:
        """Note that Seam has a webhook; its first verified delivery starts webhook mode.

        Registering proves only that Seam took the URL, not that it can reach it.
        """
        self._webhook_registered = True

    @callback
    def _async_set_mode(self, mode: UpdateMode, now: datetime) -> None:
        """Switch between webhook and polling; the entities then show the new mode."""
        if mode is self.update_mode:
            return
        LOGGER.debug("Updates now come by %s", mode)
        self.update_mode = mode
        if mode is UpdateMode.POLLING:
            self._expected_deliveries.clear()
            if self._next_full_sync is not None:
                self._next_full_sync = min(
                    self._next_full_sync, now + FULL_SYNC_INTERVAL
                )
        elif self._next_full_sync is not None:
            # The last full sync was a polling one: the next comes a safety interval after it.
            self._next_full_sync += WEBHOOK_FULL_SYNC_INTERVAL - FULL_SYNC_INTERVAL
        if self.data is not None:
            self._notify_all = True
            self.async_update_listeners()

    def _check_deliveries(self, data: SeamData, now: datetime) -> None:
        """Fall back to polling when a delivery did not come that should have.

        A poll's change counts as unreported unless a delivery brought it (into the
        latest snapshot, or about that code within DELIVERY_GRACE).
        """
        self._delivered = {
            code_id: at
            for code_id, at in self._delivered.items()
            if at + DELIVERY_GRACE > now
        }
        if self.update_mode is not UpdateMode.WEBHOOK:
            return
        late = any(deadline <= now for deadline in self._expected_deliveries.values())
        unreported = [
            moment
            for moment in detect_moments(
                self.data.codes, data.codes, data.changed_codes
            )
            if moment.access_code_id not in self._delivered
        ]
        if late or unreported:
            LOGGER.info(
                "Seam's webhook missed a change; polling as usual until it delivers again"
            )
            self._async_set_mode(UpdateMode.POLLING, now)

    @callback
    def _async_delivery_arrived(self, event: Event) -> None:
        """Note a verified delivery: the webhook works."""
        if not self._webhook_registered:
            return
        now = dt_util.utcnow()
        if event.access_code_id is not None:
            self._expected_deliveries.pop(event.access_code_id, None)
            self._delivered[event.access_code_id] = now
        self._async_set_mode(UpdateMode.WEBHOOK, now)

    async def _async_full_sync(self) -> SeamData:
        """Fetch the managed locks and every code on them; offer new locks.

        One request lists every device of the workspace: the managed locks, and the new
        ones to offer.
        """
        devices = await self.client.list_devices()
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
        self._register_devices(locks)
        self._report_missing_locks(locks)
        async_offer_new_locks(self.hass, self.config_entry, devices)
        return SeamData.of(locks, codes, previous=self.data)

    async def _async_refresh_changing(self, data: SeamData, now: datetime) -> SeamData:
        """Fetch the codes in flux with one batched request."""
        changing = sorted(self._changing_code_ids(data.codes.values(), now))
        if not changing:
            return data
        fresh = await self.client.list_access_codes(access_code_ids=changing)
        gone = set(changing).difference(code.access_code_id for code in fresh)
        return data.with_code_changes(fresh, gone)

    def _changing_code_ids(
        self, codes: Iterable[AccessCode], now: datetime
    ) -> set[str]:
        """Return the ids of the codes to poll: those in flux, or overdue with a webhook."""
        return {code.access_code_id for code in codes if self._polls_now(code, now)}

    def _forget_watches(self, now: datetime) -> None:
        """Forget the new codes whose watch is over (``_is_changing`` reads the time)."""
        self._watch_until = {
            code_id: until
            for code_id, until in self._watch_until.items()
            if until > now
        }

    def _polls_now(self, code: AccessCode, now: datetime) -> bool:
        """Return whether a code is worth a poll now: in flux, or overdue with a webhook."""
        if self.update_mode is UpdateMode.WEBHOOK:
            due = _expected_change(code)
            return due is not None and due + DELIVERY_GRACE <= now
        return self._is_changing(code, now)

    def _is_changing(self, code: AccessCode, now: datetime) -> bool:
        """Return whether a code is in flux and worth a fast poll."""
        if code.status in _CHANGING_STATUSES:
            return True
        if (
            self._watch_until.get(code.access_code_id, now) > now
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

    def _poll_due(self, code: AccessCode, now: datetime) -> datetime | None:
        """Return when a code is next worth a poll: a fast poll while it is in flux."""
        if self._polls_now(code, now):
            return now + FAST_POLL_INTERVAL
        moments: tuple[datetime | None, ...]
        if self.update_mode is UpdateMode.WEBHOOK:
            due = _expected_change(code)
            moments = (None if due is None else due + DELIVERY_GRACE,)
        else:
            start = code.starts_at if code.is_waiting_for_code_assignment else None
            moments = (
                None if start is None else start - WATCH_BEFORE_START,
                code.ends_at,
            )
        return min(
            (moment for moment in moments if moment is not None and moment > now),
            default=None,
        )

    def _next_interval(self, data: SeamData, now: datetime) -> timedelta:
        """Return how long to wait before the next poll, in one pass over the codes."""
        if self._resyncing(now):
            return FAST_POLL_INTERVAL
        assert self._next_full_sync is not None
        moments = [self._next_full_sync]
        if self.update_mode is UpdateMode.WEBHOOK:
            moments.extend(self._expected_deliveries.values())
        upcoming = min(moment for moment in moments if moment > now)
        for code in data.codes.values():
            if (due := self._poll_due(code, now)) is not None and due < upcoming:
                upcoming = due
        return max(upcoming - now, FAST_POLL_INTERVAL)

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
        """Drop devices of locks that Seam no longer has (not booking calendars')."""
        entry_id = self.config_entry.entry_id
        registry = dr.async_get(self.hass)
        for device in dr.async_entries_for_config_entry(registry, entry_id):
            if (
                None in device.config_entries_subentries[entry_id]
                and (device_id := seam_device_id(device)) is not None
                and device_id not in locks
            ):
                registry.async_update_device(device.id, remove_config_entry_id=entry_id)

    def plan_hourly_code(
        self,
        lock: Device,
        *,
        name: str,
        starts_at: datetime,
        ends_at: datetime | None = None,
        duration: timedelta | None = None,
    ) -> PlannedCode:
        """Plan an hourly code on a lock; a broken rule raises ServiceValidationError."""
        with rule_violation_handler():
            return plan_hourly_code(
                lock,
                name=name,
                starts_at=starts_at,
                ends_at=ends_at,
                duration=duration,
                **self._rule_context(lock),
            )

    def plan_daily_code(
        self,
        lock: Device,
        *,
        name: str,
        start_date: date,
        end_date: date,
        time_of_day: time | None = None,
        time_slot: str | None = None,
    ) -> PlannedCode:
        """Plan a daily code on a lock, on the door's default slot if none is given."""
        if time_slot is None and time_of_day is None:
            time_slot = self.default_time_slots.get(lock.device_id)
        with rule_violation_handler():
            return plan_daily_code(
                lock,
                name=name,
                start_date=start_date,
                end_date=end_date,
                time_of_day=time_of_day,
                time_slot=time_slot,
                **self._rule_context(lock),
            )

    def plan_one_time_code(
        self, lock: Device, *, name: str, starts_at: datetime
    ) -> PlannedCode:
        """Plan a one-time code on a lock; a broken rule raises ServiceValidationError."""
        with rule_violation_handler():
            return plan_one_time_code(
                lock, name=name, starts_at=starts_at, **self._rule_context(lock)
            )

    def _rule_context(self, lock: Device) -> _RuleContext:
        """Return the present moment and the lock's codes, against which rules count."""
        return _RuleContext(
            now=dt_util.utcnow(),
            existing=self.data.codes_on(lock.device_id),
            default_time_zone=str(self.hass.config.time_zone),
        )

    async def async_create_code(
        self, lock: Device, plan: Callable[[], PlannedCode]
    ) -> CreatedCode:
        """Plan a code on a lock, create it in Seam, follow it closely and return it.

        Creates on one lock run one at a time, from planning to the snapshot update, so
        each plan counts the codes created before it and Seam's quotas and its creates
        per minute hold without Seam refusing anything. A broken rule raises
        ServiceValidationError before any request; a Seam failure a translated
        HomeAssistantError (ServiceValidationError when Seam refused the request).
        """
        async with self._create_locks[lock.device_id]:
            planned = plan()
            with seam_exception_handler(
                self.hass, self.config_entry, SeamAction.CREATE
            ):
                self._take_create_slot(lock.device_id)
                try:
                    code = await self.client.create_offline_access_code(planned.request)
                except SeamCreateOutcomeUnknownError:
                    await self._async_resync_soon()
                    raise
            self._follow_new_code(code.access_code_id)
            entity_id = await self._async_take_new_code(code)
        return CreatedCode(code=code, plan=planned, entity_id=entity_id)

    def _follow_new_code(self, access_code_id: str) -> None:
        """Watch a new code: poll it fast, or, with the webhook, expect its delivery."""
        now = dt_util.utcnow()
        self._watch_until[access_code_id] = now + WATCH_AFTER_CREATE
        if self.update_mode is not UpdateMode.WEBHOOK:
            self._poll_by(now + FAST_POLL_INTERVAL)
        elif access_code_id not in self._delivered:
            # Seam announces the new code (its delivery may have beaten this answer);
            # a poll once it is late notices a missing one.
            self._expected_deliveries[access_code_id] = now + DELIVERY_GRACE
            self._poll_by(now + DELIVERY_GRACE)

    def _poll_by(self, moment: datetime) -> None:
        """Bring the next poll forward to ``moment`` at the latest."""
        if self._next_poll is None or moment < self._next_poll:
            self._next_poll = moment

    @callback
    def async_set_updated_data(self, data: SeamData) -> None:
        """Take a snapshot between polls (a delivery, a create) and keep the next poll.

        Home Assistant would put the next poll a whole interval after now, so that
        frequent deliveries would put off overdue polls and full syncs; the changed codes
        can only bring it forward (work that follows the changes, not every code).
        """
        now = dt_util.utcnow()
        for code_id in data.changed_codes or ():
            if (code := data.codes.get(code_id)) is not None and (
                due := self._poll_due(code, now)
            ) is not None:
                self._poll_by(due)
        if self._next_poll is not None:
            self.update_interval = max(self._next_poll - now, _SOONEST_POLL)
        super().async_set_updated_data(data)

    def _take_create_slot(self, device_id: str) -> None:
        """Count a create on a lock; raise SeamRateLimitedError past Seam's limit."""
        now = dt_util.utcnow()
        recent = self._recent_creates[device_id]
        while recent and recent[0] <= now - CREATE_WINDOW:
            recent.popleft()
        if len(recent) >= CREATES_PER_WINDOW:
            wait = recent[0] + CREATE_WINDOW - now
            raise SeamRateLimitedError(
                "Seam's creates per minute on this lock are used up",
                retry_after=wait.total_seconds(),
            )
        recent.append(now)

    def _resyncing(self, now: datetime) -> bool:
        """Return whether polls are full syncs, looking for a code that may exist."""
        return self._resync_until is not None and now < self._resync_until

    async def _async_resync_soon(self) -> None:
        """Look for a code whose create has an unknown outcome, now and for a while."""
        self._resync_until = dt_util.utcnow() + WATCH_AFTER_CREATE
        await self.async_request_refresh()

    async def _async_take_new_code(self, code: AccessCode) -> str | None:
        """Put a new code into the snapshot; return its sensor's entity id once added.

        The sensor platform adds the sensor when the snapshot changes; its entity id is
        read from the entity registry as soon as its state exists (within ENTITY_WAIT).
        """
        registry = er.async_get(self.hass)
        unique_id = code_unique_id(code.access_code_id)

        def sensor() -> str | None:
            entity_id = registry.async_get_entity_id(Platform.SENSOR, DOMAIN, unique_id)
            return entity_id if entity_id and self.hass.states.get(entity_id) else None

        self.async_set_updated_data(self.data.with_code_changes([code]))
        # The platform usually adds the sensor at once; else its state is awaited.
        if (entity_id := sensor()) is not None:
            return entity_id
        added: asyncio.Future[str] = self.hass.loop.create_future()

        @callback
        def check_added(_: HassEvent[EventStateChangedData]) -> None:
            if (entity_id := sensor()) is not None and not added.done():
                added.set_result(entity_id)

        unsubscribe = async_track_state_added_domain(
            self.hass, Platform.SENSOR, check_added
        )
        try:
            async with asyncio.timeout(ENTITY_WAIT.total_seconds()):
                return await added
        except TimeoutError:
            return None
        finally:
            unsubscribe()

    async def async_wait_for_pin(self, created: CreatedCode) -> CreatedCode:
        """Poll a new code until Seam assigns its PIN, for at most PIN_WAIT.

        Seam assigns an offline code's PIN as its start approaches, so this only helps
        for codes that start soon; on time-out, or when Seam fails or has forgotten the
        code, the code is returned as last known.
        """
        code = created.code
        try:
            async with asyncio.timeout(PIN_WAIT.total_seconds()):
                while code.code is None:
                    await asyncio.sleep(PIN_POLL.total_seconds())
                    if (
                        fresh := await self.async_refresh_code(code.access_code_id)
                    ) is None:
                        break
                    code = fresh
        except TimeoutError:
            LOGGER.debug("Seam assigned no PIN within %s", PIN_WAIT)
        except HomeAssistantError as err:
            LOGGER.debug("Stopped waiting for a PIN: %s", err.translation_key)
        return replace(created, code=code)

    async def async_handle_event(self, event: Event) -> None:
        """Apply a Seam event: refetch the code it names, or resync for device events.

        A known code's creation is not refetched: the snapshot has it from the create's
        answer (or a poll), and the event says nothing more.
        """
        self._async_delivery_arrived(event)
        if event.device_id not in self.device_ids or (
            event.event_type == CODE_CREATED_EVENT
            and event.access_code_id in self.data.codes
        ):
            return
        if event.access_code_id is None:
            self._next_full_sync = None
            await self.async_request_refresh()
            return
        try:
            await self.async_refresh_code(event.access_code_id)
        except HomeAssistantError as err:
            LOGGER.debug(
                "Could not fetch the code of a Seam event: %s", err.translation_key
            )
            await self.async_request_refresh()

    async def async_refresh_code(self, access_code_id: str) -> AccessCode | None:
        """Fetch one code into the snapshot; return it, or None once Seam has forgotten it.

        A Seam failure raises a translated HomeAssistantError.
        """
        with seam_exception_handler(self.hass, self.config_entry, SeamAction.FETCH):
            try:
                code: AccessCode | None = await self.client.get_access_code(
                    access_code_id
                )
            except SeamNotFoundError:
                code = None
        if code is None:
            self.async_set_updated_data(
                self.data.with_code_changes(gone=[access_code_id])
            )
        else:
            self.async_set_updated_data(self.data.with_code_changes([code]))
        return code


def _expected_change(code: AccessCode) -> datetime | None:
    """Return when the code's next change is due: its PIN by its start, its end."""
    dues = []
    if code.ends_at is not None:
        dues.append(code.ends_at)
    if (
        code.is_waiting_for_code_assignment or code.status is AccessCodeStatus.SETTING
    ) and code.starts_at is not None:
        dues.append(code.starts_at)
    return min(dues, default=None)
