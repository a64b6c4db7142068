"""Two processes recording at once keep one unbroken chain (appends are serialised on the head row)."""

from __future__ import annotations

import itertools
import subprocess
import sys
import time
from pathlib import Path

from app.cases import SqlCaseStore

ROOT = Path(__file__).resolve().parents[2]
N = 150


def test_two_writer_processes_keep_one_chain(db_url: str, tmp_path: Path) -> None:
    SqlCaseStore(db_url).close()  # migrate first, as an installed workstation would be
    names = ("writer-a", "writer-b")
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.cases.writer", db_url, str(N), name, str(tmp_path)], cwd=ROOT
        )
        for name in names
    ]
    # a barrier, not a clock: a cold interpreter may take longer to import than any fixed delay
    deadline = time.monotonic() + 120
    while not all((tmp_path / f"{name}.ready").exists() for name in names):
        assert all(p.poll() is None for p in procs), "a writer ended before it was ready"
        assert time.monotonic() < deadline, "the writers never got ready"
        time.sleep(0.01)
    (tmp_path / "go").touch()
    store = SqlCaseStore(db_url)
    # verifying while both write must never raise a false alarm (one snapshot per verify)
    checks = 0
    while any(p.poll() is None for p in procs):
        report = store.verify_audit()
        assert report.ok, report.summary()
        checks += 1
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    assert checks > 3
    report = store.verify_audit()
    actors = [r.actor for r in store.audit()]
    store.close()
    assert report.ok, report.summary()
    assert report.rows == 2 * N == len(actors)
    assert actors.count("writer-a") == actors.count("writer-b") == N
    switches = sum(1 for a, b in itertools.pairwise(actors) if a != b)
    print(
        f"{db_url.split(':')[0]}: {report.rows} rows, {switches} writer switches, "
        f"{checks} verifies while writing"
    )
    if db_url.startswith("postgresql"):  # row locks queue fairly; SQLite's busy wait lets one writer run on
        assert switches > 10, f"the writers did not overlap ({switches} switches)"
