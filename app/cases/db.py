"""Where the database is and how to connect: SQLite (WAL, writers serialised) or PostgreSQL."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir
from sqlalchemy import Connection, Engine, create_engine, event

from app.files import own_dir, private_file, sqlite_file

DATABASE_URL_ENV = "FACECOMPARE_DATABASE_URL"
#: seconds a SQLite writer waits for another one's lock (30 by default; a command line sets less)
BUSY_TIMEOUT_ENV = "FACECOMPARE_DB_BUSY_TIMEOUT_S"


def busy_timeout_s() -> float:
    try:
        return max(0.0, float(os.environ.get(BUSY_TIMEOUT_ENV) or 30.0))
    except ValueError:
        return 30.0


def default_sqlite_path() -> Path:
    """The workstation's own database in the user data folder."""
    return Path(user_data_dir("facecompare", "facecompare")) / "cases.sqlite3"


def database_url(explicit: str | None = None) -> str:
    """``explicit``, else ``FACECOMPARE_DATABASE_URL``, else the SQLite file in the user data folder."""
    url = explicit or os.environ.get(DATABASE_URL_ENV) or ""
    if not url:
        path = default_sqlite_path()
        own_dir(path.parent)
        url = f"sqlite:///{path}"
    if url.startswith(("postgresql://", "postgres://")):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def make_engine(url: str) -> Engine:
    """An engine whose write transactions cannot interleave on SQLite (``BEGIN IMMEDIATE``)."""
    if url.startswith("sqlite"):
        if (path := sqlite_file(url)) is not None:
            private_file(path)  # 0600 before SQLite opens it; its -wal and -shm take the same mode
        engine = create_engine(url, connect_args={"timeout": busy_timeout_s()})
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # we issue BEGIN ourselves (below)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # REPLACE then fires the DELETE triggers of the rows it would remove (off by default)
    cursor.execute("PRAGMA recursive_triggers=ON")
    cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_s() * 1000)}")
    cursor.close()


def _sqlite_begin(conn: Any) -> None:
    # writers take the lock up front (no upgrade deadlocks); readers keep WAL's concurrent snapshot
    readonly = conn.get_execution_options().get("facecompare_readonly", False)
    conn.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")


def reading(engine: Engine) -> Connection:
    """A connection for reads: one consistent snapshot, and it never blocks a writer.

    SQLite: a deferred ``BEGIN`` (WAL readers see one snapshot and do not lock out writers).
    PostgreSQL: ``REPEATABLE READ``, so a long verify sees the head and the rows of one moment.
    """
    conn = engine.connect()
    if engine.dialect.name == "sqlite":
        return conn.execution_options(facecompare_readonly=True)
    return conn.execution_options(isolation_level="REPEATABLE READ")
