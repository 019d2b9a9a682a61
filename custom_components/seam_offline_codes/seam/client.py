"""Async client for the Seam Connect API, limited to what offline access codes need.

Transport: every call is a POST with a JSON body. Seam accepts POST on each endpoint used
here (its docs send POST everywhere), so all calls share one request shape, and arrays and
timestamps travel as JSON instead of in Seam's query-string dialect.

Retries: reads (``*/get``, ``*/list``) and deletes are idempotent, so they are retried on
429, 5xx, timeouts and connection errors, up to ``retries`` times. A 429 is retried after
exactly the ``Retry-After`` Seam sent, never earlier; other failures after an exponential
backoff (capped at ``MAX_BACKOFF``). One call waits at most ``max_wait`` seconds in all: a
longer wait raises ``SeamRateLimitedError`` with Seam's ``retry_after``, for the caller to
schedule its next attempt after it.

Creates are never retried. The lock's codes are listed before an ``/access_codes/create``;
when its outcome is unknown (timeout, reset, 5xx, unreadable answer) they are listed again
and the one new code that matches the request is the one it made. ``/webhooks/create``
reports its error to the caller.

Secrets: the API key only travels in the ``Authorization`` header; exception messages and
log lines never carry it, nor a PIN or a webhook secret.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
import json
import logging
from typing import Any

import aiohttp

from .errors import (
    SeamApiError,
    SeamAuthenticationError,
    SeamCreateOutcomeUnknownError,
    SeamError,
    SeamInvalidInputError,
    SeamNotFoundError,
    SeamRateLimitedError,
    SeamUnavailableError,
)
from .models import (
    JSON,
    AccessCode,
    Device,
    OfflineCodeRequest,
    Webhook,
    Workspace,
)

_LOGGER = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://connect.getseam.com"
SDK_NAME = "ha-seam-offline-codes"
SDK_VERSION = "0.1.0"  # The integration's manifest version; a test keeps them equal.

DEFAULT_BACKOFF = 0.5
DEFAULT_MAX_WAIT = 10.0
DEFAULT_PAGE_SIZE = 500
MAX_BACKOFF = 10.0
# A lost create's code may show up a moment late: look this many times, backing off.
RECONCILE_LOOKS = 3

_CREATE_ACCESS_CODE = "/access_codes/create"


class SeamClient:
    """Call Seam Connect with one API key, on a session owned by the caller."""

    def __init__(
        self,
        api_key: str,
        *,
        session: aiohttp.ClientSession,
        base_url: str = DEFAULT_BASE_URL,
        request_timeout: float = 30.0,
        retries: int = 2,
        backoff: float = DEFAULT_BACKOFF,
        max_wait: float = DEFAULT_MAX_WAIT,
        page_size: int = DEFAULT_PAGE_SIZE,
    ) -> None:
        """Set up the client.

        ``backoff`` is the first retry delay (and the first delay between the looks for a
        lost create's code) and ``max_wait`` the longest total wait of one call, in seconds.
        """
        self._api_key = api_key
        self._session = session
        self._base_url = base_url.rstrip("/")
        self._timeout = aiohttp.ClientTimeout(total=request_timeout)
        self._retries = retries
        self._backoff = backoff
        self._max_wait = max_wait
        self._page_size = page_size
        self._headers = {
            "Authorization": f"Bearer {api_key}",
            "User-Agent": f"{SDK_NAME}/{SDK_VERSION}",
            "seam-sdk-name": SDK_NAME,
            "seam-sdk-version": SDK_VERSION,
        }

    async def get_workspace(self) -> Workspace:
        """Return the workspace the API key belongs to."""
        return await self._call("/workspaces/get", "workspace", {}, Workspace.from_dict)

    async def list_devices(
        self, *, device_ids: Sequence[str] | None = None
    ) -> list[Device]:
        """Return the workspace's devices, or only ``device_ids``, across all pages."""
        if device_ids is not None and not device_ids:
            return []
        body = _body(device_ids=device_ids)
        return await self._call_pages(
            "/devices/list", "devices", body, Device.from_dict
        )

    async def list_access_codes(
        self,
        *,
        device_id: str | None = None,
        access_code_ids: Sequence[str] | None = None,
    ) -> list[AccessCode]:
        """Return the access codes of a device, or the given codes (an empty batch is [])."""
        if device_id is None and access_code_ids is None:
            raise ValueError("list_access_codes needs device_id or access_code_ids")
        if access_code_ids is not None and not access_code_ids:
            return []
        body = _body(device_id=device_id, access_code_ids=access_code_ids)
        return await self._call_pages(
            "/access_codes/list", "access_codes", body, AccessCode.from_dict
        )

    async def get_access_code(self, access_code_id: str) -> AccessCode:
        """Return one access code."""
        return await self._call(
            "/access_codes/get",
            "access_code",
            {"access_code_id": access_code_id},
            AccessCode.from_dict,
        )

    async def create_offline_access_code(
        self, request: OfflineCodeRequest
    ) -> AccessCode:
        """Create an offline access code, sending the create exactly once.

        The caller must not create codes on the same lock meanwhile: the codes that are new
        after a lost answer are then this create's (or another Seam client's, which the
        request's name and window tell apart). ``SeamCreateOutcomeUnknownError`` means the
        code may exist; any other ``SeamError`` means it was not created.
        """
        before = await self._access_code_ids(request.device_id)
        try:
            return await self._call(
                _CREATE_ACCESS_CODE,
                "access_code",
                request.as_json(),
                AccessCode.from_dict,
                retry=False,
            )
        except SeamUnavailableError as err:
            _LOGGER.debug(
                "POST %s outcome unknown (%s), looking for the code",
                _CREATE_ACCESS_CODE,
                err,
            )
            return await self._find_created_code(request, before, err)

    async def create_webhook(
        self, url: str, *, event_types: Sequence[str] | None = None
    ) -> Webhook:
        """Register a webhook; the answer carries its signing secret. Never retried."""
        return await self._call(
            "/webhooks/create",
            "webhook",
            _body(url=url, event_types=event_types),
            Webhook.from_dict,
            retry=False,
        )

    async def list_webhooks(self) -> list[Webhook]:
        """Return the workspace's webhooks."""
        return await self._call_list(
            "/webhooks/list", "webhooks", {}, Webhook.from_dict
        )

    async def delete_webhook(self, webhook_id: str) -> None:
        """Delete a webhook.

        Retried like a read, so ``SeamNotFoundError`` may also mean that an earlier,
        lost attempt of this call already deleted it.
        """
        await self._send("/webhooks/delete", {"webhook_id": webhook_id}, retry=True)

    async def _access_code_ids(self, device_id: str) -> frozenset[str]:
        """Return the ids of a lock's access codes."""
        codes = await self.list_access_codes(device_id=device_id)
        return frozenset(code.access_code_id for code in codes)

    async def _find_created_code(
        self,
        request: OfflineCodeRequest,
        before: frozenset[str],
        lost: SeamUnavailableError,
    ) -> AccessCode:
        """Return the code a create with a lost answer made, looking a few times.

        Raise ``SeamCreateOutcomeUnknownError`` when the code does not show up, when the
        lock's codes cannot be listed, or when two new codes match the request.
        """
        for look in range(RECONCILE_LOOKS):
            if look:
                await _pause(self._backoff * 2 ** (look - 1))
            try:
                codes = await self.list_access_codes(device_id=request.device_id)
            except SeamError as err:
                raise _outcome_unknown(f"listing failed: {type(err).__name__}") from err
            made = [
                code
                for code in codes
                if code.access_code_id not in before and _made_by(code, request)
            ]
            if len(made) > 1:
                raise _outcome_unknown(f"{len(made)} new codes match") from lost
            if made:
                return made[0]
        raise _outcome_unknown("no new code matches yet") from lost

    async def _call[T](
        self,
        path: str,
        key: str,
        body: Mapping[str, Any],
        parse: Callable[[JSON], T],
        *,
        retry: bool = True,
    ) -> T:
        """Call ``path`` and parse the object under ``key`` in its answer."""
        payload = await self._send(path, body, retry=retry)
        return _parse(parse, _field(payload, key, path), path)

    async def _call_list[T](
        self, path: str, key: str, body: Mapping[str, Any], parse: Callable[[JSON], T]
    ) -> list[T]:
        """Call an unpaginated list endpoint and parse its items."""
        payload = await self._send(path, body, retry=True)
        return _parse_all(parse, _field(payload, key, path), path)

    async def _call_pages[T](
        self, path: str, key: str, body: Mapping[str, Any], parse: Callable[[JSON], T]
    ) -> list[T]:
        """Call a paginated list endpoint and parse the items of every page."""
        body = {**body, "limit": self._page_size}
        items: list[T] = []
        cursor: str | None = None
        while True:
            page_body = body if cursor is None else {**body, "page_cursor": cursor}
            payload = await self._send(path, page_body, retry=True)
            items.extend(_parse_all(parse, _field(payload, key, path), path))
            if (cursor := _next_page_cursor(payload)) is None:
                return items

    async def _send(
        self, path: str, body: Mapping[str, Any], *, retry: bool
    ) -> dict[str, Any]:
        """POST ``body`` to ``path``, retrying transient failures when ``retry`` is set."""
        retries_left = self._retries if retry else 0
        attempt = 0
        waited = 0.0
        while True:
            try:
                return await self._post(path, body)
            except (SeamRateLimitedError, SeamUnavailableError) as err:
                delay = _retry_delay(self._backoff, attempt, err)
                if attempt >= retries_left or waited + delay > self._max_wait:
                    raise
                _LOGGER.debug(
                    "POST %s failed (%s), retrying in %.2f s",
                    path,
                    type(err).__name__,
                    delay,
                )
                await _pause(delay)
                waited += delay
                attempt += 1

    async def _post(self, path: str, body: Mapping[str, Any]) -> dict[str, Any]:
        """POST once and return Seam's answer, or raise the matching ``SeamError``."""
        _LOGGER.debug("POST %s", path)
        try:
            async with self._session.post(
                f"{self._base_url}{path}",
                json=body,
                headers=self._headers,
                timeout=self._timeout,
            ) as response:
                raw = await response.read()
        except TimeoutError as err:
            raise SeamUnavailableError(f"Timed out waiting for Seam ({path})") from err
        except aiohttp.ClientError as err:
            raise SeamUnavailableError(f"Cannot reach Seam ({path}): {err}") from err
        payload = _decode(raw)
        if 200 <= response.status < 300:
            if payload is None:
                raise SeamUnavailableError(f"Seam sent an unreadable answer ({path})")
            return payload
        raise self._error(path, response.status, response.headers, payload)

    def _error(
        self,
        path: str,
        status: int,
        headers: Mapping[str, str],
        payload: dict[str, Any] | None,
    ) -> SeamError:
        """Return the exception for an error answer from Seam."""
        error = payload.get("error") if payload is not None else None
        if not isinstance(error, dict):
            error = {}
        message = self._redact(
            str(error.get("message") or f"Seam answered HTTP {status} ({path})")
        )
        error_type = error.get("type") if isinstance(error.get("type"), str) else None
        if status == 400:
            return SeamInvalidInputError(
                message,
                error_type=error_type or "invalid_input",
                validation_errors=_validation_errors(error.get("validation_errors")),
            )
        if status == 401:
            return SeamAuthenticationError(message)
        if status == 404:
            return SeamNotFoundError(message)
        if status == 429:
            return SeamRateLimitedError(
                message, retry_after=_retry_after(headers.get("Retry-After"))
            )
        if status >= 500:
            return SeamUnavailableError(message, status=status)
        return SeamApiError(message, status=status, error_type=error_type)

    def _redact(self, message: str) -> str:
        """Remove the API key from a message that Seam wrote."""
        return message.replace(self._api_key, "<api key>") if self._api_key else message


def _body(**values: str | Sequence[str] | int | None) -> dict[str, Any]:
    """Return a JSON body of the given values, without the None ones."""
    return {
        key: value if isinstance(value, str | int) else list(value)
        for key, value in values.items()
        if value is not None
    }


def _decode(raw: bytes) -> dict[str, Any] | None:
    """Return the JSON object in ``raw``; None when it is not one."""
    try:
        payload = json.loads(raw)
    except ValueError:
        return None
    return payload if isinstance(payload, dict) else None


def _field(payload: Mapping[str, Any], key: str, path: str) -> Any:
    """Return the resource under Seam's envelope key."""
    if key not in payload:
        raise SeamUnavailableError(f"Seam's answer lacks {key!r} ({path})")
    return payload[key]


def _parse[T](parse: Callable[[JSON], T], data: Any, path: str) -> T:
    """Parse one Seam object; a malformed one makes Seam unavailable, not the caller crash."""
    try:
        return parse(data)
    except (AttributeError, KeyError, TypeError, ValueError) as err:
        raise SeamUnavailableError(f"Seam sent a malformed object ({path})") from err


def _parse_all[T](parse: Callable[[JSON], T], data: Any, path: str) -> list[T]:
    """Parse a list of Seam objects."""
    if not isinstance(data, list):
        raise SeamUnavailableError(f"Seam sent a malformed list ({path})")
    return [_parse(parse, item, path) for item in data]


def _next_page_cursor(payload: Mapping[str, Any]) -> str | None:
    """Return the cursor of the next page, None on the last (or only) page."""
    pagination = payload.get("pagination")
    if not isinstance(pagination, dict):
        return None
    cursor = pagination.get("next_page_cursor")
    return cursor if isinstance(cursor, str) and cursor else None


def _validation_errors(tree: Any) -> dict[str, list[str]]:
    """Flatten zod's ``{param: {"_errors": [...]}}`` tree to ``{param: [...]}``."""
    if not isinstance(tree, dict):
        return {}
    return {
        param: [str(message) for message in node["_errors"]]
        for param, node in tree.items()
        if param != "_errors" and isinstance(node, dict) and node.get("_errors")
    }


def _retry_after(value: str | None) -> float | None:
    """Return a ``Retry-After`` header (seconds or HTTP date) in seconds from now."""
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


async def _pause(seconds: float) -> None:
    """Wait before a retry or another look for a lost create's code."""
    await asyncio.sleep(seconds)


def _retry_delay(backoff: float, attempt: int, err: SeamError) -> float:
    """Return how long to wait before retry number ``attempt + 1``.

    Seam's ``Retry-After`` is kept whole; only the client's own backoff is capped.
    """
    retry_after = err.retry_after if isinstance(err, SeamRateLimitedError) else None
    if retry_after is not None:
        return retry_after
    return min(backoff * 2.0**attempt, MAX_BACKOFF)


def _outcome_unknown(reason: str) -> SeamCreateOutcomeUnknownError:
    """Return the error for a create that may or may not have made a code."""
    return SeamCreateOutcomeUnknownError(
        f"Seam's answer to the create was lost and the lock's codes do not settle it "
        f"({reason}). The code may exist: Home Assistant shows it once Seam lists it"
    )


def _made_by(code: AccessCode, request: OfflineCodeRequest) -> bool:
    """Return whether ``code``, new on the lock, is what ``request`` asked for."""
    tolerance = request.rounding_tolerance
    return (
        code.device_id == request.device_id
        and code.is_offline_access_code
        and code.is_one_time_use == request.is_one_time_use
        and code.name == request.name
        and _near(code.starts_at, request.starts_at, tolerance)
        and (request.ends_at is None or _near(code.ends_at, request.ends_at, tolerance))
    )


def _near(actual: datetime | None, wanted: datetime, tolerance: timedelta) -> bool:
    """Return whether ``actual`` is within ``tolerance`` of ``wanted``."""
    return actual is not None and abs(actual - wanted) <= tolerance
