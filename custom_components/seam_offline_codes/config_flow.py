"""Config flow for the Seam Offline Codes integration."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from homeassistant.components.webhook import (
    async_generate_id as async_generate_webhook_id,
)
from homeassistant.config_entries import (
    ConfigEntry,
    ConfigFlow,
    ConfigFlowResult,
    ConfigSubentryFlow,
    OptionsFlowWithReload,
)
from homeassistant.const import CONF_API_KEY
from homeassistant.core import HomeAssistant, callback
from homeassistant.data_entry_flow import section
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.selector import (
    BooleanSelector,
    SelectOptionDict,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)
import voluptuous as vol

from .booking import SUBENTRY_BOOKING_CALENDAR
from .booking_flow import BookingCalendarSubentryFlow
from .const import (
    CONF_API_URL,
    CONF_DEVICE_IDS,
    CONF_SHOW_PINS,
    CONF_WEBHOOK_ID,
    DEFAULT_API_URL,
    DEFAULT_SHOW_PINS,
    DOMAIN,
    LOGGER,
)
from .seam import Device, SeamAuthenticationError, SeamClient, SeamError, Workspace

SECTION_ADVANCED = "advanced"
DEFAULT_TITLE = "Seam"

API_KEY_SELECTOR = TextSelector(TextSelectorConfig(type=TextSelectorType.PASSWORD))
API_URL_SELECTOR = TextSelector(TextSelectorConfig(type=TextSelectorType.URL))

USER_SCHEMA = vol.Schema(
    {
        vol.Required(CONF_API_KEY): API_KEY_SELECTOR,
        vol.Required(SECTION_ADVANCED): section(
            vol.Schema(
                {vol.Required(CONF_API_URL, default=DEFAULT_API_URL): API_URL_SELECTOR}
            ),
            {"collapsed": True},
        ),
    }
)
REAUTH_SCHEMA = vol.Schema({vol.Required(CONF_API_KEY): API_KEY_SELECTOR})
RECONFIGURE_SCHEMA = vol.Schema(
    {
        vol.Optional(CONF_API_KEY): API_KEY_SELECTOR,
        vol.Required(CONF_API_URL): API_URL_SELECTOR,
    }
)


@dataclass(frozen=True, slots=True)
class SeamAccount:
    """What an API key gives access to: its workspace and offline-capable locks."""

    workspace: Workspace
    locks: list[Device]


async def async_fetch_account(
    hass: HomeAssistant, api_key: str, api_url: str
) -> tuple[SeamAccount | None, dict[str, str]]:
    """Check the key against Seam; return the account, or the form errors."""
    client = SeamClient(
        api_key, session=async_get_clientsession(hass), base_url=api_url
    )
    try:
        workspace = await client.get_workspace()
        devices = await client.list_devices()
    except SeamAuthenticationError:
        return None, {CONF_API_KEY: "invalid_auth"}
    except SeamError:  # Outage, rate limit, or an API URL that isn't Seam.
        return None, {"base": "cannot_connect"}
    except Exception:  # noqa: BLE001
        LOGGER.exception("Unexpected exception")
        return None, {"base": "unknown"}
    locks = [device for device in devices if device.supports_offline_codes]
    return SeamAccount(workspace, locks), {}


def _lock_label(lock: Device) -> str:
    """Return a lock's name with its maker and model: "Front Door (igloohome X)"."""
    details = " ".join(part for part in (lock.manufacturer, lock.model) if part)
    return f"{lock.name} ({details})" if details else lock.name


def _locks_selector(locks: list[Device]) -> SelectSelector:
    """Return a multi-select of the given locks."""
    return SelectSelector(
        SelectSelectorConfig(
            options=[
                SelectOptionDict(value=lock.device_id, label=_lock_label(lock))
                for lock in locks
            ],
            multiple=True,
            mode=SelectSelectorMode.LIST,
            sort=True,
        )
    )


