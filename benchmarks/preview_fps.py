"""Workstation speed: live-preview frame rate with guidance on, time from start to first result,
and a cold command-line compare of the same pair, measured in the same run.

Run from the repository root (offscreen by default; ``QT_QPA_PLATFORM=xcb`` under Xvfb works too)::

    PYTHONPATH=$PWD .venv/bin/python benchmarks/preview_fps.py [--seconds 5] [--cli-runs 2]

What happens, as an operator would see it:

1. The clock starts before Qt or the engine is imported (``first_result_s`` counts every import).
2. A 640×480, 30 fps video of an idcard-dev selfie (made in a temp dir) is the camera, played
   through QtMultimedia; the real ``MainWindow`` opens with no engine and loads it on a
   worker thread, exactly as ``facecompare gui`` does; the matching card is loaded at once.
3. The face is captured automatically once guidance has found it good for 0.8 s, compared,
   and shown: that moment is ``first_result_s`` (target ≤ 3 s).
4. Then, back on the live preview with auto-capture off, frames shown per second over
   ``--seconds`` with the guidance check running on every frame it can take (target ≥ 25).

5. ``cli_compare_s``: ``facecompare compare CARD SELFIE`` run cold (a new process, from its
   start to its exit) ``--cli-runs`` times, one before the window and the rest after it (so the
   disk cache is the same for both); ``first_result_vs_cli`` is ``first_result_s`` over the
   median of those runs (target: at most 1). The load average is read at the start and the end.

The window runs in a child process started the same way, so ``first_result_s`` counts from the
process's start (interpreter, imports, window, engine load, capture, compare) as the CLI's does.

The event loop's longest stall from the window's first paint to the first result is reported
too (``max_stall_s``, target 0.1 s), with the three longest and when they happened.
The last line is JSON: ``{"fps": …, "first_result_s": …, …}``.
"""

from __future__ import annotations

import time

T0 = time.perf_counter()

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data" / "idcard-dev"
CARD, SELFIE = DATA / "cards" / "c_000087.png", DATA / "selfies" / "s_000087.jpg"


def make_video(path: Path, seconds: float = 30.0, fps: int = 30) -> Path:
    """A 640×480 clip of the selfie with a little natural sway (a person standing at the counter)."""
    import cv2
    import numpy as np

    from app.gui.common.images import fit_frame

    base = fit_frame(cv2.imread(str(SELFIE)), 640, 480)
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), float(fps), (640, 480))
    for i in range(int(seconds * fps)):
        dx, dy = 2.0 * np.sin(i / 15.0), 1.5 * np.cos(i / 21.0)
        m = np.float32([[1, 0, dx], [0, 1, dy]])
        writer.write(cv2.warpAffine(base, m, (640, 480), borderMode=cv2.BORDER_REPLICATE))
    writer.release()
    return path


def cold_cli_compare() -> float:
    """Seconds a new ``facecompare compare`` process takes for the pair, from start to exit."""
    import subprocess

    env = dict(os.environ, PYTHONPATH=str(ROOT))
    command = [sys.executable, "-c", "from app.cli.main import app; app()", "compare", str(CARD), str(SELFIE)]
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=5.0, help="how long to measure the preview")
    parser.add_argument("--cli-runs", type=int, default=2, help="cold CLI compares (one before the window)")
    parser.add_argument("--window", action="store_true", help=argparse.SUPPRESS)  # the measured child
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if not CARD.exists():
        print(f"needs {DATA}", file=sys.stderr)
        return 2
    if args.window:
        return window_run(args.seconds)
    return compare_with_cli(args.seconds, args.cli_runs)


