"""Constants for the Seam Offline Codes integration."""

from __future__ import annotations

from datetime import timedelta
import logging
from typing import Final

DOMAIN: Final = "seam_offline_codes"
LOGGER = logging.getLogger(__package__)

DEFAULT_API_URL: Final = "https://connect.getseam.com"

CONF_API_URL: Final = "api_url"
CONF_DEVICE_IDS: Final = "device_ids"
CONF_SHOW_PINS: Final = "show_pins"
CONF_FAST_POLL_SECONDS: Final = "fast_poll_seconds"
CONF_FULL_SYNC_MINUTES: Final = "full_sync_minutes"
CONF_WEBHOOK_ID: Final = "webhook_id"

DEFAULT_SHOW_PINS: Final = False
DEFAULT_FAST_POLL_SECONDS: Final = 15
DEFAULT_FULL_SYNC_MINUTES: Final = 15

# How long before a code's start, and after its creation, the coordinator polls it fast
# while its PIN is still unassigned.
WATCH_BEFORE_START: Final = timedelta(hours=1)
WATCH_AFTER_CREATE: Final = timedelta(minutes=5)

# How long an action waits for the sensor of a code it just created.
ENTITY_WAIT: Final = timedelta(seconds=10)

# How long a create action waits for the PIN when asked to, and how often it asks Seam.
PIN_WAIT: Final = timedelta(seconds=60)
PIN_POLL: Final = timedelta(seconds=2)
