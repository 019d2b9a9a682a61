"""Faults a test or demo can inject into the sandbox's Seam API."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from .errors import Json

DEFAULT_HOLD = 30.0
"""How long a ``timeout_*_store`` create is held back, in seconds."""


class LostCreate(StrEnum):
    """How the answer to an ``/access_codes/create`` goes missing."""

    TRUNCATED = "truncated"
    """The code is stored; the 200 answer is cut in half."""
    RESET_AFTER_STORE = "reset_after_store"
    """The code is stored; the connection is closed without an answer."""
    TIMEOUT_AFTER_STORE = "timeout_after_store"
    """The code is stored; the answer is held back for ``hold`` seconds."""
    GATEWAY_TIMEOUT_AFTER_STORE = "gateway_timeout_after_store"
    """The code is stored; a gateway answers 504 in its place."""
    RESET_BEFORE_STORE = "reset_before_store"
    """Nothing is stored; the connection is closed without an answer."""
    TIMEOUT_BEFORE_STORE = "timeout_before_store"
    """The request is held back for ``hold`` seconds, then stored and answered."""

    @property
    def stores_first(self) -> bool:
        """Return whether the code is stored before the answer goes missing."""
        return self not in (
            LostCreate.RESET_BEFORE_STORE,
            LostCreate.TIMEOUT_BEFORE_STORE,
        )


@dataclass
class Budget:
    """How many upcoming requests a fault still hits (``None`` = until cleared)."""

    remaining: int | None = 0

    def arm(self, requests: int | None = None) -> None:
        """Hit the next ``requests`` requests, or every request until cleared."""
        if requests is not None and requests < 0:
            raise ValueError("requests must not be negative")
        self.remaining = requests

    def take(self) -> bool:
        """Consume one hit; tell whether this request is hit."""
        if self.remaining is None:
            return True
        if self.remaining > 0:
            self.remaining -= 1
            return True
        return False

    def to_json(self) -> Json:
        """Describe the budget for ``/_sandbox/state``."""
        return {"active": self.remaining != 0, "remaining": self.remaining}


@dataclass
class Faults:
    """The sandbox's fault switches; the app consults them on every Seam API request."""

    outage: Budget = field(default_factory=Budget)
    rate_limit: Budget = field(default_factory=Budget)
    malformed_json: Budget = field(default_factory=Budget)
    dropped: Budget = field(default_factory=Budget)
    latency: float = 0.0
    retry_after: int = 1
    api_key_revoked: bool = False
    failing_codes: int = 0
    lost_create: Budget = field(default_factory=Budget)
    lost_create_mode: LostCreate = LostCreate.TRUNCATED
    lost_create_hold: float = DEFAULT_HOLD
    lost_create_outage: int = 0

    def start_outage(self, requests: int | None = None) -> None:
        """Answer 503 to the next ``requests`` requests (or all, until cleared)."""
        self.outage.arm(requests)

    def rate_limit_burst(
        self, requests: int | None = None, *, retry_after: int = 1
    ) -> None:
        """Answer 429 (with ``Retry-After``) to the next ``requests`` requests."""
        self.rate_limit.arm(requests)
        self.retry_after = retry_after

    def malform_responses(self, requests: int | None = None) -> None:
        """Answer the next ``requests`` requests with 200 and a truncated JSON body."""
        self.malformed_json.arm(requests)

    def drop_connections(self, requests: int | None = None) -> None:
        """Close the connection of the next ``requests`` requests without an answer."""
        self.dropped.arm(requests)

    def lose_creates(
        self,
        mode: LostCreate,
        requests: int | None = 1,
        *,
        hold: float = DEFAULT_HOLD,
        outage_after: int = 0,
    ) -> None:
        """Lose the answers of the next ``requests`` creates the way ``mode`` says.

        ``outage_after`` requests after each lost answer then get a 503, as when Seam
        goes down right after the create.
        """
        if hold < 0 or outage_after < 0:
            raise ValueError("hold and outage_after must not be negative")
        self.lost_create.arm(requests)
        self.lost_create_mode = mode
        self.lost_create_hold = hold
        self.lost_create_outage = outage_after

    def after_lost_create(self) -> None:
        """Start the outage that follows a lost answer, if one was asked for."""
        if self.lost_create_outage:
            self.outage.arm(self.lost_create_outage)

    def set_latency(self, seconds: float) -> None:
        """Delay every request by ``seconds`` of real time."""
        if seconds < 0:
            raise ValueError("latency must not be negative")
        self.latency = seconds

    def revoke_api_key(self) -> None:
        """Answer 401 to every request until restored."""
        self.api_key_revoked = True

    def restore_api_key(self) -> None:
        """Accept the API key again."""
        self.api_key_revoked = False

    def fail_next_codes(self, count: int = 1) -> None:
        """Make the next ``count`` created codes fail to set on the device."""
        self.failing_codes += count

    def take_failing_code(self) -> bool:
        """Consume one "next code fails"; tell whether this code fails."""
        if self.failing_codes <= 0:
            return False
        self.failing_codes -= 1
        return True

    def clear(self) -> None:
        """Switch every fault off."""
        for budget in (
            self.outage,
            self.rate_limit,
            self.malformed_json,
            self.dropped,
            self.lost_create,
        ):
            budget.arm(0)
        self.latency = 0.0
        self.api_key_revoked = False
        self.failing_codes = 0

    def to_json(self) -> Json:
        """Describe the faults for ``/_sandbox/state``."""
        return {
            "outage": self.outage.to_json(),
            "rate_limit": self.rate_limit.to_json() | {"retry_after": self.retry_after},
            "malformed_json": self.malformed_json.to_json(),
            "dropped": self.dropped.to_json(),
            "latency": self.latency,
            "api_key_revoked": self.api_key_revoked,
            "failing_codes": self.failing_codes,
            "lost_create": self.lost_create.to_json()
            | {
                "mode": str(self.lost_create_mode),
                "hold": self.lost_create_hold,
                "outage_after": self.lost_create_outage,
            },
        }
