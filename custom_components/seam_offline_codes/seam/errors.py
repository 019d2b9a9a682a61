"""Exceptions raised by the Seam client.

Messages never carry the API key, a webhook secret or a PIN.
"""

from __future__ import annotations


class SeamError(Exception):
    """Base class for every error the Seam client raises."""


class SeamAuthenticationError(SeamError):
    """The API key was refused (HTTP 401)."""


class SeamInvalidInputError(SeamError):
    """Seam refused the request's parameters (HTTP 400)."""

    def __init__(
        self,
        message: str,
        *,
        error_type: str = "invalid_input",
        validation_errors: dict[str, list[str]] | None = None,
    ) -> None:
        """Keep Seam's message, error type and per-parameter validation errors."""
        super().__init__(message)
        self.message = message
        self.error_type = error_type
        self.validation_errors = validation_errors or {}


class SeamNotFoundError(SeamError):
    """The device, access code or other object does not exist (HTTP 404)."""


class SeamRateLimitedError(SeamError):
    """Seam asked us to slow down (HTTP 429), for longer than the client may wait."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        """Keep the server's Retry-After, in seconds from now, when it sent one."""
        super().__init__(message)
        self.retry_after = retry_after


class SeamUnavailableError(SeamError):
    """Seam could not be reached or answered with a server error or garbage."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        """Keep the status of a 5xx answer; None when no usable answer arrived.

        With None, the request may or may not have been carried out.
        """
        super().__init__(message)
        self.status = status


class SeamCreateOutcomeUnknownError(SeamError):
    """A create's answer was lost and listing the lock's codes could not settle it.

    The code may exist; a later sync of the lock's codes shows it if it does. Creating it
    again may make a second code, which cannot be revoked.
    """


class SeamApiError(SeamError):
    """Any other error answer from Seam."""

    def __init__(self, message: str, *, status: int, error_type: str | None) -> None:
        """Keep the HTTP status and Seam's error type."""
        super().__init__(message)
        self.status = status
        self.error_type = error_type


class SeamWebhookVerificationError(SeamError):
    """A webhook delivery failed its Svix signature or timestamp check."""


class SeamWebhookPayloadError(SeamError):
    """A correctly signed webhook delivery does not carry a well-formed Seam event."""
