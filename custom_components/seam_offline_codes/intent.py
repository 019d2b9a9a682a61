"""Assist intents: ask about offline codes, and create them, by voice or through an LLM.

Home Assistant's ``intent`` integration sets these up (``async_setup_intents``) for every
loaded integration that has this platform. LLM agents see each handler as a tool; the
local agent needs the sentences in ``custom_sentences/``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from difflib import SequenceMatcher
from functools import partial
import re
from typing import Any, ClassVar, Final
from zoneinfo import ZoneInfo

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import (
    config_validation as cv,
    device_registry as dr,
    intent,
)
from homeassistant.util import dt as dt_util
import voluptuous as vol

from .const import CONF_SHOW_PINS, DEFAULT_SHOW_PINS, DOMAIN
from .coordinator import ManagedLock, SeamConfigEntry
from .rules import (
    HORIZON,
    IGLOOHOME_ONE_TIME_VALIDITY,
    PlannedCode,
    Violation,
    zone_for,
)
from .seam import AccessCode, AccessCodeStatus
from .stay_create import async_create_stay

INTENT_CODE_STATUS: Final = "SeamCodeStatus"
INTENT_LIST_CODES: Final = "SeamListCodes"
INTENT_CREATE_ONE_TIME_CODE: Final = "SeamCreateOneTimeCode"
INTENT_CREATE_HOURLY_CODE: Final = "SeamCreateHourlyCode"
INTENT_CREATE_STAY_CODES: Final = "SeamCreateStayCodes"

SLOT_LOCK: Final = "lock"
SLOT_NAME: Final = "name"
SLOT_STARTS_AT: Final = "starts_at"
SLOT_STARTS_IN_HOURS: Final = "starts_in_hours"
SLOT_DURATION_HOURS: Final = "duration_hours"
SLOT_CHECK_IN: Final = "check_in"
SLOT_CHECK_OUT: Final = "check_out"
SLOT_CHECK_IN_IN_DAYS: Final = "check_in_in_days"
SLOT_NIGHTS: Final = "nights"

SPOKEN_CHECK_IN: Final = time(15)
"""The check-in time of a stay said in days and nights (and without a time)."""
SPOKEN_CHECK_OUT: Final = time(11)
LOCK_SEPARATOR: Final = re.compile(r"\s*(?:,|&|\band\b)\s*")

FUZZY_RATIO: Final = 0.8
"""How alike a spoken name and a lock or code name must be when no words match."""
LISTED_CODES: Final = 5
"""How many codes per lock a list names; the rest are counted."""

STATUS_WORDS: Final[dict[AccessCodeStatus, str]] = {
    AccessCodeStatus.UNSET: "scheduled",
    AccessCodeStatus.SETTING: "being activated",
    AccessCodeStatus.SET: "active",
    AccessCodeStatus.REMOVING: "ending",
    AccessCodeStatus.UNKNOWN: "in an unknown state",
}

_LOCKS_SLOT: Final = vol.Optional(
    SLOT_LOCK,
    description="The lock's name, such as Front Door; leave out for all locks.",
)
_LOCK_SLOT: Final = vol.Optional(
    SLOT_LOCK,
    description="The lock's name, such as Front Door; may be left out if there is one.",
)
_NAME_SLOT: Final = vol.Required(
    SLOT_NAME, description="The code's name, usually the guest's name."
)

type NamedLock = tuple[str, ManagedLock]
"""A managed lock with its device name."""


async def async_setup_intents(hass: HomeAssistant) -> None:
    """Register the integration's intents."""
    for handler in (
        CodeStatusIntentHandler(),
        ListCodesIntentHandler(),
        CreateOneTimeCodeIntentHandler(),
        CreateHourlyCodeIntentHandler(),
        CreateStayCodesIntentHandler(),
    ):
        intent.async_register(hass, handler)


class NotFoundError(ServiceValidationError):
    """No lock or code has the name that was said."""


