"""Describe code lifecycle moments in the logbook: which moment, of which code."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from homeassistant.components.logbook.const import (
    LOGBOOK_ENTRY_ENTITY_ID,
    LOGBOOK_ENTRY_MESSAGE,
    LOGBOOK_ENTRY_NAME,
)
from homeassistant.const import Platform
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.translation import async_get_cached_translations

from .const import DOMAIN
from .moments import EVENT_CODE_MOMENT


@callback
def async_describe_events(
    hass: HomeAssistant,
    async_describe_event: Callable[
        [str, str, Callable[[Event[Any]], dict[str, str]]], None
    ],
) -> None:
    """Describe each moment as its code's name and the moment, on the lock's event entity."""

    @callback
    def async_describe_moment(event: Event[Any]) -> dict[str, str]:
        data = event.data
        label = async_get_cached_translations(
            hass, hass.config.language, "entity", DOMAIN
        ).get(
            f"component.{DOMAIN}.entity.event.code_event.state_attributes"
            f".event_type.state.{data['type']}",
            data["type"],
        )
        description = {
            LOGBOOK_ENTRY_NAME: data["name"] or data["access_code_id"],
            LOGBOOK_ENTRY_MESSAGE: label,
        }
        entity_id = er.async_get(hass).async_get_entity_id(
            Platform.EVENT, DOMAIN, f"{data['seam_device_id']}_code_event"
        )
        if entity_id is not None:
            description[LOGBOOK_ENTRY_ENTITY_ID] = entity_id
        return description

    async_describe_event(DOMAIN, EVENT_CODE_MOMENT, async_describe_moment)
