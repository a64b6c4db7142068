"""Retained images of cases, inside the caller's transaction: sealed when a case is recorded
under retention or flagged for review, opened (who looked is audited) and purged when their
retention ends.

A flagged case keeps its evidence even when the workstation's retention is off: its images are
held until a reviewer decides it, then for the review retention period after the decision
(:func:`reviewed`); :func:`purge` never deletes the images of a flagged case nobody reviewed.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import datetime, timedelta

from sqlalchemy import Connection, Select, delete, insert, select, update

from app.cases import auditlog
from app.cases.errors import CaseError
from app.cases.models import CaseRecord, image_sha256
from app.cases.schema import case_images, cases, reviews
from app.cases.vault import ImageVault

REVIEW_DAYS_ENV = "FACECOMPARE_REVIEW_RETENTION_DAYS"
#: days a flagged case's images stay after its review when neither the store nor the env says
DEFAULT_REVIEW_DAYS = 30


def review_days(retention_days: int) -> int:
    """Days a flagged case's images stay after its review: ``FACECOMPARE_REVIEW_RETENTION_DAYS``,
    else the store's retention when it has one, else :data:`DEFAULT_REVIEW_DAYS`."""
    text = os.environ.get(REVIEW_DAYS_ENV, "").strip()
    if text:
        return max(0, int(text))
    return retention_days if retention_days > 0 else DEFAULT_REVIEW_DAYS


def keep_days(retention_days: int, flagged: bool) -> int:
    """How long to keep the images of a case being recorded (0: keep none): the store's
    retention, and for a flagged case at least the review period (counted from the review)."""
    if flagged:
        return max(retention_days, review_days(retention_days))
    return max(0, retention_days)


def keep(
    conn: Connection,
    vault: ImageVault,
    record: CaseRecord,
    images: Mapping[str, bytes],
    *,
    now: datetime,
    days: int,
) -> list[str]:
    """Seal ``images`` (kind → bytes) of ``record`` until ``now`` + ``days``; the kinds kept.

    The ``card`` and ``face`` originals must be the images whose sha256 the record holds.
    """
    purge_after = now + timedelta(days=days)
    digests = {"card": record.card_sha256, "face": record.face_sha256}
    for kind, data in images.items():
        if kind in digests and image_sha256(data) != digests[kind]:
            raise CaseError(f"the {kind} image does not match the case's sha256")
        nonce, sealed = vault.seal(record.case_id, kind, data)
        conn.execute(
            insert(case_images).values(
                case_id=record.case_id,
                kind=kind,
                nonce=nonce,
                ciphertext=sealed,
                stored_at=now,
                purge_after=purge_after,
            )
        )
    return sorted(images)


def kinds(conn: Connection, case_id: str) -> list[str]:
    """The kinds of image retained for ``case_id``, sorted."""
    q = select(case_images.c.kind).where(case_images.c.case_id == case_id).order_by(case_images.c.kind)
    return [r.kind for r in conn.execute(q)]


def open_all(
    conn: Connection, vault: ImageVault | None, case_id: str, *, actor: str, at: datetime
) -> dict[str, bytes]:
    """The case's retained images, decrypted, and an audit row naming who looked (none when
    nothing is retained)."""
    rows = conn.execute(select(case_images).where(case_images.c.case_id == case_id)).all()
    if not rows:
        return {}
    if vault is None:
        raise CaseError("images are retained but no image key is available")
    out = {r.kind: vault.open(case_id, r.kind, r.nonce, r.ciphertext) for r in rows}
    auditlog.append(
        conn, actor=actor, action="images.viewed", case_id=case_id, payload={"kinds": sorted(out)}, at=at
    )
    return out


def reviewed(conn: Connection, case_id: str, *, at: datetime, days: int) -> None:
    """A reviewer decided ``case_id`` at ``at``: its images stay ``days`` more from then (never
    less than they were already due to stay)."""
    until = at + timedelta(days=days)
    conn.execute(
        update(case_images)
        .where(case_images.c.case_id == case_id, case_images.c.purge_after < until)
        .values(purge_after=until)
    )


def _waiting_for_review() -> Select[tuple[str]]:
    """The flagged cases nobody has reviewed yet (their evidence is held whatever its date)."""
    reviewed_ids = select(reviews.c.case_id)
    return select(cases.c.case_id).where(cases.c.flagged.is_(True), cases.c.case_id.not_in(reviewed_ids))


def purge(conn: Connection, *, actor: str, now: datetime, days: int) -> int:
    """Delete images due at ``now``, except those of flagged cases still waiting for a reviewer;
    the purge (which cases, how many) is audited. Returns the count."""
    is_due = (case_images.c.purge_after <= now) & case_images.c.case_id.not_in(_waiting_for_review())
    due = conn.execute(select(case_images.c.case_id, case_images.c.kind).where(is_due)).all()
    if not due:
        return 0
    conn.execute(delete(case_images).where(is_due))
    auditlog.append(
        conn,
        actor=actor,
        action="images.purged",
        case_id=None,
        payload={"purged": len(due), "cases": sorted({r.case_id for r in due}), "retention_days": days},
        at=now,
    )
    return len(due)
