"""Score histograms, ROC and DET curves as PNG bytes (matplotlib, Agg backend, no screen)."""

from __future__ import annotations

import io
from collections.abc import Mapping
from statistics import NormalDist

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from app.evaluation.metrics import WORST, FloatArr, Roc

_THRESHOLD_COLOURS = ("#d62728", "#ff7f0e", "#9467bd", "#8c564b")
_MAX_POINTS = 4000


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue()


def _corners(tar: FloatArr) -> np.ndarray:
    """Indices of the first and last point of each run of equal TAR: the ROC is a staircase
    whose steps are the genuine scores, so these points draw it exactly, however many
    impostors there are (thinned evenly beyond ``_MAX_POINTS``)."""
    n = len(tar)
    if n == 0:
        return np.arange(0)
    change = np.flatnonzero(np.diff(tar) != 0)
    idx = np.unique(np.concatenate([[0, n - 1], change, change + 1]))
    if len(idx) > _MAX_POINTS:
        idx = idx[np.unique(np.linspace(0, len(idx) - 1, _MAX_POINTS).round().astype(int))]
    return idx


def histogram_png(
    genuine: FloatArr,
    listed_impostors: FloatArr,
    extra_impostors: FloatArr,
    thresholds: Mapping[str, float],
    title: str,
) -> bytes:
    """Density histograms of the genuine, listed-impostor and extra-impostor scores; failures to
    enrol (scored below 0) are left out and counted in the legend."""
    fig, ax = plt.subplots(figsize=(8, 4.2))
    bins = [i / 100 for i in range(101)]
    series = (
        ("genuine", genuine, "#2ca02c"),
        ("impostor (listed)", listed_impostors, "#1f77b4"),
        ("impostor (extra, across identities)", extra_impostors, "#7f7f7f"),
    )
    lo = 1.0
    for name, values, colour in series:
        ok = values[values > WORST]
        if not len(ok):
            continue
        lo = min(lo, float(ok.min()))
        fte = len(values) - len(ok)
        label = f"{name}: {len(ok):,}" + (f" (+{fte} FTE not shown)" if fte else "")
        ax.hist(ok, bins=bins, density=True, histtype="stepfilled", alpha=0.35, color=colour, label=label)
        ax.hist(ok, bins=bins, density=True, histtype="step", color=colour)
    for (name, value), colour in zip(thresholds.items(), _THRESHOLD_COLOURS, strict=False):
        engine = name.startswith("engine")  # dotted and wider, so a coinciding FAR line still shows
        ax.axvline(
            value,
            color=colour,
            linestyle=":" if engine else "--",
            linewidth=2.4 if engine else 1.2,
            label=f"{name} = {value:.4f}",
        )
    lo = min([lo, *(v for v in thresholds.values() if 0.0 <= v <= 1.0)])
    ax.set_xlim(max(0.0, lo - 0.05), 1.0)
    ax.set_xlabel("similarity (clipped cosine)")
    ax.set_ylabel("density")
    ax.set_title(title)
    ax.legend(fontsize=8, loc="upper left")
    ax.grid(alpha=0.3)
    return _png(fig)


def roc_png(roc: Roc, title: str, marks: Mapping[str, tuple[float, float]] | None = None) -> bytes:
    """TAR against FAR with a logarithmic FAR axis down to the impostors' resolution."""
    fig, ax = plt.subplots(figsize=(6.4, 4.8))
    keep = roc.far > 0
    idx = _corners(roc.tar[keep])
    far, tar = roc.far[keep][idx], roc.tar[keep][idx]
    ax.plot(far, tar, color="#1f77b4", linewidth=1.6)
    for (name, (x, y)), colour in zip((marks or {}).items(), _THRESHOLD_COLOURS, strict=False):
        ax.plot([x], [y], "o", color=colour, label=f"{name}: FAR {x:.2%}, TAR {y:.2%}")
    ax.set_xscale("log")
    if len(far):
        ax.set_xlim(max(float(far.min()), 1e-6), 1.0)
    ax.set_ylim(max(0.0, float(tar.min()) - 0.02) if len(tar) else 0.0, 1.005)
    ax.set_xlabel("false accept rate (log)")
    ax.set_ylabel("true accept rate")
    ax.set_title(title)
    ax.grid(alpha=0.3, which="both")
    if marks:
        ax.legend(fontsize=8, loc="lower right")
    return _png(fig)


def det_png(roc: Roc, title: str) -> bytes:
    """FRR against FAR on normal-deviate axes (the DET curve), labelled in percent."""
    nd = NormalDist()
    eps = 1e-6
    keep = (roc.far > 0) & (roc.frr > 0)
    idx = _corners(roc.frr[keep])
    far, frr = roc.far[keep][idx], roc.frr[keep][idx]
    fig, ax = plt.subplots(figsize=(6.0, 6.0))
    x = np.array([nd.inv_cdf(min(max(v, eps), 1 - eps)) for v in far])
    y = np.array([nd.inv_cdf(min(max(v, eps), 1 - eps)) for v in frr])
    ax.plot(x, y, color="#1f77b4", linewidth=1.6)
    low = min([5e-5, *far[:1], *frr[-1:]])  # down to the data's resolution, at most 1e-6
    low = max(low * 0.7, 1e-6)
    ticks = [t for t in (1e-5, 1e-4, 0.001, 0.01, 0.02, 0.05, 0.1, 0.2, 0.4) if t >= low]
    tick_pos = [nd.inv_cdf(t) for t in ticks]
    labels = [f"{100 * t:g}%" for t in ticks]
    lim = (nd.inv_cdf(low), nd.inv_cdf(0.6))
    ax.plot(lim, lim, color="#999999", linestyle=":", linewidth=1, label="FAR = FRR")
    ax.set_xticks(tick_pos, labels, rotation=45, ha="right")
    ax.set_yticks(tick_pos, labels)
    ax.set_xlim(*lim)
    ax.set_ylim(*lim)
    ax.set_xlabel("false accept rate")
    ax.set_ylabel("false reject rate")
    ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="upper right")
    return _png(fig)
