"""Tests for the codes card: served by the integration and added to the frontend once."""

from __future__ import annotations

from homeassistant.components.frontend import DATA_EXTRA_MODULE_URL
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.seam_offline_codes.frontend import (
    CARD_FILE,
    CARD_URL,
    async_register_card,
)


@pytest.mark.usefixtures("init_integration")
async def test_card_is_served_and_loaded(
    hass: HomeAssistant, hass_client: ClientSessionGenerator
) -> None:
    """Test every dashboard loads the committed card, under a URL that names its version."""
    urls = [url for url in hass.data[DATA_EXTRA_MODULE_URL].urls if CARD_URL in url]
    assert len(urls) == 1
    assert urls[0].startswith(f"{CARD_URL}?v=")

    await async_register_card(hass)
    assert [
        url for url in hass.data[DATA_EXTRA_MODULE_URL].urls if CARD_URL in url
    ] == urls

    client = await hass_client()
    response = await client.get(urls[0])
    assert response.status == 200
    assert await response.text() == CARD_FILE.read_text(encoding="utf-8")
