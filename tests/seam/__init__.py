"""Tests of the HA-free Seam client package."""
