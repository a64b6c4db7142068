"""The tamper suite's attacks, each run as the application role (no DDL: the triggers stand) or as
the database owner (drops whichever triggers are in its way first).

An attack is *refused* when the database raises, *found* when ``audit verify`` (with the public key
and the published checkpoints, as an auditor runs it) reports the log broken, *missed* otherwise.
Used by ``tests/cases/test_tamper_suite.py`` (one position each) and ``benchmarks/tamper_suite.py``
(every position, the counts for the closing note).
"""

from __future__ import annotations

import itertools
import json
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, create_engine, text
from sqlalchemy.exc import DBAPIError

from app.cases import Outcome, Role, SqlCaseStore
from app.cases.chain import GENESIS, Checkpoint, seal
from app.cases.publish import Publisher, read_folder
from app.cases.signing import new_private_key
from app.cases.triggers import (
    KEYS,
    append_only_ddl,
    drop_ddl,
    drop_head_forward_ddl,
    drop_no_replace_ddl,
    head_forward_ddl,
    no_replace_ddl,
)
from tests.cases.conftest import case

CASES = 8
COLS = ("seq", "at", "actor", "action", "case_id", "payload", "prev_hash", "row_hash")


@dataclass
class Scene:
    """A recorded database, its publish folder and key, and who attacks it."""

    attacker_url: str
    auditor_url: str
    owner: bool
    folder: Path
    public: object
    flagged: str = ""
    plain: str = ""
    rows: int = 0  # the log's rows (its head seq)

    @property
    def dialect(self) -> str:
        return "sqlite" if self.attacker_url.startswith("sqlite") else "postgresql"


def record(writer_url: str, folder: Path) -> tuple[object, str, str, int]:
    """What a branch did: users, cases, one review, checkpoints published every 4 rows and at close."""
    key = new_private_key()
    store = SqlCaseStore(
        writer_url, signing_key=key, publisher=Publisher(folder, source="ws-1"), checkpoint_every=4
    )
    store.add_user("boss", Role.ADMIN, "admin-password")
    store.add_user("op-1", Role.OPERATOR, "operator-password", actor="boss")
    store.add_user("rev-1", Role.REVIEWER, "reviewer-password", actor="boss")
    cases = [store.add(case(customer_ref=f"C-{i}")) for i in range(CASES)]
    flagged = store.add(case(outcome=Outcome.FLAGGED, customer_ref="F"))
    store.review(flagged.case_id, "rev-1", "REJECTED", "not the same person")
    report = store.verify_audit()
    assert report.ok, report.summary()
    store.close()
    return key.public_key(), flagged.case_id, cases[2].case_id, report.head_seq


# ---- helpers -------------------------------------------------------------------------------


def _all_guards(dialect: str) -> tuple[list[str], list[str]]:
    drop = [*drop_head_forward_ddl(dialect)]
    make = [*head_forward_ddl(dialect)]
    for table in KEYS:
        drop += [*drop_ddl(dialect, table), *drop_no_replace_ddl(dialect, table)]
        make += [*append_only_ddl(dialect, table), *no_replace_ddl(dialect, table)]
    return drop, make


@contextmanager
def unguarded(conn: Connection, scene: Scene) -> Iterator[None]:
    """As the owner: every trigger dropped for the attack and put back after (nothing, as the app)."""
    drop, make = _all_guards(scene.dialect)
    if scene.owner:
        for sql in drop:
            conn.execute(text(sql))
    yield
    if scene.owner:
        for sql in make:
            conn.execute(text(sql))


def _row(conn: Connection, seq: int) -> dict[str, object]:
    return dict(conn.execute(text("SELECT * FROM audit_log WHERE seq = :s"), {"s": seq}).mappings().one())


def _insert(conn: Connection, values: dict[str, object], verb: str = "INSERT") -> None:
    sql = f"{verb} INTO audit_log ({', '.join(COLS)}) VALUES ({', '.join(':' + c for c in COLS)})"
    conn.execute(text(sql), {c: values[c] for c in COLS})


