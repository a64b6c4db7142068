"""Users of the case store: who may sign in and with which role, inside the caller's transaction.

Adding a user and every sign-in attempt write their audit row in the same transaction. The
lockout is read from the log itself (the failed attempts since the last success or unlock), so
it survives restarts, holds across workstations sharing a database, and cannot be reset without
breaking the hash chain.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Protocol

from sqlalchemy import Connection, and_, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from app.cases import auditlog
from app.cases.chain import canonical_json
from app.cases.crosscheck import credential_digest
from app.cases.errors import AccessDenied, CaseError
from app.cases.models import Role, User
from app.cases.passwords import check_password
from app.cases.schema import audit_head, audit_log, users

SIGNED_IN, FAILED, LOCKED, UNLOCKED = (
    "user.signed_in",
    "user.sign_in_failed",
    "user.sign_in_locked",
    "user.unlocked",
)
LOCK_AFTER = 5  # failed attempts in a row that lock an account
DIRECTORY_HASH = "!directory"  # the password hash of an account the directory signs in (never matches)
DIRECTORY_ACTOR = "directory"  # who adds a directory user or changes its role in the log


class Directory(Protocol):
    """Where a bank's people sign in (LDAP / Active Directory, ``app.cases.directory``): their
    name as the directory spells it and the role of their mapped groups, or None."""

    def authenticate(self, username: str, password: str) -> tuple[str, Role] | None: ...


PasswordDirectory = Directory  # the name app.cases.directory's callers use


@dataclass(frozen=True, slots=True)
class Lockout:
    """After ``after`` failures in a row the account is locked for ``first``; every further
    failure (one is allowed when a lock ends) doubles the lock, up to ``longest``."""

    after: int = LOCK_AFTER
    first: timedelta = timedelta(minutes=15)
    longest: timedelta = timedelta(hours=24)

    def period(self, failures: int) -> timedelta:
        """How long ``failures`` failures in a row lock the account (zero below ``after``)."""
        if failures < self.after:
            return timedelta(0)
        return min(self.first * 2 ** min(failures - self.after, 16), self.longest)


def find(conn: Connection, username: str) -> User | None:
    """The user named ``username`` (active or not), or None."""
    r = conn.execute(select(users).where(users.c.username == username)).one_or_none()
    return None if r is None else User(username=r.username, role=Role(r.role), active=r.active)


def count(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(users)).scalar_one())


def add(
    conn: Connection,
    username: str,
    role: Role,
    password_hash: str,
    *,
    actor: str | None,
    clock: Callable[[], datetime],
) -> User:
    """Insert a user. Only an active admin ``actor`` may, except for the very first user, who
    must be an admin (and is its own actor)."""
    if count(conn) == 0:
        if role is not Role.ADMIN:
            raise AccessDenied("the first user must be an admin")
        actor = actor or username
    else:
        _admin(conn, actor, "add users")
    _insert(conn, username, role, password_hash, actor=actor or username, at=clock(), payload={})
    return User(username=username, role=role)


def _admin(conn: Connection, actor: str | None, what: str) -> None:
    who = find(conn, actor or "")
    if who is None or who.role is not Role.ADMIN or not who.active:
        raise AccessDenied(f"only an admin may {what} ({actor!r} may not)")


def _insert(
    conn: Connection,
    username: str,
    role: Role,
    password_hash: str,
    *,
    actor: str,
    at: datetime,
    payload: dict[str, str],
) -> None:
    try:
        conn.execute(
            insert(users).values(
                username=username, role=role.value, password_hash=password_hash, active=True, created_at=at
            )
        )
    except IntegrityError:
        raise CaseError(f"user {username!r} already exists") from None
    auditlog.append(
        conn,
        actor=actor,
        action="user.added",
        case_id=None,
        payload={"username": username, "role": role.value, "credential": credential_digest(password_hash)}
        | payload,
        at=at,
    )


def _key(username: str) -> str:
    """The name an account's attempts are counted under: one count whatever its case or spaces."""
    return username.strip().lower()


