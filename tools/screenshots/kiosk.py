"""Render every step of the kiosk to PNG, in Korean and in English (run under Xvfb; see
docs/kiosk.md).

The real full-screen window, the real engine and MiniFASNet, and only the public-domain samples
of ``packaging/samples`` (NASA's portrait of Eileen Collins, see its README): ``card.jpg`` is
the ID, ``selfie.jpg`` framed as a webcam would show a customer standing back is the camera.
No research data (LFW) is used.

A photograph cannot turn its head, so the head-turn step shows a *partial* turn made from the
selfie by a documented transformation (:func:`partly_turned`: the eyes, nose and mouth shifted
sideways inside a fixed outline), which the engine's own pose reads as about 17° of yaw: the
progress bar shows it, and since the challenge needs 20°, the customer gets the retry and
then staff (the path a customer who does not turn far enough takes). The *Verified* screen
needs a real head turn and is rendered by the tests' demo person only (tests/gui/kiosk).
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
SAMPLES = ROOT / "packaging" / "samples"
#: the inner face's sideways shift (share of the face width) of :func:`partly_turned`
TURN_SHIFT = 0.45


def wait_until(app: Any, predicate: Callable[[], bool], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("the kiosk did not reach the step in time")
        app.processEvents()
        time.sleep(0.01)


def settle(app: Any, seconds: float = 0.3) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def partly_turned(photo: np.ndarray, box: tuple[float, float, float, float]) -> np.ndarray:
    """``photo`` with the inner face (eyes, nose, mouth: a Gaussian region around the centre of
    the face ``box``) shifted toward the image's right by :data:`TURN_SHIFT` of the face width,
    the outline and background kept: a head turned part of the way, as a transformation of the
    one public-domain photo (it is not another photo of the person)."""
    h, w = photo.shape[:2]
    x1, y1, x2, y2 = box
    cx, cy, fw = (x1 + x2) / 2, (y1 + y2) / 2, x2 - x1
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    g = np.exp(-(((xx - cx) / (0.38 * fw)) ** 2 + ((yy - cy) / (0.5 * fw)) ** 2))
    return cv2.remap(photo, xx - TURN_SHIFT * fw * g, yy, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def framed(photo: np.ndarray, centre: tuple[float, float], scale: float = 1.0) -> np.ndarray:
    """``photo`` at ``scale`` in a 640×480 webcam frame with its face ``centre`` (photo pixels)
    placed near the frame's centre, a blurred copy of the photo around it (as
    :func:`~tools.screenshots.kiosk_demo.camera_frame`, whose centring would put this
    portrait's face near the top edge and cut the liveness model's context)."""
    w, h = 640, 480
    out = cv2.GaussianBlur(cv2.resize(photo, (w, h)), (0, 0), 12)
    s = cv2.resize(photo, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    x0, y0 = round(w / 2 - centre[0] * scale), round(h * 0.45 - centre[1] * scale)
    sx0, sy0 = max(0, -x0), max(0, -y0)
    dx0, dy0 = max(0, x0), max(0, y0)
    cw, ch = min(s.shape[1] - sx0, w - dx0), min(s.shape[0] - sy0, h - dy0)
    out[dy0 : dy0 + ch, dx0 : dx0 + cw] = s[sy0 : sy0 + ch, sx0 : sx0 + cw]
    return np.ascontiguousarray(out)


def left_first_seed() -> int:
    """A seed whose challenge asks the customer's left first (the side the partial turn shows)."""
    from app.engine.challenge import Direction, random_steps

    return next(s for s in range(100) if random_steps(random.Random(s))[0] is Direction.LEFT)


