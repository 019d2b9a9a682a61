"""The PIN's one private path: get_code answers with it; the recorder never holds it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.recorder import Recorder, get_instance
from homeassistant.components.recorder.util import session_scope
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)
from pytest_homeassistant_custom_component.typing import RecorderInstanceContextManager
from sqlalchemy import text

from custom_components.seam_offline_codes.const import (
    CONF_DEVICE_IDS,
    CONF_SHOW_PINS,
    DOMAIN,
)

from .const import FRONT_DOOR
from .test_code_actions import _code_with_pin

if TYPE_CHECKING:
    from seam_sandbox import SandboxServer


@pytest.fixture
def mock_recorder_before_hass(
    async_test_recorder: RecorderInstanceContextManager,
) -> None:
    """Prepare the recorder's database before Home Assistant starts."""


@pytest.fixture
def entry_options() -> dict[str, Any]:
    """Show PINs: even then, the recorder must not keep them."""
    return {CONF_DEVICE_IDS: [FRONT_DOOR], CONF_SHOW_PINS: True}


def _recorded(hass: HomeAssistant) -> str:
    """Return everything the recorder wrote: states, their attributes and events."""
    with session_scope(hass=hass, read_only=True) as session:
        rows = [
            str(row)
            for query in (
                "SELECT state FROM states",
                "SELECT shared_attrs FROM state_attributes",
                "SELECT shared_data FROM event_data",
            )
            for row in session.execute(text(query))
        ]
    return "\n".join(rows)


async def test_pin_is_never_recorded(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    sandbox: SandboxServer,
    mock_config_entry: MockConfigEntry,
    instant_retries: None,
    home_assistant_url: str,
) -> None:
    """Test get_code's answer and the PIN attribute leave no PIN in the recorder."""
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    code = await _code_with_pin(hass, freezer, sandbox)
    pin = sandbox.sandbox.access_codes[code["access_code_id"]]["code"]
    response = await hass.services.async_call(
        DOMAIN,
        "get_code",
        {"access_code_id": code["access_code_id"]},
        blocking=True,
        return_response=True,
    )
    assert response is not None
    assert response["code"] == pin
    await async_wait_recording_done(hass)
    recorded = await get_instance(hass).async_add_executor_job(_recorded, hass)
    assert "Guest Alice" in recorded
    assert code["access_code_id"] in recorded
    assert pin not in recorded
