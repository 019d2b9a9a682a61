"""The sandbox: Seam's state for one workspace, driven lazily by a clock."""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Callable
import copy
from dataclasses import asdict
from datetime import datetime, timedelta
import heapq
import hmac
import math
import random
from typing import Any
import uuid

from .clock import Clock, SystemClock, format_timestamp, parse_timestamp
from .errors import Json, SeamError, invalid_input, not_found, rate_limited
from .events import access_code_event, device_event
from .faults import Faults
from .ical import Listings
from .lifecycle import Step, make_pin, next_step, seeded_code, setting_window
from .rules import ALGOPIN_ACTIVATION_WINDOW, CodePlan, CreateRequest, check_create
from .scenario import Scenario, load_scenario, sandbox_api_key
from .settings import SandboxSettings
from .state import (
    IGLOOHOME,
    ORACODE,
    AccessCode,
    ActionAttempt,
    CodeBook,
    CodeKind,
    Status,
    Webhook,
    oracode_metadata,
)
from .webhooks import new_webhook_secret

type EventListener = Callable[[Json], None]

RATE_WINDOW = timedelta(minutes=1)
FAILED_TO_SET_MESSAGE = "Failed to set code on device."


class Sandbox:
    """A local Seam Connect workspace: devices, access codes, events, webhooks and faults."""

    def __init__(
        self,
        scenario: Scenario,
        *,
        clock: Clock | None = None,
        settings: SandboxSettings | None = None,
    ) -> None:
        """Start from ``scenario``; see :meth:`from_scenario`."""
        self.scenario = scenario
        self.clock: Clock = clock or SystemClock()
        self.settings = settings or SandboxSettings()
        self._listeners: list[EventListener] = []
        self.reset()

    @classmethod
    def from_scenario(
        cls, name_or_path: str = "demo", *, clock: Clock | None = None, **settings: Any
    ) -> Sandbox:
        """Build a sandbox from a shipped scenario name or a scenario file path."""
        return cls(
            load_scenario(name_or_path),
            clock=clock,
            settings=SandboxSettings(**settings),
        )

    def reset(self) -> None:
        """Return to the scenario's initial state (faults cleared, original API key)."""
        self._rng = random.Random(self.scenario.name)  # noqa: S311 (reproducible, not secret)
        seed = self.settings.id_seed
        self._ids = random.Random(seed) if seed else random.SystemRandom()  # noqa: S311
        self._key_rotations = 0
        self.api_key = self.scenario.api_key
        self.faults = Faults()
        self.workspace: Json = copy.deepcopy(self.scenario.workspace)
        self.devices: dict[str, Json] = {
            device["device_id"]: copy.deepcopy(device)
            for device in self.scenario.devices
        }
        self.codes = CodeBook()
        self._due: list[tuple[datetime, int, Step, str]] = []
        """Each live code's next transition (a heap; stale entries are skipped)."""
        self.action_attempts: dict[str, ActionAttempt] = {}
        self._pending_attempts: list[tuple[datetime, str]] = []
        self.events: list[Json] = []
        self.webhooks: dict[str, Webhook] = {}
        self.webhook_attempts: list[Json] = []
        self.requests: list[str] = []
        """The path of every Seam API request received, for measuring clients' cost."""
        self._recent_creates: defaultdict[str, deque[datetime]] = defaultdict(deque)
        self.listings = Listings(self.scenario.listings)
        """Booking calendars of rental listings (not Seam's), served as iCal feeds."""
        self._seed_codes()

    def _seed_codes(self) -> None:
        """Add the scenario's codes, oldest first."""
        seeds = sorted(
            self.scenario.access_codes,
            key=lambda body: parse_timestamp(body["created_at"]),
        )
        for body in seeds:
            code = seeded_code(
                body,
                self.get_device(body["device_id"]),
                workspace_id=self.workspace_id,
                settings=self.settings,
                rng=self._rng,
            )
            self.codes.add(code)
            self._schedule(code)

    @property
    def workspace_id(self) -> str:
        """The workspace's id."""
        workspace_id: str = self.workspace["workspace_id"]
        return workspace_id

    @property
    def access_codes(self) -> dict[str, Json]:
        """Every live access code, rendered as Seam's ``access_code`` objects."""
        return {code_id: code.to_json() for code_id, code in self.codes.items()}

    def now(self) -> datetime:
        """Return the sandbox clock's time."""
        return self.clock.now()

    # --- ids, keys and listeners -------------------------------------------------

    def new_id(self) -> str:
        """Return a fresh UUIDv4: random, so unique across runs and resets as Seam's are.

        A restarted sandbox must never hand out an id an earlier run gave another code:
        a client would take the new code for the old one. Only with ``id_seed`` set (in
        tests that snapshot ids) does a run repeat another's ids.
        """
        return str(uuid.UUID(int=self._ids.getrandbits(128), version=4))

    def new_token(self, prefix: str, length: int = 27) -> str:
        """Return ``prefix`` plus random letters and digits (e.g. Svix ``msg_…`` ids)."""
        alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
        return prefix + "".join(self._rng.choice(alphabet) for _ in range(length))

    def authenticate(self, authorization: str | None) -> None:
        """Check an ``Authorization`` header; raise 401 unless it bears the current key."""
        if not authorization:
            raise SeamError(401, "unauthorized", "No Authorization header")
        scheme, _, token = authorization.partition(" ")
        valid = scheme.lower() == "bearer" and hmac.compare_digest(token, self.api_key)
        if not valid or self.faults.api_key_revoked:
            raise SeamError(401, "unauthorized", "Unauthorized")

    def rotate_api_key(self) -> str:
        """Replace the API key with a new one (the old one gets 401) and return it."""
        self._key_rotations += 1
        self.api_key = sandbox_api_key(f"{self.scenario.name}:{self._key_rotations}")
        return self.api_key

    def subscribe(self, listener: EventListener) -> Callable[[], None]:
        """Call ``listener`` with every new event; return a function that unsubscribes."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    # --- lifecycle ---------------------------------------------------------------

    def advance(self) -> list[Json]:
        """Apply every transition due by now, in time order; return the new events."""
        now = self.now()
        first_new = len(self.events)
        while self._due and self._due[0][0] <= now:
            when, _, step, access_code_id = heapq.heappop(self._due)
            code = self.codes.get(access_code_id)
            if code is not None and next_step(code) == (when, step):
                self._apply(step, code, when)
                self._schedule(code)
        while self._pending_attempts and self._pending_attempts[0][0] <= now:
            _, attempt_id = heapq.heappop(self._pending_attempts)
            self._resolve(self.action_attempts[attempt_id])
        return self.events[first_new:]

    def _schedule(self, code: AccessCode) -> None:
        """Queue the code's next transition (after it was created or moved on)."""
        if code.access_code_id in self.codes and (upcoming := next_step(code)):
            when, step = upcoming
            heapq.heappush(self._due, (when, code.position, step, code.access_code_id))

    def _add_attempt(self, attempt: ActionAttempt) -> None:
        self.action_attempts[attempt.action_attempt_id] = attempt
        heapq.heappush(
            self._pending_attempts, (attempt.resolves_at, attempt.action_attempt_id)
        )

    def _apply(self, step: Step, code: AccessCode, when: datetime) -> None:
        if step is Step.START_SETTING:
            code.status = Status.SETTING
        elif step is Step.FINISH_SETTING:
            self._finish_setting(code, when)
        elif step is Step.START_REMOVING:
            code.status = Status.REMOVING
            code.gone_at = when + self.settings.removing_duration
        else:
            self.codes.remove(code.access_code_id)
            if code.was_set:
                self._emit_code_event("access_code.removed_from_device", code, when)
            self._emit_code_event("access_code.deleted", code, when)

    def _finish_setting(self, code: AccessCode, when: datetime) -> None:
        if code.failure is not None:
            code.failed = True
            code.errors.append(
                {
                    "error_code": "failed_to_set_on_device",
                    "message": code.failure,
                    "is_access_code_error": True,
                    "created_at": format_timestamp(when),
                }
            )
            self._emit_code_event("access_code.failed_to_set_on_device", code, when)
            return
        code.status = Status.SET
        code.pin_assigned = True
        code.was_set = True
        self._emit_code_event("access_code.scheduled_on_device", code, when)
        self._emit_code_event("access_code.set_on_device", code, when)

    def _resolve(self, attempt: ActionAttempt) -> None:
        attempt.status = "success"
        code = self.codes.get(attempt.access_code_id)
        if attempt.action_type == "CREATE_ACCESS_CODE" and code is not None:
            attempt.result = {"access_code": code.to_json()}
        else:
            attempt.result = {}

    # --- access codes ------------------------------------------------------------

    def create_access_code(
        self, request: CreateRequest
    ) -> tuple[AccessCode, ActionAttempt]:
        """Create a code as Seam would, or raise the error Seam would answer."""
        self.advance()
        device = self.get_device(request.device_id)
        now = self.now()
        plan = check_create(
            request,
            device,
            self.codes_on(device["device_id"]),
            now,
            oracode_mismatch_async=self.settings.oracode_mismatch_async,
        )
        self._count_create(device["device_id"], now)
        code = self._new_code(request, device, plan, now)
        self.codes.add(code)
        self._schedule(code)
        attempt = ActionAttempt(
            action_attempt_id=self.new_id(),
            action_type="CREATE_ACCESS_CODE",
            access_code_id=code.access_code_id,
            resolves_at=now + self.settings.min_unset_duration,
        )
        self._add_attempt(attempt)
        self._emit_code_event("access_code.created", code, now)
        return code, attempt

    def _new_code(
        self, request: CreateRequest, device: Json, plan: CodePlan, now: datetime
    ) -> AccessCode:
        failure = plan.failure
        if failure is None and self.faults.take_failing_code():
            failure = FAILED_TO_SET_MESSAGE
        setting_at, set_at = setting_window(
            now, plan.starts_at, self.settings, immediate=plan.failure is not None
        )
        online = not request.is_offline_access_code
        return AccessCode(
            access_code_id=self.new_id(),
            device_id=device["device_id"],
            workspace_id=self.workspace_id,
            name=request.name,
            kind=plan.kind,
            starts_at=plan.starts_at,
            ends_at=plan.ends_at,
            created_at=now,
            is_offline_access_code=request.is_offline_access_code,
            is_one_time_use=request.is_one_time_use,
            pin=request.code or make_pin(self._rng, device, plan.kind, plan.slot),
            pin_assigned=online,
            setting_at=setting_at,
            set_at=set_at,
            removing_at=plan.ends_at,
            failure=failure,
            warnings=self._code_warnings(device, plan, now),
            oracode_metadata=self._oracode_code_metadata(device, plan),
        )

    def _code_warnings(self, device: Json, plan: CodePlan, now: datetime) -> list[Json]:
        if device["device_type"] != IGLOOHOME or plan.kind not in (
            CodeKind.IGLOOHOME_HOURLY,
            CodeKind.IGLOOHOME_DAILY,
        ):
            return []
        assert plan.starts_at is not None
        assert plan.ends_at is not None
        if plan.ends_at - plan.starts_at <= ALGOPIN_ACTIVATION_WINDOW:
            return []
        return [
            {
                "warning_code": "igloo_algopin_must_be_used_within_24_hours",
                "message": "Algopins must be used within 24 hours",
                "created_at": format_timestamp(now),
            }
        ]

    def _oracode_code_metadata(self, device: Json, plan: CodePlan) -> Json | None:
        if device["device_type"] != ORACODE or plan.slot is None:
            return None
        return {
            "stay_id": self._rng.randrange(100_000, 1_000_000),
            "user_level_id": plan.slot.get("dormakaba_oracode_user_level_id"),
            "user_level_name": plan.slot.get("name"),
            "site_name": oracode_metadata(device).get("site_name"),
            "is_cancellable": False,
            "is_extendable": False,
            "is_early_checkin_able": False,
            "is_overridable": True,
        }

    def _count_create(self, device_id: str, now: datetime) -> None:
        limit = self.settings.create_rate_limit
        if not limit:
            return
        recent = self._recent_creates[device_id]
        while recent and recent[0] <= now - RATE_WINDOW:
            recent.popleft()
        if len(recent) >= limit:
            wait = (recent[0] + RATE_WINDOW - now).total_seconds()
            raise rate_limited(
                max(1, math.ceil(wait)),
                f"Rate limit: at most {limit} access code creations per device per minute",
            )
        recent.append(now)

    def codes_on(self, device_id: str) -> list[AccessCode]:
        """Return the live codes on one device, oldest first."""
        return self.codes.on_device(device_id)

    def get_access_code(self, access_code_id: str) -> AccessCode:
        """Return a live code, or raise 404 ``access_code_not_found``."""
        code = self.codes.get(access_code_id)
        if code is None:
            raise not_found("access_code", access_code_id=access_code_id)
        return code

    def delete_access_code(self, access_code_id: str) -> ActionAttempt:
        """Start removing an online code; offline codes cannot be deleted through Seam."""
        self.advance()
        code = self.get_access_code(access_code_id)
        if code.is_offline_access_code:
            raise invalid_input(
                "offline access codes cannot be deleted through Seam: the PIN is computed "
                "offline; it expires at ends_at (or reset the lock to revoke it)",
                param="access_code_id",
            )
        now = self.now()
        if code.status is not Status.REMOVING:
            code.removing_at = now
            self._schedule(code)
            self.advance()
        assert code.gone_at is not None
        attempt = ActionAttempt(
            action_attempt_id=self.new_id(),
            action_type="DELETE_ACCESS_CODE",
            access_code_id=access_code_id,
            resolves_at=code.gone_at,
        )
        self._add_attempt(attempt)
        return attempt

    def get_action_attempt(self, action_attempt_id: str) -> ActionAttempt:
        """Return an action attempt, or raise 404 ``action_attempt_not_found``."""
        attempt = self.action_attempts.get(action_attempt_id)
        if attempt is None:
            raise not_found("action_attempt", action_attempt_id=action_attempt_id)
        return attempt

    # --- devices -----------------------------------------------------------------

    def get_device(self, device_id: str) -> Json:
        """Return a device, or raise 404 ``device_not_found``."""
        device = self.devices.get(device_id)
        if device is None:
            raise not_found("device", device_id=device_id)
        return device

    def add_device(self, like: str, name: str, device_id: str | None = None) -> Json:
        """Add a copy of the device ``like`` named ``name``, as newly connected to Seam."""
        self.advance()
        device = copy.deepcopy(self.get_device(like))
        device_id = device_id or self.new_id()
        if device_id in self.devices:
            raise invalid_input("device_id is taken", param="device_id")
        now = self.now()
        device |= {
            "device_id": device_id,
            "display_name": name,
            "nickname": name,
            "created_at": format_timestamp(now),
        }
        device["properties"]["name"] = device["properties"]["appearance"]["name"] = name
        self.devices[device_id] = device
        self._emit(device_event("device.added", device, **self._stamp(now)))
        return device

    def remove_device(self, device_id: str) -> Json:
        """Remove a device from the workspace; Seam forgets its codes."""
        self.advance()
        device = self.devices.pop(self.get_device(device_id)["device_id"])
        for code in self.codes.on_device(device_id):
            self.codes.remove(code.access_code_id)
        self._emit(device_event("device.removed", device, **self._stamp(self.now())))
        return device

    def set_device_online(self, device_id: str, online: bool) -> Json:
        """Connect or disconnect a device, with its error and ``device.*`` event."""
        self.advance()
        device = self.get_device(device_id)
        if device["properties"]["online"] == online:
            return device
        now = self.now()
        device["properties"]["online"] = online
        others = [
            e for e in device["errors"] if e["error_code"] != "device_disconnected"
        ]
        if online:
            device["errors"] = others
            self._emit(device_event("device.connected", device, **self._stamp(now)))
        else:
            device["errors"] = [
                *others,
                {
                    "error_code": "device_disconnected",
                    "message": "Device is disconnected",
                    "is_device_error": True,
                    "created_at": format_timestamp(now),
                },
            ]
            self._emit(
                device_event(
                    "device.disconnected",
                    device,
                    error_code="device_disconnected",
                    **self._stamp(now),
                )
            )
        return device

    def set_time_slots(self, device_id: str, slots: list[Json]) -> Json:
        """Replace a dormakaba Oracode door's ``predefined_time_slots``."""
        device = self.get_device(device_id)
        if device["device_type"] != ORACODE:
            raise invalid_input(
                "time slots exist only on dormakaba Oracode doors", param="device_id"
            )
        oracode_metadata(device)["predefined_time_slots"] = copy.deepcopy(slots)
        return device

    # --- webhooks ----------------------------------------------------------------

    def create_webhook(self, url: str, event_types: list[str] | None = None) -> Webhook:
        """Register a webhook endpoint (``event_types`` default: every event)."""
        if not url.startswith(("http://", "https://")):
            raise invalid_input("url must be an http(s) URL", param="url")
        webhook = Webhook(
            webhook_id=self.new_id(),
            url=url,
            event_types=list(event_types or ["*"]),
            secret=new_webhook_secret(self._rng),
        )
        self.webhooks[webhook.webhook_id] = webhook
        return webhook

    def get_webhook(self, webhook_id: str) -> Webhook:
        """Return a webhook, or raise 404 ``webhook_not_found``."""
        webhook = self.webhooks.get(webhook_id)
        if webhook is None:
            raise not_found("webhook", webhook_id=webhook_id)
        return webhook

    def delete_webhook(self, webhook_id: str) -> None:
        """Unregister a webhook; pending deliveries to it stop."""
        del self.webhooks[self.get_webhook(webhook_id).webhook_id]

    # --- events ------------------------------------------------------------------

    def _stamp(self, occurred_at: datetime) -> dict[str, Any]:
        return {
            "event_id": self.new_id(),
            "created_at": self.now(),
            "occurred_at": occurred_at,
        }

    def _emit_code_event(
        self, event_type: str, code: AccessCode, when: datetime
    ) -> None:
        device = self.get_device(code.device_id)
        self._emit(access_code_event(event_type, code, device, **self._stamp(when)))

    def _emit(self, event: Json) -> None:
        self.events.append(event)
        for listener in list(self._listeners):
            listener(event)

    def state(self) -> Json:
        """Return a debugging snapshot of everything (``/_sandbox/state``)."""
        settings = {
            key: value.total_seconds() if isinstance(value, timedelta) else value
            for key, value in asdict(self.settings).items()
        }
        return {
            "now": format_timestamp(self.now()),
            "scenario": self.scenario.name,
            "workspace": self.workspace,
            "settings": settings,
            "faults": self.faults.to_json(),
            "devices": list(self.devices.values()),
            "access_codes": list(self.access_codes.values()),
            "action_attempts": [a.to_json() for a in self.action_attempts.values()],
            "webhooks": [w.to_json() | {"secret": "…"} for w in self.webhooks.values()],
            "webhook_attempts": self.webhook_attempts,
            "event_count": len(self.events),
        }
