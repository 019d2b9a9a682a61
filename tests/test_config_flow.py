"""Tests for the Seam Offline Codes config flow, against the sandbox over real HTTP."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any
from unittest.mock import ANY, AsyncMock, patch

from homeassistant.config_entries import SOURCE_USER, ConfigEntryState
from homeassistant.const import CONF_API_KEY
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType, section
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
import voluptuous as vol

from custom_components.seam_offline_codes import async_setup_entry
from custom_components.seam_offline_codes.config_flow import SECTION_ADVANCED
from custom_components.seam_offline_codes.const import (
    CONF_API_URL,
    CONF_DEVICE_IDS,
    CONF_SHOW_PINS,
    CONF_WEBHOOK_ID,
    DEFAULT_API_URL,
    DOMAIN,
)
from custom_components.seam_offline_codes.seam import SeamClient

if TYPE_CHECKING:
    from seam_sandbox import SandboxServer

pytestmark = pytest.mark.usefixtures("mock_setup_entry")

WORKSPACE_ID = "4f2d8e6a-3b1c-4d5e-9f70-8a1b2c3d4e5f"
FRONT_DOOR = "9689dc30-77d8-4728-9968-b3abd0835f47"
GARDEN_GATE = "3f1c7b2e-5a9d-4e60-8b21-c4d7e9f0a613"
ROOM_101 = "ea12f6c6-e63e-447d-856b-ec9e92981000"
BACK_DOOR = "6a2d9f41-8e3b-4c7d-a05e-9b1f2c3d4e58"
OFFLINE_LOCKS = [FRONT_DOOR, GARDEN_GATE, ROOM_101]
DEFAULT_OPTIONS = {
    CONF_DEVICE_IDS: OFFLINE_LOCKS,
    CONF_SHOW_PINS: False,
}
WRONG_KEY = "seam_OMGSPIDERS"
WEBHOOK_ID = "OMGWEBHOOK"
DEAD_URL = "http://127.0.0.1:9"


def _revoke_key(server: SandboxServer) -> None:
    """Make Seam refuse the API key."""
    server.sandbox.faults.revoke_api_key()


def _outage(server: SandboxServer) -> None:
    """Make Seam answer 503 until the faults are cleared."""
    server.sandbox.faults.start_outage()


def _rate_limit(server: SandboxServer) -> None:
    """Make Seam answer 429 until the faults are cleared."""
    server.sandbox.faults.rate_limit_burst(retry_after=0)


def _remove_offline_locks(server: SandboxServer) -> None:
    """Leave the workspace with no offline-capable lock."""
    for device_id in OFFLINE_LOCKS:
        del server.sandbox.devices[device_id]


# Faults a user can fix (or wait out), and the error the form shows for each.
FAULTS = [
    pytest.param(_revoke_key, {CONF_API_KEY: "invalid_auth"}, id="invalid_auth"),
    pytest.param(_outage, {"base": "cannot_connect"}, id="outage"),
    pytest.param(_rate_limit, {"base": "cannot_connect"}, id="rate_limited"),
]


@pytest.fixture
def mock_setup_entry() -> Iterator[AsyncMock]:
    """Keep entries from setting up; a test opts in with side_effect=async_setup_entry."""
    with patch(
        "custom_components.seam_offline_codes.async_setup_entry", return_value=True
    ) as mock:
        yield mock


@pytest.fixture
def mock_config_entry(sandbox: SandboxServer) -> MockConfigEntry:
    """Return an entry for the demo workspace, as the user flow creates it."""
    return MockConfigEntry(
        domain=DOMAIN,
        version=2,
        minor_version=2,
        title="Seam Offline Codes Demo",
        unique_id=WORKSPACE_ID,
        data={
            CONF_API_KEY: sandbox.api_key,
            CONF_API_URL: sandbox.url,
            CONF_WEBHOOK_ID: WEBHOOK_ID,
        },
        options=DEFAULT_OPTIONS,
    )


def _user_input(sandbox: SandboxServer, api_key: str | None = None) -> dict[str, Any]:
    """Return the user step's input for the sandbox."""
    return {
        CONF_API_KEY: api_key or sandbox.api_key,
        SECTION_ADVANCED: {CONF_API_URL: sandbox.url},
    }


def _suggested_values(schema: vol.Schema) -> dict[str, Any]:
    """Return the suggested values a form is shown with, sections included."""
    values: dict[str, Any] = {}
    for key, value in schema.schema.items():
        if isinstance(value, section):
            values[key] = _suggested_values(value.schema)
        elif "suggested_value" in (key.description or {}):
            values[key] = key.description["suggested_value"]
    return values


