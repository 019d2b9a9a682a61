"""Tests for the one place Seam errors become Home Assistant errors."""

from __future__ import annotations

from homeassistant.exceptions import (
    ConfigEntryAuthFailed,
    HomeAssistantError,
    ServiceValidationError,
)
from homeassistant.helpers.update_coordinator import UpdateFailed
import pytest

from custom_components.seam_offline_codes.const import DOMAIN
from custom_components.seam_offline_codes.helpers import SeamAction, seam_error
from custom_components.seam_offline_codes.seam import (
    SeamAuthenticationError,
    SeamError,
    SeamInvalidInputError,
    SeamRateLimitedError,
    SeamUnavailableError,
)

AUTH = SeamAuthenticationError("refused")
RATE = SeamRateLimitedError("slow down", retry_after=12.4)
INVALID = SeamInvalidInputError("starts_at is in the past")
DOWN = SeamUnavailableError("down", status=503)


@pytest.mark.parametrize(
    ("err", "action", "error_class", "key", "placeholders"),
    [
        (AUTH, SeamAction.UPDATE, ConfigEntryAuthFailed, "invalid_auth", None),
        (AUTH, SeamAction.FETCH, HomeAssistantError, "invalid_auth", None),
        (AUTH, SeamAction.CREATE, HomeAssistantError, "invalid_auth", None),
        (RATE, SeamAction.UPDATE, UpdateFailed, "rate_limited", None),
        (RATE, SeamAction.FETCH, HomeAssistantError, "rate_limited", None),
        (
            RATE,
            SeamAction.CREATE,
            HomeAssistantError,
            "create_rate_limited",
            {"seconds": "12"},
        ),
        (
            INVALID,
            SeamAction.UPDATE,
            UpdateFailed,
            "update_failed",
            {"error": "SeamInvalidInputError"},
        ),
        (
            INVALID,
            SeamAction.CREATE,
            ServiceValidationError,
            "seam_rejected_code",
            {"message": "starts_at is in the past"},
        ),
        (
            DOWN,
            SeamAction.FETCH,
            HomeAssistantError,
            "update_failed",
            {"error": "SeamUnavailableError"},
        ),
        (
            DOWN,
            SeamAction.CREATE,
            HomeAssistantError,
            "create_failed",
            {"error": "SeamUnavailableError"},
        ),
    ],
)
def test_seam_error(
    err: SeamError,
    action: SeamAction,
    error_class: type[HomeAssistantError],
    key: str,
    placeholders: dict[str, str] | None,
) -> None:
    """Test each Seam error becomes one translated error per kind of action."""
    error = seam_error(err, action)
    assert type(error) is error_class
    assert error.translation_domain == DOMAIN
    assert error.translation_key == key
    assert error.translation_placeholders == placeholders


def test_rate_limited_poll_keeps_retry_after() -> None:
    """Test a rate-limited poll tells the coordinator when to try again."""
    error = seam_error(RATE, SeamAction.UPDATE)
    assert isinstance(error, UpdateFailed)
    assert error.retry_after == 12.4