class SeamIntentHandler(intent.IntentHandler, ABC):
    """An intent answered in speech, failures included."""

    response_type = intent.IntentResponseType.ACTION_DONE

    async def async_handle(self, intent_obj: intent.Intent) -> intent.IntentResponse:
        """Answer the intent, or explain why it can't be done."""
        slots = {
            key: slot["value"]
            for key, slot in self.async_validate_slots(intent_obj.slots).items()
        }
        response = intent_obj.create_response()
        try:
            speech = await self.async_speech(intent_obj, slots)
        except NotFoundError as err:
            response.async_set_error(
                intent.IntentResponseErrorCode.NO_VALID_TARGETS, str(err)
            )
        except HomeAssistantError as err:
            response.async_set_error(
                intent.IntentResponseErrorCode.FAILED_TO_HANDLE, str(err)
            )
        else:
            response.response_type = self.response_type
            response.async_set_speech(speech)
        return response

    @abstractmethod
    async def async_speech(
        self, intent_obj: intent.Intent, slots: dict[str, Any]
    ) -> str:
        """Do what the intent asks and return what to say."""


class CodeStatusIntentHandler(SeamIntentHandler):
    """Tell the status and window of the codes with a name."""

    intent_type = INTENT_CODE_STATUS
    description = (
        "Tells the status of a guest's offline door code (PIN) on an igloohome lock "
        "or dormakaba Oracode door: scheduled, active or ending, and when it is valid."
    )
    response_type = intent.IntentResponseType.QUERY_ANSWER
    slot_schema: ClassVar[dict[vol.Marker, Any]] = {
        _NAME_SLOT: intent.non_empty_string,
        _LOCKS_SLOT: intent.non_empty_string,
    }

    async def async_speech(
        self, intent_obj: intent.Intent, slots: dict[str, Any]
    ) -> str:
        """Describe every code whose name matches, on the locks asked about."""
        hass = intent_obj.hass
        locks = _find_locks(hass, slots.get(SLOT_LOCK))
        codes = _match(
            slots[SLOT_NAME],
            (
                (code.name or "", (lock_name, target, code))
                for lock_name, target in locks
                for code in _codes(target)
            ),
        )
        if not codes:
            raise NotFoundError(
                translation_domain=DOMAIN,
                translation_key="intent_code_not_found",
                translation_placeholders={
                    "name": slots[SLOT_NAME],
                    "locks": _names(locks),
                },
            )
        return " ".join(
            _describe_code(hass, lock_name, target, code)
            for lock_name, target, code in codes
        )


class ListCodesIntentHandler(SeamIntentHandler):
    """Sum up the codes on one lock or on all of them."""

    intent_type = INTENT_LIST_CODES
    description = (
        "Lists the offline door codes (PINs) on the igloohome locks and dormakaba "
        "Oracode doors, with each code's name and status."
    )
    response_type = intent.IntentResponseType.QUERY_ANSWER
    slot_schema: ClassVar[dict[vol.Marker, Any]] = {
        _LOCKS_SLOT: intent.non_empty_string
    }

    async def async_speech(
        self, intent_obj: intent.Intent, slots: dict[str, Any]
    ) -> str:
        """Count and name the codes on each lock asked about."""
        return " ".join(
            _summarize_lock(lock_name, _codes(target))
            for lock_name, target in _find_locks(intent_obj.hass, slots.get(SLOT_LOCK))
        )


class CreateCodeIntentHandler(SeamIntentHandler):
    """Create a code through the same rules and coordinator path as the create actions."""

    label: str
    """How the kind of code is spoken, with its article."""

    async def async_speech(
        self, intent_obj: intent.Intent, slots: dict[str, Any]
    ) -> str:
        """Check the user, create the code and read back its window (and PIN)."""
        hass = intent_obj.hass
        await _async_check_admin(intent_obj)
        slots = _start_from_lock(hass, slots)
        lock_name, target = _find_lock(hass, slots.get(SLOT_LOCK))
        now = dt_util.now(_lock_zone(hass, target))
        starts_at = (
            _start(slots[SLOT_STARTS_AT], now)
            if SLOT_STARTS_AT in slots
            else now + timedelta(hours=slots.get(SLOT_STARTS_IN_HOURS, 0))
        )
        created = await target.coordinator.async_create_code(
            target.lock, partial(self.plan, target, slots, starts_at)
        )
        plan = created.plan
        speech = (
            f"Created {self.label} for {slots[SLOT_NAME]} on {lock_name}, "
            f"valid {_window(plan.local_starts_at, plan.local_ends_at)}."
        )
        return f"{speech}{_pin_speech(target, created.pin)}"

    @abstractmethod
    def plan(
        self, target: ManagedLock, slots: dict[str, Any], starts_at: datetime
    ) -> PlannedCode:
        """Plan the code by the maker's rules; a broken rule raises a validation error."""