def _lock_options(result: Any) -> dict[str, str]:
    """Return the locks a form offers, as {device_id: label}."""
    selector = result["data_schema"].schema[CONF_DEVICE_IDS]
    return {option["value"]: option["label"] for option in selector.config["options"]}


async def test_user_flow(hass: HomeAssistant, sandbox: SandboxServer) -> None:
    """Test the user flow offers only the offline-capable locks and creates the entry."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    assert result["errors"] == {}
    advanced = result["data_schema"].schema[SECTION_ADVANCED]
    assert advanced.options == {"collapsed": True}
    assert [key.default() for key in advanced.schema.schema] == [DEFAULT_API_URL]

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], _user_input(sandbox)
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "locks"
    assert result["errors"] == {}
    assert _lock_options(result) == {
        FRONT_DOOR: "Front Door (igloohome Smart Deadbolt 02)",
        GARDEN_GATE: "Garden Gate (igloohome Padlock 2)",
        ROOM_101: "Room 101 (dormakaba Oracode 660i)",
    }
    assert [key.default() for key in result["data_schema"].schema] == [OFFLINE_LOCKS]

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_DEVICE_IDS: OFFLINE_LOCKS}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Seam Offline Codes Demo"
    config_entry = result["result"]
    assert config_entry.unique_id == WORKSPACE_ID
    assert config_entry.data == {
        CONF_API_KEY: sandbox.api_key,
        CONF_API_URL: sandbox.url,
        CONF_WEBHOOK_ID: ANY,
    }
    assert config_entry.data[CONF_WEBHOOK_ID]
    assert config_entry.options == DEFAULT_OPTIONS


async def test_user_flow_untitled_workspace(
    hass: HomeAssistant, sandbox: SandboxServer
) -> None:
    """Test a workspace without a name gets a generic title, and picking fewer locks."""
    sandbox.sandbox.workspace["name"] = sandbox.sandbox.workspace["company_name"] = ""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}, data=_user_input(sandbox)
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "locks"

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_DEVICE_IDS: []}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "locks"
    assert result["errors"] == {"base": "no_locks_selected"}

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_DEVICE_IDS: [ROOM_101]}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Seam"
    assert result["result"].options == {**DEFAULT_OPTIONS, CONF_DEVICE_IDS: [ROOM_101]}


@pytest.mark.parametrize(("fault", "expected_errors"), FAULTS)
async def test_user_flow_errors(
    hass: HomeAssistant,
    sandbox: SandboxServer,
    fault: Callable[[SandboxServer], None],
    expected_errors: dict[str, str],
) -> None:
    """Test each error keeps the input and the flow recovers once the cause is gone."""
    fault(sandbox)
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}, data=_user_input(sandbox)
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    assert result["errors"] == expected_errors
    assert _suggested_values(result["data_schema"]) == _user_input(sandbox)

    sandbox.sandbox.faults.clear()
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], _user_input(sandbox)
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "locks"
    assert result["errors"] == {}


async def test_user_flow_wrong_key(hass: HomeAssistant, sandbox: SandboxServer) -> None:
    """Test a mistyped key is refused on its field and the right one is accepted."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}, data=_user_input(sandbox, WRONG_KEY)
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    assert result["errors"] == {CONF_API_KEY: "invalid_auth"}

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], _user_input(sandbox)
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "locks"


async def test_user_flow_unknown_error(
    hass: HomeAssistant, sandbox: SandboxServer, caplog: pytest.LogCaptureFixture
) -> None:
    """Test an unexpected exception is logged, shown as unknown and recoverable."""
    with patch.object(SeamClient, "get_workspace", side_effect=Exception("boom")):
        result = await hass.config_entries.flow.async_init(
            DOMAIN, context={"source": SOURCE_USER}, data=_user_input(sandbox)
        )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    assert result["errors"] == {"base": "unknown"}
    assert "Unexpected exception" in caplog.text
    assert sandbox.api_key not in caplog.text

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], _user_input(sandbox)
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "locks"


async def test_user_flow_no_offline_locks(
    hass: HomeAssistant, sandbox: SandboxServer
) -> None:
    """Test a workspace whose locks can't make offline codes is refused with a reason."""
    _remove_offline_locks(sandbox)
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}, data=_user_input(sandbox)
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "no_offline_locks"


async def test_user_flow_already_configured(
    hass: HomeAssistant, sandbox: SandboxServer, mock_config_entry: MockConfigEntry
) -> None:
    """Test a workspace can only be added once."""
    mock_config_entry.add_to_hass(hass)
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}, data=_user_input(sandbox)
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


