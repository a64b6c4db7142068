"""PostgreSQL roles: an owner that runs the migrations, an application role that cannot rewrite.

The owner owns every table and trigger (only it, or a superuser, can drop a trigger). The
application role (workstations, kiosks, the reviewer's window, the server) may:

- SELECT and INSERT on the log, its checkpoints, cases, reviews and users: nothing it wrote can
  be changed or removed by it (no UPDATE, DELETE or TRUNCATE grant, and the triggers refuse them
  for the owner's own sessions too);
- UPDATE ``audit_head``: every append moves it, and the trigger lets it move only one row forward
  onto the hash of the row it names;
- DELETE on ``case_images``: the retention purge removes sealed images (audited, and the images
  are not evidence: each case keeps their sha256); UPDATE of its ``purge_after`` column only: a
  review starts the images' retention from the decision (the sealed bytes cannot be rewritten);
- read ``alembic_version`` (to see the schema is current) and use the checkpoint id sequence.

It gets no CREATE on the schema, owns nothing, so it cannot ALTER, DROP or DISABLE TRIGGER.
"""

from __future__ import annotations

import re

from sqlalchemy import Connection, text

INSERT_ONLY = ("audit_log", "audit_checkpoints", "cases", "reviews", "users")
_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def _checked(name: str) -> str:
    if not _NAME.match(name):
        raise ValueError(f"{name!r} is not a plain PostgreSQL role name (lower case, digits, _)")
    return name


def grants(app_role: str, schema: str = "public") -> list[str]:
    """The statements (run as the owner, after migrating) that give ``app_role`` what it needs."""
    app, s = _checked(app_role), _checked(schema)
    return [
        f"REVOKE CREATE ON SCHEMA {s} FROM PUBLIC",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {s} FROM {app}",
        f"GRANT USAGE ON SCHEMA {s} TO {app}",
        f"GRANT SELECT, INSERT ON {', '.join(f'{s}.{t}' for t in INSERT_ONLY)} TO {app}",
        f"GRANT SELECT, UPDATE ON {s}.audit_head TO {app}",
        f"GRANT SELECT, INSERT, DELETE ON {s}.case_images TO {app}",
        f"GRANT UPDATE (purge_after) ON {s}.case_images TO {app}",
        f"GRANT SELECT ON {s}.alembic_version TO {app}",
        f"GRANT USAGE ON SEQUENCE {s}.audit_checkpoints_id_seq TO {app}",
    ]


def create_roles(owner: str, app_role: str, database: str) -> list[str]:
    """What a DBA (superuser) runs once: both roles (passwords set separately) and the database."""
    o, a, d = _checked(owner), _checked(app_role), _checked(database)
    return [
        f"CREATE ROLE {o} LOGIN",
        f"CREATE ROLE {a} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT",
        f"CREATE DATABASE {d} OWNER {o}",
        f"REVOKE ALL ON DATABASE {d} FROM PUBLIC",
        f"GRANT CONNECT ON DATABASE {d} TO {a}",
    ]


def apply_grants(conn: Connection, app_role: str) -> None:
    """Run :func:`grants` on ``conn`` (the owner's, on a migrated database)."""
    for statement in grants(app_role):
        conn.execute(text(statement))
