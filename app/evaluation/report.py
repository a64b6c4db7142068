"""The report folder: ``summary.json``, the PNG plots and ``report.html`` (one file, images inlined)."""

from __future__ import annotations

import base64
import csv
import html
import io
import json
import os
from pathlib import Path
from typing import Any

from app.evaluation.metrics import roc_curve
from app.evaluation.plots import det_png, histogram_png, roc_png
from app.evaluation.scoring import ScoredSet

PLOTS = ("histogram.png", "roc.png", "det.png")


def _pct(x: float | None, digits: int = 2) -> str:
    return "–" if x is None else f"{100 * x:.{digits}f}%"


def _ci(ci: Any) -> str:
    return "–" if not ci or ci[0] is None else f"[{100 * ci[0]:.2f}%, {100 * ci[1]:.2f}%]"


def _ms(t: dict[str, Any]) -> str:
    """Median / p90 of the per-image time (read, detect, embed), or a dash for a scores CSV."""
    if not t or t.get("median") is None:
        return "–"
    return f"{t['median']:.0f} / {t['p90']:.0f} (while evaluating, all workers busy)"


def _small(x: float) -> str:
    """A rate that may be tiny (a FAR), to three significant figures."""
    return f"{100 * x:.3g}%"


def _far_ci(ci: Any) -> str:
    return "–" if not ci else f"[{_small(ci[0])}, {_small(ci[1])}]"


def _table(head: list[str], rows: list[list[str]]) -> str:
    h = "".join(f"<th>{html.escape(c)}</th>" for c in head)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><thead><tr>{h}</tr></thead><tbody>{body}</tbody></table>"


def _tar_rows(entries: list[dict[str, Any]]) -> list[list[str]]:
    rows = []
    for t in entries:
        far = f"{100 * t['far']:g}%"
        if not t["measurable"]:
            rows.append(
                [far, "not measurable", "–", "–", "–", f"{t['impostors']:,} (need ≥ {3 / t['far']:,.0f})"]
            )
            continue
        rows.append(
            [
                far,
                _pct(t["tar"]),
                _ci(t["tar_ci95"]),
                f"{t['threshold']:.4f}",
                f"{t['false_accepts']:,} = {_small(t['far_actual'])} {_far_ci(t['far_ci95'])}",
                f"{t['genuine']:,} genuine / {t['impostors']:,} impostors "
                f"(FAR step {t['far_resolution']:.2g})",
            ]
        )
    return rows