def dispose(kiosk: Any) -> None:
    """Leave the kiosk and delete it (and its camera, pool and timers) now, while the
    application still exists: left to Python's collector at exit, a window could outlive the
    QApplication and crash the process on its way out."""
    from PySide6.QtCore import QCoreApplication, QEvent

    kiosk.unlock()
    kiosk.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def shoot(out: Path, models: Path) -> list[Path]:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from app.cases import SqlCaseStore
    from app.engine.engine import Engine
    from app.gui.kiosk.flow import hash_pin
    from app.gui.kiosk.options import KioskOptions
    from app.gui.kiosk.window import KioskWindow
    from tools.screenshots.kiosk_demo import ObeyingCamera, read

    os.environ.setdefault("FACECOMPARE_MODELS", str(models))
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setStyle("Fusion")
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="kiosk-shots-"))
    engine = Engine("open")
    engine.load_liveness()
    selfie = read(SAMPLES / "selfie.jpg")
    faces = engine.analyze(selfie, label="selfie").faces
    x1, y1, x2, y2 = faces[0].box
    centre = ((x1 + x2) / 2, (y1 + y2) / 2)
    turned = partly_turned(selfie, faces[0].box)
    close = tmp / "close"
    close.mkdir()
    cv2.imwrite(str(close / "close.png"), framed(selfie, centre, 2.6))
    store = SqlCaseStore.at(tmp / "cases.sqlite3")
    saved: list[Path] = []
    person: dict[str, Any] = {"turns": True}

    def grab(kiosk: Any, name: str, *, both: bool = True) -> None:
        """The screen now, in the kiosk's language, then (``both``) in the other one too."""
        for _ in range(2 if both else 1):
            settle(app)
            path = out / f"kiosk_{name}_{kiosk.machine.language}.png"
            kiosk.screen().grabWindow(0).save(str(path))
            saved.append(path)
            if both:
                kiosk.toggle_language()

    def make(camera_file: Path | None = None, language: str = "ko", **extra: Any) -> Any:
        # The turn's time is raised from 6 s to 15 s: the screenshots are rendered on a shared,
        # loaded machine, where one analysed frame can take seconds.
        values: dict[str, Any] = {"result_s": 600.0, "inactivity_s": 600.0, "turn_s": 15.0} | extra
        opts = KioskOptions(
            workstation="lobby-kiosk-1",
            language=language,
            card_file=SAMPLES / "card.jpg",
            camera_file=camera_file,
            pin_hash=hash_pin("2468"),
            **values,
        )
        camera = None
        if camera_file is None:

            def prompt() -> Any:
                return kiosk.machine.challenge_prompt if person["turns"] else None

            def frame(photo: np.ndarray, mirror: bool) -> np.ndarray:
                if mirror:
                    return framed(photo[:, ::-1], (photo.shape[1] - centre[0], centre[1]))
                return framed(photo, centre)

            camera = ObeyingCamera(selfie, turned, prompt, fps=10.0, framing=frame)
        kiosk = KioskWindow(
            opts, store=store, engine=engine, rng=random.Random(left_first_seed()), camera=camera
        )
        if camera is not None:
            camera.setParent(kiosk)  # deleted with its window
        kiosk.enter_full_screen()
        return kiosk

    # 0. Consent and 1. the ID, Korean (the default) and English.
    kiosk = make(result_s=12.0)  # the product's reset time: the countdown shows it
    machine = kiosk.machine
    grab(kiosk, "0_consent")
    kiosk.pages.agree_button.click()
    grab(kiosk, "1_id")
    # 2. The camera with guidance.
    person["turns"] = False
    kiosk.scan_card()
    wait_until(app, lambda: machine.step == "face" and machine.guidance is not None)
    kiosk.camera.stop()
    grab(kiosk, "2_face")
    kiosk.camera.start()
    # 3. The turn: asked (the customer still looks straight), then part of the way.
    wait_until(app, lambda: machine.challenge_prompt is not None and kiosk.pages.view.arrow is not None)
    kiosk.camera.stop()
    grab(kiosk, "3_turn_asked")
    person["turns"] = True
    kiosk.camera.start()
    wait_until(app, lambda: (kiosk.pages.view.progress or 0.0) > 0.5)
    kiosk.camera.stop()
    grab(kiosk, "3_turn_progress")
    kiosk.camera.start()
    # Not far enough in time: the one retry, the same turns.
    wait_until(app, lambda: machine.retrying, timeout=20.0)
    person["turns"] = False
    wait_until(app, lambda: machine.challenge_prompt is not None)
    kiosk.camera.stop()
    grab(kiosk, "3_turn_retry")
    person["turns"] = True
    kiosk.camera.start()
    # "Checking" shows only while the comparison is still running after the last try: hold it back.
    wait_until(app, lambda: machine.data.comparison is not None)
    comparison, machine.data.comparison = machine.data.comparison, None
    wait_until(app, lambda: machine.step == "checking", timeout=20.0)
    grab(kiosk, "4_checking")
    kiosk.perform(machine.compare_done(machine.token, comparison))
    wait_until(app, lambda: machine.step == "result")
    grab(kiosk, "5_staff")

    # 6. The staff PIN pad over its backdrop, in both languages.
    def grab_pin_pad(name: str) -> None:
        grab(kiosk, name, both=False)
        kiosk._pin_dialog.reject()

    for _ in range(2):
        QTimer.singleShot(600, lambda: grab_pin_pad("6_staff_pin"))
        kiosk.ask_pin()
        kiosk.toggle_language()
    dispose(kiosk)
    # 2b. Guidance: a customer too close for the liveness model's context.
    kiosk = make(camera_file=close)
    kiosk.pages.agree_button.click()
    kiosk.scan_card()
    wait_until(app, lambda: kiosk.machine.step == "face" and kiosk.machine.guidance is not None)
    settle(app, 1.0)
    kiosk.camera.stop()
    grab(kiosk, "2_face_step_back")
    dispose(kiosk)
    # 7. Nobody there any more: the reset is announced with its countdown.
    kiosk = make(inactivity_s=24.0)
    kiosk.pages.agree_button.click()
    wait_until(app, lambda: kiosk.pages.status.text() != "", timeout=20.0)
    settle(app, 1.0)
    grab(kiosk, "7_still_there")
    dispose(kiosk)
    store.close()
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.screenshots.kiosk")
    parser.add_argument("out", type=Path, nargs="?", default=Path("docs/screenshots"))
    parser.add_argument("--models", type=Path, default=SHARED / "models")
    args = parser.parse_args(argv)
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])  # outlives every window of shoot
    for path in shoot(args.out, args.models):
        print(path)
    gc.collect()  # the windows' Python wrappers go while the application is still there
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
