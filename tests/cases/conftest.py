"""A real PostgreSQL (pgserver) for the session, and ``db_url``: each test on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from app.cases import CaseRecord, Outcome, SqlCaseStore, image_sha256
from tests.cases.postgres import postgres_server


@pytest.fixture(scope="session")
def pg_admin_url() -> Iterator[str]:
    """A PostgreSQL server started for this test session (pgserver, or Debian's binaries)."""
    with postgres_server() as url:
        yield url


def _fresh_pg_database(admin_url: str) -> tuple[str, Callable[[], None]]:
    from sqlalchemy import create_engine, text

    name = "t_" + uuid.uuid4().hex[:12]
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    path, query = admin_url.split("?", 1)
    url = f"{path.rsplit('/', 1)[0]}/{name}?{query}"

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()

    return url, drop


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database: a SQLite file, or a new database on the session's PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'cases.sqlite3'}"
        return
    url, drop = _fresh_pg_database(request.getfixturevalue("pg_admin_url"))
    yield url
    drop()


@pytest.fixture
def make_store(db_url: str) -> Iterator[Callable[..., SqlCaseStore]]:
    """Opens stores on ``db_url`` (all closed after the test)."""
    opened: list[SqlCaseStore] = []

    def make(**kwargs: Any) -> SqlCaseStore:
        store = SqlCaseStore(db_url, **kwargs)
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.close()


def case(**overrides: Any) -> CaseRecord:
    """A valid MATCH/ACCEPTED case by op-1 (not flagged, the customer consented) unless overridden."""
    values: dict[str, Any] = {
        "customer_ref": "CUST-0001",
        "outcome": Outcome.ACCEPTED,
        "decision": "MATCH",
        "similarity": 0.95,
        "match_threshold": 0.9261,
        "review_threshold": 0.9072,
        "model_pack": "open",
        "engine_mode": "local",
        "card_sha256": image_sha256(b"card"),
        "face_sha256": image_sha256(b"face"),
        "operator": "op-1",
        "workstation": "ws-1",
        "created_at": datetime.now(UTC),
        "consent": True,
    }
    return CaseRecord(**(values | overrides))
