"""Loopback load on ``facecompare serve`` against the same engine in-process, and memory over time.

Run from the repository root (the server is started as a user would, ``facecompare serve``)::

    .venv/bin/python benchmarks/api_load.py                          # serve's defaults, 8 clients
    .venv/bin/python benchmarks/api_load.py --serve "" --serve "--workers 1"   # two configurations
    .venv/bin/python benchmarks/api_load.py --serve "FACECOMPARE_INFERENCE_THREADS=2"   # with a setting
    .venv/bin/python benchmarks/api_load.py --memory-requests 2000   # and resident memory over time

For each server configuration (``--serve``: ``NAME=value`` settings for the server's
environment, then the arguments of ``facecompare serve``; default: nothing, serve's defaults),
it starts the server, waits until ``/ready`` says every process has loaded its pack, and
measures ``--rounds`` pairs of windows on the same pairs (``--pairs`` idcard-dev pairs spread
evenly over the set, so PDF, TIFF and PNG cards are in the mix), each window ``--seconds``
long and at most ``--max-requests`` requests (what completes inside the window counts, as
wrk does):

* **engine**: ``--engine-threads`` threads (default: every usable core) calling
  ``Engine.compare`` on the bytes in this process, in a closed loop: the in-process baseline.
* **API**: ``--clients`` (default 8) client threads, each with its own keep-alive connection,
  sending CLOVA JSON (bodies base64-encoded beforehand, only the requestId changes). A 429 is
  counted and its ``Retry-After`` honoured, as a polite client does.

Which of the two goes first alternates from round to round. The ratio is API successes/s over
engine compares/s over all rounds (target ≥ 0.85), also given per round. Reported per
configuration: server processes (those ``/metrics`` reports a model load for, and how many
uvicorn restarted), successes/s, p50/p99 of the successes, the 429 share, 5xx and other
failures, the CPU time per success (the server's processes; this process for the engine),
and whether ``/metrics`` counted every answer the clients got (one scrape sums all
processes). With ``--memory-requests``, that many requests at 4 clients on the last
configuration while the resident memory of all its processes is sampled every 100; "flat"
means the last quarter's mean is within 5 % of the second quarter's. Results go to stdout
(a markdown table) and to ``--out`` as JSON.
"""

from __future__ import annotations

