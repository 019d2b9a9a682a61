"""Seam event objects, as ``/events/list`` returns them and webhooks deliver them."""

from __future__ import annotations

from datetime import datetime

from .clock import format_timestamp
from .errors import Json
from .state import AccessCode

EVENTS_WITH_CODE = frozenset(
    {
        "access_code.scheduled_on_device",
        "access_code.set_on_device",
        "access_code.deleted",
    }
)
ISSUE_EVENTS = frozenset(
    {
        "access_code.delay_in_setting_on_device",
        "access_code.failed_to_set_on_device",
        "access_code.failed_to_remove_from_device",
    }
)


def access_code_event(
    event_type: str,
    code: AccessCode,
    device: Json,
    *,
    event_id: str,
    created_at: datetime,
    occurred_at: datetime,
) -> Json:
    """Build an ``access_code.*`` event."""
    event = _common(event_type, device, event_id, created_at, occurred_at)
    event["access_code_id"] = code.access_code_id
    if event_type in EVENTS_WITH_CODE:
        event["code"] = code.code
    if event_type in ISSUE_EVENTS:
        event |= _issues(device)
        event["access_code_errors"] = list(code.errors)
        event["access_code_warnings"] = list(code.warnings)
    return event


def device_event(
    event_type: str,
    device: Json,
    *,
    event_id: str,
    created_at: datetime,
    occurred_at: datetime,
    error_code: str | None = None,
) -> Json:
    """Build a ``device.*`` event; ``error_code`` marks a disconnection's cause."""
    event = _common(event_type, device, event_id, created_at, occurred_at)
    if error_code is not None:
        event["error_code"] = error_code
        event |= _issues(device)
    return event


def _common(
    event_type: str,
    device: Json,
    event_id: str,
    created_at: datetime,
    occurred_at: datetime,
) -> Json:
    return {
        "event_id": event_id,
        "event_type": event_type,
        "workspace_id": device["workspace_id"],
        "device_id": device["device_id"],
        "connected_account_id": device["connected_account_id"],
        "device_custom_metadata": dict(device.get("custom_metadata", {})),
        "connected_account_custom_metadata": {},
        "created_at": format_timestamp(created_at),
        "occurred_at": format_timestamp(occurred_at),
    }


def _issues(device: Json) -> Json:
    return {
        "device_errors": list(device["errors"]),
        "device_warnings": list(device["warnings"]),
        "connected_account_errors": [],
        "connected_account_warnings": [],
    }
