"""``facecompare batch``: score a CSV of card/selfie pairs on every core."""

from __future__ import annotations

import csv
import os
import time
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from app.cli.errors import fail
from app.cli.paths import all_cores, writable_file
from app.workers import process_pool

COLUMNS = ["card", "selfie", "similarity", "decision", "errorCode", "ms"]

_engine: Any = None
_engine_error: str | None = None


class WorkerStartError(Exception):
    """A worker process could not load the model pack (the message says why)."""


def _init_worker(pack: str | None) -> None:
    """Load the models once per worker process; a failure is kept for the first job to report."""
    global _engine, _engine_error
    from app.engine.engine import Engine

    try:
        _engine = Engine(pack)
    except Exception as exc:  # reported once, in the parent, as one line
        _engine_error = f"{type(exc).__name__}: {getattr(exc, 'message', None) or exc}"


def _score(job: tuple[str, str, str]) -> dict[str, str]:
    """Compare one pair; errors become an errorCode, never an exception."""
    from app.cli.faces import UnreadableFile, _read
    from app.contract import ErrorCode, code_of
    from app.engine.errors import EngineError

    if _engine_error is not None:
        raise WorkerStartError(_engine_error)
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


def _read_pairs(pairs: Path) -> tuple[list[dict[str, str]], list[str]]:
    """The rows of PAIRS and its columns beyond card and selfie; a bad file is a usage error."""
    try:
        with pairs.open(newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            columns = reader.fieldnames or []
            rows = list(reader)
    except OSError as exc:
        raise typer.BadParameter(
            f"{pairs} cannot be read: {exc.strerror or exc}", param_hint="'PAIRS'"
        ) from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise typer.BadParameter(f"{pairs} is not a UTF-8 CSV file: {exc}", param_hint="'PAIRS'") from None
    missing = [c for c in ("card", "selfie") if c not in columns]
    if missing:
        raise typer.BadParameter(
            f"{pairs} needs a header with the columns card and selfie; missing {', '.join(missing)}",
            param_hint="'PAIRS'",
        )
    return rows, [c for c in columns if c and c not in COLUMNS]


def _check_pack(pack: str | None) -> None:
    """Fail in one line, before any worker starts, when the pack cannot be found (nothing is loaded)."""
    from app.engine import packs
    from app.engine.errors import ModelPackError

    try:
        packs.resolve_pack(pack or packs.AUTO)
    except ModelPackError as exc:
        raise fail(exc.message) from None


def batch_command(
    pairs: Annotated[
        Path,
        typer.Argument(
            metavar="PAIRS",
            exists=True,
            dir_okay=False,
            help="CSV with columns card,selfie (paths relative to the CSV).",
        ),
    ],
    out: Annotated[
        Path, typer.Option("--out", callback=writable_file, help="Where to write the scores CSV.")
    ],
    pack: Annotated[
        str | None, typer.Option("--pack", help="Model pack (default: FACECOMPARE_MODEL_PACK or auto).")
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers", min=1, show_default="all cores", help="Worker processes, each loading the models."
        ),
    ] = None,
) -> None:
    """Compare every pair of PAIRS and write card,selfie,similarity,decision,errorCode,ms to --out.

    Any other column of PAIRS (same, fold, identity...) is carried through after these, so
    facecompare evaluate can read the scores file. A pair whose image cannot be read or used
    gets its errorCode and decision ERROR; the other pairs are still scored.
    """
    rows_in, extra = _read_pairs(pairs)
    _check_pack(pack)
    jobs = [(str(pairs.parent), r.get("card") or "", r.get("selfie") or "") for r in rows_in]
    n_workers = max(1, min(workers or all_cores(), len(jobs)))
    rows: list[dict[str, str]] = []
    console = Console(stderr=True)
    progress = Progress(
        TextColumn("[bold]comparing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        disable=not console.is_terminal,  # a bar for people; nothing in logs and pipes
    )
    try:
        with progress, process_pool(n_workers, _init_worker, (pack,)) as pool:
            task = progress.add_task("pairs", total=len(jobs))
            for row, given in zip(pool.map(_score, jobs, chunksize=4), rows_in, strict=True):
                row.update({c: given.get(c) or "" for c in extra})
                rows.append(row)
                progress.advance(task)
    except WorkerStartError as exc:
        raise fail(f"the model pack could not be loaded: {exc}") from None
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(out.suffix + ".tmp")
    with tmp.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS + extra)
        writer.writeheader()
        writer.writerows(rows)
    os.replace(tmp, out)
    errors = sum(1 for r in rows if r["errorCode"])
    typer.echo(f"{len(rows)} pairs scored, {errors} with errors, written to {out}")