def _sealed(seq: int, prev: str, **over: object) -> dict[str, object]:
    at = str(over.get("at", "2026-01-01T00:00:00.000000+00:00"))
    row = seal(
        seq,
        at,
        str(over.get("actor", "mallory")),
        str(over.get("action", "user.added")),
        None,
        dict(over.get("payload", {"username": "mallory", "role": "admin"})),
        prev,
    )  # type: ignore[call-overload]
    return {c: getattr(row, c) for c in COLS}


def rehash_from(
    conn: Connection, first: int, change: Callable[[dict[str, object]], dict[str, object]]
) -> None:
    """Rewrite the chain from row ``first`` (its payload changed) to the end, and move the head."""
    rows = conn.execute(text("SELECT * FROM audit_log ORDER BY seq")).mappings().all()
    prev = str(rows[first - 2]["row_hash"]) if first > 1 else GENESIS
    for r in rows[first - 1 :]:
        payload = json.loads(str(r["payload"]))
        if r["seq"] == first:
            payload = change(payload)
        new = seal(
            int(r["seq"]), str(r["at"]), str(r["actor"]), str(r["action"]), r["case_id"], payload, prev
        )
        conn.execute(
            text("UPDATE audit_log SET payload = :p, prev_hash = :v, row_hash = :h WHERE seq = :s"),
            {"p": new.payload, "v": new.prev_hash, "h": new.row_hash, "s": new.seq},
        )
        prev = new.row_hash
    conn.execute(text("UPDATE audit_head SET seq = :s, hash = :h"), {"s": rows[-1]["seq"], "h": prev})


# ---- the attacks: (conn, scene, position) --------------------------------------------------


def changed(conn: Connection, s: Scene, pos: int) -> None:
    with unguarded(conn, s):
        conn.execute(text("UPDATE audit_log SET actor = 'mallory' WHERE seq = :s"), {"s": pos})


def deleted(conn: Connection, s: Scene, pos: int) -> None:
    with unguarded(conn, s):
        conn.execute(text("DELETE FROM audit_log WHERE seq = :s"), {"s": pos})


def inserted(conn: Connection, s: Scene, pos: int) -> None:
    """Rows pos.. shifted up one, a well-formed forged row slipped in at pos."""
    with unguarded(conn, s):
        for seq in range(s.rows, pos - 1, -1):
            conn.execute(text("UPDATE audit_log SET seq = :n WHERE seq = :s"), {"n": seq + 1, "s": seq})
        prev = str(_row(conn, pos - 1)["row_hash"]) if pos > 1 else GENESIS
        _insert(conn, _sealed(pos, prev))


def inserted_at_end(conn: Connection, s: Scene, pos: int) -> None:
    """A forged row after the last, the head left where it was (a plain INSERT: the app role may)."""
    last = _row(conn, s.rows)
    _insert(conn, _sealed(s.rows + 1, str(last["row_hash"])))


def swapped(conn: Connection, s: Scene, pos: int) -> None:
    with unguarded(conn, s):
        a, b = _row(conn, pos), _row(conn, pos + 1)
        conn.execute(text("DELETE FROM audit_log WHERE seq IN (:a, :b)"), {"a": pos, "b": pos + 1})
        _insert(conn, {**b, "seq": pos})
        _insert(conn, {**a, "seq": pos + 1})


def cut_tail(conn: Connection, s: Scene, pos: int) -> None:
    """Rows after pos deleted and the head rewound onto pos."""
    with unguarded(conn, s):
        conn.execute(text("DELETE FROM audit_log WHERE seq > :s"), {"s": pos})
        conn.execute(
            text("UPDATE audit_head SET seq = :s, hash = :h"), {"s": pos, "h": _row(conn, pos)["row_hash"]}
        )


