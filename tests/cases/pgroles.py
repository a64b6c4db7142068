"""Two PostgreSQL roles on the session's server: ``fc_owner`` migrates, ``fc_app`` only writes."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.cases import SqlCaseStore
from app.cases.pgroles import apply_grants, create_roles


def role_databases(admin_url: str) -> tuple[str, str, Callable[[], None]]:
    """(owner URL, app URL, drop) of a new database owned by a new owner role, migrated, granted."""
    tag = uuid.uuid4().hex[:8]
    owner, app, db = f"fc_owner_{tag}", f"fc_app_{tag}", f"t_roles_{tag}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        for statement in create_roles(owner, app, db):
            conn.execute(text(statement))
    base = make_url(admin_url).set(database=db)
    owner_url = base.set(username=owner).render_as_string(hide_password=False)
    app_url = base.set(username=app).render_as_string(hide_password=False)
    store = SqlCaseStore(owner_url)  # migrates as the owner
    with store._engine.begin() as conn:
        apply_grants(conn, app)
    store.close()

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)"))
            conn.execute(text(f"DROP ROLE IF EXISTS {app}"))
            conn.execute(text(f"DROP ROLE IF EXISTS {owner}"))
        admin.dispose()

    return owner_url, app_url, drop
