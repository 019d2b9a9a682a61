"""Tests for new locks in Seam: the repair issue that offers them, and its fix flow."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.repairs import RepairsFlowManager, repairs_flow_manager
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import (
    device_registry as dr,
    entity_registry as er,
    issue_registry as ir,
)
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.seam_offline_codes.const import (
    CONF_DEVICE_IDS,
    CONF_SHOW_PINS,
    DOMAIN,
)
from custom_components.seam_offline_codes.repairs import OFFERED_DEVICE_IDS

from .common import move_time, sandbox_admin
from .const import FRONT_DOOR, GARDEN_GATE, OFFLINE_LOCKS, ROOM_101

if TYPE_CHECKING:
    from seam_sandbox import SandboxServer

SHED = "5d0b7c1e-2f3a-4b6c-8d9e-0a1b2c3d4e5f"
"""A lock added to the workspace during a test (a copy of the Garden Gate)."""


@pytest.fixture
async def repairs(hass: HomeAssistant) -> RepairsFlowManager:
    """Set up the repairs integration; return its flow manager."""
    assert await async_setup_component(hass, "repairs", {})
    manager = repairs_flow_manager(hass)
    assert manager is not None
    return manager


def _issue_id(entry: MockConfigEntry, device_id: str = SHED) -> str:
    return f"new_lock_{entry.entry_id}_{device_id}"


def _new_lock_issues(issue_registry: ir.IssueRegistry) -> list[str]:
    return sorted(
        issue_id
        for domain, issue_id in issue_registry.issues
        if domain == DOMAIN and issue_id.startswith("new_lock_")
    )


async def _add_shed(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, sandbox: SandboxServer
) -> None:
    """Connect a new lock to the workspace, then let the next full sync run."""
    await sandbox_admin(
        sandbox, "devices/add", like=GARDEN_GATE, name="Shed", device_id=SHED
    )
    await move_time(hass, freezer, timedelta(minutes=15))


@pytest.fixture
async def new_lock_issue(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    sandbox: SandboxServer,
    init_integration: MockConfigEntry,
) -> str:
    """Connect a new lock to the workspace, let a full sync offer it; return the issue."""
    await _add_shed(hass, freezer, sandbox)
    return _issue_id(init_integration)


async def _choose(
    repairs: RepairsFlowManager, issue_id: str, choice: str
) -> dict[str, Any]:
    """Open the issue's fix flow and pick one of its menu's choices."""
    result = await repairs.async_init(DOMAIN, data={"issue_id": issue_id})
    assert result["type"] is FlowResultType.MENU
    assert result["step_id"] == "init"
    assert result["menu_options"] == ["add", "ignore"]
    assert result["description_placeholders"] == {
        "name": "Shed",
        "entry": "Seam Offline Codes Demo",
    }
    return dict(
        await repairs.async_configure(result["flow_id"], {"next_step_id": choice})
    )


@pytest.mark.parametrize(
    "entry_options",
    [
        {CONF_DEVICE_IDS: list(OFFLINE_LOCKS), CONF_SHOW_PINS: False},
        {CONF_DEVICE_IDS: [FRONT_DOOR, ROOM_101], CONF_SHOW_PINS: False},
    ],
    ids=["all_locks", "garden_gate_left_out"],
)
@pytest.mark.usefixtures("init_integration")
async def test_new_lock_raises_a_fixable_issue(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    sandbox: SandboxServer,
    issue_registry: ir.IssueRegistry,
    mock_config_entry: MockConfigEntry,
) -> None:
    """Test a lock new in Seam is offered at the next full sync, at no extra request.

    The locks there at the entry's first sync count as offered by the config flow.
    """
    assert mock_config_entry.data[OFFERED_DEVICE_IDS] == sorted(OFFLINE_LOCKS)
    assert _new_lock_issues(issue_registry) == []
    requests = sandbox.sandbox.requests
    requests.clear()
    await _add_shed(hass, freezer, sandbox)
    # The full sync is what it was: the new lock's codes are not listed.
    managed = len(mock_config_entry.options[CONF_DEVICE_IDS])
    assert Counter(requests) == {"/devices/list": 1, "/access_codes/list": managed}
    issue = issue_registry.async_get_issue(DOMAIN, _issue_id(mock_config_entry))
    assert issue is not None
    assert issue.is_fixable
    assert issue.translation_key == "new_lock"
    assert issue.translation_placeholders == {
        "name": "Shed",
        "entry": mock_config_entry.title,
    }
    # It is raised once, not once per sync.
    await move_time(hass, freezer, timedelta(minutes=15))
    assert _new_lock_issues(issue_registry) == [_issue_id(mock_config_entry)]


async def test_add_the_new_lock(
    hass: HomeAssistant,
    repairs: RepairsFlowManager,
    new_lock_issue: str,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
    issue_registry: ir.IssueRegistry,
    mock_config_entry: MockConfigEntry,
) -> None:
    """Test adding the lock makes the entry manage it: its device and entities appear."""
    result = await _choose(repairs, new_lock_issue, "add")
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()

    assert mock_config_entry.state is ConfigEntryState.LOADED
    assert mock_config_entry.options[CONF_DEVICE_IDS] == [*OFFLINE_LOCKS, SHED]
    assert SHED in mock_config_entry.runtime_data.coordinator.data.locks
    device = device_registry.async_get_device(identifiers={(DOMAIN, SHED)})
    assert device is not None
    assert device.name == "Shed"
    entities = er.async_entries_for_device(entity_registry, device.id)
    assert {entity.domain for entity in entities} >= {"calendar", "event", "sensor"}
    assert all(hass.states.get(entity.entity_id) for entity in entities)
    assert _new_lock_issues(issue_registry) == []

    # Managed now: removing it from the entry's locks later does not offer it again.
    hass.config_entries.async_update_entry(
        mock_config_entry,
        options={**mock_config_entry.options, CONF_DEVICE_IDS: list(OFFLINE_LOCKS)},
    )
    await hass.config_entries.async_reload(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert _new_lock_issues(issue_registry) == []


async def test_ignore_the_new_lock(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    repairs: RepairsFlowManager,
    new_lock_issue: str,
    issue_registry: ir.IssueRegistry,
    mock_config_entry: MockConfigEntry,
) -> None:
    """Test an ignored lock is never offered again, across syncs and reloads."""
    result = await _choose(repairs, new_lock_issue, "ignore")
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert _new_lock_issues(issue_registry) == []
    assert mock_config_entry.options[CONF_DEVICE_IDS] == list(OFFLINE_LOCKS)
    assert mock_config_entry.data[OFFERED_DEVICE_IDS] == sorted([*OFFLINE_LOCKS, SHED])

    await move_time(hass, freezer, timedelta(minutes=15))
    await hass.config_entries.async_reload(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert mock_config_entry.state is ConfigEntryState.LOADED
    assert SHED not in mock_config_entry.runtime_data.coordinator.data.locks
    assert _new_lock_issues(issue_registry) == []


async def test_new_lock_removed_from_seam(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    sandbox: SandboxServer,
    new_lock_issue: str,
    issue_registry: ir.IssueRegistry,
    mock_config_entry: MockConfigEntry,
) -> None:
    """Test the issue goes when its lock leaves Seam, and comes back with the lock."""
    assert _new_lock_issues(issue_registry) == [new_lock_issue]
    await sandbox_admin(sandbox, "devices/remove", device_id=SHED)
    await move_time(hass, freezer, timedelta(minutes=15))
    assert _new_lock_issues(issue_registry) == []
    assert mock_config_entry.data[OFFERED_DEVICE_IDS] == sorted(OFFLINE_LOCKS)

    await _add_shed(hass, freezer, sandbox)
    assert _new_lock_issues(issue_registry) == [new_lock_issue]


async def test_fix_flow_of_a_removed_entry(
    hass: HomeAssistant,
    repairs: RepairsFlowManager,
    new_lock_issue: str,
    mock_config_entry: MockConfigEntry,
) -> None:
    """Test the fix flow stops when its entry was removed while it was open."""
    result = await repairs.async_init(DOMAIN, data={"issue_id": new_lock_issue})
    await hass.config_entries.async_remove(mock_config_entry.entry_id)
    result = await repairs.async_configure(result["flow_id"], {"next_step_id": "add"})
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "entry_removed"
