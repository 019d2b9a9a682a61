"""New locks in Seam: offered by a fixable repair issue, added or ignored by the user.

The user chooses which locks an entry manages (their offline codes cannot be revoked), so
a lock that appears in the workspace is offered, not added: at each full sync the
coordinator passes every device it listed to ``async_offer_new_locks``. An offline-capable
lock the entry neither manages nor offered before raises the issue "New lock in Seam";
its fix flow adds the lock to the entry's locks (the entry reloads) or ignores it. The
locks already offered (at the entry's first sync, managed once, or ignored) are kept in
the entry's data, so an ignored lock is not offered again.
"""

from __future__ import annotations

from collections.abc import Iterable

from homeassistant.components.repairs import RepairsFlow
from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback
from homeassistant.data_entry_flow import FlowResult
from homeassistant.helpers import issue_registry as ir

from .const import CONF_DEVICE_IDS, DOMAIN
from .seam import Device

OFFERED_DEVICE_IDS = "offered_device_ids"
"""Entry data: the locks offered to the entry (managed, ignored, or there at set-up)."""


@callback
def async_offer_new_locks(
    hass: HomeAssistant, entry: ConfigEntry, devices: Iterable[Device]
) -> None:
    """Raise an issue per new offline-capable lock; delete those of locks now settled.

    At the entry's first sync every lock there was offered by the config flow.
    """
    capable = {
        device.device_id: device for device in devices if device.supports_offline_codes
    }
    managed = set(entry.options[CONF_DEVICE_IDS])
    recorded = entry.data.get(OFFERED_DEVICE_IDS)
    offered = managed.union(capable if recorded is None else recorded)
    if recorded is None or not offered.issubset(recorded):
        _async_record_offered(hass, entry, offered)
    prefix = f"new_lock_{entry.entry_id}_"
    new = {
        prefix + device_id: lock
        for device_id, lock in capable.items()
        if device_id not in offered
    }
    for domain, issue_id in list(ir.async_get(hass).issues):
        if domain == DOMAIN and issue_id.startswith(prefix) and issue_id not in new:
            ir.async_delete_issue(hass, DOMAIN, issue_id)
    for issue_id, lock in new.items():
        placeholders = {"name": lock.name, "entry": entry.title}
        ir.async_create_issue(
            hass,
            DOMAIN,
            issue_id,
            is_fixable=True,
            severity=ir.IssueSeverity.WARNING,
            translation_key="new_lock",
            translation_placeholders=placeholders,
            data={
                "entry_id": entry.entry_id,
                "device_id": lock.device_id,
                **placeholders,
            },
        )


@callback
def _async_record_offered(
    hass: HomeAssistant, entry: ConfigEntry, offered: Iterable[str]
) -> None:
    """Keep the locks offered to the entry in its data."""
    hass.config_entries.async_update_entry(
        entry, data={**entry.data, OFFERED_DEVICE_IDS: sorted(offered)}
    )


class NewLockFlow(RepairsFlow):
    """Add a new lock to the entry's locks, or ignore it."""

    def __init__(
        self, entry_id: str, device_id: str, placeholders: dict[str, str]
    ) -> None:
        """Start for one lock of one entry."""
        self._entry_id = entry_id
        self._device_id = device_id
        self._placeholders = placeholders

    async def async_step_init(
        self, user_input: dict[str, str] | None = None
    ) -> FlowResult:
        """Offer the two choices."""
        return self.async_show_menu(
            menu_options=["add", "ignore"], description_placeholders=self._placeholders
        )

    async def async_step_add(
        self, user_input: dict[str, str] | None = None
    ) -> FlowResult:
        """Manage the lock: it joins the entry's locks and the entry reloads."""
        return self._async_decide(manage=True)

    async def async_step_ignore(
        self, user_input: dict[str, str] | None = None
    ) -> FlowResult:
        """Leave the lock out, and do not offer it again."""
        return self._async_decide(manage=False)

    @callback
    def _async_decide(self, *, manage: bool) -> FlowResult:
        """Record the choice; the issue goes when the flow ends."""
        entries = self.hass.config_entries
        if (entry := entries.async_get_entry(self._entry_id)) is None:
            return self.async_abort(reason="entry_removed")
        offered = entry.data[OFFERED_DEVICE_IDS]
        _async_record_offered(self.hass, entry, {*offered, self._device_id})
        if manage:
            # The lock may have been chosen in the options meanwhile.
            device_ids = list(
                dict.fromkeys([*entry.options[CONF_DEVICE_IDS], self._device_id])
            )
            entries.async_update_entry(
                entry, options={**entry.options, CONF_DEVICE_IDS: device_ids}
            )
            entries.async_schedule_reload(entry.entry_id)
        return self.async_create_entry(data={})


async def async_create_fix_flow(
    hass: HomeAssistant,
    issue_id: str,
    data: dict[str, str | int | float | None] | None,
) -> RepairsFlow:
    """Return the fix flow of a new lock's issue."""
    assert data is not None
    return NewLockFlow(
        str(data["entry_id"]),
        str(data["device_id"]),
        {"name": str(data["name"]), "entry": str(data["entry"])},
    )