async def _async_check_admin(intent_obj: intent.Intent) -> None:
    """Refuse a user who is not an administrator (without a user: an automation)."""
    if (user_id := intent_obj.context.user_id) is not None:
        user = await intent_obj.hass.auth.async_get_user(user_id)
        if user is None or not user.is_admin:
            raise ServiceValidationError(
                translation_domain=DOMAIN, translation_key="intent_admin_required"
            )


_MAX_HOURS: Final = HORIZON / timedelta(hours=1)
"""The most hours a start or duration may be away: the rules' horizon."""


WEEKDAYS: Final = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)
_DAY: Final = rf"(?:on )?(?P<day>today|tomorrow|{'|'.join(WEEKDAYS)})"
_CLOCK: Final = (
    r"(?:at )?(?P<hour>\d{1,2})(?::(?P<minute>\d{2}))?(?: ?(?P<half>am|pm))?"
)
SPOKEN_STARTS: Final = (
    re.compile(rf"{_DAY},?(?: at)? {_CLOCK.removeprefix('(?:at )?')}"),
    re.compile(rf"{_CLOCK}(?:,? {_DAY})?"),
)
"""A day then a clock time ("tomorrow at 3 pm"), or a clock time then maybe a day."""


def parse_start(spoken: str, now: datetime) -> datetime:
    """Read a start: now, an ISO 8601 date and time, or a day and a clock time as said.

    A clock time ("3 pm", "9:30 am", "15:00") is a naive wall time on ``now``'s date,
    or on the day named: today, tomorrow or the next such weekday (today if it is one).
    Raise ``ValueError`` for anything else.
    """
    text = " ".join(spoken.casefold().replace(".m.", "m").split()).rstrip(".")
    if text == "now":
        return now
    if (iso := dt_util.parse_datetime(spoken.strip())) is not None:
        return iso
    for pattern in SPOKEN_STARTS:
        if found := pattern.fullmatch(text):
            return datetime.combine(
                _spoken_day(found["day"], now.date()), _clock(found)
            )
    raise ValueError(spoken)


def _spoken_day(day: str | None, today: date) -> date:
    """Return the date a spoken day means; none said is today."""
    if day in WEEKDAYS:
        return today + timedelta(days=(WEEKDAYS.index(day) - today.weekday()) % 7)
    return today + timedelta(days=day == "tomorrow")


def _clock(found: re.Match[str]) -> time:
    """Return a clock time: 1 to 12 with am or pm, or 0:00 to 23:59 with minutes."""
    hour, minute = int(found["hour"]), int(found["minute"] or 0)
    if found["half"]:
        if not 1 <= hour <= 12:
            raise ValueError(found.string)
        hour = hour % 12 + (12 if found["half"] == "pm" else 0)
    elif found["minute"] is None or hour > 23:
        raise ValueError(found.string)
    if minute > 59:
        raise ValueError(found.string)
    return time(hour, minute)


CLOCK_WORDS: Final = re.compile(
    r"\b\d{1,2} ?(?:\d{2} ?)?(?:am|pm|a m|p m)\b|\b\d{1,2} \d{2}\b"
)
"""A clock time in :func:`_words` text: "3 pm", "9 30 a m", "15 00"."""
START_AFTER_LOCK: Final = re.compile(r"\s+(?:from|starting)\s+(?=\S)")
"""Where a start said after the lock begins: "the front door from 3 pm tomorrow"."""


def _start_from_lock(hass: HomeAssistant, slots: dict[str, Any]) -> dict[str, Any]:
    """Split a start off the spoken lock, unless a start was given or a lock has that name.

    The local agent's lock wildcard takes in a start said right after it: a sentence with
    fewer wildcards wins. Left there, the lock would still be found and the code made now.
    """
    spoken = slots.get(SLOT_LOCK)
    if spoken is None or SLOT_STARTS_AT in slots or SLOT_STARTS_IN_HOURS in slots:
        return slots
    found = START_AFTER_LOCK.search(spoken)
    if not found or _words(spoken) in {
        _words(name) for name, _ in _managed_locks(hass)
    }:
        return slots
    return {
        **slots,
        SLOT_LOCK: spoken[: found.start()],
        SLOT_STARTS_AT: spoken[found.end() :],
    }


