"""A local Seam Connect that models offline access codes (igloohome, dormakaba Oracode).

It imports nothing from Home Assistant: tests, the demo and benchmarks all run on it.
"""

from .app import create_app
from .clock import (
    Clock,
    ManualClock,
    ScaledClock,
    ShiftedClock,
    SystemClock,
    format_timestamp,
    parse_timestamp,
)
from .errors import SeamError
from .faults import Faults
from .rules import CreateRequest
from .sandbox import Sandbox
from .scenario import (
    DemoDevice,
    Scenario,
    fleet_scenario,
    load_scenario,
    scenario_names,
)
from .server import SandboxServer, run_sandbox
from .settings import SandboxSettings
from .webhooks import sign as sign_webhook

__all__ = [
    "Clock",
    "CreateRequest",
    "DemoDevice",
    "Faults",
    "ManualClock",
    "Sandbox",
    "SandboxServer",
    "SandboxSettings",
    "ScaledClock",
    "Scenario",
    "SeamError",
    "ShiftedClock",
    "SystemClock",
    "create_app",
    "fleet_scenario",
    "format_timestamp",
    "load_scenario",
    "parse_timestamp",
    "run_sandbox",
    "scenario_names",
    "sign_webhook",
]
