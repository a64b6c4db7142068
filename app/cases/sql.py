"""``SqlCaseStore``: cases, users, reviews, retained images and the audit log on SQLAlchemy.

SQLite (WAL, one file per workstation) or PostgreSQL (a branch's shared queue). Every change
writes its audit row in the same transaction, so a case never exists without its log entry.
"""

from __future__ import annotations

import builtins
import json
import logging
import os
import platform
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import Select, func, insert, select
from sqlalchemy.exc import IntegrityError

from app.cases import accounts, auditlog, flags, keys, retention, signing
from app.cases.chain import SIGNING_STARTED, AuditRow, ChainReport, Checkpoint
from app.cases.crosscheck import crosscheck
from app.cases.db import database_url, make_engine, reading
from app.cases.errors import AccessDenied, CaseError
from app.cases.migrate import upgrade
from app.cases.models import CaseRecord, Outcome, Review, Role, User, Verdict
from app.cases.passwords import hash_password
from app.cases.publish import DEFAULT_EVERY, EVERY_ENV, Publisher
from app.cases.rowmap import to_record, to_row
from app.cases.schema import cases, reviews
from app.cases.vault import ImageVault
from app.files import private_dir

RETENTION_ENV = "FACECOMPARE_RETENTION_DAYS"
_log = logging.getLogger(__name__)
_REVIEWERS = {Role.REVIEWER, Role.ADMIN}


