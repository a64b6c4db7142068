"""`make screenshots`: every screen rendered with the real windows and engine."""
