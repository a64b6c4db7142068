"""Case-recording throughput: cases/s on SQLite and on PostgreSQL (pgserver), one and two writers.

Each case is one transaction: the case row, its audit row (hash-chained, head row locked) and the
head update. ``python benchmarks/case_throughput.py [--cases N] [--json FILE]``.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import platform
import tempfile
import time
import warnings
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.cases import CaseRecord, Outcome, SqlCaseStore, image_sha256


def _case(i: int, writer: str) -> CaseRecord:
    return CaseRecord(
        customer_ref=f"{writer}-{i}",
        outcome=Outcome.FLAGGED if i % 10 == 0 else Outcome.ACCEPTED,
        decision="REVIEW" if i % 10 == 0 else "MATCH",
        similarity=0.95,
        match_threshold=0.9261,
        review_threshold=0.9072,
        model_pack="open",
        engine_mode="local",
        card_sha256=image_sha256(f"card{i}".encode()),
        face_sha256=image_sha256(f"face{i}".encode()),
        operator=writer,
        workstation="bench",
        face_yaw=3.0,
        face_pitch=-2.0,
        face_roll=1.0,
        face_mask=False,
        created_at=datetime.now(UTC),
        consent=True,
    )


def _write(url: str, n: int, writer: str, start_at: float) -> None:
    store = SqlCaseStore(url)
    while time.time() < start_at:
        time.sleep(0.002)
    for i in range(n):
        store.add(_case(i, writer))
    store.close()


def measure(url: str, n: int, writers: int) -> dict[str, Any]:
    """Record ``n`` cases per writer process; cases/s over the wall time of all of them."""
    SqlCaseStore(url).close()  # migrate outside the timing
    start_at = time.time() + 1.5
    procs = [mp.Process(target=_write, args=(url, n, f"w{k}", start_at)) for k in range(writers)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    elapsed = time.time() - start_at
    store = SqlCaseStore(url)
    t0 = time.perf_counter()
    report = store.verify_audit()
    verify_s = time.perf_counter() - t0
    total = store.count()
    store.close()
    assert report.ok and total == n * writers, report.summary()
    return {
        "writers": writers,
        "cases": total,
        "seconds": round(elapsed, 3),
        "cases_per_s": round(total / elapsed, 1),
        "verify_rows_per_s": round(report.rows / verify_s),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=1000, help="cases per writer")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    os.environ.setdefault("XDG_RUNTIME_DIR", tempfile.gettempdir())
    import pgserver

    results: dict[str, Any] = {"machine": f"{platform.machine()}, {os.cpu_count()} cores", "runs": []}
    with tempfile.TemporaryDirectory() as tmp:
        for writers in (1, 2):
            url = f"sqlite:///{Path(tmp) / f'bench{writers}.sqlite3'}"
            results["runs"].append({"db": "sqlite"} | measure(url, args.cases, writers))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            server = pgserver.get_server(tempfile.mkdtemp(prefix="fc-bench-pg-"), cleanup_mode="delete")
        try:
            base = server.get_uri()
            for writers in (1, 2):
                name = f"bench{writers}"
                server.psql(f"CREATE DATABASE {name};")
                path, query = base.split("?", 1)
                url = f"{path.rsplit('/', 1)[0]}/{name}?{query}"
                results["runs"].append({"db": "postgresql"} | measure(url, args.cases, writers))
        finally:
            server.cleanup()
    for run in results["runs"]:
        print(
            f"{run['db']:<10} writers={run['writers']} {run['cases']} cases in {run['seconds']:.2f} s: "
            f"{run['cases_per_s']:.0f} cases/s (verify {run['verify_rows_per_s']} rows/s)"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
