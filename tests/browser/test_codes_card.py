"""The codes card in a real browser: on a dashboard, with the sandbox's codes.

Adds the integration, makes codes through Home Assistant's API, puts the card on a
dashboard, checks the codes' statuses, copies a PIN and creates codes from the New code
dialog, one of which (700 hours on an igloohome lock) the maker's rules refuse.

With SCREENSHOTS_DIR set, it saves the card's screenshots there (the README's images).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
import json
import os
from pathlib import Path
from typing import Any
import urllib.request
from zoneinfo import ZoneInfo

import pytest
from selenium.webdriver.remote.webelement import WebElement

from .conftest import develop
from .ha_ui import HomeAssistantUI
from .test_demo_ui import add_integration

pytestmark = pytest.mark.browser

FRONT_DOOR = "9689dc30-77d8-4728-9968-b3abd0835f47"
"""The demo's igloohome lock with a bridge."""

CARD = "seam-offline-codes-card"

_CALL_JS = """
const [domain, service, data, done] = arguments;
const hass = document.querySelector('home-assistant').hass;
hass.callService(domain, service, data, undefined, false, true)
  .then((answer) => done({response: answer.response}))
  .catch((err) => done({error: err.message || String(err)}));
"""

_ADD_DASHBOARD_JS = """
const [urlPath, config, done] = arguments;
const hass = document.querySelector('home-assistant').hass;
hass.callWS({type: 'lovelace/dashboards/create', url_path: urlPath, title: 'Codes',
             mode: 'storage', show_in_sidebar: true, require_admin: false})
  .then(() => hass.callWS({type: 'lovelace/config/save', url_path: urlPath, config}))
  .then(() => done(true))
  .catch((err) => done(err.message || String(err)));
"""
DASHBOARD = "door-codes"

# The card picker's entry, and the visual editor choosing the first lock.
_EDITOR_JS = """
const [card, done] = arguments;
const entry = (window.customCards || []).find((c) => c.type === card);
const editor = customElements.get(card).getConfigElement();
editor.hass = document.querySelector('home-assistant').hass;
editor.setConfig({type: `custom:${card}`});
document.body.appendChild(editor);
editor.addEventListener('config-changed', (event) => {
  editor.remove();
  done({entry: entry && entry.name, config: event.detail.config});
});
editor.updateComplete.then(() => editor.shadowRoot.querySelector("input[type=checkbox]").click());
"""


def call(ui: HomeAssistantUI, service: str, **data: Any) -> dict[str, Any]:
    """Perform one of the integration's actions as the logged-in user."""
    answer: dict[str, Any] = ui.driver.execute_async_script(
        _CALL_JS, "seam_offline_codes", service, data
    )
    assert "error" not in answer, answer
    response: dict[str, Any] = answer["response"]
    return response


def seam(sandbox: Any, path: str, **body: Any) -> dict[str, Any]:
    """Call the sandbox's Seam API, as another Seam client would."""
    request = urllib.request.Request(  # noqa: S310 (the local sandbox's http URL)
        f"{sandbox.url}{path}",
        data=json.dumps(body).encode(),
        headers={
            "Authorization": f"Bearer {sandbox.api_key}",
            "Content-Type": "application/json",
        },
    )
    with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
        result: dict[str, Any] = json.load(answer)
        return result


def lock_ids(ui: HomeAssistantUI) -> dict[str, str]:
    """Return the integration's lock devices (not its workspace's service device), by name."""
    devices: dict[str, str] = ui.run_js(
        "const hass = document.querySelector('home-assistant').hass;"
        "return Object.fromEntries(Object.values(hass.devices)"
        ".filter((d) => d.entry_type !== 'service'"
        " && d.identifiers.some(([domain]) => domain === arguments[0]))"
        ".map((d) => [d.name, d.id]));",
        "seam_offline_codes",
    )
    return devices


def code_row(ui: HomeAssistantUI, card: WebElement, name: str) -> WebElement:
    """Return the card's row of a code."""
    return ui.find("li.code", name, scope=card, timeout=60)


def status_of(ui: HomeAssistantUI, row: WebElement) -> str:
    """Return the lifecycle status a code's chip shows."""
    chip = ui.find("[data-status]", scope=row)
    return str(chip.get_attribute("data-status"))


def set_field(ui: HomeAssistantUI, scope: WebElement, name: str, value: str) -> None:
    """Fill a field of the New code dialog (date and time inputs take their ISO value)."""
    field = ui.find(f"[name='{name}']", scope=scope)
    ui.run_js(
        "arguments[0].value = arguments[1];"
        "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
        field,
        value,
    )


