"""On PostgreSQL the application role records, reviews and verifies, but cannot change the schema,
the triggers or any row it wrote; what it can insert behind the store's back is found."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from app.cases import Outcome, Role, SqlCaseStore
from app.cases.pgroles import apply_grants
from tests.cases.conftest import case
from tests.cases.pgroles import role_databases


@pytest.fixture
def roles(pg_admin_url: str) -> Iterator[tuple[str, str]]:
    owner_url, app_url, drop = role_databases(pg_admin_url)
    yield owner_url, app_url
    drop()


#: which role the attacks run as; "owner" once shows these guards are the roles, not the triggers
AS = 1


@pytest.fixture
def app_store(roles: tuple[str, str]) -> Iterator[SqlCaseStore]:
    store = SqlCaseStore(roles[AS], retention_days=1, image_key=b"i" * 32)
    store.add_user("boss", Role.ADMIN, "admin-password")
    store.add_user("op-1", Role.OPERATOR, "operator-password", actor="boss")
    flagged = store.add(case(outcome=Outcome.FLAGGED))
    store.review(flagged.case_id, "boss", "REJECTED", "not the same person")
    store.checkpoint()
    yield store
    store.close()


def test_the_app_role_does_all_the_work_of_a_workstation(app_store: SqlCaseStore) -> None:
    app_store.add(case(customer_ref="with images"), images={"card": b"card", "face": b"face"})
    assert app_store.purge_images() == 0
    assert app_store.authenticate("op-1", "operator-password") is not None
    assert app_store.verify_audit().ok


ATTACKS = {
    "update a log row": "UPDATE audit_log SET actor = 'mallory' WHERE seq = 2",
    "delete a log row": "DELETE FROM audit_log WHERE seq = 2",
    "truncate the log": "TRUNCATE audit_log",
    "delete a case": "DELETE FROM cases",
    "delete a review": "DELETE FROM reviews",
    "upsert a review": "INSERT INTO reviews SELECT * FROM reviews "
    "ON CONFLICT (case_id) DO UPDATE SET verdict = 'APPROVED'",
    "delete checkpoints": "DELETE FROM audit_checkpoints",
    "rewrite a sealed image": "UPDATE case_images SET ciphertext = 'x'::bytea, nonce = 'x'::bytea",
    "rewind the head": "UPDATE audit_head SET seq = 1, hash = (SELECT row_hash FROM audit_log WHERE seq = 1)",
    "raise a role": "UPDATE users SET role = 'admin' WHERE username = 'op-1'",
    "delete a user": "DELETE FROM users WHERE username = 'boss'",
    "drop a trigger": "DROP TRIGGER audit_log_append_only ON audit_log",
    "disable triggers": "ALTER TABLE audit_log DISABLE TRIGGER ALL",
    "replication role": "SET session_replication_role = replica",
    "replace the trigger function": "CREATE OR REPLACE FUNCTION facecompare_append_only() RETURNS trigger "
    "LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$",
    "create a table": "CREATE TABLE shadow (x int)",
    "drop the log": "DROP TABLE audit_log",
}


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_the_app_role_is_refused(app_store: SqlCaseStore, attack: str) -> None:
    with pytest.raises(DBAPIError) as caught, app_store._engine.begin() as conn:
        conn.execute(text(ATTACKS[attack]))
    message = str(caught.value.orig)
    assert any(w in message for w in ("permission denied", "must be owner", "append-only", "audit head")), (
        message
    )
    assert app_store.verify_audit().ok


def test_what_the_app_role_may_insert_behind_the_store_is_found(app_store: SqlCaseStore) -> None:
    with app_store._engine.begin() as conn:
        conn.execute(
            text("INSERT INTO cases (case_id, operator, outcome) VALUES ('ghost', 'op-1', 'ACCEPTED')")
        )
    assert "ghost" in app_store.verify_audit().problem
    with pytest.raises(DBAPIError), app_store._engine.begin() as conn:  # nor take it back out
        conn.execute(text("DELETE FROM cases WHERE case_id = 'ghost'"))


def test_a_user_the_app_role_inserts_is_found(app_store: SqlCaseStore) -> None:
    with app_store._engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO users SELECT 'mallory', 'admin', password_hash, active, created_at "
                "FROM users WHERE username = 'op-1'"
            )
        )
    assert "mallory" in app_store.verify_audit().problem


def test_the_compose_init_script_makes_roles_the_store_works_with(pg_admin_url: str, tmp_path: Path) -> None:
    """packaging/docker/initdb/10-roles.sh, run with psql as the postgres image runs it, then the
    migrate service's step (pg-roles --apply as the owner), then a workstation as the app role."""
    psql = shutil.which("psql") or next(
        iter(Path(sys.prefix).glob("lib/python*/site-packages/pgserver/pginstall/bin/psql")), None
    )
    if psql is None:
        pytest.skip("no psql (pgserver's or Debian's)")
    url = make_url(pg_admin_url)
    db = f"t_compose_{uuid.uuid4().hex[:8]}"
    admin = create_engine(pg_admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {db}"))  # the image's POSTGRES_DB, made by the superuser
    (tmp_path / "cases_owner_password").write_text("owner-pw")
    (tmp_path / "cases_app_password").write_text("app-pw")
    host = url.query.get("host") or "/tmp"
    env = {
        **os.environ,
        "POSTGRES_USER": url.username or "postgres",
        "POSTGRES_DB": db,
        "SECRETS_DIR": str(tmp_path),
        "PGHOST": str(host),
        "PGPORT": str(url.port or url.query.get("port") or 5432),
        "PATH": f"{Path(psql).parent}:{os.environ['PATH']}",
    }
    script = Path(__file__).parents[2] / "packaging/docker/initdb/10-roles.sh"
    try:
        done = subprocess.run(["sh", str(script)], env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        owner = SqlCaseStore(
            url.set(username="facecompare_owner", database=db).render_as_string(hide_password=False)
        )
        with owner._engine.begin() as conn:
            apply_grants(conn, "facecompare_app")
        owner.close()
        app = SqlCaseStore(
            url.set(username="facecompare_app", database=db).render_as_string(hide_password=False)
        )
        app.add(case())
        assert app.verify_audit().ok
        with pytest.raises(DBAPIError), app._engine.begin() as conn:
            conn.execute(text("DROP TRIGGER audit_log_append_only ON audit_log"))
        app.close()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)"))
            conn.execute(text("DROP ROLE IF EXISTS facecompare_app"))
            conn.execute(text("DROP ROLE IF EXISTS facecompare_owner"))
        admin.dispose()