def compare_with_cli(seconds: float, cli_runs: int) -> int:
    """The window and the command line both measured as new processes, from start, in one run."""
    import subprocess

    load_start = os.getloadavg()
    runs = [cold_cli_compare()] if cli_runs > 0 else []
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    command = [sys.executable, str(Path(__file__).resolve()), "--window", "--seconds", str(seconds)]
    started = time.perf_counter()
    child = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    first_result = None
    out: dict[str, object] = {}
    for line in child.stdout:
        if line.startswith("FIRST_RESULT "):  # the video is made before the window: not counted
            first_result = time.perf_counter() - started - float(line.split()[1])
        elif line.startswith("{"):
            out = json.loads(line)
    if child.wait() != 0 or first_result is None:
        print("the window run failed", file=sys.stderr)
        return 1
    runs += [cold_cli_compare() for _ in range(cli_runs - 1)]
    cli = sorted(runs)[len(runs) // 2] if runs else None
    out |= {
        "first_result_s": round(first_result, 2),
        "cli_compare_s": [round(c, 2) for c in runs],
        "first_result_vs_cli": round(first_result / cli, 2) if cli else None,
        "loadavg_1m_start": round(load_start[0], 2),
        "loadavg_1m": round(os.getloadavg()[0], 2),
    }
    print(json.dumps(out))
    return 0


def window_run(seconds: float) -> int:
    """The real window in this process (started by :func:`compare_with_cli`), started as
    ``facecompare gui`` starts it: the engine's process first, then Qt and the window."""
    from app.gui.common.engine_loader import prestart_engine

    prestart_engine("auto")  # WorkstationSettings' default pack, as run() does after reading it
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    from app.gui.common.resources import stylesheet
    from app.gui.common.settings import WorkstationSettings
    from app.gui.workstation.main import open_case_store, preload_engine_modules
    from app.gui.workstation.main_window import MainWindow

    app.setStyle("Fusion")
    app.setStyleSheet(stylesheet())
    preload_engine_modules()
    t_imports = time.perf_counter() - T0

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        t_video0 = time.perf_counter()
        video = make_video(tmp / "counter.avi")
        video_s = time.perf_counter() - t_video0
        settings = WorkstationSettings(workstation="bench", cases_db=str(tmp / "c.sqlite3"))
        db = tmp / "c.sqlite3"
        window = MainWindow(settings, store_factory=lambda: open_case_store(db), camera_file=video)
        window.resize(1440, 900)
        window.show()
        stalls: list[tuple[float, float]] = []  # (gap, when after the window was shown)
        shown_at = time.perf_counter()
        last = [shown_at]

        def tick() -> None:
            now = time.perf_counter()
            stalls.append((now - last[0], last[0] - shown_at))
            last[0] = now

        ticker = QTimer()
        ticker.timeout.connect(tick)
        ticker.start(10)
        results: list[object] = []
        window.result_shown.connect(lambda v: results.append(v))
        window.card_panel.load_path(CARD)
        deadline = time.monotonic() + 120
        while not results and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.002)
        print(f"FIRST_RESULT {video_s:.4f}", flush=True)
        ticker.stop()
        if not results:
            print("no result within 120 s", file=sys.stderr)
            return 1

        panel = window.camera_panel
        panel.auto.setChecked(False)
        panel.retake()
        settle = time.monotonic() + 1.0
        while time.monotonic() < settle:
            app.processEvents()
            time.sleep(0.002)
        frames0, checks0, painted0 = panel.frames, panel.checks, panel.view.frames_painted
        t_start = time.perf_counter()
        while time.perf_counter() - t_start < seconds:
            app.processEvents()
            time.sleep(0.001)
        span = time.perf_counter() - t_start
        longest = sorted(stalls, reverse=True)[:3]
        out = {
            "fps": round((panel.frames - frames0) / span, 1),
            "painted_fps": round((panel.view.frames_painted - painted0) / span, 1),
            "guidance_checks_per_s": round((panel.checks - checks0) / span, 1),
            "source_fps": 30,
            "frame": "640x480",
            "imports_s": round(t_imports, 2),
            "max_stall_s": round(max((g for g, _ in stalls), default=0.0), 3),
            "longest_stalls_s_at": [[round(g, 3), round(at, 2)] for g, at in longest],
            "decision": getattr(results[0], "decision", repr(results[0])),
            "cores": os.cpu_count(),
        }
        window.close()
        window.close_store()
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
