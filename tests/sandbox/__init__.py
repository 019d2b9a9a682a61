"""Tests of the Seam sandbox."""
