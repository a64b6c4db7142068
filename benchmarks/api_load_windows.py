"""The measured windows of ``api_load.py``: polite API clients, and the in-process engine as a
baseline, on threads (one process: what ``--engine-threads`` gives) or on processes (one engine
each, as ``facecompare batch`` runs them), each in a closed loop for a bounded window."""

from __future__ import annotations

import base64
import csv
import json
import multiprocessing
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

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
    #: compares that succeeded, inside the window or after it (what the CPU time paid for)
    completed: int = 0
    #: CPU seconds (user + system) the server's processes, or this process's engine, used
    cpu_s: float = 0.0
    latencies_ms: list[float] = field(default_factory=list, repr=False)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def rate(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0

    def add(self, other: Level) -> None:
        """Count ``other``'s window as part of this one."""
        self.clients = other.clients
        for name in ("seconds", "ok", "too_many", "server_errors", "other", "answered", "completed", "cpu_s"):
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
            "cpu_ms_per_compare": round(1000.0 * self.cpu_s / self.completed, 1) if self.completed else None,
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
            level.completed += status == 200
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
            with level.lock:
                level.completed += ok
            if budget.counts(t1):
                with level.lock:
                    level.ok += ok
                    level.other += not ok
                    if ok:
                        level.latencies_ms.append((t1 - t0) * 1000.0)

    return _closed_loop(level, budget, threads, worker)


# -- the engine on processes -------------------------------------------------------------------
_engine: Any = None
_pairs: list[Pair] = []
_barrier: Any = None


def _load(pack: str, n_pairs: int, barrier: Any) -> None:
    global _engine, _pairs, _barrier
    from app.engine.engine import Engine

    _pairs, _barrier = load_pairs(n_pairs), barrier
    _engine = Engine(pack)


def _window(job: tuple[float, int, int]) -> tuple[int, int, float, list[float]]:
    """One process's closed loop: (successes inside the window, all successes, CPU s, latencies)."""
    seconds, limit, first = job
    _barrier.wait()  # every process starts together, and none takes two windows
    end = time.time() + seconds
    cpu0 = time.process_time()
    ok, completed, latencies, i = 0, 0, [], first
    while time.time() < end and ok < limit:
        p = _pairs[i % len(_pairs)]
        i += 1
        t0 = time.perf_counter()
        try:
            _engine.compare(p.card, p.face, p.card_format, p.face_format)
        except Exception:
            continue
        completed += 1
        if time.time() <= end:
            ok += 1
            latencies.append((time.perf_counter() - t0) * 1000.0)
    return ok, completed, time.process_time() - cpu0, latencies


class EngineProcesses:
    """``n`` processes, each with its own engine: a baseline no single process's GIL holds back."""

    def __init__(self, pack: str, n_pairs: int, n: int) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.n = n
        self.pool = ctx.Pool(n, initializer=_load, initargs=(pack, n_pairs, ctx.Barrier(n)))

    def level(self, seconds: float, max_requests: int) -> Level:
        jobs = [(seconds, max(1, max_requests // self.n), k * 7) for k in range(self.n)]
        level = Level(self.n, seconds=seconds)
        for ok, completed, cpu_s, latencies in self.pool.map(_window, jobs, chunksize=1):
            level.ok += ok
            level.completed += completed
            level.cpu_s += cpu_s
            level.latencies_ms += latencies
        return level

    def close(self) -> None:
        self.pool.terminate()
        self.pool.join()
