"""Tests for the Seam Offline Codes integration and its sandbox."""
