"""Names of the sandbox's demo scenario, shared by the tests."""

WORKSPACE_ID = "4f2d8e6a-3b1c-4d5e-9f70-8a1b2c3d4e5f"
WORKSPACE_NAME = "Seam Offline Codes Demo"
WEBHOOK_ID = "OMGWEBHOOK"
"""The entry's Home Assistant webhook id, as the config flow would generate it."""
ENTRY_ID = "01JSEAMDEM0WORKSPACE000000"
"""The test entry's id, fixed so that snapshots of its workspace's entities stay put."""

FRONT_DOOR = "9689dc30-77d8-4728-9968-b3abd0835f47"
"""igloohome lock with a bridge, in America/New_York."""
GARDEN_GATE = "3f1c7b2e-5a9d-4e60-8b21-c4d7e9f0a613"
"""igloohome lock without a bridge: offline codes only."""
ROOM_101 = "ea12f6c6-e63e-447d-856b-ec9e92981000"
"""dormakaba Oracode door in America/Los_Angeles, with predefined time slots."""
BACK_DOOR = "6a2d9f41-8e3b-4c7d-a05e-9b1f2c3d4e58"
"""Schlage lock: access codes, but no offline codes."""
THERMOSTAT = "b7c4e2a9-1f6d-4a83-9e0c-5d2b8f7a6e41"
"""ecobee thermostat: not a lock."""

OFFLINE_LOCKS = (FRONT_DOOR, GARDEN_GATE, ROOM_101)