import argparse
import base64
import csv
import itertools
import json
import os
import shlex
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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
    """``n`` pairs of idcard-dev spread evenly over its rows."""
    with (CARDS / "pairs.csv").open() as fh:
        rows = list(csv.DictReader(fh))
    rows = rows[:: max(1, len(rows) // n)][:n]
    pairs = []
    for row in rows:
        card, face = CARDS / row["card"], CARDS / row["selfie"]
        p = Pair(
            card.read_bytes(), face.read_bytes(), FORMAT[card.suffix.lower()], FORMAT[face.suffix.lower()]
        )
        tail = {
            name: {"name": path.name, "format": fmt, "data": base64.b64encode(data).decode()}
            for name, path, fmt, data in (
                ("cardImage", card, p.card_format, p.card),
                ("faceImage", face, p.face_format, p.face),
            )
        }
        p.body_tail = json.dumps(tail, separators=(",", ":")).encode()[1:]
        pairs.append(p)
    return pairs


@dataclass
class Level:
    clients: int
    seconds: float = 0.0
    ok: int = 0
    too_many: int = 0
    server_errors: int = 0
    other: int = 0
    #: every answer received, inside the window or not (what /metrics should have counted)
    answered: int = 0
    #: CPU seconds (user + system) the server's processes, or this process's engine, used
    cpu_s: float = 0.0
    latencies_ms: list[float] = field(default_factory=list, repr=False)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def rate(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0

    def add(self, other: Level) -> None:
        """Count ``other``'s window as part of this one."""
        for name in ("seconds", "ok", "too_many", "server_errors", "other", "answered", "cpu_s"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.latencies_ms += other.latencies_ms

    def pct(self, q: float) -> float:
        xs = sorted(self.latencies_ms)
        return xs[min(len(xs) - 1, int(q * len(xs)))] if xs else float("nan")

    def summary(self) -> dict[str, Any]:
        counted = self.ok + self.too_many + self.server_errors + self.other
        return {
            "clients": self.clients,
            "ok": self.ok,
            "seconds": round(self.seconds, 2),
            "per_s": round(self.rate, 3),
            "p50_ms": round(self.pct(0.50), 1),
            "p99_ms": round(self.pct(0.99), 1),
            "share_429": round(self.too_many / counted, 3) if counted else 0.0,
            "count_429": self.too_many,
            "count_5xx": self.server_errors,
            "other_failures": self.other,
            "cpu_ms_per_ok": round(1000.0 * self.cpu_s / self.ok, 1) if self.ok else None,
        }


class Budget:
    """Hands out request numbers until ``total`` are given or ``seconds`` have passed."""

    def __init__(self, total: int | None = None, seconds: float | None = None) -> None:
        self.total, self.seconds = total, seconds
        self.start = time.perf_counter()
        self.last = self.start
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
        inside = self.seconds is None or finished_at - self.start <= self.seconds
        if inside:
            with self._lock:
                self.last = max(self.last, finished_at)
        return inside

    def elapsed(self) -> float:
        """The window: its full length when time ran out, else until the last counted answer."""
        if self.seconds is not None and time.perf_counter() - self.start >= self.seconds:
            return self.seconds
        return self.last - self.start


def _closed_loop(level: Level, budget: Budget, workers: int, work: Callable[[], None]) -> Level:
    threads = [threading.Thread(target=work) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    level.seconds = budget.elapsed()
    return level


def api_level(base: str, pairs: list[Pair], clients: int, budget: Budget) -> Level:
    """``clients`` polite clients (429: wait ``Retry-After``) in a closed loop."""
    level = Level(clients)

    def record(status: int, seconds: float, inside: bool) -> None:
        with level.lock:
            level.answered += status > 0
            if not inside:
                return
            if status == 200:
                level.ok += 1
                level.latencies_ms.append(seconds * 1000.0)
            elif status == 429:
                level.too_many += 1
            elif status >= 500:
                level.server_errors += 1
            else:
                level.other += 1  # another 4xx, or no answer at all (status 0)

    def worker() -> None:
        headers = {"X-EKYC-SECRET": SECRET, "Content-Type": "application/json"}
        with httpx.Client(base_url=base, headers=headers, timeout=120) as http:
            while (i := budget.take()) is not None:
                body = pairs[i % len(pairs)].body()
                while True:
                    t0 = time.perf_counter()
                    try:
                        res = http.post("/compare", content=body)
                        status, wait = res.status_code, res.headers.get("retry-after", "1")
                    except httpx.HTTPError:
                        status, wait = 0, "0"
                    t1 = time.perf_counter()
                    inside = budget.counts(t1)
                    record(status, t1 - t0, inside)
                    if status != 429 or not inside:
                        break
                    time.sleep(float(wait))

    return _closed_loop(level, budget, clients, worker)


def engine_level(engine: Any, pairs: list[Pair], threads: int, budget: Budget) -> Level:
    """``threads`` threads calling ``Engine.compare`` in a closed loop."""
    level = Level(threads)

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
            if budget.counts(t1):
                with level.lock:
                    level.ok += ok
                    level.other += not ok
                    if ok:
                        level.latencies_ms.append((t1 - t0) * 1000.0)

    return _closed_loop(level, budget, threads, worker)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def served(pack: str, serve_args: str, workdir: Path) -> Iterator[tuple[subprocess.Popen[bytes], str, Path]]:
    """``facecompare serve <serve_args>`` on a free loopback port, once ``/ready`` is 200.

    Leading ``NAME=value`` words of ``serve_args`` go to the server's environment.
    """
    port = free_port()
    words = shlex.split(serve_args)
    settings = dict(
        w.split("=", 1) for w in itertools.takewhile(lambda w: "=" in w and not w.startswith("-"), words)
    )
    env = (
        os.environ
        | {
            "FACECOMPARE_SECRETS": SECRET,
            "FACECOMPARE_MODEL_PACK": pack,
            "FACECOMPARE_REQUEST_STORE": f"sqlite:///{workdir / f'ids-{port}.sqlite3'}",
        }
        | settings
    )
    script = Path(sys.executable).parent / "facecompare"
    log = workdir / f"server-{port}.log"
    with log.open("wb") as err:
        proc = subprocess.Popen(
            [str(script), "serve", "--port", str(port), "--log-level", "info", *words[len(settings) :]],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=err,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300
        while True:
            try:
                if httpx.get(base + "/ready", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the server did not become ready; see {log}")
            time.sleep(0.2)
        yield proc, base, log
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=60)


def scrape(base: str) -> tuple[float, int]:
    """From one ``/metrics`` scrape: compare answers counted, and processes with a loaded pack."""
    answers, loaded = 0.0, 0
    for line in httpx.get(base + "/metrics", timeout=10).text.splitlines():
        if line.startswith("facecompare_requests_total{"):
            answers += float(line.rsplit(" ", 1)[1])
        elif line.startswith("facecompare_model_load_seconds"):
            loaded += 1
    return answers, loaded


def cpu_seconds(pid: int | None = None) -> float:
    """User + system CPU time of a process and its children that are alive (default: this one)."""
    root = psutil.Process(pid)
    total = 0.0
    for p in [root, *(root.children(recursive=True) if pid else [])]:
        try:
            t = p.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += t.user + t.system
    return total


def timed(level: Callable[[], Level], pid: int | None) -> Level:
    """Run one window and charge it the CPU time ``pid``'s processes (or this one) used meanwhile."""
    before = cpu_seconds(pid)
    out = level()
    out.cpu_s = cpu_seconds(pid) - before
    return out


def rss_mb(proc: subprocess.Popen[bytes]) -> float:
    root = psutil.Process(proc.pid)
    procs = [root, *root.children(recursive=True)]
    return sum(p.memory_info().rss for p in procs) / 1048576


def memory_run(base: str, pairs: list[Pair], proc: subprocess.Popen[bytes], total: int) -> dict[str, Any]:
    samples: list[tuple[int, float]] = [(0, rss_mb(proc))]
    done = 0
    while done < total:
        n = min(100, total - done)
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


def measure(args: argparse.Namespace, engine: Any, pairs: list[Pair], workdir: Path) -> dict[str, Any]:
    results: dict[str, Any] = {"configurations": []}

    def eng() -> Level:
        budget = Budget(args.max_requests, args.seconds)
        return timed(lambda: engine_level(engine, pairs, args.engine_threads, budget), None)

    for n, serve_args in enumerate(args.serve):
        with served(args.pack, serve_args, workdir) as (proc, base, log):

            def api() -> Level:
                budget = Budget(args.max_requests, args.seconds)
                return timed(lambda: api_level(base, pairs, args.clients, budget), proc.pid)

            api_level(base, pairs, args.clients, Budget(total=2 * args.clients))  # warm every process
            before, _ = scrape(base)
            a, e = Level(args.clients), Level(args.engine_threads)
            ratios = []
            for r in range(args.rounds):
                # alternate which goes first, so a drift in the machine's other load hits both alike
                if (n + r) % 2 == 0:
                    e_r = eng()
                    a_r = api()
                else:
                    a_r = api()
                    e_r = eng()
                ratios.append(round(a_r.rate / e_r.rate, 3) if e_r.rate else None)
                a.add(a_r)
                e.add(e_r)
            after, processes = scrape(base)
            row = {
                "serve": f"facecompare serve {serve_args}".strip(),
                "processes": processes,
                "restarted_processes": log.read_text().count("] died"),
                "api": a.summary(),
                "engine": e.summary(),
                "ratio": round(a.rate / e.rate, 3) if e.rate else None,
                "ratio_per_round": ratios,
                "metrics_counted_every_answer": round(after - before) == a.answered,
            }
            results["configurations"].append(row)
            print(json.dumps(row), flush=True)
            if args.memory_requests and n == len(args.serve) - 1:
                results["memory"] = memory_run(base, pairs, proc, args.memory_requests)
    return results


def report(results: dict[str, Any]) -> None:
    print(
        f"\nengine: {results['engine_threads']} threads in-process; API: {results['clients']} clients "
        f"honouring Retry-After; {results['pairs']} idcard-dev pairs; pack {results['pack']}; "
        f"{results['cores']} usable cores"
    )
    print(
        "\n| serve | processes | API req/s | p50 ms | p99 ms | 429 share | 5xx | engine pairs/s | ratio "
        "| per round | CPU ms per compare, API / engine |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for row in results["configurations"]:
        a, e = row["api"], row["engine"]
        restarts = f" ({row['restarted_processes']} restarted)" if row["restarted_processes"] else ""
        print(
            f"| `{row['serve']}` | {row['processes']}{restarts} | {a['per_s']:.2f} | {a['p50_ms']:.0f} | "
            f"{a['p99_ms']:.0f} | {a['share_429']:.1%} | {a['count_5xx']} | {e['per_s']:.2f} | "
            f"{row['ratio']:.2f} | {', '.join(f'{x:.2f}' for x in row['ratio_per_round'])} | "
            f"{a['cpu_ms_per_ok']} / {e['cpu_ms_per_ok']} |"
        )
    if "memory" in results:
        m = results["memory"]
        print(
            f"\nmemory over {m['requests']} requests: {m['start_mb']} MB at start, "
            f"{m['second_quarter_mb']} MB in the second quarter, {m['last_quarter_mb']} MB in the last "
            f"({m['growth_pct']:+.2f} %): {'flat' if m['flat'] else 'GROWING'}"
        )
    start, end = results["load_average_at_start"], results["load_average_at_end"]
    print(f"\nload average (1/5/15 min): {start} at start, {end} at the end")


def main() -> None:
    from app.api.cores import usable_cores

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pack", default="open")
    ap.add_argument("--pairs", type=int, default=40, help="idcard-dev pairs, spread over the set")
    ap.add_argument("--seconds", type=float, default=10.0, help="length of each measured window")
    ap.add_argument("--rounds", type=int, default=6, help="engine and API windows per configuration")
    ap.add_argument("--max-requests", type=int, default=1000, help="at most this many per window")
    ap.add_argument("--clients", type=int, default=8, help="concurrent API clients")
    ap.add_argument("--engine-threads", type=int, default=usable_cores(), help="in-process baseline")
    ap.add_argument("--serve", action="append", default=None, help="serve's arguments (repeatable)")
    ap.add_argument("--memory-requests", type=int, default=0)
    ap.add_argument("--out", type=Path, default=None, help="write the results as JSON here")
    args = ap.parse_args()
    args.serve = args.serve or [""]

    from app.engine.engine import Engine

    pairs = load_pairs(args.pairs)
    engine = Engine(args.pack)
    workdir = Path(tempfile.mkdtemp(prefix="api-load-"))
    results: dict[str, Any] = {
        "pack": args.pack,
        "pairs": len(pairs),
        "cores": usable_cores(),
        "engine_threads": args.engine_threads,
        "clients": args.clients,
        "seconds": args.seconds,
        "rounds": args.rounds,
        "load_average_at_start": os.getloadavg(),
    }
    results |= measure(args, engine, pairs, workdir)
    results["load_average_at_end"] = os.getloadavg()
    report(results)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