def replaced(conn: Connection, s: Scene, pos: int) -> None:
    """INSERT OR REPLACE (SQLite) or an upsert (PostgreSQL) over row pos, re-hashed."""
    r = _row(conn, pos)
    forged = _sealed(pos, str(r["prev_hash"]), at=r["at"], actor="mallory", action=r["action"], payload={})
    with unguarded(conn, s):
        if s.dialect == "sqlite":
            _insert(conn, forged, "INSERT OR REPLACE")
        else:
            sets = ", ".join(f"{c} = EXCLUDED.{c}" for c in COLS[1:])
            sql = f"INSERT INTO audit_log ({', '.join(COLS)}) VALUES ({', '.join(':' + c for c in COLS)}) "
            conn.execute(text(sql + f"ON CONFLICT (seq) DO UPDATE SET {sets}"), forged)


def _rewrite(conn: Connection, s: Scene, pos: int) -> None:
    """Row pos changed, every later row re-hashed, head moved, stored checkpoints deleted, and the
    case row that row recorded (if any) changed to match: the database alone verifies."""
    r = _row(conn, pos)

    def change(p: dict[str, object]) -> dict[str, object]:
        return {**p, "note": "rewritten"} if r["action"] == "case.recorded" else {**p, "rewritten": True}

    rehash_from(conn, pos, change)
    conn.execute(text("DELETE FROM audit_checkpoints"))
    if r["action"] == "case.recorded":
        conn.execute(text("UPDATE cases SET note = 'rewritten' WHERE case_id = :c"), {"c": r["case_id"]})


def whole_rewrite(conn: Connection, s: Scene, pos: int) -> None:
    with unguarded(conn, s):
        _rewrite(conn, s, pos)


def _swap_checkpoints(conn: Connection, s: Scene, pos: int, sign: Callable[[Checkpoint], Checkpoint]) -> None:
    """The owner's rewrite, then the stored and published checkpoints replaced by ones for the new
    chain (the app role, who cannot rewrite, only adds such a checkpoint for the head)."""
    with unguarded(conn, s):
        if s.owner:
            _rewrite(conn, s, pos)
        head = conn.execute(text("SELECT seq, hash FROM audit_head")).one()
        point = sign(Checkpoint(head.seq, head.hash, "2026-01-01T00:00:00.000000+00:00"))
        conn.execute(
            text("INSERT INTO audit_checkpoints (seq, hash, at, signature) VALUES (:s, :h, :a, :g)"),
            {"s": point.seq, "h": point.hash, "a": point.at, "g": point.signature},
        )
    if s.owner:  # whoever could also write the publish folder replaces its files
        for f in s.folder.iterdir():
            f.unlink()
        Publisher(s.folder).publish(point)


def unsigned_checkpoints(conn: Connection, s: Scene, pos: int) -> None:
    _swap_checkpoints(conn, s, pos, lambda p: p)


def resigned_checkpoints(conn: Connection, s: Scene, pos: int) -> None:
    other = new_private_key()
    _swap_checkpoints(conn, s, pos, lambda p: p.signed(other))


def case_deleted(conn: Connection, s: Scene, pos: int) -> None:
    with unguarded(conn, s):
        conn.execute(text("DELETE FROM cases WHERE case_id = :c"), {"c": s.plain})


def review_deleted(conn: Connection, s: Scene, pos: int) -> None:
    with unguarded(conn, s):
        conn.execute(text("DELETE FROM reviews WHERE case_id = :c"), {"c": s.flagged})


def ghost_case(conn: Connection, s: Scene, pos: int) -> None:
    """A made-up MATCH/ACCEPTED case, ``flagged`` and most columns NULL, dated before the log."""
    conn.execute(
        text(
            "INSERT INTO cases (case_id, created_at, operator, customer_ref, outcome, decision, similarity) "
            "VALUES (:c, '2020-01-01 00:00:00', 'op-1', 'GHOST', 'ACCEPTED', 'MATCH', 0.99)"
        ),
        {"c": f"{pos:032x}"},
    )


def role_raised(conn: Connection, s: Scene, pos: int) -> None:
    conn.execute(text("UPDATE users SET role = 'admin' WHERE username = 'op-1'"))


