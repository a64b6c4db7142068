"""The review queue's state (Qt-free): the filters, the listed cases, the selection, and verdicts.

``ReviewQueue`` shows it: it reads the filter widgets into :class:`QueueFilters`, lists
``cases``, selects what :meth:`ReviewQueueState.refresh` says, and enables Approve / Reject by
:meth:`ReviewQueueState.can_decide`. The store enforces the rules again (roles, four eyes).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from app.cases import AccessDenied, CaseError, CaseRecord, Review, SqlCaseStore, Verdict
from app.cases.chain import AuditRow
from app.contract.score import score_text

log = logging.getLogger(__name__)
# the crops the recogniser saw first, the full images when only those were kept
IMAGE_KINDS = {"card": ("card_crop", "card"), "face": ("face_crop", "face")}


@dataclass(frozen=True, slots=True)
class QueueFilters:
    """The queue's filters as the reviewer set them (empty = any)."""

    reason: str = ""
    operator: str = ""
    workstation: str = ""
    since: date | None = None
    include_reviewed: bool = False

    def query(self) -> dict[str, Any]:
        """Keyword arguments of ``CaseStore.queue`` (``since`` from midnight UTC of that day)."""
        return {
            "reason": self.reason or None,
            "operator": self.operator.strip() or None,
            "workstation": self.workstation.strip() or None,
            "since": _midnight(self.since),
            "include_reviewed": self.include_reviewed,
        }


@dataclass(frozen=True, slots=True)
class AuditFilters:
    """The audit viewer's filters: an action, an actor and a range of days (UTC, both included)."""

    action: str = ""
    actor: str = ""
    since: date | None = None
    until: date | None = None

    def export(self) -> dict[str, Any]:
        """Keyword arguments of ``app.cases.export.export``: the same rows the viewer lists."""
        return {
            "action": self.action or None,
            "by": self.actor.strip() or None,
            "since": _midnight(self.since),
            "until": _midnight(self.until + timedelta(days=1)) if self.until else None,
        }

    def query(self) -> dict[str, Any]:
        """Keyword arguments of ``SqlCaseStore.audit``."""
        q = self.export()
        return {"action": q["action"], "actor": q["by"], "since": q["since"], "until": q["until"]}


def _midnight(day: date | None) -> datetime | None:
    return datetime(day.year, day.month, day.day, tzinfo=UTC) if day else None


@dataclass(frozen=True, slots=True)
class Decided:
    """What became of a verdict: recorded, refused by the store's rules, or not recorded at all."""

    case_id: str
    verdict: Verdict
    refused: str = ""  # four eyes, role, no reason, reviewed already: the store's words
    failed: str = ""  # the store could not record it (a lost database)

    @property
    def recorded(self) -> bool:
        return not (self.refused or self.failed)


class ReviewQueueState:
    """Flagged cases for ``reviewer`` under the current filters, and the one selected."""

    def __init__(self, store: SqlCaseStore, reviewer: str) -> None:
        self.store, self.reviewer = store, reviewer
        self.cases: list[CaseRecord] = []
        self.reviews: dict[str, Review] = {}  # of listed cases already reviewed
        self.index = -1

    @property
    def selected(self) -> CaseRecord | None:
        return self.cases[self.index] if 0 <= self.index < len(self.cases) else None

    def refresh(self, filters: QueueFilters) -> int:
        """List the cases ``filters`` select; returns the row to select: the same case when it
        is still listed, else the first row, or -1 for an empty list."""
        keep = self.selected.case_id if self.selected else None
        self.cases = self.store.queue(**filters.query())
        self.reviews = {}
        if filters.include_reviewed:  # without it, every listed case is still waiting
            self.reviews = {r.case_id: r for c in self.cases if (r := self.store.review_of(c.case_id))}
        ids = [c.case_id for c in self.cases]
        self.index = ids.index(keep) if keep in ids else (0 if ids else -1)
        return self.index

    def select(self, index: int) -> CaseRecord | None:
        """The reviewer picked row ``index`` (-1: none)."""
        self.index = index
        return self.selected

    def review_of(self, rec: CaseRecord) -> Review | None:
        return self.reviews.get(rec.case_id)

    def cells(
        self,
        rec: CaseRecord,
        waiting: str,
        *,
        decision: Callable[[str], str] = str,
        reason: Callable[[str], str] = str,
        verdict: Callable[[str], str] = str,
    ) -> tuple[str, ...]:
        """The table row of ``rec`` (``waiting``: the status of a case nobody reviewed yet);
        ``decision``, ``reason`` and ``verdict`` put those values in the reader's words."""
        review = self.review_of(rec)
        return (
            f"{rec.created_at:%Y-%m-%d %H:%M}",
            rec.customer_ref,
            decision(rec.decision),
            score_text(rec.similarity),
            rec.operator,
            rec.workstation,
            verdict(review.verdict.value) if review else waiting,
            ", ".join(reason(r) for r in rec.flag_reasons),
        )

    def can_decide(self, reason: str) -> bool:
        """A case is selected, nobody reviewed it yet, and a reason is written."""
        rec = self.selected
        return rec is not None and self.review_of(rec) is None and bool(reason.strip())

    def decide(self, verdict: Verdict, reason: str) -> Decided | None:
        """Record the reviewer's verdict on the selected case (None when nothing is selected)."""
        rec = self.selected
        if rec is None:
            return None
        try:
            self.store.review(rec.case_id, self.reviewer, verdict, reason)
        except (AccessDenied, CaseError) as exc:  # four eyes, role, no reason, already reviewed
            return Decided(rec.case_id, verdict, refused=str(exc))
        except Exception as exc:  # a lost database must not look like a recorded decision
            log.error("review not recorded: %s", type(exc).__name__)
            return Decided(rec.case_id, verdict, failed=str(exc))
        return Decided(rec.case_id, verdict)


def shown_image(images: dict[str, bytes], slot: str, originals: bool) -> bytes | None:
    """The image of ``slot`` (card / face) to show: the original when asked for, else the
    aligned crop or, when only the original was kept, the original; None when nothing was."""
    kinds = (slot,) if originals else IMAGE_KINDS[slot]
    return next((images[k] for k in kinds if k in images), None)


def trail_line(
    row: AuditRow,
    action: Callable[[str], str] = str,
    decision: Callable[[str], str] = str,
    outcome: Callable[[str], str] = str,
    verdict: Callable[[str], str] = str,
) -> str:
    """One line of a case's decision trail: seq, time, who, what, and the decision or verdict
    (``action``, ``decision``, ``outcome`` and ``verdict`` put those in the reader's words)."""
    payload = json.loads(row.payload)
    detail = ""
    if row.action == "case.recorded":
        detail = f"{decision(str(payload.get('decision')))} → {outcome(str(payload.get('outcome')))}"
    elif row.action == "case.reviewed":
        detail = f"{verdict(str(payload.get('verdict')))}: {payload.get('reason')}"
    return f"#{row.seq} {row.at[:19].replace('T', ' ')}  {row.actor}  {action(row.action)}  {detail}"
