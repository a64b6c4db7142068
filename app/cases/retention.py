"""Retained images of cases, inside the caller's transaction: sealed when a case is recorded
under retention, opened (who looked is audited) and purged when their retention ends."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from sqlalchemy import Connection, delete, insert, select

from app.cases import auditlog
from app.cases.errors import CaseError
from app.cases.models import CaseRecord, image_sha256
from app.cases.schema import case_images
from app.cases.vault import ImageVault


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


def purge(conn: Connection, *, actor: str, now: datetime, days: int) -> int:
    """Delete images due at ``now``; the purge (which cases, how many) is audited. Returns the count."""
    due = conn.execute(
        select(case_images.c.case_id, case_images.c.kind).where(case_images.c.purge_after <= now)
    ).all()
    if not due:
        return 0
    conn.execute(delete(case_images).where(case_images.c.purge_after <= now))
    auditlog.append(
        conn,
        actor=actor,
        action="images.purged",
        case_id=None,
        payload={"purged": len(due), "cases": sorted({r.case_id for r in due}), "retention_days": days},
        at=now,
    )
    return len(due)