def lock_state(
    conn: Connection, username: str, *, at: datetime, policy: Lockout
) -> tuple[int, datetime | None]:
    """Failures in a row for ``username`` since its last success or unlock, and until when the
    account is locked (None when it is not), read from the audit log."""
    key = _key(username)
    q = (
        select(audit_log.c.action, audit_log.c.at)
        .where(
            or_(
                and_(
                    func.lower(func.trim(audit_log.c.actor)) == key,
                    audit_log.c.action.in_((SIGNED_IN, FAILED)),
                ),
                and_(
                    audit_log.c.action == UNLOCKED, audit_log.c.payload == canonical_json({"username": key})
                ),
            )
        )
        .order_by(audit_log.c.seq.desc())
        .limit(policy.after + 32)  # past 16 doublings the lock is at its longest anyway
    )
    failures, last = 0, None
    for r in conn.execute(q):
        if r.action != FAILED:
            break
        failures += 1
        last = last or datetime.fromisoformat(r.at)
    if last is None or failures < policy.after:
        return failures, None
    until = last + policy.period(failures)
    return failures, until if at < until else None


def authenticate(
    conn: Connection,
    username: str,
    password: str,
    *,
    at: datetime,
    policy: Lockout | None = None,
    directory: Directory | None = None,
) -> User | None:
    """The user when the password is right, the account active and not locked; every attempt is
    audited (``user.signed_in``, ``user.sign_in_failed``, or ``user.sign_in_locked`` when the
    password was not even checked). A local account checks its own argon2id hash; any other name
    goes to ``directory`` when one is configured (its users are kept in ``users``, their role as
    the directory maps it, each change in the log)."""
    policy = policy or Lockout()
    # the head row's lock first: concurrent attempts on the same account are counted one by one
    conn.execute(select(audit_head.c.seq).where(audit_head.c.id == 1).with_for_update()).one()
    _, until = lock_state(conn, username, at=at, policy=policy)
    if until is not None:
        locked = {"until": auditlog.iso(until)}
        auditlog.append(conn, actor=username, action=LOCKED, case_id=None, payload=locked, at=at)
        return None
    r = conn.execute(select(users).where(users.c.username == username)).one_or_none()
    user: User | None = None
    payload: dict[str, object] = {}
    if r is not None and r.password_hash != DIRECTORY_HASH:
        if r.active and check_password(r.password_hash, password):
            user = User(username=r.username, role=Role(r.role))
    elif directory is not None:
        payload = {"directory": True}
        if password:  # an empty password would be an anonymous bind
            found = directory.authenticate(username, password)  # unreachable: raises, nothing counted
            if found is not None and (user := _directory_user(conn, *found, at=at)) is not None:
                payload["role"] = user.role.value
    else:  # no such account: as slow as a wrong password, so timing does not tell names apart
        check_password(_dummy_hash(), password)
    actor = user.username if user else username  # the directory's spelling of the name
    auditlog.append(
        conn, actor=actor, action=SIGNED_IN if user else FAILED, case_id=None, payload=payload, at=at
    )
    return user


@cache
def _dummy_hash() -> str:
    from app.cases.passwords import hash_password

    return hash_password(secrets.token_hex(16))


def _directory_user(conn: Connection, username: str, role: Role, *, at: datetime) -> User | None:
    """The directory's ``username`` as a user of the store: added, or its role brought in line
    with the directory's (both in the log); None when the name is a local account or inactive."""
    r = conn.execute(select(users).where(users.c.username == username)).one_or_none()
    if r is None:
        _insert(
            conn,
            username,
            role,
            DIRECTORY_HASH,
            actor=DIRECTORY_ACTOR,
            at=at,
            payload={"source": DIRECTORY_ACTOR},
        )
        return User(username=username, role=role)
    if r.password_hash != DIRECTORY_HASH or not r.active:
        return None
    if r.role != role.value:
        conn.execute(update(users).where(users.c.username == username).values(role=role.value))
        auditlog.append(
            conn,
            actor=DIRECTORY_ACTOR,
            action="user.role_changed",
            case_id=None,
            payload={"username": username, "role": role.value, "was": r.role},
            at=at,
        )
    return User(username=username, role=role)


def unlock(conn: Connection, username: str, *, actor: str, at: datetime) -> None:
    """An admin ends ``username``'s lock (and its count of failures); audited."""
    _admin(conn, actor, "unlock accounts")
    payload = {"username": _key(username)}
    auditlog.append(conn, actor=actor, action=UNLOCKED, case_id=None, payload=payload, at=at)
