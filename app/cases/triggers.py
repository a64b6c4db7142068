"""DDL of the triggers that make tables append-only, for SQLite and PostgreSQL."""

from __future__ import annotations


def append_only_ddl(dialect: str, table: str) -> list[str]:
    """Statements that make ``table`` refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL)."""
    if dialect == "sqlite":
        return [
            f"CREATE TRIGGER IF NOT EXISTS {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
            for verb in ("UPDATE", "DELETE")
        ]
    if dialect == "postgresql":
        return [
            "CREATE OR REPLACE FUNCTION facecompare_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$",
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION facecompare_append_only()",
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION facecompare_append_only()",
        ]
    raise ValueError(f"no append-only triggers for the {dialect} dialect")


def drop_ddl(dialect: str, table: str) -> list[str]:
    """Statements that remove those triggers (downgrades only)."""
    if dialect == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {table}_no_{v}" for v in ("update", "delete")]
    return [
        f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
        f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
    ]


#: the key of each append-only table: a REPLACE over an existing key is refused on SQLite
KEYS = {"cases": "case_id", "reviews": "case_id", "audit_log": "seq", "audit_checkpoints": "id"}


def no_replace_ddl(dialect: str, table: str) -> list[str]:
    """SQLite: refuse an INSERT whose key exists, so ``INSERT OR REPLACE`` / ``REPLACE`` cannot
    delete the old row behind the DELETE trigger's back (SQLite's REPLACE fires no DELETE trigger
    unless ``recursive_triggers`` is on). PostgreSQL has no REPLACE, and its ``ON CONFLICT DO
    UPDATE`` fires the UPDATE trigger, so nothing more is needed there."""
    if dialect != "sqlite":
        return []
    key = KEYS[table]
    return [
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_replace BEFORE INSERT ON {table} "
        f"WHEN EXISTS (SELECT 1 FROM {table} WHERE {key} = NEW.{key}) "
        f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
    ]


def drop_no_replace_ddl(dialect: str, table: str) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {table}_no_replace"] if dialect == "sqlite" else []


_HEAD_MOVES_WRONG = (
    "NEW.id IS DISTINCT FROM OLD.id OR NEW.seq IS DISTINCT FROM OLD.seq + 1 "
    "OR NEW.hash IS DISTINCT FROM (SELECT row_hash FROM audit_log WHERE seq = NEW.seq)"
)


def head_forward_ddl(dialect: str) -> list[str]:
    """``audit_head`` moves only one row forward, onto the hash of the row it then names; it is
    never deleted and never gets a second row."""
    if dialect == "sqlite":
        wrong = _HEAD_MOVES_WRONG.replace("IS DISTINCT FROM", "IS NOT")
        raise_ = "BEGIN SELECT RAISE(ABORT, 'the audit head only moves forward'); END"
        return [
            "CREATE TRIGGER IF NOT EXISTS audit_head_forward BEFORE UPDATE ON audit_head "
            f"WHEN {wrong} {raise_}",
            f"CREATE TRIGGER IF NOT EXISTS audit_head_no_delete BEFORE DELETE ON audit_head {raise_}",
            "CREATE TRIGGER IF NOT EXISTS audit_head_one_row BEFORE INSERT ON audit_head "
            f"WHEN EXISTS (SELECT 1 FROM audit_head) {raise_}",
        ]
    if dialect == "postgresql":
        return [
            "CREATE OR REPLACE FUNCTION facecompare_head_forward() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN "
            "IF TG_OP = 'UPDATE' AND NOT (" + _HEAD_MOVES_WRONG + ") THEN RETURN NEW; END IF; "
            "IF TG_OP = 'INSERT' AND NOT EXISTS (SELECT 1 FROM audit_head) THEN RETURN NEW; END IF; "
            "RAISE EXCEPTION 'the audit head only moves forward'; END $$",
            "CREATE TRIGGER audit_head_forward BEFORE INSERT OR UPDATE OR DELETE ON audit_head "
            "FOR EACH ROW EXECUTE FUNCTION facecompare_head_forward()",
            "CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head "
            "FOR EACH STATEMENT EXECUTE FUNCTION facecompare_head_forward()",
        ]
    raise ValueError(f"no head trigger for the {dialect} dialect")


def drop_head_forward_ddl(dialect: str) -> list[str]:
    if dialect == "sqlite":
        return [f"DROP TRIGGER IF EXISTS audit_head_{n}" for n in ("forward", "no_delete", "one_row")]
    return [
        "DROP TRIGGER IF EXISTS audit_head_forward ON audit_head",
        "DROP TRIGGER IF EXISTS audit_head_no_truncate ON audit_head",
    ]