def _start(spoken: str, now: datetime) -> datetime:
    """Read a spoken start, or say which forms are understood."""
    try:
        return parse_start(spoken, now)
    except ValueError as err:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="intent_start_unknown",
            translation_placeholders={"start": spoken},
        ) from err


_START_SLOTS: Final[dict[vol.Marker, Any]] = {
    vol.Optional(
        SLOT_STARTS_AT,
        description=(
            "When the code starts, in the lock's local time: now, an ISO 8601 date "
            "and time (without a time zone: the lock's local time), or a clock time "
            "with an optional day, such as 3 pm, 15:00, tomorrow at 9:30 am or "
            "Friday at 3 pm. Defaults to now."
        ),
    ): intent.non_empty_string,
    vol.Optional(
        SLOT_STARTS_IN_HOURS,
        description="Instead of starts_at: how many hours from now the code starts.",
    ): vol.All(vol.Coerce(float), vol.Range(min=0, max=_MAX_HOURS)),
}


class CreateOneTimeCodeIntentHandler(CreateCodeIntentHandler):
    """Create a one-time code."""

    intent_type = INTENT_CREATE_ONE_TIME_CODE
    description = (
        "Creates a one-time offline door code (PIN) for a guest on an igloohome lock. "
        "It opens the door once, within 24 hours of its start. Needs an administrator."
    )
    slot_schema: ClassVar[dict[vol.Marker, Any]] = {
        _LOCK_SLOT: intent.non_empty_string,
        _NAME_SLOT: intent.non_empty_string,
        **_START_SLOTS,
    }
    label = "a one-time code"

    def plan(
        self, target: ManagedLock, slots: dict[str, Any], starts_at: datetime
    ) -> PlannedCode:
        """Plan a one-time code."""
        return target.coordinator.plan_one_time_code(
            target.lock, name=slots[SLOT_NAME], starts_at=starts_at
        )


class CreateHourlyCodeIntentHandler(CreateCodeIntentHandler):
    """Create an hourly code lasting some hours."""

    intent_type = INTENT_CREATE_HOURLY_CODE
    description = (
        "Creates an offline door code (PIN) for a guest that works for some hours: "
        "1 to 672 whole hours on an igloohome lock, or on one of a dormakaba Oracode "
        "door's time slots. Needs an administrator."
    )
    slot_schema: ClassVar[dict[vol.Marker, Any]] = {
        _LOCK_SLOT: intent.non_empty_string,
        _NAME_SLOT: intent.non_empty_string,
        **_START_SLOTS,
        vol.Required(
            SLOT_DURATION_HOURS, description="How many hours the code works."
        ): vol.All(
            vol.Coerce(float), vol.Range(min=0, min_included=False, max=_MAX_HOURS)
        ),
    }
    label = "an hourly code"

    def plan(
        self, target: ManagedLock, slots: dict[str, Any], starts_at: datetime
    ) -> PlannedCode:
        """Plan an hourly code lasting the hours said."""
        return target.coordinator.plan_hourly_code(
            target.lock,
            name=slots[SLOT_NAME],
            starts_at=starts_at,
            duration=timedelta(hours=slots[SLOT_DURATION_HOURS]),
        )


