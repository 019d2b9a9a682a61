"""Async client for the Seam Connect API, limited to offline access codes.

This package imports nothing from Home Assistant.
"""