async def test_reauth_flow(
    hass: HomeAssistant, sandbox: SandboxServer, mock_config_entry: MockConfigEntry
) -> None:
    """Test reauthenticating with the workspace's new key, after a mistyped one."""
    mock_config_entry.add_to_hass(hass)
    new_key = sandbox.sandbox.rotate_api_key()

    result = await mock_config_entry.start_reauth_flow(hass)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reauth_confirm"
    assert result["errors"] == {}

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_API_KEY: WRONG_KEY}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reauth_confirm"
    assert result["errors"] == {CONF_API_KEY: "invalid_auth"}
    assert _suggested_values(result["data_schema"]) == {CONF_API_KEY: WRONG_KEY}

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_API_KEY: new_key}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    assert mock_config_entry.data == {
        CONF_API_KEY: new_key,
        CONF_API_URL: sandbox.url,
        CONF_WEBHOOK_ID: WEBHOOK_ID,
    }
    assert mock_config_entry.options == DEFAULT_OPTIONS


@pytest.mark.parametrize(("fault", "expected_errors"), FAULTS)
async def test_reauth_flow_errors(
    hass: HomeAssistant,
    sandbox: SandboxServer,
    mock_config_entry: MockConfigEntry,
    fault: Callable[[SandboxServer], None],
    expected_errors: dict[str, str],
) -> None:
    """Test reauth shows each error and recovers in the same flow."""
    mock_config_entry.add_to_hass(hass)
    result = await mock_config_entry.start_reauth_flow(hass)

    fault(sandbox)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_API_KEY: sandbox.api_key}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reauth_confirm"
    assert result["errors"] == expected_errors

    sandbox.sandbox.faults.clear()
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_API_KEY: sandbox.api_key}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"


async def test_reauth_flow_wrong_account(
    hass: HomeAssistant, sandbox: SandboxServer
) -> None:
    """Test a key of another workspace can't take over the entry."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        version=2,
        minor_version=2,
        unique_id="another-workspace",
        data={
            CONF_API_KEY: WRONG_KEY,
            CONF_API_URL: sandbox.url,
            CONF_WEBHOOK_ID: WEBHOOK_ID,
        },
        options=DEFAULT_OPTIONS,
    )
    entry.add_to_hass(hass)
    result = await entry.start_reauth_flow(hass)

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_API_KEY: sandbox.api_key}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "wrong_account"
    assert entry.data == {
        CONF_API_KEY: WRONG_KEY,
        CONF_API_URL: sandbox.url,
        CONF_WEBHOOK_ID: WEBHOOK_ID,
    }


async def test_reconfigure_flow_keeps_key(
    hass: HomeAssistant, sandbox: SandboxServer
) -> None:
    """Test moving the entry to another API URL while keeping its key."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        version=2,
        minor_version=2,
        unique_id=WORKSPACE_ID,
        data={
            CONF_API_KEY: sandbox.api_key,
            CONF_API_URL: DEAD_URL,
            CONF_WEBHOOK_ID: WEBHOOK_ID,
        },
        options=DEFAULT_OPTIONS,
    )
    entry.add_to_hass(hass)

    result = await entry.start_reconfigure_flow(hass)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reconfigure"
    assert result["errors"] == {}
    assert _suggested_values(result["data_schema"]) == {CONF_API_URL: DEAD_URL}

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_API_URL: sandbox.url}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert entry.data == {
        CONF_API_KEY: sandbox.api_key,
        CONF_API_URL: sandbox.url,
        CONF_WEBHOOK_ID: WEBHOOK_ID,
    }
    assert entry.options == DEFAULT_OPTIONS


async def test_reconfigure_flow_new_key(
    hass: HomeAssistant, sandbox: SandboxServer, mock_config_entry: MockConfigEntry
) -> None:
    """Test replacing the key through reconfigure."""
    mock_config_entry.add_to_hass(hass)
    new_key = sandbox.sandbox.rotate_api_key()

    result = await mock_config_entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_API_KEY: new_key, CONF_API_URL: sandbox.url}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert mock_config_entry.data == {
        CONF_API_KEY: new_key,
        CONF_API_URL: sandbox.url,
        CONF_WEBHOOK_ID: WEBHOOK_ID,
    }


@pytest.mark.parametrize(("fault", "expected_errors"), FAULTS)
async def test_reconfigure_flow_errors(
    hass: HomeAssistant,
    sandbox: SandboxServer,
    mock_config_entry: MockConfigEntry,
    fault: Callable[[SandboxServer], None],
    expected_errors: dict[str, str],
) -> None:
    """Test reconfigure shows each error, keeps the input and recovers."""
    mock_config_entry.add_to_hass(hass)
    result = await mock_config_entry.start_reconfigure_flow(hass)
    user_input = {CONF_API_KEY: sandbox.api_key, CONF_API_URL: sandbox.url}

    fault(sandbox)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], user_input
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reconfigure"
    assert result["errors"] == expected_errors
    assert _suggested_values(result["data_schema"]) == user_input

    sandbox.sandbox.faults.clear()
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], user_input
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"


