"""The codes card: served by the integration and loaded by every dashboard.

The card is built from ``frontend/src/`` of the repository into one committed file, so an
install needs no build and no separate "plugin". It is registered once per run of Home
Assistant; its URL carries a hash of the file, so browsers fetch a new version at once.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Final

from homeassistant.components.frontend import add_extra_js_url
from homeassistant.components.http import StaticPathConfig
from homeassistant.core import HomeAssistant
from homeassistant.util.hass_dict import HassKey

from .const import DOMAIN

CARD_FILE: Final = Path(__file__).parent / "frontend" / "seam-offline-codes-card.js"
URL_BASE: Final = f"/{DOMAIN}_static"
CARD_URL: Final = f"{URL_BASE}/{CARD_FILE.name}"

CARD_REGISTERED: HassKey[str] = HassKey(f"{DOMAIN}_card")


def _card_version() -> str:
    return hashlib.sha256(CARD_FILE.read_bytes()).hexdigest()[:12]


async def async_register_card(hass: HomeAssistant) -> None:
    """Serve the card and add it to the frontend, once per run."""
    if CARD_REGISTERED in hass.data:
        return
    version = await hass.async_add_executor_job(_card_version)
    url = f"{CARD_URL}?v={version}"
    hass.data[CARD_REGISTERED] = url
    await hass.http.async_register_static_paths(
        [StaticPathConfig(URL_BASE, str(CARD_FILE.parent), cache_headers=True)]
    )
    add_extra_js_url(hass, url)
