"""Seam's error answers, raised anywhere in the sandbox and rendered by the app."""

from __future__ import annotations

from typing import Any

type Json = dict[str, Any]


class SeamError(Exception):
    """An error Seam answers with ``{"error": {...}, "ok": false}``."""

    def __init__(
        self,
        status: int,
        error_type: str,
        message: str,
        *,
        data: Json | None = None,
        validation_errors: Json | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        """Describe the error; ``headers`` are added to the HTTP response."""
        super().__init__(message)
        self.status = status
        self.error_type = error_type
        self.message = message
        self.data = data
        self.validation_errors = validation_errors
        self.headers = headers or {}

    def body(self, request_id: str) -> Json:
        """Return the JSON body Seam sends for this error."""
        error: Json = {"type": self.error_type, "message": self.message}
        if self.validation_errors is not None:
            error["validation_errors"] = self.validation_errors
        if self.data is not None:
            error["data"] = self.data
        error["request_id"] = request_id
        return {"error": error, "ok": False}


def invalid_input(message: str, *, param: str | None = None) -> SeamError:
    """Return a 400 ``invalid_input``; ``param`` adds a zod-style validation tree."""
    tree: Json | None = None
    if param is not None:
        tree = {"_errors": [], param: {"_errors": [message]}}
    return SeamError(400, "invalid_input", message, validation_errors=tree)


def not_found(kind: str, **ids: str) -> SeamError:
    """Return a 404 ``<kind>_not_found`` naming the ids that were looked up."""
    return SeamError(
        404,
        f"{kind}_not_found",
        f"{kind.replace('_', ' ').capitalize()} not found",
        data=dict(ids),
    )


def rate_limited(retry_after: int, message: str) -> SeamError:
    """Return a 429 ``rate_limited`` with a ``Retry-After`` header (seconds)."""
    return SeamError(
        429,
        "rate_limited",
        message,
        data={"retry_after": retry_after},
        headers={"Retry-After": str(retry_after)},
    )
