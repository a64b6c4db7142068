"""Latency: our ``Engine.compare`` vs face_recognition's bare compare, in one process.

Run from the repository root::

    .venv/bin/python benchmarks/compare_latency.py                 # all 600 idcard-dev pairs
    .venv/bin/python benchmarks/compare_latency.py --limit 100 --profile 30
    # before and after in one run: a second engine with the old settings, timed alongside
    .venv/bin/python benchmarks/compare_latency.py --limit 100 \
        --before-set dlib_backend=dlib --before-set detector_max_side=1920

Both systems are loaded once and warmed up; then, for each idcard-dev pair, both run one
after the other (alternating which goes first, so drift and cache effects hit both alike):

* ours: ``engine.compare(card_bytes, selfie_bytes, fmt, fmt)``: decode, detect both images,
  68 landmarks, pose, mask, quality, embedding, similarity (the file bytes are read before
  the timer, as the API receives bytes);
* face_recognition: ``load_image_file`` ×2 + ``face_locations`` ×2 (HOG, upsample 1) +
  ``face_encodings`` ×2 (largest face) + ``face_distance``. It cannot read PDF, so PDF
  cards are given our loader's pixels (the loader's time is counted).

Wall time is ``time.perf_counter``; process CPU time (``time.process_time``, all threads) is
reported too because our engine decodes and detects the two images on two threads. The
ratio ours/FR of the medians is the headline (target ≤ 0.25). With ``--before-set``, a second
engine built with those settings ("before") runs on every pair too, in rotating order with
the other two, so its ratio comes from the same run.

``--profile N`` then times the stages of our compare on N pairs by wrapping the engine's
parts from here (nothing in ``app/`` changes). Resident memory is measured in fresh
subprocesses: the ``open`` engine built and warmed up, and bare Python with numpy + cv2.
Everything goes to ``benchmarks/results/latency_<pack>.json``.
"""

from __future__ import annotations

import functools
import json
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import typer
from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))
from evaluate import (
    DEFAULT_DATA,
    DEFAULT_OUT,
    REPO,
    FaceRecognitionSystem,
    Pair,
    load_pairs,
    machine_note,
    make_engine,
    parse_overrides,
    subset,
    system_name,
)

DATASET = "idcard-dev"
Item = tuple[Pair, bytes, str | None, bytes, str | None]


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else float("nan")


def stats(values: list[float]) -> dict[str, float]:
    return {
        "median": statistics.median(values) if values else float("nan"),
        "p90": pct(values, 90),
        "mean": statistics.fmean(values) if values else float("nan"),
        "min": min(values) if values else float("nan"),
        "max": max(values) if values else float("nan"),
    }


# --------------------------------------------------------------------------- memory

_RSS_ENGINE = """
import sys, psutil
sys.path.insert(0, {repo!r})
from app.engine.engine import Engine
e = Engine({pack!r})
print(psutil.Process().memory_info().rss / 2**20)
from app.cli.faces import _read
a, fa = _read(__import__("pathlib").Path({card!r}), "cardImage")
b, fb = _read(__import__("pathlib").Path({selfie!r}), "faceImage")
for _ in range(3):
    e.compare(a, b, fa, fb)
print(psutil.Process().memory_info().rss / 2**20)
"""

_RSS_BARE = """
import psutil, numpy, cv2
print(psutil.Process().memory_info().rss / 2**20)
"""

_RSS_FR = """
import warnings, psutil, numpy
warnings.simplefilter("ignore")
import face_recognition
img = numpy.full((240, 320, 3), 128, dtype=numpy.uint8)
face_recognition.face_locations(img)
face_recognition.face_encodings(img, known_face_locations=[(60, 210, 190, 110)])
print(psutil.Process().memory_info().rss / 2**20)
"""


def rss_subprocess(code: str) -> list[float]:
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True, timeout=300
    ).stdout
    return [float(x) for x in out.split()]


