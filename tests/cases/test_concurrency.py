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

    def wait_for(flag: str) -> None:
        # a barrier, not a clock: a cold interpreter may take longer to import than any fixed delay
        deadline = time.monotonic() + 120
        while not all((tmp_path / f"{name}.{flag}").exists() for name in names):
            assert all(p.poll() is None for p in procs), f"a writer ended before {flag}"
            assert time.monotonic() < deadline, f"the writers never reached {flag}"
            time.sleep(0.01)

    wait_for("ready")
    (tmp_path / "go").touch()
    store = SqlCaseStore(db_url)
    wait_for("half")
    # both writers are half-way and waiting: this verify surely runs on a chain still being written
    half = store.verify_audit()
    assert half.ok, half.summary()
    assert half.rows == 2 * (N // 2)
    (tmp_path / "on").touch()
    # verifying while both write must never raise a false alarm (one snapshot per verify)
    checks = 0
    while any(p.poll() is None for p in procs):
        report = store.verify_audit()
        assert report.ok, report.summary()
        checks += 1
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
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
