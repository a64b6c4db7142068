"""``facecompare batch``: score a CSV of card/selfie pairs on every core."""

from __future__ import annotations

import csv
import os
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

COLUMNS = ["card", "selfie", "similarity", "decision", "errorCode", "ms"]

_engine: Any = None


def _init_worker(pack: str | None) -> None:
    """Load the models once per worker process."""
    global _engine
    from app.engine.engine import Engine

    _engine = Engine(pack)


def _score(job: tuple[str, str, str]) -> dict[str, str]:
    """Compare one pair; errors become an errorCode, never an exception."""
    from app.cli.faces import UnreadableFile, _read
    from app.contract import ErrorCode, code_of
    from app.engine.errors import EngineError

    base, card, selfie = job
    row = {"card": card, "selfie": selfie, "similarity": "", "decision": "", "errorCode": "", "ms": ""}
    t0 = time.perf_counter()
    try:
        a, fa = _read(Path(base) / card, "cardImage")
        b, fb = _read(Path(base) / selfie, "faceImage")
        t0 = time.perf_counter()
        result = _engine.compare(a, b, fa, fb)
        row["similarity"] = f"{result.similarity:.6f}"
        row["decision"] = result.decision.value
    except (EngineError, UnreadableFile) as err:
        row["errorCode"] = str(code_of(err))
        row["decision"] = "ERROR"
    except Exception:
        row["errorCode"] = str(ErrorCode.INTERNAL_ERROR)
        row["decision"] = "ERROR"
    row["ms"] = f"{(time.perf_counter() - t0) * 1000.0:.1f}"
    return row


def batch_command(
    pairs: Annotated[Path, typer.Argument(help="CSV with columns card,selfie (paths relative to the CSV).")],
    out: Annotated[Path, typer.Option("--out", help="Where to write the scores CSV.")],
    pack: Annotated[str | None, typer.Option("--pack", help="Model pack name.")] = None,
    workers: Annotated[
        int, typer.Option("--workers", min=1, help="Worker processes (default: all cores).")
    ] = 0,
) -> None:
    """Compare every pair of PAIRS and write card,selfie,similarity,decision,errorCode,ms to --out.

    Any other column of PAIRS (``same``, ``fold``, ``identity``...) is carried through after
    these, so ``facecompare evaluate`` can read the scores file.
    """
    with pairs.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames is None or not {"card", "selfie"} <= set(reader.fieldnames):
            raise typer.BadParameter(
                "the CSV needs a header with columns card and selfie", param_hint="PAIRS"
            )
        extra = [c for c in reader.fieldnames if c and c not in COLUMNS]
        rows_in = list(reader)
        jobs = [(str(pairs.parent), r["card"], r["selfie"]) for r in rows_in]
    n_workers = workers or os.cpu_count() or 1
    rows: list[dict[str, str]] = []
    progress = Progress(
        TextColumn("[bold]comparing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        transient=False,
    )
    with progress, ProcessPoolExecutor(n_workers, initializer=_init_worker, initargs=(pack,)) as pool:
        task = progress.add_task("pairs", total=len(jobs))
        for row, given in zip(pool.map(_score, jobs, chunksize=4), rows_in, strict=True):
            row.update({c: given.get(c) or "" for c in extra})
            rows.append(row)
            progress.advance(task)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(out.suffix + ".tmp")
    with tmp.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS + extra)
        writer.writeheader()
        writer.writerows(rows)
    os.replace(tmp, out)
    errors = sum(1 for r in rows if r["errorCode"])
    typer.echo(f"{len(rows)} pairs scored, {errors} with errors, written to {out}")
