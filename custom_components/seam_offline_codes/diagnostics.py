"""Diagnostics support for the Seam Offline Codes integration."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.const import CONF_API_KEY
from homeassistant.core import HomeAssistant

from .const import CONF_WEBHOOK_ID
from .coordinator import SeamConfigEntry

ENTRY_TO_REDACT = {CONF_API_KEY, CONF_WEBHOOK_ID}
CODE_TO_REDACT = {"code", "name"}
"""A code's PIN, and its name, which is usually a guest's name."""


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: SeamConfigEntry
) -> dict[str, Any]:
    """Return the entry's settings and snapshot, without secrets, PINs or guest names."""
    runtime = entry.runtime_data
    data = runtime.coordinator.data
    return {
        "entry": async_redact_data(
            {"data": dict(entry.data), "options": dict(entry.options)}, ENTRY_TO_REDACT
        ),
        "webhook_active": runtime.webhook_active,
        "update_mode": runtime.coordinator.update_mode,
        "update_interval_seconds": runtime.coordinator.update_interval.total_seconds()
        if runtime.coordinator.update_interval
        else None,
        "locks": [asdict(lock) for lock in data.locks.values()],
        "access_codes": async_redact_data(
            [asdict(code) for code in data.codes.values()], CODE_TO_REDACT
        ),
    }
