"""Drive Home Assistant's frontend with Selenium, through its shadow DOM.

The frontend is made of web components nested many shadow roots deep, so plain CSS selectors do
not reach most elements. `deep` walks every open shadow root (in the page, in JavaScript) and
returns the visible elements that match a selector and, optionally, contain a text.
"""

from __future__ import annotations

from collections.abc import Callable
import time
from typing import Any

from selenium.common.exceptions import (
    ElementClickInterceptedException,
    ElementNotInteractableException,
    JavascriptException,
    StaleElementReferenceException,
)
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement

# Returns elements matching arguments[0] in the document and in every open shadow root below it,
# in document order, optionally only visible ones whose text contains arguments[1] (case folded).
# An element's "text" is its rendered text, or the text of its own shadow tree, or its label /
# aria-label, which covers buttons whose caption lives in a shadow root or an attribute.
_DEEP_JS = """
const [selector, text, visibleOnly, scope] = arguments;
const found = [];
const walk = (root) => {
  for (const el of root.querySelectorAll(selector)) found.push(el);
  for (const el of root.querySelectorAll('*')) if (el.shadowRoot) walk(el.shadowRoot);
};
walk(scope ? (scope.shadowRoot || scope) : document);
const textOf = (el) => {
  const parts = [el.innerText || el.textContent || ''];
  if (el.shadowRoot) parts.push(el.shadowRoot.textContent || '');
  for (const attr of ['label', 'aria-label', 'title', 'placeholder', 'value']) {
    if (el.getAttribute(attr)) parts.push(el.getAttribute(attr));
  }
  return parts.join(' ').replace(/\\s+/g, ' ').toLowerCase();
};
const visible = (el) => {
  const rects = el.getClientRects();
  if (!rects.length) return false;
  const style = getComputedStyle(el);
  return style.visibility !== 'hidden' && style.display !== 'none';
};
return found.filter((el) =>
  (!visibleOnly || visible(el)) && (!text || textOf(el).includes(text.toLowerCase())));
"""

# All the text a person sees, shadow roots included (for assertions and failure messages).
_PAGE_TEXT_JS = """
const chunks = [];
const walk = (root) => {
  for (const node of root.childNodes) {
    if (node.nodeType === Node.TEXT_NODE) {
      const text = node.textContent.trim();
      if (text) chunks.push(text);
    } else if (node.nodeType === Node.ELEMENT_NODE) {
      if (['STYLE', 'SCRIPT', 'TEMPLATE'].includes(node.tagName)) continue;
      if (node.shadowRoot) walk(node.shadowRoot);
      walk(node);
    }
  }
};
walk(document.body);
return chunks.join('\\n');
"""


class UITimeout(AssertionError):
    """The page did not reach the expected state in time."""


