"""A newcomer's first ten minutes, in a real browser.

Brings up the sandbox and Home Assistant the way `scripts/develop` does, logs in, adds the
integration through Settings → Devices & services, checks the locks' devices, creates an hourly
code from Developer tools → Actions and finds the code's sensor on the lock's device page.
"""

from __future__ import annotations

from datetime import datetime, timedelta
import re
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from tests.const import WORKSPACE_NAME

from .conftest import develop
from .ha_ui import HomeAssistantUI

pytestmark = pytest.mark.browser

INTEGRATION = "Seam Offline Codes"
CODE_NAME = "Browser test guest"


def add_integration(ui: HomeAssistantUI, api_key: str, api_url: str) -> list[str]:
    """Run the config flow in the UI, choosing every lock; return the device names it made."""
    ui.navigate("/config/integrations/dashboard")
    ui.click_on("ha-fab", "add integration")
    picker = ui.find("dialog-add-integration")
    ui.type_into(ui.find("input", scope=picker), "Seam")
    ui.click_on("ha-integration-list-item", INTEGRATION, scope=picker)

    flow = ui.find("dialog-data-entry-flow")
    ui.type_into(ui.find("input[name='api_key']", scope=flow), api_key)
    ui.click_on("ha-expansion-panel", "advanced", scope=flow)
    ui.type_into(ui.find("input[name='api_url']", scope=flow), api_url)
    ui.click_on("ha-button", "submit", scope=flow)

    # Step `locks`: a multi-select with every offline-capable lock preselected.
    locks = ui.find("ha-selector-select", scope=flow)
    ui.find("ha-checkbox", scope=locks)  # rendered a moment after the form itself
    boxes = ui.deep("ha-checkbox", scope=locks)
    assert all(box.get_property("checked") for box in boxes), (
        "not every lock is preselected"
    )
    ui.click_on("ha-button", "submit", scope=flow)

    # The entry is made; Home Assistant offers to name the new devices and put them in areas.
    ui.wait_for_text("Devices created", timeout=60)
    names = [
        value
        for field in ui.deep("input", scope=flow)
        if (value := (field.get_property("value") or "").strip())
    ]
    # One device per chosen lock, and the workspace's service device (named after it).
    assert WORKSPACE_NAME in names, f"no workspace device among {names}"
    assert len(names) == len(boxes) + 1, (
        f"devices created {names} != locks chosen ({len(boxes)}) and the workspace"
    )
    ui.click_on("ha-button", "finish", scope=flow)
    ui.wait_until(
        lambda: "devices created" not in ui.page_text().lower(),
        "the flow dialog to close",
    )
    return names


def open_device(ui: HomeAssistantUI, text: str) -> str:
    """Open the first of our devices whose row shows text; return its device id."""
    ui.navigate("/config/devices/dashboard?domain=seam_offline_codes")
    ui.click_on(".mdc-data-table__row", text)
    match = ui.wait_until(
        lambda: re.search(r"/config/devices/device/(\w+)", ui.driver.current_url),
        "the device page",
    )
    return match.group(1)


def perform_action(
    ui: HomeAssistantUI, action: str, yaml_lines: list[str], answer_marker: str
) -> str:
    """Perform an action from Developer tools → Actions in YAML mode; return the page text.

    The page is read once it shows ``answer_marker`` (a word of the answer) or a failure.
    """
    # The page asks for a response only if the action's description (which the frontend
    # caches and refetches after `service_registered` events) says it gives one.
    domain, service = action.split(".")
    ui.wait_until(
        lambda: ui.run_js(
            "const s = document.querySelector('home-assistant').hass.services;"
            "return Boolean(s[arguments[0]] && s[arguments[0]][arguments[1]]"
            " && 'response' in s[arguments[0]][arguments[1]]);",
            domain,
            service,
        ),
        f"the frontend to know that {action} gives a response",
    )
    ui.navigate("/developer-tools/action")
    ui.click_on("ha-button", "yaml mode")
    editor = ui.find(".cm-content")  # CodeMirror, inside ha-code-editor's shadow root
    ui.click(editor)
    ActionChains(ui.driver).key_down(Keys.CONTROL).send_keys("a").key_up(
        Keys.CONTROL
    ).send_keys(Keys.DELETE).perform()
    # One mapping per line with flow-style values: the editor's auto-indent cannot garble it.
    editor.send_keys("\n".join(yaml_lines))
    ui.click_on("ha-button, ha-progress-button", "perform action")
    # Wait for the answer itself: the form's own texts already mention "response".
    ui.wait_until(
        lambda: any(
            marker in ui.page_text().lower()
            for marker in (answer_marker, "failed to perform")
        ),
        "the action's response",
    )
    return ui.page_text()


def test_config_flow_devices_and_create_action(
    browser: HomeAssistantUI, demo: Any
) -> None:
    """Log in, add the integration, see its devices, create a code, see its sensor."""
    assert demo.login is not None
    assert demo.sandbox is not None
    browser.login(demo.login.username, demo.login.password)

    device_names = add_integration(browser, demo.sandbox.api_key, demo.sandbox.url)

    browser.navigate("/config/devices/dashboard?domain=seam_offline_codes")
    for name in device_names:
        browser.wait_for_text(name)

    device_id = open_device(browser, "igloohome")
    browser.wait_for_text("Active offline codes")

    # A day ahead, on the hour: igloohome hourly codes start on the hour, and the sandbox's
    # clock runs 60 times faster than Home Assistant's.
    starts_at = (datetime.now(ZoneInfo(develop.TIME_ZONE)) + timedelta(days=1)).replace(
        minute=0, second=0, microsecond=0
    )
    action = "seam_offline_codes.create_hourly_code"
    page = perform_action(
        browser,
        action,
        [
            f"action: {action}",
            (
                f'data: {{device_id: "{device_id}", name: "{CODE_NAME}", '
                f'starts_at: "{starts_at:%Y-%m-%d %H:%M:%S}", duration: {{hours: 3}}}}'
            ),
        ],
        answer_marker="access_code_id",
    )
    assert "access_code_id" in page, f"the action gave no response:\n{page[-2000:]}"
    entity_id = re.search(r"entity_id[\s:'\"]+(sensor\.\w+)", page)
    assert entity_id, f"no entity_id in the response:\n{page[-2000:]}"

    # The code's sensor is on the lock's device page, named after the code.
    browser.navigate(f"/config/devices/device/{device_id}")
    browser.wait_for_text(CODE_NAME, timeout=60)

    # Its row shows the code's lifecycle state, translated.
    row = browser.find("hui-generic-entity-row", CODE_NAME)
    states = ("Unset", "Setting", "Set")
    browser.wait_until(
        lambda: any(state in browser.text_of(row) for state in states),
        f"the code's state ({' / '.join(states)}) next to its name",
    )
