"""``compare --record`` when the case database will not take the case: locked, full, failing.

Whatever goes wrong, the command says in one sentence whether the case was recorded, never
with a traceback: ``--json`` prints the API's error envelope, otherwise one line on stderr,
and the exit code is :data:`NOT_RECORDED_EXIT`. After a failed write the case is looked up
again, so "not recorded" is a fact read back from the database, not a guess.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.cases import CaseRecord, SqlCaseStore
    from app.contract import ErrorCode

#: exit code of ``compare --record`` when the comparison ran but the case is not in the database
NOT_RECORDED_EXIT = 3
#: how long the command waits for another program's write lock on a SQLite case database
BUSY_TIMEOUT_S = 5.0
BUSY_TIMEOUT_ENV = "FACECOMPARE_DB_BUSY_TIMEOUT_S"  # read by app.cases.db


class NotRecorded(Exception):
    """The case could not be written (or opened for writing); the API's INTERNAL_ERROR."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    @property
    def code(self) -> ErrorCode:
        from app.contract import ErrorCode

        return ErrorCode.INTERNAL_ERROR


def short_busy_timeout() -> None:
    """A command line waits seconds, not half a minute, for another writer (unless set)."""
    os.environ.setdefault(BUSY_TIMEOUT_ENV, f"{BUSY_TIMEOUT_S:g}")


def why(exc: BaseException) -> str:
    """What the database said, as a person would put it."""
    text = str(getattr(exc, "orig", None) or exc).splitlines()[0]
    low = text.lower()
    if "locked" in low or "busy" in low:
        waited = os.environ.get(BUSY_TIMEOUT_ENV, "30")
        return f"the case database is locked by another program (waited {waited} s)"
    if "full" in low or "no space" in low:
        return "the disk of the case database is full"
    if "disk i/o" in low or isinstance(exc, OSError):
        return f"the case database could not be written ({text}; is the disk full?)"
    if "readonly" in low or "read-only" in low:
        return "the case database is read-only"
    return f"the case database failed: {text}"


def open_case_store() -> SqlCaseStore:
    """The case store of the environment, or :class:`NotRecorded` saying why it cannot be used."""
    from sqlalchemy.exc import SQLAlchemyError

    from app.cases import people
    from app.cases.db import database_url

    short_busy_timeout()
    try:
        url = database_url(None)
        folder = _sqlite_folder(url)
        if folder is not None and not folder.is_dir():
            missing = f"the case database's folder {folder} does not exist"
            raise NotRecorded(f"The case was not recorded: {missing}.")
        return people.open_store(url)
    except (SQLAlchemyError, OSError) as exc:
        opened = "the database could not be opened"
        raise NotRecorded(f"The case was not recorded ({opened}): {why(exc)}.") from None
    except ValueError as exc:  # a setting, such as image retention without its key
        raise NotRecorded(f"The case was not recorded: {exc}") from None


def sign_in_operator(store: SqlCaseStore, name: str) -> str:
    """The account name of ``name`` signed in as an operator (or admin); exit 2 when refused, and
    :class:`NotRecorded` when the database fails while the sign-in is read or audited."""
    from sqlalchemy.exc import SQLAlchemyError

    from app.cases import Role
    from app.cli.signin import sign_in

    try:
        return sign_in(store, name, roles=frozenset({Role.OPERATOR, Role.ADMIN})).username
    except (SQLAlchemyError, OSError) as exc:
        signing = "the operator could not be signed in"
        raise NotRecorded(f"The case was not recorded ({signing}): {why(exc)}.") from None


def open_signed_in(name: str) -> tuple[SqlCaseStore, str]:
    """:func:`open_case_store` with ``name`` signed in on it (:func:`sign_in_operator`)."""
    store = open_case_store()
    try:
        return store, sign_in_operator(store, name)
    except BaseException:
        store.close()
        raise


def _sqlite_folder(url: str) -> Path | None:
    """The folder of a SQLite file URL (None for another database or an in-memory one)."""
    if not url.startswith("sqlite") or "///" not in url:
        return None
    path = url.split("///", 1)[1].split("?", 1)[0]
    return Path(path).parent if path and path != ":memory:" else None


class _Remembering:
    """The store, remembering the record handed to ``add`` (to look for it after a failure)."""

    def __init__(self, store: SqlCaseStore) -> None:
        self._store = store
        self.record: CaseRecord | None = None

    def add(self, record: CaseRecord, **kwargs: Any) -> CaseRecord:
        self.record = record
        return self._store.add(record, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


def record_case(store: SqlCaseStore, **fields: Any) -> CaseRecord:
    """``record_comparison`` into ``store``; a database failure becomes :class:`NotRecorded`, unless
    reading the case back shows that it was written after all."""
    from typing import cast

    from sqlalchemy.exc import SQLAlchemyError

    from app.cli.audit import record_comparison

    remembering = _Remembering(store)
    try:
        return record_comparison(store=cast("SqlCaseStore", remembering), **fields)
    except (SQLAlchemyError, OSError) as exc:
        reason = why(exc)
        record = remembering.record
        if record is None:
            raise NotRecorded(f"The case was not recorded: {reason}.") from None
        try:
            written = store.get(record.case_id)
        except (SQLAlchemyError, OSError):
            raise NotRecorded(
                f"Case {record.case_id} may not have been recorded ({reason}); "
                f"look for it with: facecompare audit show --case {record.case_id}"
            ) from None
        if written is None:
            raise NotRecorded(f"Case {record.case_id} was not recorded: {reason}.") from None
        return written
