"""What the store refuses, by kind."""

from __future__ import annotations


class CaseError(ValueError):
    """A request the case store cannot carry out (unknown case, not flagged, already reviewed…)."""


class AccessDenied(PermissionError):
    """A role or four-eyes rule forbids this user the action."""
