"""Loopback load on the Face Compare API vs the same engine in-process, and memory over time.

Run from the repository root (the server is started here as a user would, ``facecompare serve``)::

    .venv/bin/python benchmarks/api_load.py                        # 30 s per level, 2,000 for memory
    .venv/bin/python benchmarks/api_load.py --seconds 10 --memory-requests 200   # quick look

For each concurrency (1, 4, 16) it measures, one after the other on the same pairs, for a
fixed window (``--seconds``; what completes inside the window counts, as wrk does):

* **API**: ``c`` client threads, each with its own keep-alive connection, send CLOVA-shaped
  JSON requests (bodies base64-encoded once beforehand, only the requestId changes) to a
  ``facecompare serve`` with the default pool (one inference thread per core, a queue of
  two per thread). A 429 is counted and its ``Retry-After`` honoured, as a polite client
  would. Reported: successful requests/s, p50 and p99 latency of the successes, share of
  429 answers.
* **engine**: ``c`` threads calling ``Engine.compare`` on the same bytes in this process.

The ratio is API successes/s over engine compares/s at the same ``c`` (target ≥ 0.85).
Then ``--memory-requests`` requests at concurrency 4 while the server's resident memory
(all its processes) is sampled every 100 requests; "flat" means the last quarter's mean is
within 5 % of the second quarter's (the first quarter is warm-up: allocator arenas, caches).
Results go to stdout (a markdown table) and to ``--out`` as JSON.
"""

from __future__ import annotations

import argparse
import base64
import csv
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psutil

ROOT = Path(__file__).resolve().parents[1]
CARDS = ROOT.parent / "shared" / "data" / "idcard-dev"
SECRET = "api-load-" + uuid.uuid4().hex[:12]
FORMAT = {".jpg": "jpg", ".jpeg": "jpg", ".png": "png", ".pdf": "pdf", ".tif": "tiff", ".tiff": "tiff"}


@dataclass
class Pair:
    card: bytes
    face: bytes
    card_format: str
    face_format: str
    body_tail: bytes = b""

    def body(self) -> bytes:
        rid = f"load-{uuid.uuid4().hex}"
        return b'{"requestId":"' + rid.encode() + b'",' + self.body_tail


def load_pairs(n: int) -> list[Pair]:
    with (CARDS / "pairs.csv").open() as fh:
        rows = list(csv.DictReader(fh))[:n]
    pairs = []
    for row in rows:
        card, face = CARDS / row["card"], CARDS / row["selfie"]
        p = Pair(
            card.read_bytes(), face.read_bytes(), FORMAT[card.suffix.lower()], FORMAT[face.suffix.lower()]
        )
        tail = {
            "cardImage": {
                "name": card.name,
                "format": p.card_format,
                "data": base64.b64encode(p.card).decode(),
            },
            "faceImage": {
                "name": face.name,
                "format": p.face_format,
                "data": base64.b64encode(p.face).decode(),
            },
        }
        p.body_tail = json.dumps(tail, separators=(",", ":")).encode()[1:]
        pairs.append(p)
    return pairs