def measure_rss(pack: str, card: Path, selfie: Path) -> dict[str, float]:
    eng = rss_subprocess(_RSS_ENGINE.format(repo=str(REPO), pack=pack, card=str(card), selfie=str(selfie)))
    return {
        "engine_after_load_mb": eng[0],
        "engine_after_3_compares_mb": eng[1],
        "bare_python_numpy_cv2_mb": rss_subprocess(_RSS_BARE)[0],
        "face_recognition_after_load_mb": rss_subprocess(_RSS_FR)[0],
    }


# --------------------------------------------------------------------------- stage profile


class StageTimer:
    """Wraps engine parts; collects ms per (stage, side) for the current pair."""

    def __init__(self) -> None:
        self.current: dict[str, float] = defaultdict(float)
        self.pairs: list[dict[str, float]] = []

    def side(self) -> str:
        return "selfie" if threading.current_thread().name.startswith("facecompare-io") else "main"

    def wrap(self, stage: str, fn: Callable[..., Any], *, per_side: bool = False) -> Callable[..., Any]:
        @functools.wraps(fn)
        def inner(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                key = f"{stage} ({self.side()})" if per_side else stage
                self.current[key] += (time.perf_counter() - t0) * 1000.0

        return inner

    def next_pair(self, wall_ms: float) -> None:
        self.current["WALL compare"] = wall_ms
        self.pairs.append(dict(self.current))
        self.current = defaultdict(float)


class _Proxy:
    """Delegates to ``target`` except for the attributes given as keywords."""

    def __init__(self, target: Any, **overrides: Any) -> None:
        self._target = target
        self.__dict__.update(overrides)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._target, name)


@contextmanager
def instrumented(engine: Any) -> Iterator[StageTimer]:
    """Monkeypatch the engine's stages with timers; undone on exit."""
    import app.engine.engine as mod

    timer = StageTimer()
    saved_mod: dict[str, Any] = {}
    for name, stage in (
        ("load_image", "decode"),
        ("norm_crop", "mask crop (norm_crop)"),
        ("estimate_pose", "pose"),
        ("measure_quality", "quality"),
        ("landmark_groups", "landmark groups"),
        ("rotated_box", "rotated box"),
    ):
        saved_mod[name] = getattr(mod, name)
        setattr(mod, name, timer.wrap(stage, saved_mod[name], per_side=name == "load_image"))
    saved_obj: list[tuple[Any, str]] = []

    def patch(obj: Any, attr: str, stage: str, per_side: bool = False) -> None:
        if obj is None:
            return
        saved_obj.append((obj, attr))
        setattr(obj, attr, timer.wrap(stage, getattr(obj, attr), per_side=per_side))

    patch(engine.detector, "detect", "detect", per_side=True)
    patch(engine.landmarker, "shapes", f"landmarks {engine.parts.landmarks.name}")
    patch(engine.landmarker, "points", "landmark points")
    patch(engine.recognizer, "align", f"align ({engine.parts.recognizer.name})")
    patch(engine.recognizer, "embed", f"embed ({engine.parts.recognizer.name})")
    # the mask classifier is a frozen dataclass: its model hands out a timing proxy instead
    mask = engine.mask
    proxy = _Proxy(mask, predict=timer.wrap("mask classifier", mask.predict))
    engine.parts.mask.load = lambda: proxy
    saved_obj.append((engine.parts.mask, "load"))
    try:
        yield timer
    finally:
        for name, fn in saved_mod.items():
            setattr(mod, name, fn)
        for obj, attr in saved_obj:
            delattr(obj, attr)  # drop the instance attribute: the class method shows again