class HomeAssistantUI:
    """A logged-in browser session on one Home Assistant instance."""

    def __init__(
        self, driver: WebDriver, base_url: str, default_timeout: float = 30
    ) -> None:
        """Wrap a driver; base_url is Home Assistant's http://host:port."""
        self.driver = driver
        self.base_url = base_url.rstrip("/")
        self.default_timeout = default_timeout

    # Finding -------------------------------------------------------------------------------

    def deep(
        self,
        selector: str,
        text: str | None = None,
        *,
        visible_only: bool = True,
        scope: WebElement | None = None,
    ) -> list[WebElement]:
        """Return the elements matching selector (and text) through all shadow roots."""
        result: list[WebElement] = self.driver.execute_script(
            _DEEP_JS, selector, text, visible_only, scope
        )
        return result

    def page_text(self) -> str:
        """Return the visible text of the page, shadow roots included."""
        return str(self.driver.execute_script(_PAGE_TEXT_JS))

    def text_of(self, element: WebElement) -> str:
        """Return an element's text, its shadow tree's included."""
        return str(
            self.driver.execute_script(
                "const el = arguments[0];"
                "return (el.shadowRoot ? el.shadowRoot.textContent : '') + ' ' + el.textContent;",
                element,
            )
        )

    def wait_until[T](
        self, condition: Callable[[], T | None], what: str, timeout: float | None = None
    ) -> T:
        """Poll condition until it returns something truthy."""
        deadline = time.monotonic() + (timeout or self.default_timeout)
        last_error: Exception | None = None
        while time.monotonic() < deadline:
            try:
                if result := condition():
                    return result
            except (StaleElementReferenceException, JavascriptException) as err:
                last_error = err
            time.sleep(0.25)
        raise UITimeout(
            f"timed out waiting for {what}"
            + (f" (last error: {last_error})" if last_error else "")
            + f"\nURL: {self.driver.current_url}\nPage text:\n{self.page_text()[:3000]}"
        )

    def find(
        self,
        selector: str,
        text: str | None = None,
        *,
        timeout: float | None = None,
        scope: WebElement | None = None,
        last: bool = False,
    ) -> WebElement:
        """Wait for a visible element matching selector (and text); return the first (or last)."""

        def found() -> WebElement | None:
            elements = self.deep(selector, text, scope=scope)
            if not elements:
                return None
            return elements[-1] if last else elements[0]

        label = selector + (f" with text {text!r}" if text else "")
        return self.wait_until(found, label, timeout)

    def wait_for_text(self, text: str, timeout: float | None = None) -> None:
        """Wait until the page shows text."""
        self.wait_until(
            lambda: text.lower() in self.page_text().lower(), f"text {text!r}", timeout
        )

    # Acting --------------------------------------------------------------------------------

    def click(self, element: WebElement) -> None:
        """Click like a person; fall back to a DOM click when something overlays it."""
        self.driver.execute_script(
            "arguments[0].scrollIntoView({block: 'center', inline: 'center'});", element
        )
        try:
            element.click()
        except (ElementClickInterceptedException, ElementNotInteractableException):
            self.driver.execute_script("arguments[0].click();", element)

    def click_on(
        self,
        selector: str,
        text: str | None = None,
        *,
        timeout: float | None = None,
        scope: WebElement | None = None,
        last: bool = False,
    ) -> WebElement:
        """Wait for an element, then click it."""
        element = self.find(selector, text, timeout=timeout, scope=scope, last=last)
        self.click(element)
        return element

    def type_into(self, element: WebElement, value: str, *, clear: bool = True) -> None:
        """Type into an <input>/<textarea> (or the first one inside element's shadow tree)."""
        tag = element.tag_name.lower()
        if tag not in ("input", "textarea"):
            inner = self.deep("input, textarea", scope=element)
            if not inner:
                raise AssertionError(f"no input inside <{tag}>")
            element = inner[0]
        self.click(element)
        if clear and (current := element.get_property("value")):
            # Real key presses, so that the web component sees `input` events for each change.
            element.send_keys(Keys.END, Keys.BACKSPACE * len(str(current)))
        element.send_keys(value)

    def navigate(self, path: str) -> None:
        """Move within the single-page app like its own links do (no reload)."""
        self.driver.execute_script(
            "history.pushState(null, '', arguments[0]);"
            "window.dispatchEvent(new CustomEvent('location-changed', {detail: {replace: false}}));",
            path,
        )

    # Home Assistant flows ------------------------------------------------------------------

    def login(self, username: str, password: str) -> None:
        """Log in on the login page and wait for the app shell."""
        self.driver.get(self.base_url + "/")
        self.type_into(self.find("input[name='username']"), username)
        password_input = self.find("input[name='password']")
        self.type_into(password_input, password)
        password_input.send_keys(Keys.ENTER)
        self.find("ha-sidebar", timeout=60)

    def screenshot(self, path: str) -> None:
        """Save a PNG of the window."""
        self.driver.save_screenshot(path)

    def run_js(self, script: str, *args: Any) -> Any:
        """Run JavaScript in the page."""
        return self.driver.execute_script(script, *args)
