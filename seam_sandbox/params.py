"""Request parameters, read the way Seam reads them: query string and JSON body alike."""

from __future__ import annotations

from datetime import datetime
import json
from typing import Any

from aiohttp import web

from .clock import parse_timestamp
from .errors import Json, invalid_input

IGNORED = frozenset({"_strict"})


class Params:
    """Merged query and JSON-body parameters with typed, validating getters."""

    def __init__(self, values: Json) -> None:
        """Wrap already-merged values (query strings or JSON values)."""
        self._values = {
            key: value for key, value in values.items() if key not in IGNORED
        }

    @classmethod
    async def from_request(cls, request: web.Request) -> Params:
        """Read the query (repeated keys and ``name[]`` are arrays) and any JSON body."""
        values: Json = {}
        for key in dict.fromkeys(request.query):
            found = request.query.getall(key)
            name = key.removesuffix("[]")
            values[name] = found if len(found) > 1 or name != key else found[0]
        raw = await request.read()
        if raw.strip():
            try:
                body = json.loads(raw)
            except ValueError:
                raise invalid_input("The request body is not valid JSON") from None
            if not isinstance(body, dict):
                raise invalid_input("The request body must be a JSON object")
            values |= body
        return cls(values)

    def raw(self, name: str) -> Any:
        """Return a parameter as sent (None if absent)."""
        return self._values.get(name)

    def required(self, name: str) -> str:
        """Return a string parameter that must be sent."""
        value = self.string(name)
        if value is None:
            raise invalid_input(f"{name} is required", param=name)
        return value

    def string(self, name: str) -> str | None:
        """Return a string parameter; empty strings count as absent."""
        value = self._values.get(name)
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            raise invalid_input(f"Expected string for {name!r}", param=name)
        return value

    def strings(self, name: str) -> list[str] | None:
        """Return an array of strings (repeated keys, JSON array or comma-separated)."""
        value = self._values.get(name)
        if value is None:
            return None
        if isinstance(value, str):
            return [part for part in value.split(",") if part]
        if not isinstance(value, list) or not all(
            isinstance(item, str) for item in value
        ):
            raise invalid_input(f"Expected array of strings for {name!r}", param=name)
        return value

    def boolean(self, name: str) -> bool:
        """Return a boolean parameter (``true``/``false`` in a query); absent is False."""
        value = self._values.get(name, False)
        if isinstance(value, str) and value in {"true", "false"}:
            return value == "true"
        if not isinstance(value, bool):
            raise invalid_input(f"Expected boolean for {name!r}", param=name)
        return value

    def integer(self, name: str, default: int) -> int:
        """Return a positive integer parameter."""
        value = self._values.get(name, default)
        if isinstance(value, str) and value.isdigit():
            value = int(value)
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise invalid_input(f"Expected a positive integer for {name!r}", param=name)
        return value

    def number(self, name: str) -> float | None:
        """Return a non-negative number parameter (None if absent)."""
        value = self._values.get(name)
        if value is None:
            return None
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = -1.0
        if isinstance(value, bool) or not number >= 0:
            raise invalid_input(
                f"Expected a non-negative number for {name!r}", param=name
            )
        return number

    def timestamp(self, name: str) -> datetime | None:
        """Return an ISO 8601 timestamp parameter as aware UTC."""
        text = self.string(name)
        if text is None:
            return None
        try:
            return parse_timestamp(text)
        except ValueError:
            raise invalid_input(
                f"Expected an ISO 8601 timestamp with offset for {name!r}", param=name
            ) from None

    def query_items(
        self, *, exclude: frozenset[str] = frozenset()
    ) -> list[tuple[str, str]]:
        """Return the parameters as sorted query pairs (arrays repeated, booleans lowercase)."""
        items: list[tuple[str, str]] = []
        for key in sorted(self._values):
            if key in exclude:
                continue
            value = self._values[key]
            values = value if isinstance(value, list) else [value]
            items.extend((key, _query_value(item)) for item in values)
        return items


def _query_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    return json.dumps(value, sort_keys=True)