class CreateStayCodesIntentHandler(SeamIntentHandler):
    """Give a guest the code covering their stay on every door they need."""

    intent_type = INTENT_CREATE_STAY_CODES
    description = (
        "Creates, for a guest's stay, an offline door code (PIN) on each of the locks "
        "named, each covering the whole stay: the integration picks the kind of code "
        "each lock needs. If one lock can't take the stay, no code is made. Needs an "
        "administrator."
    )
    slot_schema: ClassVar[dict[vol.Marker, Any]] = {
        vol.Required(
            SLOT_LOCK,
            description="The locks' names, joined by 'and' or commas, such as "
            "Front Door and Room 101.",
        ): intent.non_empty_string,
        _NAME_SLOT: intent.non_empty_string,
        vol.Optional(
            SLOT_CHECK_IN,
            description="When the guest arrives, on each lock's clock: an ISO 8601 "
            "date and time (without a time zone: each lock's local time), now, or a "
            "clock time with an optional day, such as tomorrow at 4 pm or Friday at "
            "3 pm.",
        ): intent.non_empty_string,
        vol.Optional(
            SLOT_CHECK_OUT,
            description="When the guest leaves: an ISO 8601 date and time.",
        ): vol.All(cv.string, cv.datetime),
        vol.Optional(
            SLOT_CHECK_IN_IN_DAYS,
            description="Instead of check_in: in how many days the guest arrives "
            "(at 3 PM); 0 is today.",
        ): vol.All(vol.Coerce(int), vol.Range(min=0)),
        vol.Optional(
            SLOT_NIGHTS,
            description="Instead of check_out: how many nights the guest stays "
            "(leaving at 11 AM).",
        ): vol.All(vol.Coerce(int), vol.Range(min=1)),
    }

    async def async_speech(
        self, intent_obj: intent.Intent, slots: dict[str, Any]
    ) -> str:
        """Check the user, create the stay's codes and read back each lock's window."""
        hass = intent_obj.hass
        await _async_check_admin(intent_obj)
        spoken = LOCK_SEPARATOR.split(slots[SLOT_LOCK])
        named = dict(_find_lock(hass, lock) for lock in spoken if lock)
        now = dt_util.now()
        check_in = (
            _start(slots[SLOT_CHECK_IN], now)
            if SLOT_CHECK_IN in slots
            else datetime.combine(
                now.date() + timedelta(days=slots.get(SLOT_CHECK_IN_IN_DAYS, 0)),
                SPOKEN_CHECK_IN,
            )
        )
        check_out = slots.get(SLOT_CHECK_OUT) or datetime.combine(
            check_in.date() + timedelta(days=slots.get(SLOT_NIGHTS, 1)),
            SPOKEN_CHECK_OUT,
        )
        created = await async_create_stay(
            hass,
            list(named.values()),
            name=slots[SLOT_NAME],
            check_in=check_in,
            check_out=check_out,
        )
        names = {target.lock.device_id: name for name, target in named.items()}
        windows = "; ".join(
            f"{names[plan.lock.device_id]} "
            f"{_window(plan.planned.local_starts_at, plan.planned.local_ends_at)}"
            for plan, _ in created.codes
        )
        return f"Created codes for {slots[SLOT_NAME]}'s stay: {windows}."


def _managed_locks(hass: HomeAssistant) -> list[NamedLock]:
    """Return every lock of a loaded entry, named as its device is."""
    devices = dr.async_get(hass)
    locks: list[NamedLock] = []
    entry: SeamConfigEntry
    for entry in hass.config_entries.async_loaded_entries(DOMAIN):
        coordinator = entry.runtime_data.coordinator
        for lock in coordinator.data.locks.values():
            device = devices.async_get_device(identifiers={(DOMAIN, lock.device_id)})
            name = device and (device.name_by_user or device.name)
            locks.append((name or lock.name, ManagedLock(coordinator, lock)))
    return sorted(locks, key=lambda named: named[0].casefold())


def _find_locks(hass: HomeAssistant, spoken: str | None) -> list[NamedLock]:
    """Return the locks a spoken lock name means; all of them when none was said."""
    if not (locks := _managed_locks(hass)):
        raise NotFoundError(
            translation_domain=DOMAIN, translation_key="intent_no_locks"
        )
    if spoken is None:
        return locks
    if not (found := _match(spoken, ((name, (name, t)) for name, t in locks))):
        raise NotFoundError(
            translation_domain=DOMAIN,
            translation_key="intent_lock_unknown",
            translation_placeholders={"lock": spoken, "locks": _names(locks)},
        )
    return found


def _find_lock(hass: HomeAssistant, spoken: str | None) -> NamedLock:
    """Return the one lock a spoken lock name means (or the only lock).

    A clock time said with the lock that is not in its name ("4 pm at the garden gate")
    is refused: found by the words around it, the code would be made at the wrong time.
    """
    if len(locks := _find_locks(hass, spoken)) > 1:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="intent_lock_ambiguous",
            translation_placeholders={"locks": _names(locks)},
        )
    name = locks[0][0]
    if (
        spoken
        and CLOCK_WORDS.search(_words(spoken))
        and not CLOCK_WORDS.search(_words(name))
    ):
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="intent_time_in_lock",
            translation_placeholders={"lock": spoken, "name": name},
        )
    return locks[0]


