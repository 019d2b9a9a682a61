"""The Seam Offline Codes integration."""