def render_html(summary: dict[str, Any], images: dict[str, bytes]) -> str:
    """The whole report as one HTML page with the PNGs inlined as base64."""
    c, f, a = summary["counts"], summary["fte"], summary["accuracy"]
    title = f"Face verification evaluation: {Path(summary['input']['path']).parent.name or 'pairs'}"
    parts = [
        "<!doctype html><html><head><meta charset='utf-8'>",
        f"<title>{html.escape(title)}</title>",
        "<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#222}"
        "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;"
        "text-align:right}th{background:#f0f0f0}td:first-child{text-align:left}"
        "img{max-width:100%;border:1px solid #eee}.note{color:#555;font-size:90%}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
    ]
    meta = [
        ["input", summary["input"]["path"]],
        ["input sha256", summary["input"]["sha256"]],
        ["kind", summary["input"]["kind"]],
        ["identities", summary["input"]["identity_source"]],
        ["date", summary["date"]],
    ]
    for key in ("pack", "app_version", "engine"):
        if key in summary:
            meta.append([key, summary[key]])
    used = summary.get("thresholds_in_use")
    if isinstance(used, dict):
        meta.append(
            [
                "engine thresholds now",
                f"match {used['match']:.4f}, review {used['review']:.4f} from {used.get('source', '?')}",
            ]
        )
    parts.append(_table(["", "value"], [[str(k), str(v)] for k, v in meta]))
    parts.extend(f"<p class='note'>{html.escape(n)}</p>" for n in summary["input"]["notes"])
    parts.append("<h2>Summary</h2>")
    k = a["kfold"]
    parts.append(
        _table(
            ["figure", "value"],
            [
                [
                    "pairs (genuine / listed impostors)",
                    f"{c['pairs']:,} ({c['genuine']:,} / {c['impostors_listed']:,})",
                ],
                ["extra impostors across identities", f"{c['impostors_extra']:,}"],
                ["impostors in all", f"{c['impostors_total']:,}"],
                [
                    "failure to enrol (pairs)",
                    f"{f['pairs']['count']} of {f['pairs']['of']} = {_pct(f['pairs']['rate'])} "
                    f"{_ci(f['pairs']['ci95'])}; genuine {f['genuine']}, impostor {f['impostor']}",
                ],
                ["FTE reasons", ", ".join(f"{r}: {n}" for r, n in f["reasons"].items()) or "none"],
                [
                    "images (failed)",
                    f"{f['images']['distinct']:,} ({f['images']['failed']})",
                ],
                [
                    "accuracy at best threshold",
                    f"{_pct(a['at_best_threshold'])} at {a['best_threshold']:.4f} (chosen on the same pairs)",
                ],
                [f"accuracy {k['folds']}-fold", f"{_pct(k['mean'])} ± {_pct(k['std'])} ({k['method']})"],
                ["EER", f"{_pct(summary['eer']['eer'])} at {summary['eer']['threshold']:.4f}"],
                ["ROC AUC", f"{summary['auc']:.5f}"],
                [
                    "ms per image (median / p90)",
                    _ms(summary.get("timing_ms_per_image", {})),
                ],
            ],
        )
    )
    parts.append("<h2>TAR at FAR (all impostors)</h2>")
    head = ["FAR", "TAR", "TAR 95% CI", "threshold", "false accepts (FAR, 95% CI)", "rests on"]
    parts.append(_table(head, _tar_rows(summary["tar_at_far"])))
    if c["impostors_extra"]:
        src = c["extra_impostors_from"]
        parts.append(
            f"<p class='note'>{c['impostors_extra']:,} of the impostor pairs are formed across "
            f"{src['identities']:,} identities from {src['card_images']:,} card-column and "
            f"{src['selfie_images']:,} selfie-column images: they share images, so they are not "
            "independent and the FAR intervals, computed as if they were, are too narrow.</p>"
        )
    if c["impostors_extra"]:
        parts.append("<h3>TAR at FAR, listed impostors only</h3>")
        parts.append(_table(head, _tar_rows(summary["listed_only_tar_at_far"])))
    parts.append("<h2>Per card format</h2>")
    rows = []
    for fmt, e in summary["per_format"].items():
        at = e.get("at_overall_far_1pct_threshold")
        rows.append(
            [
                fmt,
                f"{e['pairs']} ({e['genuine']} / {e['impostors']})",
                f"{e['fte']['count']} ({_pct(e['fte']['rate'])})",
                _pct(e["accuracy_at_overall_best_threshold"]),
                "–" if not at else f"{_pct(at['tar']['rate'])} {_ci(at['tar']['ci95'])}",
                "–" if not at else f"{at['false_accepts']['count']} of {at['false_accepts']['of']}",
            ]
        )
    parts.append(
        _table(
            [
                "card format",
                "pairs (gen / imp)",
                "FTE",
                "accuracy",
                "TAR at FAR-1% threshold",
                "false accepts",
            ],
            rows,
        )
    )
    parts.append("<h2>Plots</h2>")
    for name in PLOTS:
        if name in images:
            data = base64.b64encode(images[name]).decode("ascii")
            parts.append(f"<p><img alt='{name}' src='data:image/png;base64,{data}'></p>")
    parts.append("<h2>Protocol</h2><ul>")
    parts.extend(
        f"<li><b>{html.escape(k)}</b>: {html.escape(v)}</li>" for k, v in summary["protocol"].items()
    )
    parts.append("</ul></body></html>")
    return "\n".join(parts)


def make_plots(scored: ScoredSet, summary: dict[str, Any]) -> dict[str, bytes]:
    name = Path(summary["input"]["path"]).parent.name or "pairs"
    roc = roc_curve(scored.genuine, scored.all_impostors)
    thresholds: dict[str, float] = {}
    marks: dict[str, tuple[float, float]] = {}
    for t in summary["tar_at_far"]:
        if t["measurable"] and t["far"] in (0.01, 0.001):
            thresholds[f"FAR {100 * t['far']:g}%"] = t["threshold"]
            marks[f"FAR {100 * t['far']:g}%"] = (max(t["far_actual"], 1e-7), t["tar"])
    in_use = summary.get("thresholds_in_use")
    if isinstance(in_use, dict):
        thresholds["engine match"] = float(in_use["match"])
        thresholds["engine review"] = float(in_use["review"])
    extra = scored.extra.scores if scored.extra is not None else scored.listed_impostors[:0]
    return {
        "histogram.png": histogram_png(
            scored.genuine, scored.listed_impostors, extra, thresholds, f"{name}: similarity scores"
        ),
        "roc.png": roc_png(roc, f"{name}: ROC ({len(scored.all_impostors):,} impostors)", marks),
        "det.png": det_png(roc, f"{name}: DET"),
    }


def _write(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def scores_csv(scored: ScoredSet) -> bytes:
    """The listed pairs with their scores, in the layout of ``facecompare batch`` plus labels."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["card", "selfie", "same", "similarity", "errorCode", "fold"])
    for p, score, err in zip(scored.pairs.pairs, scored.scores, scored.errors, strict=True):
        w.writerow([p.card, p.selfie, p.same, "" if err else f"{score:.6f}", err, p.fold or ""])
    return buf.getvalue().encode("utf-8")


def write_report(folder: Path, scored: ScoredSet, summary: dict[str, Any]) -> Path:
    """Write summary.json, scores.csv, the PNGs and report.html into ``folder``; return the
    HTML's path."""
    folder.mkdir(parents=True, exist_ok=True)
    _write(folder / "scores.csv", scores_csv(scored))
    images = make_plots(scored, summary)
    for name, data in images.items():
        _write(folder / name, data)
    _write(folder / "summary.json", (json.dumps(summary, indent=2) + "\n").encode("utf-8"))
    page = folder / "report.html"
    _write(page, render_html(summary, images).encode("utf-8"))
    return page
