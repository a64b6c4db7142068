"""The tamper suite counted: every attack at every position, on SQLite and a real PostgreSQL, as the
application role and as the owner; how many were refused by the database, found by ``audit
verify`` (public key + published checkpoints), or missed.

``python -m benchmarks.tamper_suite [--json FILE]`` (PostgreSQL from pgserver or Debian's binaries,
as the tests start it). The attacks are ``tests/cases/tamper_attacks.py``.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
import warnings
from collections import Counter
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path

from tests.cases.postgres import postgres_server
from tests.cases.tamper_attacks import ATTACKS, attempt, positions, postgres_target, sqlite_target

TARGETS = ("sqlite/app", "sqlite/owner", "postgresql/app", "postgresql/owner")


def run(stack: ExitStack) -> dict[str, dict[str, dict[str, int]]]:
    """target -> attack -> {refused, found, missed} (the databases are removed when ``stack`` closes)."""
    results: dict[str, dict[str, dict[str, int]]] = {}
    admin = stack.enter_context(postgres_server())
    for target in TARGETS:
        dialect, who = target.split("/")
        owner = who == "owner"
        fresh = stack.enter_context(
            sqlite_target(owner) if dialect == "sqlite" else postgres_target(admin, owner)
        )
        results[target] = {}
        for name in ATTACKS:
            counts: Counter[str] = Counter(refused=0, found=0, missed=0)
            probe = fresh()
            for pos in positions(probe, name):
                counts[attempt(probe if pos == 1 else fresh(), name, pos)] += 1
            results[target][name] = dict(counts)
            print(f"{target:18} {name:34} {dict(counts)}", flush=True)
    return results


def table(results: dict[str, dict[str, dict[str, int]]]) -> str:
    head = "| attack | " + " | ".join(TARGETS) + " |\n|---|" + "---|" * len(TARGETS) + "\n"
    lines = []
    for name in ATTACKS:
        cells = []
        for target in TARGETS:
            c = results[target][name]
            cells.append(
                f"{c['refused']} refused, {c['found']} found"
                + (f", **{c['missed']} MISSED**" if c["missed"] else "")
            )
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    totals = {t: Counter() for t in TARGETS}
    for t in TARGETS:
        for c in results[t].values():
            totals[t].update(c)
    lines.append(
        "| **all** | "
        + " | ".join(
            f"{totals[t]['refused']} refused, {totals[t]['found']} found, {totals[t]['missed']} missed"
            for t in TARGETS
        )
        + " |"
    )
    return head + "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", type=Path, help="Write the counts here too.")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    started = time.perf_counter()
    with ExitStack() as stack:  # report before the (slow) removal of every copy
        results = run(stack)
        _report(results, started, args.json)


def _report(results: dict[str, dict[str, dict[str, int]]], started: float, out: Path | None) -> None:
    print()
    print(table(results))
    missed = sum(c["missed"] for r in results.values() for c in r.values())
    print(f"\n{missed} missed; {time.perf_counter() - started:.0f} s")
    if out:
        out.write_text(
            json.dumps(
                {
                    "when": datetime.now(UTC).isoformat(),
                    "python": platform.python_version(),
                    "results": results,
                },
                indent=2,
            )
            + "\n"
        )
    if missed:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
