"""Plot a pack's score mapping (raw cosine -> calibrated similarity) from its calibration file.

Run from the repository root::

    .venv/bin/python benchmarks/score_mapping.py                      # models/calibration/open.json
    .venv/bin/python benchmarks/score_mapping.py --calibration FILE --out docs/score_mapping.png

The knots (``facecompare calibrate``, :mod:`app.engine.scoremap`) are drawn and labelled with
the FAR each stands for; the grey diagonal is the raw score as it was read before calibration
(similarity = raw cosine), and the dotted line the mapping a version 1 file of the same raw
thresholds gives (review -> 0.70, match -> 0.80, nothing else known). No face image is read.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from app.engine.calibration import load_calibration  # noqa: E402
from app.engine.scoremap import MATCH_SCORE, REVIEW_SCORE, from_thresholds  # noqa: E402

app = typer.Typer(add_completion=False)


@app.command()
def main(
    calibration: Annotated[Path, typer.Option(help="Calibration file (schema 1 or 2).")] = REPO
    / "models/calibration/open.json",
    out: Annotated[Path, typer.Option(help="PNG to write.")] = REPO / "docs/score_mapping.png",
) -> None:
    """Draw the mapping of one calibration file."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    cal = load_calibration(calibration)
    mapping = cal.score_mapping()
    raw_match, raw_review = cal.raw_thresholds()
    two_point = from_thresholds(raw_match, raw_review, "two thresholds")
    lo = max(0.0, min(k.raw for k in mapping.knots if k.raw > 0) - 0.15)
    xs = [lo + (1.0 - lo) * i / 400 for i in range(401)]

    fig, ax = plt.subplots(figsize=(7.5, 5.2), dpi=110)
    ax.plot(xs, xs, color="#bbbbbb", lw=1, label="before: similarity = raw cosine")
    ax.plot(
        xs,
        [two_point.apply(x) for x in xs],
        ":",
        color="#777777",
        lw=1.2,
        label="from the two thresholds only",
    )
    ax.plot(xs, [mapping.apply(x) for x in xs], color="#1f5fa8", lw=2.2, label=f"calibrated ({cal.pack})")
    for k in mapping.knots:
        if k.far is None or k.raw < lo:
            continue
        ax.plot([k.raw], [k.similarity], "o", color="#1f5fa8")
        ax.annotate(
            f"FAR {100 * k.far:g}%: raw {k.raw:.4f} -> {k.similarity:.2f}",
            (k.raw, k.similarity),
            textcoords="offset points",
            xytext=(-8, 6),
            ha="right",
            fontsize=8,
        )
    for y, name in ((REVIEW_SCORE, "review"), (MATCH_SCORE, "match")):
        ax.axhline(y, color="#d08a00" if name == "review" else "#2e7d32", lw=0.8, ls="--")
        ax.text(lo + 0.005, y + 0.01, f"{name} {y:.2f}", fontsize=8)
    ax.set_xlim(lo, 1.0)
    ax.set_ylim(0.0, 1.0)
    ax.set_xlabel("raw score (cosine of the two embeddings)")
    ax.set_ylabel("similarity (calibrated, 0-1)")
    ax.set_title(
        f"Score mapping of pack {cal.pack}: {cal.genuine:,} genuine, {cal.impostors:,} impostor pairs"
    )
    ax.legend(loc="upper left", fontsize=8)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out)
    typer.echo(f"wrote {out}")
    for k in mapping.knots:
        typer.echo(f"  raw {k.raw:.4f} -> {k.similarity:.2f}  {k.label}")


if __name__ == "__main__":
    app()