def run_profile(
    engine: Any, pairs: list[tuple[Pair, bytes, str | None, bytes, str | None]]
) -> dict[str, Any]:
    from app.engine.errors import EngineError

    with instrumented(engine) as timer:
        for _, cb, cf, sb, sf in pairs:
            t0 = time.perf_counter()
            with suppress(EngineError):
                engine.compare(cb, sb, cf, sf)
            timer.next_pair((time.perf_counter() - t0) * 1000.0)
    keys = sorted({k for p in timer.pairs for k in p})
    per_stage = {k: stats([p.get(k, 0.0) for p in timer.pairs]) for k in keys}
    main_keys = [k for k in keys if k != "WALL compare" and not k.endswith("(selfie)")]
    main_sum = [sum(p.get(k, 0.0) for k in main_keys) for p in timer.pairs]
    wall = [p["WALL compare"] for p in timer.pairs]
    return {
        "pairs": len(timer.pairs),
        "stages_ms": per_stage,
        "main_thread_stage_sum_median_ms": statistics.median(main_sum),
        "main_thread_unaccounted_median_ms": statistics.median(
            [w - s for w, s in zip(wall, main_sum, strict=True)]
        ),
        "note": "(main) = card side and the shared describe step on the calling thread; (selfie) = the "
        "selfie's decode+detect on the engine's I/O thread, concurrent with the card's. "
        "unaccounted = waiting for the selfie thread + BGR→RGB copies + glue.",
    }


# --------------------------------------------------------------------------- main

app = typer.Typer(add_completion=False)


