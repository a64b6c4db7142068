"""The protocol every case store implements."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol, runtime_checkable

from app.cases.models import CaseRecord, Outcome


@runtime_checkable
class CaseStore(Protocol):
    """Append-only store of case records (a record is never changed once added)."""

    def add(self, record: CaseRecord, *, images: Mapping[str, bytes] | None = None) -> CaseRecord:
        """Store ``record`` (and ``images``, kind → bytes, only when the store retains images);
        raises ``ValueError`` when its ``case_id`` is already there or its ``consent`` is not True."""
        ...

    def get(self, case_id: str) -> CaseRecord | None:
        """The record with ``case_id``, or None."""
        ...

    def list(self, *, outcome: Outcome | None = None, limit: int = 100) -> list[CaseRecord]:
        """The newest records first, optionally only those with ``outcome``."""
        ...

    def audit_event(
        self, actor: str, action: str, payload: dict[str, Any], case_id: str | None = None
    ) -> object:
        """Log an event that changes no table (a sign-out, an export, a printed report)."""
        ...

    def close(self) -> None:
        """Release the connection pool."""
        ...
