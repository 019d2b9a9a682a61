"""Fixtures shared by every test: the integration on a live Seam sandbox."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Any

import pytest

# Import the integration before Home Assistant's test harness mounts its own test config
# dir; otherwise HA would find the harness's `custom_components` package instead of ours.
import custom_components.seam_offline_codes  # noqa: F401

if TYPE_CHECKING:
    from seam_sandbox import SandboxServer


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: Any) -> Iterator[None]:
    """Let Home Assistant load integrations from custom_components."""
    return


@pytest.fixture
def sandbox_settings() -> dict[str, Any]:
    """Return settings for the sandbox; tests override this to tune it."""
    return {}


@pytest.fixture
async def sandbox(
    socket_enabled: None, sandbox_settings: dict[str, Any]
) -> AsyncIterator[SandboxServer]:
    """Run the demo scenario of the Seam sandbox on 127.0.0.1 over real HTTP."""
    from seam_sandbox import run_sandbox

    async with run_sandbox(
        scenario="demo", host="127.0.0.1", port=0, **sandbox_settings
    ) as server:
        yield server