@app.command()
def main(
    pack: Annotated[str, typer.Option(help="Model pack of our engine.")] = "open",
    data: Annotated[Path, typer.Option(help="Shared data folder.")] = DEFAULT_DATA,
    out: Annotated[Path, typer.Option(help="Where latency_<pack>.json goes.")] = DEFAULT_OUT,
    limit: Annotated[int | None, typer.Option(help="Only N idcard-dev pairs (evenly spread).")] = None,
    profile: Annotated[int, typer.Option(help="Stage-profile our compare on N pairs (0 = skip).")] = 30,
    rss: Annotated[bool, typer.Option("--rss/--no-rss", help="Measure RSS in fresh subprocesses.")] = True,
    settings: Annotated[
        list[str] | None,
        typer.Option("--set", help="Engine setting override KEY=VALUE (EngineSettings field), repeatable."),
    ] = None,
    write: Annotated[bool, typer.Option("--write/--no-write", help="Write latency_<pack>.json.")] = True,
    before_settings: Annotated[
        list[str] | None,
        typer.Option("--before-set", help="Also time an engine with these overrides ('before'), repeatable."),
    ] = None,
) -> None:
    """Interleaved per-pair latency of our engine and face_recognition; ratio ours/FR."""
    from app.cli.faces import _read
    from app.engine.errors import EngineError

    console = Console(width=None if sys.stdout.isatty() else 130)
    pairs = subset(load_pairs(data, DATASET), limit)
    root = data / DATASET
    items: list[tuple[Pair, bytes, str | None, bytes, str | None]] = []
    for p in pairs:
        cb, cf = _read(root / p.card, "cardImage")
        sb, sf = _read(root / p.selfie, "faceImage")
        items.append((p, cb, cf, sb, sf))

    t0 = time.perf_counter()
    overrides = parse_overrides(settings)
    engine = make_engine(pack, overrides)
    load_ours = time.perf_counter() - t0
    t0 = time.perf_counter()
    fr = FaceRecognitionSystem()
    load_fr = time.perf_counter() - t0
    console.print(f"loaded ours ({pack}) in {load_ours:.1f} s, face_recognition in {load_fr:.1f} s")
    before_overrides = parse_overrides(before_settings) if before_settings else None
    before_engine = make_engine(pack, before_overrides) if before_overrides is not None else None

    def timed(
        eng: Any,
    ) -> Callable[[tuple[Pair, bytes, str | None, bytes, str | None]], tuple[float, float, bool]]:
        def run(item: tuple[Pair, bytes, str | None, bytes, str | None]) -> tuple[float, float, bool]:
            _, cb, cf, sb, sf = item
            c0, t0 = time.process_time(), time.perf_counter()
            ok = True
            try:
                eng.compare(cb, sb, cf, sf)
            except EngineError:
                ok = False
            return (time.perf_counter() - t0) * 1000.0, (time.process_time() - c0) * 1000.0, ok

        return run

    ours = timed(engine)
    before = timed(before_engine) if before_engine is not None else None

    def theirs(item: tuple[Pair, bytes, str | None, bytes, str | None]) -> tuple[float, float, bool]:
        p = item[0]
        c0, t0 = time.process_time(), time.perf_counter()
        score, *_ = fr.compare_paths(root / p.card, root / p.selfie)
        return (time.perf_counter() - t0) * 1000.0, (time.process_time() - c0) * 1000.0, score is not None

    systems: dict[str, Callable[..., tuple[float, float, bool]]] = {"ours": ours, "fr": theirs}
    if before is not None:
        systems["before"] = before
    for item in items[:3]:  # warm-up on real data: caches, allocator, lazy init
        for fn in systems.values():
            fn(item)
    recognizer_note = engine.parts.recognizer.describe()
    console.print(
        f"recogniser: {recognizer_note.get('backend', '')} {recognizer_note.get('backend_reason', '')}"
    )

    rows: list[dict[str, Any]] = []
    t_start = time.perf_counter()
    names = list(systems)
    for i, item in enumerate(items):
        order = names[i % len(names) :] + names[: i % len(names)]  # each goes first in turn
        got = {name: systems[name](item) for name in order}
        o, f = got["ours"], got["fr"]
        fmt = Path(item[0].card).suffix.lower().lstrip(".")
        row = {
            "card_format": fmt,
            "ours_ms": o[0],
            "ours_cpu_ms": o[1],
            "ours_ok": o[2],
            "fr_ms": f[0],
            "fr_cpu_ms": f[1],
        }
        if "before" in got:
            row |= {
                "before_ms": got["before"][0],
                "before_cpu_ms": got["before"][1],
                "before_ok": got["before"][2],
            }
        rows.append(row)
        if (i + 1) % 100 == 0:
            print(
                f"  {i + 1}/{len(items)} pairs, {time.perf_counter() - t_start:.0f} s",
                file=sys.stderr,
                flush=True,
            )

    ours_ms = [r["ours_ms"] for r in rows]
    fr_ms = [r["fr_ms"] for r in rows]
    ratio = statistics.median(ours_ms) / statistics.median(fr_ms)
    per_pair_ratio = statistics.median([r["ours_ms"] / r["fr_ms"] for r in rows])
    cpu_ratio = statistics.median([r["ours_cpu_ms"] for r in rows]) / statistics.median(
        [r["fr_cpu_ms"] for r in rows]
    )
    result: dict[str, Any] = {
        "pack": pack,
        "engine_overrides": overrides,
        "dataset": DATASET,
        "pairs": len(rows),
        "machine": machine_note(),
        "load_s": {"ours": load_ours, "face_recognition": load_fr},
        "ours_ms": stats(ours_ms),
        "face_recognition_ms": stats(fr_ms),
        "ours_cpu_ms": stats([r["ours_cpu_ms"] for r in rows]),
        "face_recognition_cpu_ms": stats([r["fr_cpu_ms"] for r in rows]),
        "ratio_of_medians": ratio,
        "median_of_per_pair_ratios": per_pair_ratio,
        "cpu_ratio_of_medians": cpu_ratio,
        "ratio_p90": stats(ours_ms)["p90"] / stats(fr_ms)["p90"],
        "target_ratio": 0.25,
        "recognizer": recognizer_note,
        "by_card_format": {},
    }
    if before is not None:
        before_ms = [r["before_ms"] for r in rows]
        result["before"] = {
            "overrides": before_overrides,
            "ms": stats(before_ms),
            "cpu_ms": stats([r["before_cpu_ms"] for r in rows]),
            "ratio_of_medians": statistics.median(before_ms) / statistics.median(fr_ms),
            "cpu_ratio_of_medians": statistics.median([r["before_cpu_ms"] for r in rows])
            / statistics.median([r["fr_cpu_ms"] for r in rows]),
            "speed_up_of_medians": statistics.median(before_ms) / statistics.median(ours_ms),
            "ok_pairs": sum(r["before_ok"] for r in rows),
        }
        result["ours_ok_pairs"] = sum(r["ours_ok"] for r in rows)
    t = Table(
        "card format", "pairs", "ours median ms", "FR median ms", "ratio", title=f"latency, pack {pack}"
    )
    for fmt in sorted({r["card_format"] for r in rows}):
        sub = [r for r in rows if r["card_format"] == fmt]
        om, fm = statistics.median(r["ours_ms"] for r in sub), statistics.median(r["fr_ms"] for r in sub)
        result["by_card_format"][fmt] = {
            "pairs": len(sub),
            "ours_median_ms": om,
            "fr_median_ms": fm,
            "ratio": om / fm,
        }
        t.add_row(fmt, str(len(sub)), f"{om:.0f}", f"{fm:.0f}", f"{om / fm:.2f}")
    t.add_row(
        "all",
        str(len(rows)),
        f"{statistics.median(ours_ms):.0f}",
        f"{statistics.median(fr_ms):.0f}",
        f"{ratio:.2f}",
    )
    console.print(t)
    console.print(
        f"ours: median {result['ours_ms']['median']:.0f} ms, p90 {result['ours_ms']['p90']:.0f} ms; "
        f"face_recognition: median {result['face_recognition_ms']['median']:.0f} ms, "
        f"p90 {result['face_recognition_ms']['p90']:.0f} ms"
    )
    if before is not None:
        b = result["before"]
        console.print(
            f"before ({', '.join(f'{k}={v}' for k, v in (before_overrides or {}).items())}): median "
            f"{b['ms']['median']:.0f} ms, ratio before/FR {b['ratio_of_medians']:.3f}, CPU-time ratio "
            f"{b['cpu_ratio_of_medians']:.3f}; after is {b['speed_up_of_medians']:.2f}× faster"
        )
    colour = "green" if ratio <= 0.25 else "red"
    console.print(
        f"[bold {colour}]ratio ours/FR (medians) = {ratio:.3f}[/] (target ≤ 0.25); per-pair median ratio "
        f"{per_pair_ratio:.3f}; p90 ratio {result['ratio_p90']:.3f}; CPU-time ratio {cpu_ratio:.3f}"
    )

    for label, eng in (("profile", engine), ("before_profile", before_engine)):
        if profile <= 0 or eng is None:
            continue
        prof = run_profile(eng, subset(items, profile))
        result[label] = prof
        which = "our compare" if eng is engine else "the 'before' compare"
        pt = Table(
            "stage", "median ms", "mean ms", "p90 ms", title=f"stages of {which} ({prof['pairs']} pairs)"
        )
        for k, v in sorted(prof["stages_ms"].items(), key=lambda kv: -kv[1]["mean"]):
            pt.add_row(k, f"{v['median']:.1f}", f"{v['mean']:.1f}", f"{v['p90']:.1f}")
        pt.add_row("main-thread unaccounted", f"{prof['main_thread_unaccounted_median_ms']:.1f}", "", "")
        console.print(pt)
    if profile > 0:
        console.print(f"[dim]{result['profile']['note']}[/dim]")

    if rss:
        p0 = pairs[0]
        result["rss"] = measure_rss(pack, root / p0.card, root / p0.selfie)
        r = result["rss"]
        colour = "green" if r["engine_after_load_mb"] <= 600 else "red"
        console.print(
            f"RSS (fresh process): [bold {colour}]engine {pack} after load + warm-up "
            f"{r['engine_after_load_mb']:.0f} MB[/] (target ≤ 600), after 3 compares "
            f"{r['engine_after_3_compares_mb']:.0f} MB; bare python + numpy + cv2 "
            f"{r['bare_python_numpy_cv2_mb']:.0f} MB; face_recognition loaded "
            f"{r['face_recognition_after_load_mb']:.0f} MB"
        )
    if write:
        out.mkdir(parents=True, exist_ok=True)
        target = out / f"latency_{system_name(pack, overrides).removeprefix('ours_')}.json"
        target.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        console.print(f"wrote {target}")


if __name__ == "__main__":
    app()