def test_codes_card(browser: HomeAssistantUI, demo: Any) -> None:
    """See the codes with their statuses, copy a PIN, create codes from the dialog."""
    assert demo.login is not None
    assert demo.sandbox is not None
    browser.login(demo.login.username, demo.login.password)
    browser.driver.execute_cdp_cmd(
        "Browser.grantPermissions",
        {
            "origin": browser.base_url,
            "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"],
        },
    )
    add_integration(browser, demo.sandbox.api_key, demo.sandbox.url)
    locks = browser.wait_until(
        lambda: (found := lock_ids(browser)) and len(found) == 3 and found,
        "the locks' devices",
    )
    zone = ZoneInfo(develop.TIME_ZONE)
    now = datetime.now(zone)
    tomorrow = (now + timedelta(days=1)).replace(minute=0, second=0, microsecond=0)
    # A code that started a moment ago (made in Seam directly: the create actions refuse a
    # start in the past), so that it is active by now.
    seam(
        demo.sandbox,
        "/access_codes/create",
        device_id=FRONT_DOOR,
        name="Cleaner",
        starts_at=f"{datetime.now(UTC) - timedelta(minutes=29):%Y-%m-%dT%H:%M:%SZ}",
        ends_at=f"{datetime.now(UTC) + timedelta(hours=3):%Y-%m-%dT%H:%M:%SZ}",
        is_offline_access_code=True,
    )
    call(
        browser,
        "create_hourly_code",
        device_id=locks["Front Door"],
        name="Guest Anna",
        starts_at=f"{tomorrow:%Y-%m-%d %H:%M:%S}",
        duration={"hours": 48},
    )
    door_day = (
        datetime.now(ZoneInfo("America/Los_Angeles")) + timedelta(days=2)
    ).date()
    call(
        browser,
        "create_daily_code",
        device_id=locks["Room 101"],
        name="Weekend guest",
        start_date=f"{door_day}",
        end_date=f"{door_day + timedelta(days=2)}",
        time_slot="Guest 4pm-10am",
    )

    saved = browser.driver.execute_async_script(
        _ADD_DASHBOARD_JS,
        DASHBOARD,
        {"views": [{"title": "Codes", "cards": [{"type": f"custom:{CARD}"}]}]},
    )
    assert saved is True, saved
    browser.driver.get(f"{browser.base_url}/{DASHBOARD}/0")
    card = browser.find(CARD, timeout=60)
    picked = browser.driver.execute_async_script(_EDITOR_JS, CARD)
    assert picked == {
        "entry": "Seam offline codes",
        "config": {"type": f"custom:{CARD}", "locks": [locks["Front Door"]]},
    }

    # Statuses: the cleaner's code starts now and turns set; the others wait for their start.
    cleaner = code_row(browser, card, "Cleaner")
    browser.wait_until(
        lambda: status_of(browser, code_row(browser, card, "Cleaner")) == "set",
        "the cleaner's code to be set",
        timeout=90,
    )
    assert status_of(browser, code_row(browser, card, "Guest Anna")) == "unset"
    assert status_of(browser, code_row(browser, card, "Weekend guest")) == "unset"
    text = browser.text_of(card)
    assert "Time slot: Guest 4pm-10am" in text
    assert "America/Los_Angeles" in text
    assert "Use within 24 hours" in text

    # Copy PIN: no PIN is on the page until asked for; then it is the code's PIN.
    cleaner = code_row(browser, card, "Cleaner")
    assert not browser.deep("[data-pin]", scope=card)
    browser.click_on("button.copy", scope=cleaner)
    shown = browser.find("[data-pin]", scope=cleaner).text.strip()
    access_code_id = browser.run_js(
        "return document.querySelector('home-assistant').hass.states[arguments[0]]"
        ".attributes.access_code_id;",
        cleaner.get_attribute("data-entity"),
    )
    seam_code = seam(demo.sandbox, "/access_codes/get", access_code_id=access_code_id)
    assert shown == seam_code["access_code"]["code"]
    browser.find(".note", "Copied", scope=cleaner)
    clipboard = browser.driver.execute_async_script(
        "const done = arguments[0];"
        "navigator.clipboard.readText().then(done, (err) => done(String(err)));"
    )
    assert clipboard == shown
    if screenshots := os.environ.get("SCREENSHOTS_DIR"):
        Path(screenshots).mkdir(parents=True, exist_ok=True)
        card.screenshot(str(Path(screenshots) / "codes-card.png"))
    browser.click_on("button.hide", scope=cleaner)

    # Dismiss: the code is shown as no longer needed, with the reminder that it still works.
    browser.click_on("button.dismiss", scope=code_row(browser, card, "Guest Anna"))
    browser.wait_until(
        lambda: browser.driver.switch_to.alert, "the confirmation"
    ).accept()
    browser.find(
        "[data-standing='dismissed']", scope=code_row(browser, card, "Guest Anna")
    )
    assert "keeps working on the lock until its end" in browser.text_of(
        code_row(browser, card, "Guest Anna")
    )

    # New code: 700 hours on an igloohome lock is refused with the rule, as returned.
    browser.click_on("button.new", scope=card)
    dialog = browser.find("dialog", scope=card)
    set_field(browser, dialog, "kind", "hourly")
    browser.wait_until(
        lambda: browser.deep("input[name='hours']", scope=dialog), "the hourly form"
    )
    browser.type_into(browser.find("input[name='name']", scope=dialog), "Long guest")
    starts = tomorrow + timedelta(days=1)
    set_field(browser, dialog, "starts_at", f"{starts:%Y-%m-%dT%H:%M}")
    set_field(browser, dialog, "hours", "700")
    assert "1 to 672 hours" in browser.text_of(dialog)
    browser.click_on("button[type='submit']", scope=dialog)
    error = browser.find(".error", scope=dialog, timeout=30).text
    assert "672" in error, error
    if screenshots:
        dialog.screenshot(str(Path(screenshots) / "new-code-refused.png"))

    set_field(browser, dialog, "hours", "5")
    browser.click_on("button[type='submit']", scope=dialog)
    browser.find(".result", "Created", scope=dialog, timeout=30)
    browser.click_on("button", "Close", scope=dialog)
    code_row(browser, card, "Long guest")
