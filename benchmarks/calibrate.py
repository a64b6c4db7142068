"""Decision thresholds of a pack from the per-pair scores of ``evaluate.py``.

Run from the repository root, after ``benchmarks/evaluate.py --pack PACK``::

    .venv/bin/python benchmarks/calibrate.py --pack open            # print only
    .venv/bin/python benchmarks/calibrate.py --pack open --write    # also store in the manifest

It reads ``benchmarks/results/scores_{idcard-dev,lfw-dev}_ours_<pack>.csv`` and pools the
impostor scores of both datasets:

* ``review`` = the threshold at FAR 1% on the pooled impostors: at most floor(1% × impostors)
  impostor scores are >= it;
* ``match`` = the threshold at FAR 0.1% on the pooled impostors, plus ``--margin`` (default 0).
  With ~900 impostors, FAR 0.1% allows no false accept at all, so the threshold is just above
  the highest impostor score seen. dlib's cosines sit in a narrow range (different people
  about 0.83, the same person about 0.95): a margin of 0.02 would reject a third of the
  genuine pairs, so none is added; ``facecompare calibrate`` on a bank's own, larger
  impostor set is the real answer.

Both are rounded *up* to 4 decimals. The engine decides ``similarity >= match`` → MATCH,
``review <= similarity < match`` → REVIEW. FTE pairs (no face, any error) count as rejects.
With ``--write`` the values go into ``models/manifests/<pack>.json`` as
``"thresholds": {"match": x, "review": y}`` (2-space JSON, key order kept). The engine prefers a
calibration file (``models/calibration/<pack>.json``, written by ``facecompare calibrate``, see
docs/evaluation.md) over a manifest's thresholds.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import sys
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import typer
from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))
from evaluate import DEFAULT_OUT, REPO, csv_path, read_csv, scores_labels, system_name

from app.evaluation.calibrate import round_up
from app.evaluation.metrics import threshold_at_far

DATASETS: tuple[str, ...] = ("idcard-dev", "lfw-dev")
DEFAULT_MARGIN = 0.0


def far_threshold(impostors: np.ndarray, far: float) -> float:
    """Smallest 4-decimal t with at most floor(far × n) impostors at or above t."""
    return round_up(threshold_at_far(impostors, far))


def rates(scores: np.ndarray, labels: np.ndarray, thr: float) -> dict[str, float]:
    acc = scores >= thr
    gen, imp = labels == 1, labels == 0
    return {
        "tar": float(acc[gen].mean()),
        "frr": float(1 - acc[gen].mean()),
        "far": float(acc[imp].mean()),
        "false_accepts": int(acc[imp].sum()),
        "impostors": int(imp.sum()),
    }


def write_manifest(path: Path, match: float, review: float) -> None:
    """Set ``thresholds`` in a manifest, keeping its key order and 2-space formatting."""
    text = path.read_text(encoding="utf-8")
    doc: dict[str, Any] = json.loads(text)
    doc["thresholds"] = {"match": match, "review": review}
    path.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


app = typer.Typer(add_completion=False)


@app.command()
def main(
    pack: Annotated[str, typer.Option(help="Pack whose scores are calibrated.")] = "open",
    results: Annotated[Path, typer.Option(help="Folder holding evaluate.py's CSVs.")] = DEFAULT_OUT,
    margin: Annotated[
        float, typer.Option(help="Added to the FAR-0.1% threshold for `match`.")
    ] = DEFAULT_MARGIN,
    write: Annotated[
        bool, typer.Option("--write", help="Store the thresholds in the pack's manifest.")
    ] = False,
) -> None:
    """Choose `match` (FAR 0.1% + margin) and `review` (FAR 1%) on the pooled impostors."""
    console = Console(width=None if sys.stdout.isatty() else 130)
    system = system_name(pack)
    per_ds: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    sources = []
    for ds in DATASETS:
        path = csv_path(results, ds, system)
        if not path.is_file():
            console.print(f"[red]missing {path}[/red]: run benchmarks/evaluate.py --pack {pack} first")
            raise typer.Exit(1)
        per_ds[ds] = scores_labels(read_csv(path))
        mtime = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        sources.append(f"{path.relative_to(REPO) if path.is_relative_to(REPO) else path} ({mtime})")
    imp = np.concatenate([s[y == 0] for s, y in per_ds.values()])
    review = far_threshold(imp, 0.01)
    raw_match = far_threshold(imp, 0.001)
    match = round(raw_match + margin, 4)
    console.print(
        f"pooled impostors: {len(imp)} (FAR 1% allows {math.floor(0.01 * len(imp))}, "
        f"FAR 0.1% allows {math.floor(0.001 * len(imp))}); highest impostor score {imp.max():.4f}"
    )
    console.print(
        f"[bold]match = {match:.4f}[/bold] (FAR-0.1% threshold {raw_match:.4f} + margin {margin:g}), "
        f"[bold]review = {review:.4f}[/bold] (FAR 1%)"
    )
    t = Table("dataset", "threshold", "value", "TAR", "FRR", "FAR", "false accepts", title=f"pack {pack}")
    for ds, (s, y) in per_ds.items():
        for name, thr in (("match", match), ("review", review)):
            r = rates(s, y, thr)
            t.add_row(
                ds,
                name,
                f"{thr:.4f}",
                f"{100 * r['tar']:.2f}%",
                f"{100 * r['frr']:.2f}%",
                f"{100 * r['far']:.2f}%",
                f"{r['false_accepts']}/{r['impostors']}",
            )
    console.print(t)
    console.print("[dim]FTE pairs count as rejects (a genuine FTE is a false reject).[/dim]")
    provenance = (
        f"thresholds for pack {pack}: match = FAR-0.1% threshold + {margin:g}, review = FAR-1% threshold, "
        f"on {len(imp)} pooled impostor scores of idcard-dev + lfw-dev, from " + "; ".join(sources)
    )
    console.print(provenance)
    if write:
        manifest = REPO / "models" / "manifests" / f"{pack}.json"
        if not manifest.is_file():
            console.print(
                f"[red]{manifest} does not exist[/red] (custom packs keep thresholds in their pack.json)"
            )
            raise typer.Exit(1)
        write_manifest(manifest, match, review)
        console.print(
            f"wrote thresholds {{match: {match}, review: {review}}} to {manifest.relative_to(REPO)}"
        )


if __name__ == "__main__":
    app()
