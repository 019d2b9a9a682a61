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
CONF_WEBHOOK_ID: Final = "webhook_id"

DEFAULT_SHOW_PINS: Final = False

# Polling, chosen for Seam: a code in flux (being set or removed, or waiting for its PIN)
# changes within seconds to minutes, so those codes alone are polled every 15 s with one
# batched request; everything else changes rarely and comes with a full sync every 15 min
# (or at once, through webhooks, when Seam can reach Home Assistant).
FAST_POLL_INTERVAL: Final = timedelta(seconds=15)
FULL_SYNC_INTERVAL: Final = timedelta(minutes=15)
# A poll due within this much of the next full sync runs the full sync (the loop may fire
# a timer up to a second early).
FULL_SYNC_SLACK: Final = timedelta(seconds=2)

# While Seam's webhook delivers, it reports every change: the full sync only runs as a
# safety net, and a code in flux is polled only once the change it expects is overdue (its
# PIN by its start, its removal by its end). A delivery expected (the created code's) and
# not received within DELIVERY_GRACE, or a change a poll finds that no delivery reported,
# puts polling back to normal until deliveries arrive again.
WEBHOOK_FULL_SYNC_INTERVAL: Final = timedelta(hours=1)
DELIVERY_GRACE: Final = timedelta(minutes=2)

# How long before a code's start, and after its creation, the coordinator polls it fast
# while its PIN is still unassigned.
WATCH_BEFORE_START: Final = timedelta(hours=1)
WATCH_AFTER_CREATE: Final = timedelta(minutes=5)

# How long one request to Seam may take.
REQUEST_TIMEOUT: Final = 30.0

# Seam's limit on creates per lock (10 a minute): the integration keeps it itself.
CREATES_PER_WINDOW: Final = 10
CREATE_WINDOW: Final = timedelta(minutes=1)

# How long creating a code waits for the sensor of the new code.
ENTITY_WAIT: Final = timedelta(seconds=10)

# How long waiting for a new code's PIN lasts at most, and how often it asks Seam.
PIN_WAIT: Final = timedelta(seconds=60)
PIN_POLL: Final = timedelta(seconds=2)

CODE_CREATED_EVENT: Final = "access_code.created"
"""Seam's event for a new code: it brings nothing a known code's snapshot lacks."""
