"""Make a stay's codes: plan every lock first, then create each code in Seam.

Codes cannot be revoked, so nothing is rolled back: when a create fails after others
succeeded, the stay is remembered with the codes that exist and the error names them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
import uuid

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers.translation import async_get_exception_message
from homeassistant.util import dt as dt_util

from .booking import StaySource
from .const import DOMAIN
from .coordinator import CreatedCode, ManagedLock
from .rules import PlannedCode
from .stay_store import Stay, StayCode, async_get_stay_store, new_stay
from .stays import LockPlan, StayRefused, plan_stay


@dataclass(frozen=True, slots=True, kw_only=True)
class CreatedStay:
    """A stay and, per lock, the plan and the code created for it."""

    stay: Stay
    codes: tuple[tuple[LockPlan, CreatedCode], ...]


def plan_stay_on(
    hass: HomeAssistant,
    locks: Sequence[ManagedLock],
    *,
    name: str,
    check_in: datetime,
    check_out: datetime,
) -> tuple[LockPlan, ...]:
    """Plan the stay on every lock; a lock that refuses raises ServiceValidationError."""
    try:
        return plan_stay(
            [managed.lock for managed in locks],
            name=name,
            check_in=check_in,
            check_out=check_out,
            now=dt_util.utcnow(),
            existing=[
                code
                for managed in locks
                for code in managed.coordinator.data.codes_on(managed.lock.device_id)
            ],
            default_time_zone=str(hass.config.time_zone),
            default_time_slots={
                managed.lock.device_id: slot
                for managed in locks
                if (
                    slot := managed.coordinator.default_time_slots.get(
                        managed.lock.device_id
                    )
                )
            },
        )
    except StayRefused as refused:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="stay_refused",
            translation_placeholders={
                "lock": refused.lock.name,
                "reason": async_get_exception_message(
                    DOMAIN, str(refused.rule), refused.placeholders
                ),
            },
        ) from refused


async def async_create_stay(
    hass: HomeAssistant,
    locks: Sequence[ManagedLock],
    *,
    name: str,
    check_in: datetime,
    check_out: datetime,
    source: StaySource | None = None,
    wait_for_code: bool = False,
) -> CreatedStay:
    """Plan the stay on every lock, then create its codes and remember the stay."""
    plans = plan_stay_on(hass, locks, name=name, check_in=check_in, check_out=check_out)
    managed_by_id = {managed.lock.device_id: managed for managed in locks}
    coordinators = {key: managed.coordinator for key, managed in managed_by_id.items()}
    store = await async_get_stay_store(hass)
    stay_id = uuid.uuid4().hex
    created: list[tuple[LockPlan, CreatedCode]] = []
    try:
        for plan in plans:
            managed = managed_by_id[plan.lock.device_id]
            created.append(
                await _async_create_on(
                    hass, managed, name=name, check_in=check_in, check_out=check_out
                )
            )
    except HomeAssistantError as err:
        if created:
            await store.async_put(
                _stay(stay_id, name, check_in, check_out, created, source)
            )
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="stay_partly_created",
            translation_placeholders={
                "lock": plan.lock.name,
                "error": str(err),
                "created": ", ".join(
                    f"{done.lock.name} ({code.code.access_code_id})"
                    for done, code in created
                )
                or "-",
                "stay_id": stay_id,
            },
        ) from err
    stay = await store.async_put(
        _stay(stay_id, name, check_in, check_out, created, source)
    )
    if wait_for_code:
        created = [
            (plan, await coordinators[plan.lock.device_id].async_wait_for_pin(code))
            for plan, code in created
        ]
    return CreatedStay(stay=stay, codes=tuple(created))


async def _async_create_on(
    hass: HomeAssistant,
    managed: ManagedLock,
    *,
    name: str,
    check_in: datetime,
    check_out: datetime,
) -> tuple[LockPlan, CreatedCode]:
    """Create a lock's code of the stay, planned again under the lock's create lock.

    Planning again counts the codes created on the lock since the stay was first
    planned, as every create does.
    """
    plans: list[LockPlan] = []

    def plan() -> PlannedCode:
        plans[:] = plan_stay_on(
            hass, [managed], name=name, check_in=check_in, check_out=check_out
        )
        return plans[0].planned

    code = await managed.coordinator.async_create_code(managed.lock, plan)
    return plans[0], code


def _stay(
    stay_id: str,
    name: str,
    check_in: datetime,
    check_out: datetime,
    created: Sequence[tuple[LockPlan, CreatedCode]],
    source: StaySource | None,
) -> Stay:
    return new_stay(
        stay_id,
        name,
        check_in,
        check_out,
        tuple(
            StayCode(
                device_id=plan.lock.device_id,
                lock_name=plan.lock.name,
                access_code_id=code.code.access_code_id,
                starts_at=plan.planned.request.starts_at,
                ends_at=plan.planned.local_ends_at,
            )
            for plan, code in created
        ),
        source,
    )
