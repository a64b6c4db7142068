"""The loopback cluster under load: 1, 2 and 3 replicas behind Caddy, in the same run.

Run from the repository root (needs Debian's ``caddy`` and ``redis-server``, ``make sysdeps``)::

    .venv/bin/python benchmarks/cluster_load.py                  # 3 replicas, 1 process each
    .venv/bin/python benchmarks/cluster_load.py --pin            # each replica limited to one core
    .venv/bin/python benchmarks/cluster_load.py --seconds 30 --rounds 3 --clients 8

It starts Redis and three ``facecompare serve`` replicas once (``tools/cluster.py``), then one
Caddy per cluster size with the project's ``Caddyfile`` in front of the first 1, 2 or 3 replicas,
so the sizes are measured in turn, round after round (the order rotates), on the same
processes. ``--pin`` runs replica *i* on core *i mod cores* (``taskset``), like a container's
CPU limit: without it every replica may use every core. Each window is ``--seconds`` of
``--clients`` callers (``tools/loadgen.py``: a 429's ``Retry-After`` is honoured, the same
requestId sent again) with the shipped sample card and selfie. Reported per size: checks
answered 200 per second, the ratio to one replica, the 429 share of attempts, 5xx, checks
lost, and the spread: each replica's share of the answers (its own ``/metrics``). Results go
to stdout (markdown) and ``--out`` (JSON).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tools.cluster import SECRET, Caddy, Cluster
from tools.loadgen import run_load


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=1, help="server processes per replica")
    parser.add_argument("--pin", action="store_true", help="one core per replica (taskset)")
    parser.add_argument(
        "--out", type=Path, default=None, help="default: benchmarks/results/cluster_load[_pinned].json"
    )
    args = parser.parse_args()
    if args.out is None:
        args.out = Path(f"benchmarks/results/cluster_load{'_pinned' if args.pin else ''}.json")
    cores = len(os.sched_getaffinity(0))
    sizes = [1, 2, 3]
    rows: dict[int, dict[str, list[float]]] = {n: {} for n in sizes}
    with tempfile.TemporaryDirectory(prefix="fc-bench-") as tmp:
        folder = Path(tmp)
        os.chmod(folder, 0o755)
        cluster = Cluster(folder, replicas=3, workers=args.workers, postgres=False)
        if args.pin:
            for i, node in enumerate(cluster.nodes):
                node.cpus = str(i % cores)
        proxies: dict[int, Caddy] = {}
        try:
            cluster.redis.start()
            for node in cluster.nodes:
                node.start(wait=False)
            for node in cluster.nodes:
                node.wait_ready()
            for n in sizes:
                proxies[n] = Caddy(
                    f"caddy-{n}",
                    folder / f"caddy-{n}.log",
                    folder=folder / f"caddy-{n}",
                    upstreams=[node.port for node in cluster.nodes[:n]],
                )
                proxies[n].start()
            # warm-up: every replica's first compares, through the 3-replica proxy
            run_load(proxies[3].url, SECRET, verify=proxies[3].tls(), checks=12, concurrency=6)
            for r in range(args.rounds):
                order = sizes[r % len(sizes) :] + sizes[: r % len(sizes)]
                for n in order:
                    before = cluster.answered_by_replica()
                    result = run_load(
                        proxies[n].url,
                        SECRET,
                        verify=proxies[n].tls(),
                        duration_s=args.seconds,
                        concurrency=args.clients,
                    )
                    after = cluster.answered_by_replica()
                    served = [b - a for a, b in zip(before, after, strict=True)][:n]
                    total = sum(served) or 1.0
                    row = rows[n]
                    row.setdefault("perSecond", []).append(result.per_second)
                    row.setdefault("share429", []).append(result.share_429)
                    row.setdefault("fivexx", []).append(float(len(result.server_errors)))
                    row.setdefault("lost", []).append(float(result.lost))
                    row.setdefault("spread", []).extend(s / total for s in served)
                    row.setdefault("spreadRaw", []).append(json.dumps(served))
                    print(
                        f"round {r + 1}, {n} replica(s): {result.summary()} per replica {served}", flush=True
                    )
        finally:
            for proxy in proxies.values():
                proxy.stop()
            cluster.stop()
    one = sum(rows[1]["perSecond"]) / len(rows[1]["perSecond"])
    report = []
    print(
        f"\n{cores} cores, {args.clients} callers, {args.workers} process(es) per replica, pinned: {args.pin}"
    )
    print(
        "| replicas | checks/s | ÷ one replica | 429 share | 5xx | lost "
        "| spread (share per replica, each window) |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for n in sizes:
        row = rows[n]
        rate = sum(row["perSecond"]) / len(row["perSecond"])
        entry = {
            "replicas": n,
            "perSecond": round(rate, 2),
            "ratio": round(rate / one, 2),
            "share429": round(sum(row["share429"]) / len(row["share429"]), 3),
            "fivexx": int(sum(row["fivexx"])),
            "lost": int(sum(row["lost"])),
            "perRound": [round(x, 2) for x in row["perSecond"]],
            "answeredPerReplica": [json.loads(x) for x in row["spreadRaw"]],
        }
        report.append(entry)
        spread = "; ".join(
            "/".join(f"{s / (sum(w) or 1):.2f}" for s in w) for w in entry["answeredPerReplica"]
        )
        print(
            f"| {n} | {entry['perSecond']} | {entry['ratio']} | {entry['share429']:.1%} | "
            f"{entry['fivexx']} | {entry['lost']} | {spread} |"
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    meta = {
        "cores": cores,
        "clients": args.clients,
        "workers": args.workers,
        "pinned": args.pin,
        "seconds": args.seconds,
        "rounds": args.rounds,
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    args.out.write_text(json.dumps({"meta": meta, "sizes": report}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