def _words(text: str) -> str:
    """Return text in lower case with single spaces and no punctuation."""
    return " ".join(re.findall(r"\w+", text.casefold()))


def _match[T](spoken: str, candidates: Iterable[tuple[str, T]]) -> list[T]:
    """Return the candidates whose name matches what was said, the closest way found.

    In turn: the same words; the words within the name (or the name within them, so
    "the front door" finds Front Door); or, to forgive speech recognition, a name
    at least :data:`FUZZY_RATIO` alike.
    """
    said = _words(spoken)
    named = [(_words(name), item) for name, item in candidates]
    tests: tuple[Callable[[str], bool], ...] = (
        lambda name: name == said,
        lambda name: f" {said} " in f" {name} " or f" {name} " in f" {said} ",
        lambda name: SequenceMatcher(None, said, name).ratio() >= FUZZY_RATIO,
    )
    for test in tests:
        if found := [item for name, item in named if test(name)]:
            return found
    return []


def _codes(target: ManagedLock) -> list[AccessCode]:
    """Return the codes on a lock, the earliest start first."""
    return sorted(
        target.coordinator.data.codes_on(target.lock.device_id),
        key=lambda code: code.starts_at or datetime.min.replace(tzinfo=UTC),
    )


def _names(locks: Iterable[NamedLock]) -> str:
    return ", ".join(name for name, _ in locks)


def _pin_speech(target: ManagedLock, pin: str | None) -> str:
    """Say a code's PIN digit by digit, or that it has none yet; only if PINs are shown."""
    if not target.coordinator.config_entry.options.get(
        CONF_SHOW_PINS, DEFAULT_SHOW_PINS
    ):
        return ""
    return f" Its PIN is {' '.join(pin)}." if pin else " It has no PIN yet."


def _spoken_time(value: datetime, now: datetime) -> str:
    """Return a time as said: today, tomorrow or yesterday, else the date; then the hour."""
    day = {-1: "yesterday", 0: "today", 1: "tomorrow"}.get(
        (value.date() - now.date()).days, f"{value:%A, %B} {value.day}"
    )
    return f"{day} at {value:%I:%M %p}".replace(" at 0", " at ")


def _window(start: datetime, end: datetime) -> str:
    """Return a code's window in the zone of its times."""
    now = dt_util.now(start.tzinfo)
    return f"from {_spoken_time(start, now)} to {_spoken_time(end, now)}"


def _describe_code(
    hass: HomeAssistant, lock_name: str, target: ManagedLock, code: AccessCode
) -> str:
    """Say a code's status and window in the lock's local time (and its PIN if shown)."""
    speech = f"The code for {code.name} on {lock_name} is {STATUS_WORDS[code.status]}"
    if code.starts_at is not None:
        zone = _lock_zone(hass, target)
        # Seam gives one-time codes no end; they work for a day from their start.
        end = code.ends_at or code.starts_at + IGLOOHOME_ONE_TIME_VALIDITY
        speech += (
            f", valid {_window(code.starts_at.astimezone(zone), end.astimezone(zone))}"
        )
    return f"{speech}.{_pin_speech(target, code.code)}"


def _lock_zone(hass: HomeAssistant, target: ManagedLock) -> tzinfo:
    """Return the zone a lock's local times are read in (Home Assistant's if unknown)."""
    try:
        return ZoneInfo(zone_for(target.lock, hass.config.time_zone))
    except Violation:
        return dt_util.get_default_time_zone()


def _summarize_lock(lock_name: str, codes: list[AccessCode]) -> str:
    """Say how many codes a lock has, and name the first ones with their status."""
    if not codes:
        return f"{lock_name} has no codes."
    listed = ", ".join(
        f"{code.name or 'unnamed'} ({STATUS_WORDS[code.status]})"
        for code in codes[:LISTED_CODES]
    )
    more = len(codes) - LISTED_CODES
    return (
        f"{lock_name} has {len(codes)} {'code' if len(codes) == 1 else 'codes'}: "
        f"{listed}{f' and {more} more' if more > 0 else ''}."
    )
