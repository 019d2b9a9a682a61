"""Helpers for the Seam Offline Codes integration: the one place Seam errors become HA errors.

Every caller (the coordinator's polls, creating a code, the actions and intents) goes
through :func:`seam_exception_handler`, and every broken maker rule through
:func:`rule_violation_handler`, so each failure has one translation key wherever it happens.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import tzinfo
from enum import StrEnum
from zoneinfo import ZoneInfo

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import (
    ConfigEntryAuthFailed,
    HomeAssistantError,
    ServiceValidationError,
)
from homeassistant.helpers.device_registry import DeviceEntryType, DeviceInfo
from homeassistant.helpers.update_coordinator import UpdateFailed
from homeassistant.util import dt as dt_util

from .const import DOMAIN
from .rules import Violation, zone_for
from .seam import (
    Device,
    SeamAuthenticationError,
    SeamCreateOutcomeUnknownError,
    SeamError,
    SeamInvalidInputError,
    SeamRateLimitedError,
)

CODE_UNIQUE_ID_PREFIX = "code_"
"""Starts the unique id of a code's sensor; a lock entity's starts with the lock's id."""


def code_unique_id(access_code_id: str) -> str:
    """Return the unique id of the sensor that follows an access code."""
    return f"{CODE_UNIQUE_ID_PREFIX}{access_code_id}"


class SeamAction(StrEnum):
    """What Home Assistant asked of Seam when it failed."""

    UPDATE = "update"
    """A poll: a failure makes the entities unavailable until the next one."""
    FETCH = "fetch"
    """Fetching one code for a caller, who is told of a failure."""
    CREATE = "create"
    """Creating a code for an action or an intent, which tells the user of a failure."""


def workspace_device_info(entry: ConfigEntry) -> DeviceInfo:
    """Return the entry's service device: the Seam workspace its locks are in."""
    return DeviceInfo(
        identifiers={(DOMAIN, entry.entry_id)},
        name=entry.title,
        manufacturer="Seam",
        entry_type=DeviceEntryType.SERVICE,
    )


def seam_error(err: SeamError, action: SeamAction) -> HomeAssistantError:
    """Return the translated Home Assistant error for a Seam error during an action."""
    if isinstance(err, SeamAuthenticationError):
        auth_error = (
            ConfigEntryAuthFailed if action is SeamAction.UPDATE else HomeAssistantError
        )
        return auth_error(translation_domain=DOMAIN, translation_key="invalid_auth")
    if action is SeamAction.CREATE:
        return _create_error(err)
    failure = UpdateFailed if action is SeamAction.UPDATE else HomeAssistantError
    if isinstance(err, SeamRateLimitedError):
        error = failure(translation_domain=DOMAIN, translation_key="rate_limited")
        if isinstance(error, UpdateFailed):
            error.retry_after = err.retry_after
        return error
    return failure(
        translation_domain=DOMAIN,
        translation_key="update_failed",
        translation_placeholders={"error": type(err).__name__},
    )


def _create_error(err: SeamError) -> HomeAssistantError:
    """Return the error for a create that Seam refused or failed."""
    if isinstance(err, SeamInvalidInputError):
        return ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="seam_rejected_code",
            translation_placeholders={"message": err.message},
        )
    if isinstance(err, SeamCreateOutcomeUnknownError):
        return HomeAssistantError(
            translation_domain=DOMAIN, translation_key="create_outcome_unknown"
        )
    if isinstance(err, SeamRateLimitedError):
        return HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="create_rate_limited",
            translation_placeholders={"seconds": str(round(err.retry_after or 60))},
        )
    return HomeAssistantError(
        translation_domain=DOMAIN,
        translation_key="create_failed",
        translation_placeholders={"error": type(err).__name__},
    )


@contextmanager
def seam_exception_handler(
    hass: HomeAssistant, entry: ConfigEntry, action: SeamAction
) -> Iterator[None]:
    """Raise Seam errors from inside as translated Home Assistant errors.

    A refused API key starts re-authentication: for a poll through the coordinator,
    which does so on ``ConfigEntryAuthFailed``; for anything else, here.
    """
    try:
        yield
    except SeamError as err:
        if isinstance(err, SeamAuthenticationError) and action is not SeamAction.UPDATE:
            entry.async_start_reauth(hass)
        raise seam_error(err, action) from err


@contextmanager
def rule_violation_handler() -> Iterator[None]:
    """Turn a broken maker rule raised inside into a translated validation error."""
    try:
        yield
    except Violation as violation:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key=str(violation.rule),
            translation_placeholders=violation.placeholders,
        ) from violation


def lock_time_zone(hass: HomeAssistant, lock: Device) -> tzinfo:
    """Return the zone a lock's windows are shown in, as the create actions read them.

    Home Assistant's zone for a door whose own zone is unknown.
    """
    try:
        return ZoneInfo(zone_for(lock, hass.config.time_zone))
    except Violation:
        return dt_util.get_default_time_zone()
