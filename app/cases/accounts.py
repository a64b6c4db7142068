"""Users of the case store: who may sign in and with which role, inside the caller's transaction.

Adding a user and every sign-in attempt write their audit row in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from sqlalchemy import Connection, func, insert, select
from sqlalchemy.exc import IntegrityError

from app.cases import auditlog
from app.cases.errors import AccessDenied, CaseError
from app.cases.models import Role, User
from app.cases.passwords import check_password
from app.cases.schema import users


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
        who = find(conn, actor or "")
        if who is None or who.role is not Role.ADMIN or not who.active:
            raise AccessDenied(f"only an admin may add users ({actor!r} may not)")
    try:
        conn.execute(
            insert(users).values(
                username=username,
                role=role.value,
                password_hash=password_hash,
                active=True,
                created_at=clock(),
            )
        )
    except IntegrityError:
        raise CaseError(f"user {username!r} already exists") from None
    auditlog.append(
        conn,
        actor=actor or username,
        action="user.added",
        case_id=None,
        payload={"username": username, "role": role.value},
        at=clock(),
    )
    return User(username=username, role=role)


class PasswordDirectory(Protocol):
    """A directory that checks passwords (``app.cases.directory.Directory``)."""

    def authenticate(self, username: str, password: str) -> tuple[str, Role] | None: ...


def authenticate(
    conn: Connection,
    username: str,
    password: str,
    *,
    at: datetime,
    directory: PasswordDirectory | None = None,
) -> User | None:
    """The user when the password is right and the account active; the attempt is audited.

    With a ``directory``, it alone decides: the user is the directory's name with the role of
    its groups (the audit row records both); ``DirectoryUnavailable`` propagates unaudited.
    """
    if directory is not None:
        found = directory.authenticate(username, password)
        auditlog.append(
            conn,
            actor=found[0] if found else username,
            action="user.signed_in" if found else "user.sign_in_failed",
            case_id=None,
            payload={"directory": True, "role": found[1].value} if found else {"directory": True},
            at=at,
        )
        return User(username=found[0], role=found[1]) if found else None
    r = conn.execute(select(users).where(users.c.username == username)).one_or_none()
    ok = r is not None and r.active and check_password(r.password_hash, password)
    auditlog.append(
        conn,
        actor=username,
        action="user.signed_in" if ok else "user.sign_in_failed",
        case_id=None,
        payload={},
        at=at,
    )
    return User(username=r.username, role=Role(r.role)) if ok and r is not None else None
