"""Cursor pagination as Seam does it on ``/devices/list`` and ``/access_codes/list``."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Sequence
import hashlib
import json
from urllib.parse import urlencode

from .errors import Json, SeamError, invalid_input
from .params import Params

CURSOR = "page_cursor"


def paginate[T](
    items: Sequence[T],
    params: Params,
    *,
    position: Callable[[T], list[str]],
    url: str,
    default_limit: int,
) -> tuple[list[T], Json]:
    """Return one page of ``items`` (sorted by ``position``) and Seam's ``pagination`` object.

    The cursor carries a fingerprint of the other parameters: replaying it with different
    parameters is a 400 ``mismatched_page_parameters``, as in Seam's own fake.
    """
    limit = params.integer("limit", default_limit)
    fingerprint = hashlib.sha256(
        json.dumps(params.query_items(exclude=frozenset({CURSOR}))).encode()
    ).hexdigest()[:16]
    start = 0
    cursor = params.string(CURSOR)
    if cursor is not None:
        after = _decode(cursor, fingerprint)
        start = next(
            (i for i, item in enumerate(items) if position(item) > after), len(items)
        )
    page = list(items[start : start + limit])
    if start + limit >= len(items):
        return page, {
            "has_next_page": False,
            "next_page_cursor": None,
            "next_page_url": None,
        }
    next_cursor = _encode(fingerprint, position(page[-1]))
    query = [*params.query_items(exclude=frozenset({CURSOR})), (CURSOR, next_cursor)]
    return page, {
        "has_next_page": True,
        "next_page_cursor": next_cursor,
        "next_page_url": f"{url}?{urlencode(query)}",
    }


def _encode(fingerprint: str, after: list[str]) -> str:
    return base64.urlsafe_b64encode(json.dumps([fingerprint, after]).encode()).decode()


def _decode(cursor: str, fingerprint: str) -> list[str]:
    try:
        sent_fingerprint, after = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except (ValueError, binascii.Error, TypeError):
        raise invalid_input(
            "page_cursor is not a cursor this API issued", param=CURSOR
        ) from None
    if sent_fingerprint != fingerprint:
        raise SeamError(
            400,
            "mismatched_page_parameters",
            "When using next_page_cursor, the request must send parameters identical "
            "to the initial request.",
        )
    return [str(part) for part in after]
