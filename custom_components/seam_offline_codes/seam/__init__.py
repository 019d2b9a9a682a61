"""Async client for the Seam Connect API, limited to offline access codes.

This package imports nothing from Home Assistant.
"""

from .client import SeamClient
from .errors import (
    SeamApiError,
    SeamAuthenticationError,
    SeamCreateOutcomeUnknownError,
    SeamError,
    SeamInvalidInputError,
    SeamNotFoundError,
    SeamRateLimitedError,
    SeamUnavailableError,
    SeamWebhookPayloadError,
    SeamWebhookVerificationError,
)
from .models import (
    AccessCode,
    AccessCodeStatus,
    Device,
    Event,
    Issue,
    Maker,
    OfflineCodeRequest,
    TimeSlot,
    Webhook,
    Workspace,
)
from .webhook import WebhookDelivery, verify_webhook

__all__ = [
    "AccessCode",
    "AccessCodeStatus",
    "Device",
    "Event",
    "Issue",
    "Maker",
    "OfflineCodeRequest",
    "SeamApiError",
    "SeamAuthenticationError",
    "SeamClient",
    "SeamCreateOutcomeUnknownError",
    "SeamError",
    "SeamInvalidInputError",
    "SeamNotFoundError",
    "SeamRateLimitedError",
    "SeamUnavailableError",
    "SeamWebhookPayloadError",
    "SeamWebhookVerificationError",
    "TimeSlot",
    "Webhook",
    "WebhookDelivery",
    "Workspace",
    "verify_webhook",
]
