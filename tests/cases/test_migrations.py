"""Alembic migrations: a database made before them is upgraded in place, its cases kept."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import create_engine, inspect

from app.cases import SqlCaseStore
from app.cases.migrate import alembic_config
from tests.cases.conftest import case


def test_a_pre_alembic_database_is_stamped_and_upgraded(tmp_path: Path) -> None:
    """The first store's ``cases`` table (no alembic_version) keeps its rows and gains the new tables."""
    from alembic import command

    path = tmp_path / "old.sqlite3"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0001")
    engine.dispose()
    old = case(consent=None)  # recorded before consent was asked
    values = old.model_dump()
    added_later = ("face_size_px", "face_sharpness", "face_brightness", "card_geometry", "face_geometry")
    for name in (*added_later, "liveness_score", "challenge_passed", "consent"):
        values.pop(name)
    with sqlite3.connect(path) as db:
        db.execute("DROP TABLE alembic_version")  # as the first store left it
        db.execute(
            f"INSERT INTO cases ({', '.join(values)}) VALUES ({', '.join('?' for _ in values)})",
            [v.isoformat(sep=" ") if hasattr(v, "isoformat") else v for v in values.values()],
        )
    store = SqlCaseStore.at(path)
    assert store.get(old.case_id) == old
    store.add(case())
    report = store.verify_audit()
    assert report.ok and store.count() == 2
    assert "1 case(s) predate the audit log" in report.summary()  # listed once, by migration 0006
    assert [r.action for r in store.audit()][:1] == ["log.legacy_cases"]
    tables = set(inspect(store._engine).get_table_names())
    assert {"users", "reviews", "case_images", "audit_log", "audit_head", "audit_checkpoints"} <= tables
    store.close()


def test_downgrade_to_the_first_revision_and_back(tmp_path: Path) -> None:
    from alembic import command

    store = SqlCaseStore.at(tmp_path / "c.sqlite3")
    with store._engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0001")
        assert "audit_log" not in inspect(conn).get_table_names()
    store.close()
    store = SqlCaseStore.at(tmp_path / "c.sqlite3")
    assert store.verify_audit().ok
    store.close()
