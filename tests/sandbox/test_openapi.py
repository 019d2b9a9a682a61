"""The sandbox's answers validate against Seam's published OpenAPI document.

The document comes from the pinned npm package ``@seamapi/types`` (``scripts/dump_openapi.mjs``).
Each endpoint's 200 response is checked against that endpoint's response schema in the spec.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
import shutil
import subprocess
from typing import Any

from jsonschema import Draft7Validator, FormatChecker
import pytest

from seam_sandbox import DemoDevice, ManualClock, Sandbox

from .conftest import START, SeamApi
from .helpers import local

ROOT = Path(__file__).resolve().parents[2]
DUMP_SCRIPT = ROOT / "scripts" / "dump_openapi.mjs"

DOCUMENTED_DEVIATIONS: dict[str, str] = {
    "ext_dormakaba_oracode_user_level_prefix": (
        "not in the current spec's predefined_time_slots; Seam's docs and older schemas use it, "
        "so the sandbox sends it next to dormakaba_oracode_user_level_prefix (notes 3.4)"
    ),
    "error envelope": (
        "the spec declares 400/401 responses without a body schema; the sandbox's error "
        "envelope is checked against ERROR_SCHEMA, written from Seam's documented examples"
    ),
}

ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["error", "ok"],
    "properties": {
        "ok": {"enum": [False]},
        "error": {
            "type": "object",
            "required": ["type", "message", "request_id"],
            "properties": {
                "type": {"type": "string"},
                "message": {"type": "string"},
                "request_id": {"type": "string"},
                "data": {"type": "object"},
                "validation_errors": {
                    "type": "object",
                    "required": ["_errors"],
                    "properties": {"_errors": {"type": "array"}},
                    "additionalProperties": {
                        "type": "object",
                        "required": ["_errors"],
                        "properties": {
                            "_errors": {"type": "array", "items": {"type": "string"}}
                        },
                    },
                },
            },
        },
    },
}


@pytest.fixture(scope="module")
def spec(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Dump Seam's OpenAPI document with node and make it JSON Schema."""
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "@seamapi" / "types").is_dir():
        pytest.skip("node or node_modules/@seamapi/types is missing: run scripts/setup")
    target = tmp_path_factory.mktemp("openapi") / "seam-connect.json"
    subprocess.run(  # noqa: S603 (our own script, run by the pinned node)
        [node, str(DUMP_SCRIPT), str(target)], check=True, cwd=ROOT, capture_output=True
    )
    return json_schema(json.loads(target.read_text(encoding="utf-8")))


