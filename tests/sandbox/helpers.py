"""Shorthands for the sandbox tests."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from seam_sandbox import CreateRequest, Sandbox, SeamError
from seam_sandbox.state import AccessCode

LOS_ANGELES = ZoneInfo("America/Los_Angeles")
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


def local(text: str, zone: ZoneInfo = LOS_ANGELES) -> datetime:
    """Return a wall-clock time in ``zone`` (``2026-06-01 16:00``) as an aware datetime."""
    return datetime.fromisoformat(text).replace(tzinfo=zone)


def create(sandbox: Sandbox, device_id: str, **params: Any) -> AccessCode:
    """Create an offline code (unless told otherwise) through the Python API."""
    params.setdefault("is_offline_access_code", True)
    code, _ = sandbox.create_access_code(CreateRequest(device_id=device_id, **params))
    return code


def refused(sandbox: Sandbox, device_id: str, *words: str, **params: Any) -> SeamError:
    """Expect a 400 ``invalid_input`` whose message names the rule (every word in ``words``)."""
    with pytest.raises(SeamError) as caught:
        create(sandbox, device_id, **params)
    error = caught.value
    assert (error.status, error.error_type) == (400, "invalid_input"), error.message
    for word in words:
        assert word in error.message
    return error