@dataclass
class Level:
    concurrency: int
    requests: int
    seconds: float
    ok: int
    too_many: int
    other: int
    latencies_ms: list[float] = field(default_factory=list, repr=False)

    @property
    def rate(self) -> float:
        return self.ok / self.seconds

    def pct(self, q: float) -> float:
        xs = sorted(self.latencies_ms)
        return xs[min(len(xs) - 1, int(q * len(xs)))] if xs else float("nan")

    def summary(self) -> dict[str, Any]:
        answered = self.ok + self.too_many + self.other
        return {
            "concurrency": self.concurrency,
            "ok": self.ok,
            "seconds": round(self.seconds, 2),
            "per_s": round(self.rate, 3),
            "p50_ms": round(self.pct(0.50), 1),
            "p99_ms": round(self.pct(0.99), 1),
            "share_429": round(self.too_many / answered, 3) if answered else 0.0,
            "other_errors": self.other,
        }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(pack: str, workdir: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = os.environ | {
        "FACECOMPARE_SECRETS": SECRET,
        "FACECOMPARE_MODEL_PACK": pack,
        "FACECOMPARE_REQUEST_STORE": f"sqlite:///{workdir / 'ids.sqlite3'}",
        "FACECOMPARE_LOG_LEVEL": "warning",
    }
    script = Path(sys.executable).parent / "facecompare"
    proc = subprocess.Popen(
        [str(script), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(workdir / "server.log").open("wb"),
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            if httpx.get(base + "/ready", timeout=2).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"the server did not become ready; see {workdir / 'server.log'}")
        time.sleep(0.2)


class Budget:
    """Hands out request numbers until ``total`` are given or ``seconds`` have passed."""

    def __init__(self, total: int | None = None, seconds: float | None = None) -> None:
        self.total, self.seconds = total, seconds
        self.start = time.perf_counter()
        self._next = 0
        self._lock = threading.Lock()

    def take(self) -> int | None:
        with self._lock:
            if self.total is not None and self._next >= self.total:
                return None
            if self.seconds is not None and time.perf_counter() - self.start >= self.seconds:
                return None
            self._next += 1
            return self._next - 1

    def counts(self, finished_at: float) -> bool:
        """Whether a request finished at ``finished_at`` is inside the measured window."""
        return self.seconds is None or finished_at - self.start <= self.seconds


def _finish(level: Level, budget: Budget, started: float) -> Level:
    level.seconds = budget.seconds if budget.seconds is not None else time.perf_counter() - started
    return level


def api_level(base: str, pairs: list[Pair], concurrency: int, budget: Budget) -> Level:
    """``concurrency`` polite clients (429: wait ``Retry-After``) in a closed loop."""
    lock = threading.Lock()
    level = Level(concurrency, 0, 0.0, 0, 0, 0)

    def worker() -> None:
        headers = {"X-EKYC-SECRET": SECRET, "Content-Type": "application/json"}
        with httpx.Client(base_url=base, headers=headers, timeout=120) as http:
            while (i := budget.take()) is not None:
                body = pairs[i % len(pairs)].body()
                while True:
                    t0 = time.perf_counter()
                    res = http.post("/compare", content=body)
                    t1 = time.perf_counter()
                    if not budget.counts(t1):
                        return
                    with lock:
                        level.requests += 1
                        if res.status_code == 429:
                            level.too_many += 1
                        elif res.status_code == 200:
                            level.ok += 1
                            level.latencies_ms.append((t1 - t0) * 1000.0)
                        else:
                            level.other += 1
                    if res.status_code != 429:
                        break
                    time.sleep(float(res.headers.get("retry-after", "1")))

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return _finish(level, budget, started)


def engine_level(engine: Any, pairs: list[Pair], concurrency: int, budget: Budget) -> Level:
    """``concurrency`` threads calling ``Engine.compare`` in a closed loop."""
    level = Level(concurrency, 0, 0.0, 0, 0, 0)
    lock = threading.Lock()

    def worker() -> None:
        while (i := budget.take()) is not None:
            p = pairs[i % len(pairs)]
            t0 = time.perf_counter()
            try:
                engine.compare(p.card, p.face, p.card_format, p.face_format)
                ok = True
            except Exception:
                ok = False
            t1 = time.perf_counter()
            if not budget.counts(t1):
                return
            with lock:
                level.requests += 1
                if ok:
                    level.ok += 1
                    level.latencies_ms.append((t1 - t0) * 1000.0)
                else:
                    level.other += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return _finish(level, budget, started)


def rss_mb(proc: subprocess.Popen[bytes]) -> float:
    root = psutil.Process(proc.pid)
    procs = [root, *root.children(recursive=True)]
    return sum(p.memory_info().rss for p in procs) / 1048576


def memory_run(base: str, pairs: list[Pair], proc: subprocess.Popen[bytes], total: int) -> dict[str, Any]:
    samples: list[tuple[int, float]] = [(0, rss_mb(proc))]
    step = 100
    done = 0
    while done < total:
        n = min(step, total - done)
        api_level(base, pairs, 4, Budget(total=n))
        done += n
        samples.append((done, rss_mb(proc)))
    values = [mb for _, mb in samples[1:]]
    q = max(1, len(values) // 4)
    second, last = statistics.fmean(values[q : 2 * q]), statistics.fmean(values[-q:])
    return {
        "requests": total,
        "samples": [{"after": n, "rss_mb": round(mb, 1)} for n, mb in samples],
        "start_mb": round(samples[0][1], 1),
        "second_quarter_mb": round(second, 1),
        "last_quarter_mb": round(last, 1),
        "growth_pct": round(100.0 * (last - second) / second, 2),
        "flat": abs(last - second) / second <= 0.05,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pack", default="open")
    ap.add_argument("--pairs", type=int, default=20, help="distinct idcard-dev pairs cycled through")
    ap.add_argument("--seconds", type=float, default=30.0, help="measured window per concurrency level")
    ap.add_argument("--concurrency", default="1,4,16")
    ap.add_argument("--memory-requests", type=int, default=2000)
    ap.add_argument("--out", type=Path, default=None, help="write the results as JSON here")
    args = ap.parse_args()

    from app.engine.engine import Engine

    pairs = load_pairs(args.pairs)
    engine = Engine(args.pack)
    workdir = Path(tempfile.mkdtemp(prefix="api-load-"))
    proc, base = start_server(args.pack, workdir)
    results: dict[str, Any] = {
        "pack": args.pack,
        "cores": os.cpu_count(),
        "load_average_at_start": os.getloadavg(),
        "levels": [],
    }
    try:
        api_level(base, pairs, 2, Budget(total=4))  # warm the connection path once
        for n, c in enumerate(int(x) for x in args.concurrency.split(",")):
            # alternate which goes first, so a drift in the machine's other load hits both alike
            if n % 2 == 0:
                eng = engine_level(engine, pairs, c, Budget(seconds=args.seconds))
                api = api_level(base, pairs, c, Budget(seconds=args.seconds))
            else:
                api = api_level(base, pairs, c, Budget(seconds=args.seconds))
                eng = engine_level(engine, pairs, c, Budget(seconds=args.seconds))
            row = {"api": api.summary(), "engine": eng.summary(), "ratio": round(api.rate / eng.rate, 3)}
            results["levels"].append(row)
            print(json.dumps(row), flush=True)
        if args.memory_requests:
            results["memory"] = memory_run(base, pairs, proc, args.memory_requests)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=60)

    print("\n| concurrency | API req/s | p50 ms | p99 ms | 429 share | engine compares/s | ratio |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for row in results["levels"]:
        a, e = row["api"], row["engine"]
        print(
            f"| {a['concurrency']} | {a['per_s']:.2f} | {a['p50_ms']:.0f} | {a['p99_ms']:.0f} | "
            f"{a['share_429']:.1%} | {e['per_s']:.2f} | {row['ratio']:.2f} |"
        )
    if "memory" in results:
        m = results["memory"]
        print(
            f"\nmemory over {m['requests']} requests: {m['start_mb']} MB at start, "
            f"{m['second_quarter_mb']} MB in the second quarter, {m['last_quarter_mb']} MB in the last "
            f"({m['growth_pct']:+.2f} %): {'flat' if m['flat'] else 'GROWING'}"
        )
    results["load_average_at_end"] = os.getloadavg()
    start, end = results["load_average_at_start"], results["load_average_at_end"]
    print(f"\nload average (1/5/15 min): {start} at start, {end} at the end")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
