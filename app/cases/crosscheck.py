"""The tables against the log: every case, review and user must equal what the log recorded, and
every case, review and user the log recorded must still be there.

A case may lack its ``case.recorded`` row only when the log itself says it predates the log (a
``log.legacy_cases`` row, written once by migration 0006, names each such case and its digest).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any, NamedTuple

from pydantic import ValidationError
from sqlalchemy import Connection, select

from app.cases.chain import ChainReport, canonical_json
from app.cases.rowmap import LATER_FIELDS, to_record
from app.cases.schema import audit_log, cases, reviews, users

LEGACY_ACTION = "log.legacy_cases"
#: actions that set a user's role, activity or credential (payload names ``username``)
USER_ACTIONS = ("user.added", "user.role_changed", "user.deactivated", "user.activated", "user.password_set")


def credential_digest(password_hash: str) -> str:
    """What the log keeps of a password hash: its sha256 (the hash and its salt never enter the log)."""
    return hashlib.sha256(password_hash.encode("utf-8")).hexdigest()


def case_digest(row: Any) -> str:
    """The sha256 of a case row's record (canonical JSON), for the legacy list. Fields added after
    the list was written (revision 0006) are left out while empty, so a listed case still matches."""
    doc = _record_json(row)
    for name in LATER_FIELDS:
        if doc.get(name) is None:
            doc.pop(name, None)
    return hashlib.sha256(canonical_json(doc).encode("utf-8")).hexdigest()


class _Logged(NamedTuple):
    seq: int
    action: str
    case_id: str | None
    payload: dict[str, Any]
    actor: str


Log = Iterable[_Logged]


def _record_json(row: Any) -> dict[str, Any]:
    return to_record(row).model_dump(mode="json")


class _Broken(Exception):
    def __init__(self, problem: str, seq: int | None = None) -> None:
        super().__init__(problem)
        self.problem, self.seq = problem, seq


def crosscheck(conn: Connection, report: ChainReport) -> ChainReport:
    """Mark ``report`` broken at the first case, review or user that differs from (or lacks, or
    has lost) its audit row."""
    if not report.ok:
        return report
    c = audit_log.c
    q = select(c.seq, c.action, c.case_id, c.payload, c.actor).where(
        c.action.in_(("case.recorded", "case.reviewed", LEGACY_ACTION, *USER_ACTIONS))
    )
    log = [
        _Logged(r.seq, r.action, r.case_id, json.loads(r.payload), r.actor)
        for r in conn.execute(q.order_by(c.seq))
    ]
    try:
        legacy = _cases(conn, log)
        _reviews(conn, log)
        _users(conn, log)
    except _Broken as broken:
        report.bad_seq, report.problem = broken.seq, broken.problem
        return report
    if legacy:
        report.notes.append(f"{legacy} case(s) predate the audit log (listed by it, unchanged)")
    return report


def _cases(conn: Connection, log: Log) -> int:
    logged: dict[str, tuple[int, dict[str, Any]]] = {}
    legacy: dict[str, tuple[int, str]] = {}
    for seq, action, case_id, payload, _ in log:
        if action == "case.recorded" and case_id:
            logged[case_id] = (seq, payload)
        elif action == LEGACY_ACTION:
            legacy.update({cid: (seq, digest) for cid, digest in payload.get("cases", {}).items()})
    seen: set[str] = set()
    for row in conn.execute(select(cases).order_by(cases.c.created_at)):
        seen.add(row.case_id)
        entry = logged.get(row.case_id)
        if entry is None:
            old = legacy.get(row.case_id)
            if old is None:
                raise _Broken(
                    f"case {row.case_id} has no audit row (it was inserted behind the store's back)"
                )
            if _digest_or_none(row) != old[1]:
                raise _Broken(f"case {row.case_id} differs from the legacy list of row #{old[0]}", old[0])
            continue
        seq, payload = entry
        try:
            stored = _record_json(row)
        except ValidationError:
            raise _Broken(
                f"case {row.case_id} no longer matches audit row #{seq} (its columns were emptied)", seq
            ) from None
        changed = sorted(k for k, v in stored.items() if payload.get(k) != v)
        if changed:
            raise _Broken(
                f"case {row.case_id} no longer matches audit row #{seq} ({', '.join(changed)} changed)", seq
            )
    for case_id, (seq, _) in sorted({**legacy, **logged}.items(), key=lambda kv: kv[1][0]):
        if case_id not in seen:
            raise _Broken(f"case {case_id}, recorded by audit row #{seq}, is missing (deleted)", seq)
    return len(legacy.keys() & seen - logged.keys())


def _digest_or_none(row: Any) -> str | None:
    try:
        return case_digest(row)
    except ValidationError:
        return None


def _reviews(conn: Connection, log: Log) -> None:
    logged = {e.case_id: e for e in log if e.action == "case.reviewed" and e.case_id}
    seen: set[str] = set()
    for row in conn.execute(select(reviews)):
        seen.add(row.case_id)
        entry = logged.get(row.case_id)
        said = {"verdict": row.verdict, "reason": row.reason}
        if entry is None or entry.payload != said:
            seq = entry.seq if entry else None
            raise _Broken(f"the review of case {row.case_id} does not match the audit log", seq)
        if row.reviewer != entry.actor:
            raise _Broken(
                f"the review of case {row.case_id} names another reviewer than row #{entry.seq}", entry.seq
            )
    for case_id, e in logged.items():
        if case_id not in seen:
            raise _Broken(
                f"the review of case {case_id}, recorded by audit row #{e.seq}, is missing (deleted)", e.seq
            )


def _users(conn: Connection, log: Log) -> None:
    """Each user's role, activity and credential as the log last set them."""
    state: dict[str, dict[str, Any]] = {}
    for seq, action, _, p, _actor in log:
        if action not in USER_ACTIONS or "username" not in p:
            continue
        user = state.setdefault(p["username"], {"seq": seq})
        user["seq"] = seq
        if action == "user.added":
            user.update(role=p.get("role"), active=True, credential=p.get("credential"))
        elif action == "user.role_changed":
            user["role"] = p.get("role")
        elif action in ("user.deactivated", "user.activated"):
            user["active"] = action == "user.activated"
        elif action == "user.password_set":
            user["credential"] = p.get("credential")
    seen: set[str] = set()
    for row in conn.execute(select(users)):
        seen.add(row.username)
        want = state.get(row.username)
        if want is None or "role" not in want:
            raise _Broken(f"user {row.username!r} ({row.role}) was never added through the log")
        if row.role != want["role"]:
            raise _Broken(
                f"user {row.username!r} holds the role {row.role!r}, which the log never granted "
                f"(it says {want['role']!r} at row #{want['seq']})",
                want["seq"],
            )
        if bool(row.active) != want["active"]:
            raise _Broken(
                f"user {row.username!r} is {'active' if row.active else 'inactive'} against the log"
            )
        if want.get("credential") and credential_digest(row.password_hash) != want["credential"]:
            raise _Broken(f"user {row.username!r} has a password hash the log never set", want["seq"])
    for username, want in state.items():
        if username not in seen and "role" in want:
            raise _Broken(
                f"user {username!r}, added by the log, is missing from users (deleted)", want["seq"]
            )
