"""Alembic migrations: a database made before them is upgraded in place, its cases kept."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

from sqlalchemy import create_engine, inspect

from app.cases import SqlCaseStore
from app.cases.chain import canonical_json
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
    for name in (
        *added_later,
        "liveness_score",
        "challenge_passed",
        "consent",
        "raw_similarity",
        "score_scale",
    ):
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
    # the digest is the one migration 0006 wrote before revision 0007's fields existed, so the
    # legacy lists of databases migrated then still vouch for their cases
    before_0007 = {
        k: v for k, v in old.model_dump(mode="json").items() if k not in ("raw_similarity", "score_scale")
    }
    listed = json.loads(store.audit()[0].payload)["cases"][old.case_id]
    assert listed == hashlib.sha256(canonical_json(before_0007).encode("utf-8")).hexdigest()
    tables = set(inspect(store._engine).get_table_names())
    assert {"users", "reviews", "case_images", "audit_log", "audit_head", "audit_checkpoints"} <= tables
    store.close()


def test_a_case_recorded_before_the_calibrated_score_reads_back_unchanged(tmp_path: Path) -> None:
    """A case recorded at revision 0006 (raw similarity and thresholds, no raw_similarity or
    score_scale columns, its audit row without them) keeps what it recorded after 0007, and the
    audit log still vouches for it."""
    from datetime import UTC, datetime

    from alembic import command
    from sqlalchemy import insert

    from app.cases import auditlog
    from app.cases.rowmap import to_row
    from app.cases.schema import cases

    path = tmp_path / "c.sqlite3"
    store = SqlCaseStore.at(path)
    with store._engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0006")
        assert "raw_similarity" not in {c["name"] for c in inspect(conn).get_columns("cases")}
        old = case(similarity=0.9312, match_threshold=0.9261, review_threshold=0.9072)
        later = ("raw_similarity", "score_scale")
        values = {k: v for k, v in to_row(old).items() if k not in later}
        conn.execute(insert(cases).values(**values, flagged=False, flag_reasons="[]"))
        payload = {k: v for k, v in old.model_dump(mode="json").items() if k not in later}
        auditlog.append(
            conn,
            actor="op-1",
            action="case.recorded",
            case_id=old.case_id,
            payload=payload | {"flag_reasons": [], "images_retained": []},
            at=datetime.now(UTC),
        )
    store.close()
    store = SqlCaseStore.at(path)  # upgrades to 0007
    got = store.get(old.case_id)
    assert got == old and got is not None
    assert (got.similarity, got.match_threshold, got.raw_similarity, got.score_scale) == (
        0.9312,
        0.9261,
        None,
        None,
    )
    new = case(
        similarity=0.81,
        match_threshold=0.8,
        review_threshold=0.7,
        raw_similarity=0.9312,
        score_scale="f" * 16,
    )
    store.add(new)
    assert store.get(new.case_id) == new
    assert store.verify_audit().ok
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
