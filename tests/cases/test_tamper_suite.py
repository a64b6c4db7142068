"""The tamper suite: every attack of ``tamper_attacks`` on SQLite and a real PostgreSQL, as the
application role and as the owner, is refused by the database or found by ``audit verify``.

One position per attack here; ``benchmarks/tamper_suite.py`` tries every position and counts.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.cases.tamper_attacks import ATTACKS, Fresh, attempt, postgres_target, sqlite_target

TARGETS = ["sqlite/app", "sqlite/owner", "postgresql/app", "postgresql/owner"]
#: what an app role (no DDL) must meet: refused, except what it may legitimately insert
APP_FINDS = {
    "inserted row at the end",
    "ghost case with NULLs",
    "checkpoints swapped for unsigned",
    "checkpoints re-signed, other key",
}


@pytest.fixture(scope="module", params=TARGETS)
def target(request: pytest.FixtureRequest) -> Iterator[tuple[str, Fresh]]:
    dialect, who = request.param.split("/")
    if dialect == "sqlite":
        with sqlite_target(who == "owner") as fresh:
            yield request.param, fresh
        return
    with postgres_target(request.getfixturevalue("pg_admin_url"), who == "owner") as fresh:
        yield request.param, fresh


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_every_attack_is_refused_or_found(target: tuple[str, Fresh], attack: str) -> None:
    name, fresh = target
    scene = fresh()
    outcome = attempt(scene, attack, min(3, scene.rows - 1))
    assert outcome != "missed", f"{attack} as {name} went unseen"
    if name == "postgresql/app" and attack not in APP_FINDS:
        assert outcome == "refused", f"{attack} as the app role should be refused by PostgreSQL"
    if name.endswith("/owner"):
        assert outcome == "found"
