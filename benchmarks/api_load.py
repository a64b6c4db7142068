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
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import psutil
from api_load_windows import SECRET, Budget, EngineProcesses, Level, Pair, api_level, engine_level, load_pairs


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


def _ratio(a: Level, b: Level) -> float | None:
    return round(a.rate / b.rate, 3) if b.rate else None


def measure(
    args: argparse.Namespace, engine: Any, procs: EngineProcesses | None, pairs: list[Pair], workdir: Path
) -> dict[str, Any]:
    results: dict[str, Any] = {"configurations": []}

    def threads() -> Level:
        budget = Budget(args.max_requests, args.seconds)
        return timed(lambda: engine_level(engine, pairs, args.engine_threads, budget), None)

    for n, serve_args in enumerate(args.serve):
        with served(args.pack, serve_args, workdir) as (proc, base, log):

            def api() -> Level:
                budget = Budget(args.max_requests, args.seconds)
                return timed(lambda: api_level(base, pairs, args.clients, budget), proc.pid)

            windows: dict[str, Callable[[], Level]] = {"engine": threads, "api": api}
            if procs is not None:
                windows["engine_processes"] = lambda: procs.level(args.seconds, args.max_requests)
            api_level(base, pairs, args.clients, Budget(total=2 * args.clients))  # warm every process
            before, _ = scrape(base)
            total = {name: Level(0) for name in windows}
            ratios = []
            for r in range(args.rounds):
                # each window goes first in turn, so a drift in the machine's other load hits all alike
                names = list(windows)
                got = {name: windows[name]() for name in names[(n + r) % 3 :] + names[: (n + r) % 3]}
                ratios.append(_ratio(got["api"], got["engine"]))
                for name, level in got.items():
                    total[name].add(level)
            after, processes = scrape(base)
            a = total["api"]
            row = {
                "serve": f"facecompare serve {serve_args}".strip(),
                "processes": processes,
                "restarted_processes": log.read_text().count("] died"),
                **{name: level.summary() for name, level in total.items()},
                "ratio": _ratio(a, total["engine"]),
                "ratio_per_round": ratios,
                "ratio_to_processes": _ratio(a, total["engine_processes"]) if procs is not None else None,
                "metrics_counted_every_answer": round(after - before) == a.answered,
            }
            results["configurations"].append(row)
            print(json.dumps(row), flush=True)
            if args.memory_requests and n == len(args.serve) - 1:
                results["memory"] = memory_run(base, pairs, proc, args.memory_requests)
    return results


def report(results: dict[str, Any]) -> None:
    print(
        f"\nAPI: {results['clients']} clients honouring Retry-After; engine: {results['engine_threads']} "
        f"threads in this process, and {results['engine_processes']} processes with an engine each; "
        f"{results['pairs']} idcard-dev pairs; pack {results['pack']}; {results['cores']} usable cores; "
        f"{results['rounds']} rounds of {results['seconds']:g} s windows"
    )
    print(
        "\n| serve | processes | API req/s | p50 ms | p99 ms | 429 share | 5xx | engine pairs/s (threads) "
        "| ratio | per round | engine pairs/s (processes) | ratio "
        "| CPU ms per compare: API, threads, processes |"
    )
    print("| --- " * 13 + "|")
    for row in results["configurations"]:
        a, e, ep = row["api"], row["engine"], row.get("engine_processes")
        restarts = f" ({row['restarted_processes']} restarted)" if row["restarted_processes"] else ""
        per_round = ", ".join(f"{x:.2f}" for x in row["ratio_per_round"] if x is not None)
        procs = f"{ep['per_s']:.2f} | {row['ratio_to_processes']:.2f}" if ep else "- | -"
        cpu = ", ".join(str(x["cpu_ms_per_compare"]) for x in (a, e, ep) if x)
        print(
            f"| `{row['serve']}` | {row['processes']}{restarts} | {a['per_s']:.2f} | {a['p50_ms']:.0f} | "
            f"{a['p99_ms']:.0f} | {a['share_429']:.1%} | {a['count_5xx']} | {e['per_s']:.2f} | "
            f"{row['ratio']:.2f} | {per_round} | {procs} | {cpu} |"
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
    ap.add_argument("--rounds", type=int, default=6, help="windows of each kind per configuration")
    ap.add_argument("--max-requests", type=int, default=1000, help="at most this many per window")
    ap.add_argument("--clients", type=int, default=8, help="concurrent API clients")
    ap.add_argument("--engine-threads", type=int, default=usable_cores(), help="in-process baseline")
    ap.add_argument(
        "--engine-processes", type=int, default=usable_cores(), help="baseline on processes (0: none)"
    )
    ap.add_argument("--serve", action="append", default=None, help="serve's arguments (repeatable)")
    ap.add_argument("--memory-requests", type=int, default=0)
    ap.add_argument("--out", type=Path, default=None, help="write the results as JSON here")
    args = ap.parse_args()
    args.serve = args.serve or [""]

    from app.engine.engine import Engine

    pairs = load_pairs(args.pairs)
    engine = Engine(args.pack)
    procs = EngineProcesses(args.pack, args.pairs, args.engine_processes) if args.engine_processes else None
    workdir = Path(tempfile.mkdtemp(prefix="api-load-"))
    results: dict[str, Any] = {
        "pack": args.pack,
        "pairs": len(pairs),
        "cores": usable_cores(),
        "engine_threads": args.engine_threads,
        "engine_processes": args.engine_processes,
        "clients": args.clients,
        "seconds": args.seconds,
        "rounds": args.rounds,
        "load_average_at_start": os.getloadavg(),
    }
    try:
        results |= measure(args, engine, procs, pairs, workdir)
    finally:
        if procs is not None:
            procs.close()
    results["load_average_at_end"] = os.getloadavg()
    report(results)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
