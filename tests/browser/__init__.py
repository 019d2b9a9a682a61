"""Browser test of the demo environment (scripts/develop) through Home Assistant's UI."""
