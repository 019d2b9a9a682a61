"""Diagnostics support for the Seam Offline Codes integration."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.const import CONF_API_KEY
from homeassistant.core import HomeAssistant

from .const import CONF_WEBHOOK_ID
from .coordinator import SeamConfigEntry

TO_REDACT = {CONF_API_KEY, CONF_WEBHOOK_ID, "code", "name", "secret"}


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: SeamConfigEntry
) -> dict[str, Any]:
    """Return the entry's settings and snapshot, without secrets, PINs or guest names."""
    data = entry.runtime_data.coordinator.data
    return async_redact_data(
        {
            "entry": {"data": dict(entry.data), "options": dict(entry.options)},
            "locks": [asdict(lock) for lock in data.locks.values()],
            "access_codes": [asdict(code) for code in data.codes.values()],
        },
        TO_REDACT,
    )
