"""The tables against the log: every case and review must equal what its audit row recorded."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, select

from app.cases.chain import ChainReport
from app.cases.models import Review, Verdict
from app.cases.rowmap import to_record
from app.cases.schema import audit_log, cases, reviews


def _record_json(row: Any) -> dict[str, Any]:
    return to_record(row).model_dump(mode="json")


def crosscheck(conn: Connection, report: ChainReport) -> ChainReport:
    """Mark ``report`` broken at the first case or review that differs from (or lacks) its audit row.

    Cases recorded before the audit log existed (no ``flagged`` value) are only counted in ``notes``.
    """
    if not report.ok:
        return report
    logged: dict[tuple[str, str], tuple[int, dict[str, Any]]] = {}
    q = select(audit_log.c.seq, audit_log.c.action, audit_log.c.case_id, audit_log.c.payload).where(
        audit_log.c.action.in_(("case.recorded", "case.reviewed"))
    )
    for r in conn.execute(q):
        logged[(r.action, r.case_id)] = (r.seq, json.loads(r.payload))
    legacy = 0
    for row in conn.execute(select(cases).order_by(cases.c.created_at)):
        entry = logged.get(("case.recorded", row.case_id))
        if entry is None:
            if row.flagged is None:
                legacy += 1
                continue
            report.problem = f"case {row.case_id} has no audit row (it was inserted behind the store's back)"
            return report
        seq, payload = entry
        stored = _record_json(row)
        if any(payload.get(k) != v for k, v in stored.items()):
            changed = sorted(k for k, v in stored.items() if payload.get(k) != v)
            report.bad_seq = seq
            report.problem = (
                f"case {row.case_id} no longer matches audit row #{seq} ({', '.join(changed)} changed)"
            )
            return report
    for row in conn.execute(select(reviews)):
        entry = logged.get(("case.reviewed", row.case_id))
        review = Review(
            case_id=row.case_id, reviewer=row.reviewer, verdict=Verdict(row.verdict), reason=row.reason
        )
        if entry is None or entry[1] != {"verdict": review.verdict.value, "reason": review.reason}:
            report.bad_seq = entry[0] if entry else None
            report.problem = f"the review of case {row.case_id} does not match the audit log"
            return report
    if legacy:
        report.notes.append(f"{legacy} case(s) predate the audit log and are not covered by it")
    return report
