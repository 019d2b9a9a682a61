"""The sandbox's tunables."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

SEAM_WEBHOOK_RETRY_DELAYS = (0.0, 5.0, 300.0, 1800.0, 7200.0, 18000.0, 36000.0, 36000.0)
"""Svix's schedule as Seam documents it: each delay counts from the previous failure."""


@dataclass(frozen=True, kw_only=True)
class SandboxSettings:
    """How the sandbox plays Seam; every default follows Seam's docs or a documented choice."""

    setting_lead: timedelta = timedelta(hours=1)
    """How long before ``starts_at`` a code goes ``setting``."""
    setting_duration: timedelta = timedelta(seconds=30)
    """Time spent in ``setting`` before ``set`` (the PIN is assigned at ``set``)."""
    removing_duration: timedelta = timedelta(seconds=30)
    """Time spent in ``removing`` before the code is gone."""
    min_unset_duration: timedelta = timedelta(seconds=5)
    """A new code stays ``unset`` at least this long, so a poll can see it."""
    oracode_mismatch_async: bool = False
    """Slot mismatch on Oracode: False = synchronous 400; True = created, then fails to set."""
    create_rate_limit: int = 10
    """Accepted creates per device per minute before 429 (0 = no limit)."""
    webhook_retry_delays: tuple[float, ...] = SEAM_WEBHOOK_RETRY_DELAYS
    """Real-time seconds before each delivery attempt; its length is the attempt count."""
    webhook_timeout: float = 10.0
    """Seconds a webhook endpoint has to answer one attempt."""
    id_seed: str | None = None
    """Seed for the ids of codes, attempts, events and webhooks: None = random UUIDs,
    unique across runs as Seam's are; a seed repeats them (for snapshot tests)."""

    def __post_init__(self) -> None:
        """Refuse settings that cannot work."""
        durations = (
            self.setting_lead,
            self.setting_duration,
            self.removing_duration,
            self.min_unset_duration,
        )
        if any(duration < timedelta(0) for duration in durations):
            raise ValueError("durations must not be negative")
        if not self.webhook_retry_delays or min(self.webhook_retry_delays) < 0:
            raise ValueError(
                "webhook_retry_delays needs at least one non-negative delay"
            )
