"""What every audit export states first: whether the chain verified, and its head.

Written by every format (CSV and JSON Lines in :mod:`app.cases.export`, the PDF report in
:mod:`app.cases.report_pdf`) and read back by ``facecompare audit verify --checkpoint``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.cases.chain import ChainReport, Checkpoint


@dataclass(frozen=True, slots=True)
class ExportHeader:
    """The chain's state when an export was written and its head."""

    chain_verified: bool
    head_seq: int
    head_hash: str
    checkpoint_at: str
    problem: str
    since: str | None
    until: str | None
    rows: int
    signature: str = ""
    action: str | None = None  # the rows' filters (None: any)
    by: str | None = None
    exported_by: str = ""
    exported_at: str = ""

    @classmethod
    def of(
        cls,
        report: ChainReport,
        point: Checkpoint,
        since: datetime | None,
        until: datetime | None,
        rows: int,
        *,
        action: str | None = None,
        by: str | None = None,
        exported_by: str = "",
        exported_at: str = "",
    ) -> ExportHeader:
        return cls(
            chain_verified=report.ok,
            head_seq=point.seq,
            head_hash=point.hash,
            checkpoint_at=point.at,
            problem=report.problem,
            since=since.isoformat() if since else None,
            until=until.isoformat() if until else None,
            rows=rows,
            signature=point.signature,
            action=action or None,
            by=by or None,
            exported_by=exported_by,
            exported_at=exported_at,
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "facecompare_audit_export": 1,
            "chain_verified": self.chain_verified,
            "head_seq": self.head_seq,
            "head_hash": self.head_hash,
            "checkpoint_at": self.checkpoint_at,
            "signature": self.signature,
            "problem": self.problem,
            "since": self.since,
            "until": self.until,
            "rows": self.rows,
            "action": self.action,
            "by": self.by,
            "exported_by": self.exported_by,
            "exported_at": self.exported_at,
        }

    def filters(self) -> str:
        """The selection in words: time window, action and actor ("" when the whole log)."""
        parts = [
            f"{name} {value}"
            for name, value in (
                ("from", self.since),
                ("before", self.until),
                ("action", self.action),
                ("by", self.by),
            )
            if value
        ]
        return ", ".join(parts)

    def line(self) -> str:
        state = "VERIFIED" if self.chain_verified else f"NOT VERIFIED ({self.problem})"
        return f"audit chain {state}; head #{self.head_seq} sha256 {self.head_hash}"

    def checkpoint(self) -> Checkpoint:
        return Checkpoint(self.head_seq, self.head_hash, self.checkpoint_at, self.signature)


def recorded_checkpoint(obj: Mapping[str, Any]) -> Checkpoint | None:
    """The head an ``as_dict()`` (or a checkpoint file's object) records; None when it has none."""
    if "head_seq" not in obj:
        return None
    return Checkpoint(
        int(obj["head_seq"]), obj["head_hash"], obj.get("checkpoint_at", ""), obj.get("signature", "")
    )