class SeamOfflineCodesConfigFlow(ConfigFlow, domain=DOMAIN):
    """Set up a Seam workspace and pick the locks whose offline codes to manage."""

    VERSION = 2
    MINOR_VERSION = 2

    def __init__(self) -> None:
        """Start with nothing known about the account."""
        self._data: dict[str, Any] = {}
        self._account: SeamAccount | None = None

    @classmethod
    @callback
    def async_get_supported_subentry_types(
        cls, config_entry: ConfigEntry
    ) -> dict[str, type[ConfigSubentryFlow]]:
        """Return the subentries an entry offers: booking calendars."""
        return {SUBENTRY_BOOKING_CALENDAR: BookingCalendarSubentryFlow}

    @staticmethod
    @callback
    def async_get_options_flow(
        config_entry: ConfigEntry,
    ) -> SeamOfflineCodesOptionsFlow:
        """Return the options flow."""
        return SeamOfflineCodesOptionsFlow()

    async def async_step_user(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the API key (and, in the advanced section, the API URL)."""
        errors: dict[str, str] = {}
        if user_input is not None:
            api_key = user_input[CONF_API_KEY]
            api_url = user_input[SECTION_ADVANCED][CONF_API_URL]
            account, errors = await async_fetch_account(self.hass, api_key, api_url)
            if account is not None:
                await self.async_set_unique_id(account.workspace.workspace_id)
                self._abort_if_unique_id_configured()
                if not account.locks:
                    return self.async_abort(reason="no_offline_locks")
                self._data = {
                    CONF_API_KEY: api_key,
                    CONF_API_URL: api_url,
                    CONF_WEBHOOK_ID: async_generate_webhook_id(),
                }
                self._account = account
                return await self.async_step_locks()
        return self.async_show_form(
            step_id="user",
            data_schema=self.add_suggested_values_to_schema(USER_SCHEMA, user_input),
            errors=errors,
        )

    async def async_step_locks(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask which offline-capable locks to manage."""
        assert self._account is not None
        errors: dict[str, str] = {}
        if user_input is not None:
            if user_input[CONF_DEVICE_IDS]:
                return self.async_create_entry(
                    title=self._account.workspace.name or DEFAULT_TITLE,
                    data=self._data,
                    options={
                        CONF_DEVICE_IDS: user_input[CONF_DEVICE_IDS],
                        CONF_SHOW_PINS: DEFAULT_SHOW_PINS,
                    },
                )
            errors["base"] = "no_locks_selected"
        locks = self._account.locks
        return self.async_show_form(
            step_id="locks",
            data_schema=vol.Schema(
                {
                    vol.Required(
                        CONF_DEVICE_IDS, default=[lock.device_id for lock in locks]
                    ): _locks_selector(locks)
                }
            ),
            errors=errors,
            description_placeholders={"workspace": self._account.workspace.name},
        )

    async def async_step_reauth(
        self, entry_data: Mapping[str, Any]
    ) -> ConfigFlowResult:
        """Start re-authentication after Seam refused the API key."""
        return await self.async_step_reauth_confirm()

    async def async_step_reauth_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for a new API key of the same workspace."""
        entry = self._get_reauth_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            api_key = user_input[CONF_API_KEY]
            errors = await self._async_check_same_workspace(
                api_key, entry.data[CONF_API_URL]
            )
            if not errors:
                return self.async_update_reload_and_abort(
                    entry, data_updates={CONF_API_KEY: api_key}
                )
        return self.async_show_form(
            step_id="reauth_confirm",
            data_schema=self.add_suggested_values_to_schema(REAUTH_SCHEMA, user_input),
            errors=errors,
            description_placeholders={"workspace": entry.title},
        )

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change the API URL, and the API key when a new one is given."""
        entry = self._get_reconfigure_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            api_key = user_input.get(CONF_API_KEY) or entry.data[CONF_API_KEY]
            api_url = user_input[CONF_API_URL]
            errors = await self._async_check_same_workspace(api_key, api_url)
            if not errors:
                return self.async_update_reload_and_abort(
                    entry, data_updates={CONF_API_KEY: api_key, CONF_API_URL: api_url}
                )
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=self.add_suggested_values_to_schema(
                RECONFIGURE_SCHEMA,
                user_input or {CONF_API_URL: entry.data[CONF_API_URL]},
            ),
            errors=errors,
            description_placeholders={"workspace": entry.title},
        )

    async def _async_check_same_workspace(
        self, api_key: str, api_url: str
    ) -> dict[str, str]:
        """Return form errors for the key; abort if it is another workspace's."""
        account, errors = await async_fetch_account(self.hass, api_key, api_url)
        if account is not None:
            await self.async_set_unique_id(account.workspace.workspace_id)
            self._abort_if_unique_id_mismatch(reason="wrong_account")
        return errors


class SeamOfflineCodesOptionsFlow(OptionsFlowWithReload):
    """Change the managed locks and PIN visibility; the entry reloads after."""

    def __init__(self) -> None:
        """Start without the workspace's lock list."""
        self._locks: list[Device] = []

    async def async_step_init(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Show the workspace's current offline-capable locks and the other options."""
        errors: dict[str, str] = {}
        if user_input is None:
            data = self.config_entry.data
            account, fetch_errors = await async_fetch_account(
                self.hass, data[CONF_API_KEY], data[CONF_API_URL]
            )
            if account is None:  # invalid_auth, cannot_connect or unknown
                return self.async_abort(reason=next(iter(fetch_errors.values())))
            if not account.locks:
                return self.async_abort(reason="no_offline_locks")
            self._locks = account.locks
        elif user_input[CONF_DEVICE_IDS]:
            return self.async_create_entry(data=user_input)
        else:
            errors["base"] = "no_locks_selected"
        return self.async_show_form(
            step_id="init",
            data_schema=self.add_suggested_values_to_schema(
                self._options_schema(), user_input or self._current_options()
            ),
            errors=errors,
        )

    def _current_options(self) -> dict[str, Any]:
        """Return the entry's options, keeping only locks Seam still offers."""
        available = {lock.device_id for lock in self._locks}
        options = self.config_entry.options
        return {
            **options,
            CONF_DEVICE_IDS: [
                device_id
                for device_id in options[CONF_DEVICE_IDS]
                if device_id in available
            ],
        }

    def _options_schema(self) -> vol.Schema:
        """Return the options form for the known locks."""
        return vol.Schema(
            {
                vol.Required(CONF_DEVICE_IDS): _locks_selector(self._locks),
                vol.Required(
                    CONF_SHOW_PINS, default=DEFAULT_SHOW_PINS
                ): BooleanSelector(),
            }
        )