#: name -> (attack, positions it is tried at: "rows" = every row that has a successor, or "once")
ATTACKS: dict[str, tuple[Callable[[Connection, Scene, int], None], str]] = {
    "changed row": (changed, "rows"),
    "deleted row": (deleted, "rows"),
    "inserted row": (inserted, "rows"),
    "inserted row at the end": (inserted_at_end, "once"),
    "swapped rows": (swapped, "rows"),
    "cut tail (head rewound)": (cut_tail, "rows"),
    "INSERT OR REPLACE / upsert": (replaced, "rows"),
    "whole-chain rewrite, head moved": (whole_rewrite, "rows"),
    "checkpoints swapped for unsigned": (unsigned_checkpoints, "rows"),
    "checkpoints re-signed, other key": (resigned_checkpoints, "rows"),
    "case deleted": (case_deleted, "once"),
    "review deleted": (review_deleted, "once"),
    "ghost case with NULLs": (ghost_case, "once"),
    "role raised in users": (role_raised, "once"),
}


def positions(scene: Scene, name: str) -> range:
    """Where an attack is tried: every row that has a successor, or once (at 1)."""
    return range(1, scene.rows) if ATTACKS[name][1] == "rows" else range(1, 2)


def attempt(scene: Scene, name: str, pos: int) -> str:
    """``refused``, ``found`` or ``missed``: what became of one attack at one position."""
    attack = ATTACKS[name][0]
    engine = create_engine(scene.attacker_url)  # a plain connection: none of the store's pragmas
    try:
        with engine.begin() as conn:
            attack(conn, scene, pos)
    except DBAPIError:
        return "refused"
    finally:
        engine.dispose()
    auditor = SqlCaseStore(scene.auditor_url, public_keys=[scene.public])  # type: ignore[list-item]
    try:
        report = auditor.verify_audit(read_folder(scene.folder))
    finally:
        auditor._publisher = None
        auditor.close()
    return "missed" if report.ok else "found"


# ---- targets: a recorded template copied afresh for every attempt -------------------------

Fresh = Callable[[], Scene]


@contextmanager
def sqlite_target(owner: bool) -> Iterator[Fresh]:
    base = Path(tempfile.mkdtemp(prefix="fc-tamper-"))
    template = base / "template.sqlite3"
    public, flagged, plain, rows = record(f"sqlite:///{template}", base / "published")
    count = itertools.count()

    def fresh() -> Scene:
        n = next(count)
        shutil.copy(template, base / f"{n}.sqlite3")
        shutil.copytree(base / "published", base / f"published-{n}")
        url = f"sqlite:///{base / f'{n}.sqlite3'}"
        return Scene(url, url, owner, base / f"published-{n}", public, flagged, plain, rows)

    try:
        yield fresh
    finally:
        shutil.rmtree(base, ignore_errors=True)


@contextmanager
def postgres_target(admin_url: str, owner: bool) -> Iterator[Fresh]:
    """An owner and an app role; the app role records the template; each attempt gets a copy."""
    from sqlalchemy.engine import make_url

    from tests.cases.pgroles import role_databases

    base = Path(tempfile.mkdtemp(prefix="fc-tamper-"))
    owner_url, app_url, drop = role_databases(admin_url)
    public, flagged, plain, rows = record(app_url, base / "published")
    template = make_url(owner_url)
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    copies: list[str] = []
    count = itertools.count()

    def fresh() -> Scene:
        n = next(count)
        name = f"{template.database}_{n}"
        with admin.connect() as conn:
            conn.execute(
                text(f"CREATE DATABASE {name} TEMPLATE {template.database} OWNER {template.username}")
            )
        copies.append(name)
        shutil.copytree(base / "published", base / f"published-{n}")
        attacker = owner_url if owner else app_url
        url = make_url(attacker).set(database=name).render_as_string(hide_password=False)
        auditor = make_url(owner_url).set(database=name).render_as_string(hide_password=False)
        return Scene(url, auditor, owner, base / f"published-{n}", public, flagged, plain, rows)

    try:
        yield fresh
    finally:
        with admin.connect() as conn:
            for name in copies:
                conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()
        drop()
        shutil.rmtree(base, ignore_errors=True)