def json_schema(node: Any) -> Any:
    """Translate OpenAPI 3.0 schemas to JSON Schema: ``nullable`` becomes a null type."""
    if isinstance(node, list):
        return [json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    translated = {
        key: json_schema(value) for key, value in node.items() if key != "nullable"
    }
    if node.get("nullable") is True:
        if "type" in translated:
            translated["type"] = [translated["type"], "null"]
            if "enum" in translated:
                translated["enum"] = [*translated["enum"], None]
        else:
            translated = {"anyOf": [translated, {"type": "null"}]}
    return translated


def check(spec: dict[str, Any], path: str, body: dict[str, Any]) -> None:
    """Validate ``body`` against the 200 response schema of ``path`` in the spec."""
    operation = spec["paths"][path].get("post") or spec["paths"][path]["get"]
    schema = copy.copy(
        operation["responses"]["200"]["content"]["application/json"]["schema"]
    )
    schema["components"] = spec["components"]
    validator = Draft7Validator(schema, format_checker=FormatChecker())
    errors = validator.iter_errors(
        {**body, "ok": True}
    )  # SeamApi.ok checked and removed ok
    problems = [f"{list(e.absolute_path)}: {e.message[:300]}" for e in errors]
    assert not problems, f"{path}: " + "\n".join(problems)


async def populate(seam: SeamApi, clock: ManualClock) -> dict[str, Any]:
    """Create codes of every kind and move them through their lifecycle."""
    sandbox: Sandbox = seam.sandbox
    sandbox.faults.fail_next_codes()
    created = {}
    requests = {
        "failing": {
            "device_id": DemoDevice.GARDEN_GATE,
            "starts_at": START,
            "ends_at": START.replace(day=2),
        },
        "hourly": {
            "device_id": DemoDevice.GARDEN_GATE,
            "starts_at": START,
            "ends_at": START.replace(day=3),
        },
        "daily": {
            "device_id": DemoDevice.FRONT_DOOR,
            "starts_at": START,
            "ends_at": START.replace(month=8),
        },
        "one_time": {
            "device_id": DemoDevice.FRONT_DOOR,
            "starts_at": START,
            "is_one_time_use": True,
        },
        "oracode": {
            "device_id": DemoDevice.ROOM_101,
            "starts_at": local("2026-06-01 16:00"),
            "ends_at": local("2026-06-02 10:00"),
        },
    }
    for name, params in requests.items():
        body = await seam.ok(
            "/access_codes/create",
            is_offline_access_code=True,
            **{
                k: v.isoformat() if hasattr(v, "isoformat") else v
                for k, v in params.items()
            },
        )
        created[name] = body
    created["online"] = await seam.ok(
        "/access_codes/create", device_id=DemoDevice.BACK_DOOR, code="4821"
    )
    clock.set(local("2026-06-01 15:30"))
    sandbox.set_device_online(DemoDevice.FRONT_DOOR, False)
    sandbox.set_device_online(DemoDevice.FRONT_DOOR, True)
    return created


async def test_responses_match_the_spec(
    seam: SeamApi, clock: ManualClock, spec: dict[str, Any]
) -> None:
    """Every endpoint the integration uses, on a sandbox with codes in every state."""
    created = await populate(seam, clock)
    for body in created.values():
        check(spec, "/access_codes/create", body)
    codes = seam.sandbox.access_codes
    statuses = {code["status"] for code in codes.values()}
    assert statuses == {"set", "setting"}
    assert any(code["errors"] for code in codes.values())
    checks: list[tuple[str, dict[str, Any]]] = [
        ("/workspaces/get", {}),
        ("/devices/list", {"limit": 2}),
        ("/devices/list", {}),
        ("/devices/get", {"device_id": DemoDevice.ROOM_101}),
        ("/locks/list", {}),
        ("/locks/get", {"device_id": DemoDevice.GARDEN_GATE}),
        ("/access_codes/list", {"device_id": DemoDevice.FRONT_DOOR}),
        ("/access_codes/list", {"access_code_ids": list(codes)}),
        (
            "/access_codes/get",
            {"access_code_id": created["oracode"]["access_code"]["access_code_id"]},
        ),
        (
            "/action_attempts/get",
            {
                "action_attempt_id": created["online"]["action_attempt"][
                    "action_attempt_id"
                ]
            },
        ),
        ("/events/list", {"since": "2026-01-01T00:00:00Z"}),
        (
            "/webhooks/create",
            {
                "url": "http://127.0.0.1:9/hook",
                "event_types": ["access_code.set_on_device"],
            },
        ),
        ("/webhooks/list", {}),
    ]
    for path, params in checks:
        check(spec, path, await seam.ok(path, **params))
    event_types = {e["event_type"] for e in seam.sandbox.events}
    assert {
        "access_code.failed_to_set_on_device",
        "device.disconnected",
        "device.connected",
    } <= event_types
    webhook_id = next(iter(seam.sandbox.webhooks))
    check(spec, "/webhooks/get", await seam.ok("/webhooks/get", webhook_id=webhook_id))
    online_id = created["online"]["access_code"]["access_code_id"]
    check(
        spec,
        "/access_codes/delete",
        await seam.ok("/access_codes/delete", access_code_id=online_id),
    )
    clock.move(START.replace(day=5) - START)
    check(
        spec,
        "/events/list",
        await seam.ok("/events/list", since="2026-01-01T00:00:00Z"),
    )
    check(
        spec,
        "/webhooks/delete",
        await seam.ok("/webhooks/delete", webhook_id=webhook_id),
    )


async def test_error_envelopes(seam: SeamApi) -> None:
    """400, 401, 404 and 429 bodies share Seam's error envelope."""
    validator = Draft7Validator(ERROR_SCHEMA)
    bodies = [
        (
            await seam.request(
                "POST", "/access_codes/create", device_id=DemoDevice.GARDEN_GATE
            )
        )[1],
        (await seam.request("POST", "/workspaces/get", auth=False))[1],
        (
            await seam.request(
                "POST", "/devices/get", device_id=DemoDevice.GARDEN_GATE[:-1] + "0"
            )
        )[1],
    ]
    seam.sandbox.faults.rate_limit_burst(1)
    bodies.append((await seam.request("POST", "/devices/list"))[1])
    for body in bodies:
        validator.validate(body)


def test_the_check_is_not_vacuous(sandbox: Sandbox, spec: dict[str, Any]) -> None:
    """A device missing a required field, or a wrong status, fails the check."""
    device = copy.deepcopy(sandbox.devices[DemoDevice.GARDEN_GATE])
    del device["properties"]["online"]
    with pytest.raises(AssertionError, match="online"):
        check(spec, "/devices/get", {"device": device})
    with pytest.raises(AssertionError, match="status"):
        check(spec, "/action_attempts/get", {"action_attempt": {"status": "done"}})


def test_documented_deviations(sandbox: Sandbox, spec: dict[str, Any]) -> None:
    """The extra slot field really is outside the spec, and really is sent."""
    field = "ext_dormakaba_oracode_user_level_prefix"
    assert field in DOCUMENTED_DEVIATIONS
    assert field not in json.dumps(spec["components"]["schemas"]["device"])
    room = sandbox.devices[DemoDevice.ROOM_101]["properties"][
        "dormakaba_oracode_metadata"
    ]
    assert all(field in slot for slot in room["predefined_time_slots"])
