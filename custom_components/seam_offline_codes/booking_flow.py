"""Subentry flow for booking calendars: a calendar whose events become stays on locks."""

from __future__ import annotations

from datetime import time
from string import Formatter
from typing import Any

from homeassistant.config_entries import (
    ConfigEntryState,
    ConfigSubentryFlow,
    SubentryFlowResult,
)
from homeassistant.const import Platform
from homeassistant.helpers.selector import (
    EntitySelector,
    EntitySelectorConfig,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectOptionDict,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
    TimeSelector,
)
import voluptuous as vol

from .booking import (
    CONF_CALENDAR,
    CONF_CHECK_IN,
    CONF_CHECK_OUT,
    CONF_LOCKS,
    CONF_LOOK_AHEAD_HOURS,
    CONF_NAME_TEMPLATE,
    CONF_SKIP,
    DEFAULT_CHECK_IN,
    DEFAULT_CHECK_OUT,
    DEFAULT_LOOK_AHEAD_HOURS,
    DEFAULT_NAME_TEMPLATE,
    DEFAULT_SKIP,
    NAME_FIELDS,
)
from .seam import Device

MAX_LOOK_AHEAD_HOURS = 24 * 60


class BookingCalendarSubentryFlow(ConfigSubentryFlow):
    """Add or reconfigure a booking calendar of a Seam workspace."""

    async def async_step_user(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Choose the calendar, the property's locks and the stay defaults."""
        return await self._async_step_form("user", user_input, {})

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Change a booking calendar's settings."""
        subentry = self._get_reconfigure_subentry()
        return await self._async_step_form("reconfigure", user_input, subentry.data)

    async def _async_step_form(
        self,
        step_id: str,
        user_input: dict[str, Any] | None,
        current: Any,
    ) -> SubentryFlowResult:
        entry = self._get_entry()
        if entry.state is not ConfigEntryState.LOADED:
            return self.async_abort(reason="entry_not_loaded")
        locks = list(entry.runtime_data.coordinator.data.locks.values())
        errors: dict[str, str] = {}
        if user_input is not None:
            errors = self._errors(user_input, step_id)
            if not errors:
                data = _data(user_input)
                title = self._title(data[CONF_CALENDAR])
                if step_id == "user":
                    return self.async_create_entry(
                        title=title, data=data, unique_id=data[CONF_CALENDAR]
                    )
                return self.async_update_and_abort(
                    entry,
                    self._get_reconfigure_subentry(),
                    title=title,
                    data=data,
                    unique_id=data[CONF_CALENDAR],
                )
        return self.async_show_form(
            step_id=step_id,
            data_schema=self.add_suggested_values_to_schema(
                _schema(locks), user_input or current or _defaults()
            ),
            errors=errors,
        )

    def _errors(self, user_input: dict[str, Any], step_id: str) -> dict[str, str]:
        """Check the form; return errors by field."""
        errors: dict[str, str] = {}
        if not user_input.get(CONF_LOCKS):
            errors[CONF_LOCKS] = "no_locks_selected"
        if not _valid_template(user_input.get(CONF_NAME_TEMPLATE, "")):
            errors[CONF_NAME_TEMPLATE] = "invalid_name_template"
        own = self._reconfigure_subentry_id if step_id == "reconfigure" else None
        taken = {
            subentry.data.get(CONF_CALENDAR)
            for subentry_id, subentry in self._get_entry().subentries.items()
            if subentry_id != own
        }
        if user_input.get(CONF_CALENDAR) in taken:
            errors[CONF_CALENDAR] = "calendar_already_configured"
        return errors

    def _title(self, entity_id: str) -> str:
        """Return the calendar's name, for the subentry's title."""
        state = self.hass.states.get(entity_id)
        return state.name if state else entity_id


def _defaults() -> dict[str, Any]:
    return {
        CONF_CHECK_IN: DEFAULT_CHECK_IN.isoformat(),
        CONF_CHECK_OUT: DEFAULT_CHECK_OUT.isoformat(),
        CONF_LOOK_AHEAD_HOURS: DEFAULT_LOOK_AHEAD_HOURS,
        CONF_NAME_TEMPLATE: DEFAULT_NAME_TEMPLATE,
        CONF_SKIP: DEFAULT_SKIP,
    }


def _data(user_input: dict[str, Any]) -> dict[str, Any]:
    """Return the subentry's data from a valid form."""
    return {
        CONF_CALENDAR: user_input[CONF_CALENDAR],
        CONF_LOCKS: list(user_input[CONF_LOCKS]),
        CONF_CHECK_IN: time.fromisoformat(user_input[CONF_CHECK_IN]).isoformat(),
        CONF_CHECK_OUT: time.fromisoformat(user_input[CONF_CHECK_OUT]).isoformat(),
        CONF_LOOK_AHEAD_HOURS: int(user_input[CONF_LOOK_AHEAD_HOURS]),
        CONF_NAME_TEMPLATE: user_input[CONF_NAME_TEMPLATE],
        CONF_SKIP: user_input.get(CONF_SKIP, ""),
    }


def _valid_template(template: str) -> bool:
    """Return whether a name template is non-empty and uses only known fields."""
    try:
        fields = [field for _, field, _, _ in Formatter().parse(template)]
    except ValueError:
        return False
    named = [field for field in fields if field is not None]
    return bool(template.strip()) and all(field in NAME_FIELDS for field in named)


def _schema(locks: list[Device]) -> vol.Schema:
    return vol.Schema(
        {
            vol.Required(CONF_CALENDAR): EntitySelector(
                EntitySelectorConfig(domain=Platform.CALENDAR)
            ),
            vol.Required(CONF_LOCKS): SelectSelector(
                SelectSelectorConfig(
                    options=[
                        SelectOptionDict(value=lock.device_id, label=lock.name)
                        for lock in locks
                    ],
                    multiple=True,
                    mode=SelectSelectorMode.LIST,
                    sort=True,
                )
            ),
            vol.Required(CONF_CHECK_IN): TimeSelector(),
            vol.Required(CONF_CHECK_OUT): TimeSelector(),
            vol.Required(CONF_LOOK_AHEAD_HOURS): NumberSelector(
                NumberSelectorConfig(
                    min=1,
                    max=MAX_LOOK_AHEAD_HOURS,
                    step=1,
                    unit_of_measurement="h",
                    mode=NumberSelectorMode.BOX,
                )
            ),
            vol.Required(CONF_NAME_TEMPLATE): TextSelector(),
            vol.Optional(CONF_SKIP): TextSelector(),
        }
    )