async def test_reconfigure_flow_wrong_account(
    hass: HomeAssistant, sandbox: SandboxServer
) -> None:
    """Test reconfigure refuses a key of another workspace."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        version=2,
        minor_version=2,
        unique_id="another-workspace",
        data={
            CONF_API_KEY: WRONG_KEY,
            CONF_API_URL: DEAD_URL,
            CONF_WEBHOOK_ID: WEBHOOK_ID,
        },
        options=DEFAULT_OPTIONS,
    )
    entry.add_to_hass(hass)
    result = await entry.start_reconfigure_flow(hass)

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_API_KEY: sandbox.api_key, CONF_API_URL: sandbox.url}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "wrong_account"
    assert entry.data == {
        CONF_API_KEY: WRONG_KEY,
        CONF_API_URL: DEAD_URL,
        CONF_WEBHOOK_ID: WEBHOOK_ID,
    }


async def test_options_flow_reloads(
    hass: HomeAssistant,
    sandbox: SandboxServer,
    mock_config_entry: MockConfigEntry,
    mock_setup_entry: AsyncMock,
) -> None:
    """Test saving options reloads the entry, which then follows the new options."""
    mock_setup_entry.side_effect = async_setup_entry
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert mock_config_entry.state is ConfigEntryState.LOADED
    assert set(mock_config_entry.runtime_data.coordinator.data.locks) == set(
        OFFLINE_LOCKS
    )

    result = await hass.config_entries.options.async_init(mock_config_entry.entry_id)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "init"
    assert _suggested_values(result["data_schema"]) == DEFAULT_OPTIONS

    new_options = {
        CONF_DEVICE_IDS: [FRONT_DOOR],
        CONF_SHOW_PINS: True,
    }
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], new_options
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert mock_config_entry.options == new_options
    assert mock_setup_entry.call_count == 2
    assert mock_config_entry.state is ConfigEntryState.LOADED
    assert set(mock_config_entry.runtime_data.coordinator.data.locks) == {FRONT_DOOR}


async def test_options_flow_follows_seam(
    hass: HomeAssistant, sandbox: SandboxServer, mock_config_entry: MockConfigEntry
) -> None:
    """Test the options offer the workspace's current locks, new and gone ones included."""
    mock_config_entry.add_to_hass(hass)
    del sandbox.sandbox.devices[GARDEN_GATE]
    back_door = sandbox.sandbox.devices[BACK_DOOR]
    back_door["can_program_offline_access_codes"] = True
    del back_door["properties"]["model"], back_door["properties"]["manufacturer"]

    result = await hass.config_entries.options.async_init(mock_config_entry.entry_id)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "init"
    assert _lock_options(result) == {
        FRONT_DOOR: "Front Door (igloohome Smart Deadbolt 02)",
        ROOM_101: "Room 101 (dormakaba Oracode 660i)",
        BACK_DOOR: "Back Door",
    }
    assert _suggested_values(result["data_schema"]) == {
        **DEFAULT_OPTIONS,
        CONF_DEVICE_IDS: [FRONT_DOOR, ROOM_101],
    }

    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {**DEFAULT_OPTIONS, CONF_DEVICE_IDS: []}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "init"
    assert result["errors"] == {"base": "no_locks_selected"}

    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {**DEFAULT_OPTIONS, CONF_DEVICE_IDS: [BACK_DOOR, ROOM_101]}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert mock_config_entry.options == {
        **DEFAULT_OPTIONS,
        CONF_DEVICE_IDS: [BACK_DOOR, ROOM_101],
    }


@pytest.mark.parametrize(
    ("fault", "reason"),
    [
        pytest.param(_revoke_key, "invalid_auth", id="invalid_auth"),
        pytest.param(_outage, "cannot_connect", id="outage"),
        pytest.param(_remove_offline_locks, "no_offline_locks", id="no_offline_locks"),
    ],
)
async def test_options_flow_aborts(
    hass: HomeAssistant,
    sandbox: SandboxServer,
    mock_config_entry: MockConfigEntry,
    fault: Callable[[SandboxServer], None],
    reason: str,
) -> None:
    """Test the options flow stops when it can't list the workspace's locks."""
    mock_config_entry.add_to_hass(hass)
    fault(sandbox)

    result = await hass.config_entries.options.async_init(mock_config_entry.entry_id)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == reason
    assert mock_config_entry.options == DEFAULT_OPTIONS
