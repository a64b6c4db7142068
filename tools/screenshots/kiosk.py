"""Render every step of the kiosk to PNG (run under Xvfb; see docs/kiosk.md).

The real full-screen window, the real engine and MiniFASNet, the demo person of
:mod:`tools.screenshots.kiosk_demo` (LFW photos, test data only) as the camera, and a still photo of
the same person as the replay attack.
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

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
PERSON = "lfw-dev/images/Pervez_Musharraf/Pervez_Musharraf_{}.jpg"


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


def obeyed(person: dict[str, Any]) -> Any:
    """The turn the demo person makes: the one asked, while it ``obeys``."""
    return person["k"].machine.challenge_prompt if person["obeys"] else None


def dispose(kiosk: Any) -> None:
    """Leave the kiosk and delete it (and its camera, pool and timers) now, while the
    application still exists: left to Python's collector at exit, a window could outlive the
    QApplication and crash the process on its way out."""
    from PySide6.QtCore import QCoreApplication, QEvent

    kiosk.unlock()
    kiosk.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def shoot(out: Path, data: Path, models: Path) -> list[Path]:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from app.cases import SqlCaseStore
    from app.engine.engine import Engine
    from app.gui.kiosk.flow import hash_pin
    from app.gui.kiosk.options import KioskOptions
    from app.gui.kiosk.window import KioskWindow
    from tools.screenshots.kiosk_demo import ObeyingCamera, camera_frame, card_image, read

    os.environ.setdefault("FACECOMPARE_MODELS", str(models))
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setStyle("Fusion")
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="kiosk-shots-"))
    frontal, turned = read(data / PERSON.format("0003")), read(data / PERSON.format("0006"))
    card = tmp / "card.png"
    cv2.imwrite(str(card), card_image(read(data / PERSON.format("0010"))))
    still = tmp / "still"
    still.mkdir()
    cv2.imwrite(str(still / "photo.png"), camera_frame(frontal))
    close = tmp / "close"
    close.mkdir()
    cv2.imwrite(str(close / "close.png"), camera_frame(frontal, face_scale=1.9))
    engine = Engine("open")
    engine.load_liveness()
    store = SqlCaseStore.at(tmp / "cases.sqlite3")
    saved: list[Path] = []
    person: dict[str, Any] = {"obeys": True}  # the demo person in front of the obeying camera

    def grab(kiosk: Any, name: str) -> None:
        settle(app)
        path = out / f"kiosk_{name}.png"
        screen = kiosk.screen()
        screen.grabWindow(0).save(str(path))
        saved.append(path)

    def make(camera_file: Path | None = None, language: str = "en") -> Any:
        opts = KioskOptions(
            workstation="lobby-kiosk-1",
            language=language,
            card_file=card,
            camera_file=camera_file,
            pin_hash=hash_pin("2468"),
            result_s=600.0,
            inactivity_s=600.0,
        )
        camera = None
        if camera_file is None:
            camera = ObeyingCamera(frontal, turned, lambda: obeyed(person), fps=10.0)
        kiosk = KioskWindow(opts, store=store, engine=engine, rng=random.Random(1), camera=camera)
        if camera is not None:
            camera.setParent(kiosk)  # deleted with its window
            person["k"] = kiosk
        kiosk.enter_full_screen()
        return kiosk

    def agree(kiosk: Any) -> None:
        kiosk.pages.agree_button.click()

    # 0. Consent, Korean (the default) and English; 1. the ID, Korean, then English after one tap.
    kiosk = make(language="ko")
    grab(kiosk, "0_consent_ko")
    kiosk.toggle_language()
    grab(kiosk, "0_consent_en")
    kiosk.toggle_language()
    agree(kiosk)
    grab(kiosk, "1_id_ko")
    kiosk.toggle_language()
    grab(kiosk, "2_id_en")
    # 2. The camera with guidance, 3. the challenge, 4. the result.
    kiosk.scan_card()
    machine = kiosk.machine
    wait_until(app, lambda: machine.step == "face" and machine.guidance is not None)
    grab(kiosk, "3_face")
    # Hold the moment the first turn is asked: the customer has not started turning yet.
    person["obeys"] = False
    wait_until(app, lambda: machine.challenge_prompt is not None and kiosk.pages.view.arrow is not None)
    kiosk.camera.stop()
    grab(kiosk, "4_challenge")
    person["obeys"] = True
    kiosk.camera.start()
    # The "checking" screen shows only while the comparison or the score is still running after
    # the last turn (usually they finished during the challenge): hold the result back to see it.
    challenge = machine.challenge
    assert challenge is not None
    wait_until(app, lambda: challenge.status.step == 1 and machine.data.comparison is not None)
    comparison, machine.data.comparison = machine.data.comparison, None
    wait_until(app, lambda: machine.step == "checking")
    grab(kiosk, "4b_checking")
    kiosk.perform(machine.compare_done(machine.token, comparison))
    wait_until(app, lambda: machine.step == "result")
    grab(kiosk, "5_verified")
    kiosk.toggle_language()
    grab(kiosk, "6_verified_ko")
    kiosk.toggle_language()

    # 7. The staff PIN pad, in English and in Korean.
    def grab_pin_pad(name: str) -> None:
        grab(kiosk, name)
        kiosk._pin_dialog.reject()

    QTimer.singleShot(600, lambda: grab_pin_pad("9_staff_pin"))
    kiosk.ask_pin()
    kiosk.toggle_language()
    QTimer.singleShot(600, lambda: grab_pin_pad("9_staff_pin_ko"))
    kiosk.ask_pin()
    dispose(kiosk)
    # 3b. Guidance: a customer too close for the liveness model's context.
    kiosk = make(camera_file=close)
    agree(kiosk)
    kiosk.scan_card()
    wait_until(app, lambda: kiosk.machine.step == "face" and kiosk.machine.guidance is not None)
    settle(app, 1.0)
    grab(kiosk, "3_face_step_back")
    dispose(kiosk)
    # 8. A photo held up to the camera.
    kiosk = make(camera_file=still)
    agree(kiosk)
    kiosk.scan_card()
    wait_until(app, lambda: kiosk.machine.step == "challenge" and kiosk.machine.challenge_prompt is not None)
    grab(kiosk, "7_replay_challenge")
    wait_until(app, lambda: kiosk.machine.step == "result")
    grab(kiosk, "8_staff")
    dispose(kiosk)
    person.clear()
    store.close()
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.screenshots.kiosk")
    parser.add_argument("out", type=Path, nargs="?", default=Path("docs/screenshots"))
    parser.add_argument("--data", type=Path, default=SHARED / "data")
    parser.add_argument("--models", type=Path, default=SHARED / "models")
    args = parser.parse_args(argv)
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])  # outlives every window of shoot
    for path in shoot(args.out, args.data, args.models):
        print(path)
    gc.collect()  # the windows' Python wrappers go while the application is still there
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