def _aware(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _same_person(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


def _created_within(q: Select[Any], since: datetime | None, until: datetime | None) -> Select[Any]:
    """``q`` restricted to cases created in [since, until) (either end may be open)."""
    if since is not None:
        q = q.where(cases.c.created_at >= since)
    if until is not None:
        q = q.where(cases.c.created_at < until)
    return q


class SqlCaseStore:
    """The case store on any SQLAlchemy URL, migrated to the newest schema when opened.

    ``retention_days`` > 0 keeps images passed to ``add`` (encrypted with ``image_key``) for
    that long; a flagged case's images are kept (with a key) until reviewed plus the review
    period; ``clock`` is injectable for tests of retention. ``signing_key`` (Ed25519) signs
    checkpoints; ``public_keys`` check them (its own public key is always among them);
    ``audit_key`` is the retired HMAC key, kept to check (and, alone, sign) old set-ups' checkpoints.
    ``publisher`` writes a checkpoint outside the database every ``checkpoint_every`` audit rows this
    store writes, and on ``close``.
    """

    def __init__(
        self,
        url: str | None = None,
        *,
        retention_days: int = 0,
        image_key: bytes | None = None,
        audit_key: bytes | None = None,
        signing_key: Ed25519PrivateKey | None = None,
        public_keys: Sequence[Ed25519PublicKey] = (),
        publisher: Publisher | None = None,
        checkpoint_every: int = DEFAULT_EVERY,
        clock: Callable[[], datetime] | None = None,
        lockout: accounts.Lockout | None = None,
        directory: accounts.Directory | None = None,
    ) -> None:
        self.url = database_url(url)
        self._engine = make_engine(self.url)
        upgrade(self._engine)
        self.retention_days = retention_days
        self._vault = ImageVault(image_key) if image_key else None
        if retention_days > 0 and self._vault is None:
            raise ValueError(f"image retention needs a key ({keys.IMAGE_KEY_ENV} or the OS keyring)")
        self._audit_key = audit_key
        self._signing_key = signing_key
        own = [signing_key.public_key()] if signing_key else []
        self._public_keys = [*own, *public_keys]
        self._publisher = publisher
        self._checkpoint_every = max(1, checkpoint_every)
        self._unpublished = 0  # audit rows this store wrote since it last published a checkpoint
        self._signing_logged = False  # the log holds this key's audit.signing_started row
        self._clock = clock or (lambda: datetime.now(UTC))
        self.lockout = lockout or accounts.Lockout()
        self.directory = directory

    @classmethod
    def at(cls, path: Path, **kwargs: Any) -> SqlCaseStore:
        """A SQLite store in the file ``path`` (its folder is created, 0700)."""
        private_dir(path.parent)
        return cls(f"sqlite:///{path}", **kwargs)

    @classmethod
    def from_env(cls, url: str | None = None, **kwargs: Any) -> SqlCaseStore:
        """The store of ``FACECOMPARE_DATABASE_URL`` (or the default), keys from env or keyring.
        Where people sign in, :func:`app.cases.people.open_store` adds the bank's directory."""
        kwargs.setdefault("image_key", keys.image_key())
        kwargs.setdefault("audit_key", keys.audit_key())
        kwargs.setdefault("signing_key", signing.configured_private())
        public = signing.configured_public()
        kwargs.setdefault("public_keys", [public] if public else [])
        kwargs.setdefault("publisher", Publisher.from_env(source=platform.node()))
        kwargs.setdefault("checkpoint_every", int(os.environ.get(EVERY_ENV, "0") or DEFAULT_EVERY))
        kwargs.setdefault("retention_days", int(os.environ.get(RETENTION_ENV, "0") or 0))
        return cls(url, **kwargs)

    @property
    def dialect(self) -> str:
        return self._engine.dialect.name

    def close(self) -> None:
        """Publish a last checkpoint when this store wrote since the last one, then disconnect."""
        try:
            if self._publisher is not None and self._unpublished:
                self.checkpoint()
        except OSError as exc:
            _log.error("could not publish the closing audit checkpoint to %s: %s", self._publisher, exc)
        finally:
            self._engine.dispose()

    def _wrote(self) -> None:
        """Count one audit row written; every ``checkpoint_every`` rows, publish a checkpoint."""
        self._unpublished += 1
        if self._publisher is not None and self._unpublished >= self._checkpoint_every:
            try:
                self.checkpoint()
            except OSError as exc:  # what was recorded stays recorded; the next write tries again
                _log.error("could not publish an audit checkpoint to %s: %s", self._publisher.folder, exc)

    # ---- cases ---------------------------------------------------------------------------

    def add(self, record: CaseRecord, *, images: Mapping[str, bytes] | None = None) -> CaseRecord:
        """Store ``record`` and its audit row; ``images`` (kind → bytes) are kept only under retention.

        Raises ``CaseError`` (a ``ValueError``) when its ``case_id`` is already there, when the
        customer's consent to the biometric check is not on the record (``consent`` not True), or
        for a case the rules refuse (``flags.refusal``: an override without a written reason).
        """
        if record.consent is not True:
            raise CaseError("the customer's consent to the biometric check is required to record a case")
        if (why := flags.refusal(record)) is not None:
            raise CaseError(why)
        reasons = record.flag_reasons
        now = self._clock()
        kept: list[str] = []
        with self._engine.begin() as conn:
            values = to_row(record) | {"flagged": bool(reasons), "flag_reasons": json.dumps(reasons)}
            try:
                conn.execute(insert(cases).values(**values))
            except IntegrityError:
                raise CaseError(f"case {record.case_id} is already recorded") from None
            days = retention.keep_days(self.retention_days, flagged=bool(reasons))
            if images and days > 0 and self._vault is not None:  # a flagged case keeps its evidence
                kept = retention.keep(conn, self._vault, record, images, now=now, days=days)
            elif images and days > 0:
                _log.warning("flagged case %s: no image key, its images are not kept", record.case_id)
            payload = record.model_dump(mode="json") | {
                "flag_reasons": list(reasons),
                "images_retained": kept,
            }
            auditlog.append(
                conn,
                actor=record.operator or "unknown",
                action="case.recorded",
                case_id=record.case_id,
                payload=payload,
                at=now,
            )
        self._wrote()
        return record

    def get(self, case_id: str) -> CaseRecord | None:
        with reading(self._engine) as conn:
            row = conn.execute(select(cases).where(cases.c.case_id == case_id)).one_or_none()
            return to_record(row) if row is not None else None

    def list(self, *, outcome: Outcome | None = None, limit: int = 100) -> list[CaseRecord]:
        query = select(cases).order_by(cases.c.created_at.desc()).limit(limit)
        if outcome is not None:
            query = query.where(cases.c.outcome == outcome.value)
        with reading(self._engine) as conn:
            return [to_record(row) for row in conn.execute(query)]

    def between(
        self, *, since: datetime | None = None, until: datetime | None = None, limit: int = 10_000
    ) -> builtins.list[CaseRecord]:
        """Cases created in [since, until), oldest first."""
        q = select(cases).order_by(cases.c.created_at).limit(limit)
        q = _created_within(q, since, until)
        with reading(self._engine) as conn:
            return [to_record(row) for row in conn.execute(q)]

    def count(self) -> int:
        with reading(self._engine) as conn:
            return int(conn.execute(select(func.count()).select_from(cases)).scalar_one())

    def queue(
        self,
        *,
        reason: str | None = None,
        operator: str | None = None,
        workstation: str | None = None,
        customer_ref: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        include_reviewed: bool = False,
        limit: int = 500,
    ) -> builtins.list[CaseRecord]:
        """Flagged cases, oldest first, still waiting for a reviewer unless ``include_reviewed``."""
        q = select(cases).where(cases.c.flagged.is_(True)).order_by(cases.c.created_at).limit(limit)
        if not include_reviewed:
            q = q.where(~select(reviews.c.case_id).where(reviews.c.case_id == cases.c.case_id).exists())
        if reason:
            q = q.where(cases.c.flag_reasons.contains(f'"{reason}"'))
        if operator:
            q = q.where(cases.c.operator == operator)
        if workstation:
            q = q.where(cases.c.workstation == workstation)
        if customer_ref:
            q = q.where(cases.c.customer_ref == customer_ref)
        q = _created_within(q, since, until)
        with reading(self._engine) as conn:
            return [to_record(row) for row in conn.execute(q)]

    # ---- users ---------------------------------------------------------------------------

    def add_user(self, username: str, role: Role | str, password: str, *, actor: str | None = None) -> User:
        """Create a user. Only an admin may, except for the very first user, who must be an admin."""
        username, role = username.strip(), Role(role)
        if not username:
            raise CaseError("a username is required")
        hashed = hash_password(password)
        with self._engine.begin() as conn:
            user = accounts.add(conn, username, role, hashed, actor=actor, clock=self._clock)
        self._wrote()
        return user

    def user_count(self) -> int:
        with reading(self._engine) as conn:
            return accounts.count(conn)

    def user(self, username: str) -> User | None:
        with reading(self._engine) as conn:
            return accounts.find(conn, username)

    def authenticate(
        self, username: str, password: str, *, directory: accounts.Directory | None = None
    ) -> User | None:
        """The user when the password is right, the account active and not locked out; each
        attempt is audited. ``directory`` (else the store's) signs in names with no local account."""
        with self._engine.begin() as conn:
            user = accounts.authenticate(
                conn,
                username,
                password,
                at=self._clock(),
                policy=self.lockout,
                directory=directory or self.directory,
            )
        self._wrote()
        return user

    def locked_until(self, username: str) -> datetime | None:
        """Until when ``username`` is locked out after failed sign-ins (None: not locked)."""
        with reading(self._engine) as conn:
            return accounts.lock_state(conn, username, at=self._clock(), policy=self.lockout)[1]

    def unlock_user(self, username: str, *, actor: str) -> None:
        """An admin ``actor`` ends ``username``'s lockout; audited."""
        with self._engine.begin() as conn:
            accounts.unlock(conn, username, actor=actor, at=self._clock())
        self._wrote()

    # ---- reviews -------------------------------------------------------------------------

    def review(self, case_id: str, reviewer: str, verdict: Verdict | str, reason: str) -> Review:
        """Record a reviewer's verdict on a flagged case.

        The reviewer must be an active reviewer or admin, must not be the case's operator (four
        eyes), must give a reason, and a case is reviewed once.
        """
        verdict = Verdict(verdict)
        if not reason or not reason.strip():
            raise CaseError("a reason is required to approve or reject a case")
        now = self._clock()
        with self._engine.begin() as conn:
            who = accounts.find(conn, reviewer)
            if who is None or not who.active or who.role not in _REVIEWERS:
                raise AccessDenied(f"{reviewer!r} is not a reviewer")
            row = conn.execute(select(cases).where(cases.c.case_id == case_id)).one_or_none()
            if row is None:
                raise CaseError(f"no case {case_id}")
            if _same_person(row.operator, reviewer):
                raise AccessDenied(f"four eyes: {reviewer!r} recorded case {case_id} and may not review it")
            if not row.flagged:
                raise CaseError(f"case {case_id} was not flagged for review")
            review = Review(
                case_id=case_id, reviewer=who.username, verdict=verdict, reason=reason, reviewed_at=now
            )
            try:
                conn.execute(insert(reviews).values(**review.model_dump()))
            except IntegrityError:
                raise CaseError(f"case {case_id} is already reviewed") from None
            retention.reviewed(conn, case_id, at=now, days=retention.review_days(self.retention_days))
            auditlog.append(
                conn,
                actor=who.username,
                action="case.reviewed",
                case_id=case_id,
                payload={"verdict": verdict.value, "reason": review.reason},
                at=now,
            )
        self._wrote()
        return review

    def review_of(self, case_id: str) -> Review | None:
        with reading(self._engine) as conn:
            r = conn.execute(select(reviews).where(reviews.c.case_id == case_id)).one_or_none()
        if r is None:
            return None
        return Review(
            case_id=r.case_id,
            reviewer=r.reviewer,
            verdict=Verdict(r.verdict),
            reason=r.reason,
            reviewed_at=_aware(r.reviewed_at),
        )

    # ---- retained images -----------------------------------------------------------------

    def image_kinds(self, case_id: str) -> builtins.list[str]:
        with reading(self._engine) as conn:
            return retention.kinds(conn, case_id)

    def images(self, case_id: str, *, actor: str) -> dict[str, bytes]:
        """The case's retained images, decrypted; who looked is audited. Empty when none are kept."""
        with self._engine.begin() as conn:
            opened = retention.open_all(conn, self._vault, case_id, actor=actor, at=self._clock())
        if opened:
            self._wrote()
        return opened

    def purge_images(self, *, actor: str = "system") -> int:
        """Delete images past their retention; the purge (which cases, how many) is audited."""
        now = self._clock()
        with self._engine.begin() as conn:
            purged = retention.purge(conn, actor=actor, now=now, days=self.retention_days)
        if purged:
            self._wrote()
        return purged

    # ---- audit log -----------------------------------------------------------------------

    def audit(self, **filters: Any) -> builtins.list[AuditRow]:
        """Audit rows (see ``auditlog.rows`` for the filters)."""
        with reading(self._engine) as conn:
            return auditlog.rows(conn, **filters)

    def audit_event(
        self, actor: str, action: str, payload: dict[str, Any], case_id: str | None = None
    ) -> AuditRow:
        """Log an event that changes no table (an export, a printed report)."""
        with self._engine.begin() as conn:
            row = auditlog.append(
                conn, actor=actor, action=action, case_id=case_id, payload=payload, at=self._clock()
            )
        self._wrote()
        return row

    def verify_audit(self, checkpoints: Sequence[Checkpoint] = ()) -> ChainReport:
        """Walk the whole chain against the head, stored checkpoints and ``checkpoints``."""
        with reading(self._engine) as conn:
            report = auditlog.verify_all(
                conn, checkpoints, key=self._audit_key, public_keys=self._public_keys
            )
            return crosscheck(conn, report)

    def checkpoint(self) -> Checkpoint:
        """Record (and return) the current head, signed with the Ed25519 key when there is one (else
        with the old HMAC key when only that is set). Before its first checkpoint with a scheme or
        key the store logs ``audit.signing_started``: checkpoints older than that may be unsigned."""
        key: bytes | Ed25519PrivateKey | None = self._signing_key or self._audit_key
        with self._engine.begin() as conn:
            if key is not None:
                self._log_signing_started(conn)
            head = auditlog.head(conn)
            point = Checkpoint(head.seq, head.hash, auditlog.iso(self._clock())).signed(key)
            auditlog.add_checkpoint(conn, point)
        if self._publisher is not None:
            self._publisher.publish(point)
        self._unpublished = 0
        return point

    def _log_signing_started(self, conn: Any) -> None:
        if self._signing_logged:
            return
        if self._signing_key is not None:
            payload = {
                "scheme": "ed25519",
                "public_key_sha256": signing.fingerprint(self._signing_key.public_key()),
            }
        else:
            payload = {"scheme": "hmac"}
        if not any(json.loads(r.payload) == payload for r in auditlog.rows(conn, action=SIGNING_STARTED)):
            auditlog.append(
                conn, actor="system", action=SIGNING_STARTED, case_id=None, payload=payload, at=self._clock()
            )
        self._signing_logged = True
