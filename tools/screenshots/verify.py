"""Render every state of the verify screen to PNG (``make screenshots``, under Xvfb).

States: empty, guidance, MATCH, REVIEW, NO_MATCH and error, each from the real window, the
real engine and a folder of idcard-dev selfies played as the camera (copied to a temp dir);
``consent`` (a decision refused until the customer's consent is confirmed) and ``override``
(the confirmation before accepting a NO MATCH, drawn over the window).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import cv2
import numpy as np

DEFAULT_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "idcard-dev"
# (state, card, selfie or None for an empty counter, customer reference)
STATES: list[tuple[str, str | None, str | None, str]] = [
    ("empty", None, None, ""),
    ("guidance", "cards/c_000142.jpg", "selfies/s_000142.jpg", ""),
    ("match", "cards/c_000087.png", "selfies/s_000087.jpg", "CUST-2026-0042"),
    ("review", "cards/c_000268.jpg", "selfies/s_000268.jpg", "CUST-2026-0043"),
    ("no_match", "cards/c_000034.jpg", "selfies/s_000034.jpg", "CUST-2026-0044"),
    ("error", "bad/two_pages.pdf", "selfies/s_000087.jpg", ""),
    ("consent", "cards/c_000087.png", "selfies/s_000087.jpg", "CUST-2026-0045"),
    ("override", "cards/c_000034.jpg", "selfies/s_000034.jpg", "CUST-2026-0046"),
]
OVERRIDE_REASON = {
    "en": "Card photo is 9 years old; signature and address checked",
    "ko": "신분증 사진이 9년 전 사진임, 서명과 주소 확인함",
}


def wait_until(app: Any, predicate: Callable[[], bool], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("the screen did not reach the state in time")
        app.processEvents()
        time.sleep(0.01)


def empty_counter(path: Path) -> None:
    """A frame with nobody in it: a soft grey wall."""
    ramp = np.linspace(150, 110, 480, dtype=np.float32)[:, None, None]
    wall = np.broadcast_to(ramp * np.array([1.0, 1.02, 1.05]), (480, 640, 3))
    cv2.imwrite(str(path), wall.astype(np.uint8))


def with_dialog(window: Any, dialog: Any) -> Any:
    """The window with ``dialog`` drawn over its middle, the window dimmed (a modal dialog is its
    own top-level window: grabbing the window alone would miss it)."""
    from PySide6.QtGui import QColor, QPainter

    shot = window.grab()
    top = dialog.grab()
    painter = QPainter(shot)
    painter.fillRect(shot.rect(), QColor(0, 0, 0, 70))
    painter.drawPixmap((shot.width() - top.width()) // 2, (shot.height() - top.height()) // 2, top)
    painter.end()
    return shot


def decide(app: Any, window: Any, state: str, language: str, path: Path) -> bool:
    """Act out ``consent`` or ``override`` on the shown result; True when ``path`` was saved."""
    from PySide6.QtCore import QTimer

    bar = window.case_bar
    if state == "consent":  # Accept without the consent confirmed: refused, the box pointed at
        bar.buttons["ACCEPTED"].click()
        for _ in range(20):  # the bar's new words are laid out
            app.processEvents()
            time.sleep(0.01)
        return False
    if state != "override":
        return False
    bar.consent.setChecked(True)
    saved: list[bool] = []

    def confirm() -> None:
        dialog = app.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(50, confirm)
            return
        dialog.reason.setPlainText(OVERRIDE_REASON[language])
        for _ in range(20):
            app.processEvents()
            time.sleep(0.01)
        with_dialog(window, dialog).save(str(path))
        saved.append(True)
        dialog.reject()

    QTimer.singleShot(50, confirm)
    bar.buttons["ACCEPTED"].click()
    return bool(saved)


def shoot(
    out: Path, data: Path, language: str = "en", states: list[str] | None = None, suffix: str = ""
) -> list[Path]:
    from PySide6.QtWidgets import QApplication

    from app.cases import Role, SqlCaseStore, User
    from app.engine.engine import Engine
    from app.gui.common.resources import icon, install_translators, load_fonts, stylesheet
    from app.gui.common.settings import WorkstationSettings
    from app.gui.workstation.main import CATALOGUES, preload_engine_modules
    from app.gui.workstation.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setStyle("Fusion")
    app.setStyleSheet(stylesheet())
    app.setWindowIcon(icon("app"))
    load_fonts(app)
    install_translators(app, language, *CATALOGUES)
    preload_engine_modules()
    engine = Engine("auto")
    out.mkdir(parents=True, exist_ok=True)
    saved = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        store = SqlCaseStore.at(tmp / "cases.sqlite3")
        for state, card, selfie, customer in STATES:
            if states and state not in states:
                continue
            camera = tmp / state / "counter-camera"
            camera.mkdir(parents=True)
            if selfie is None:
                empty_counter(camera / "000.png")
            else:
                shutil.copy(data / selfie, camera / f"000{Path(selfie).suffix}")
            settings = WorkstationSettings(workstation="BRANCH-0112-W3", cases_db=str(tmp / "c.sqlite3"))
            kim = User(username="kim.j", role=Role.OPERATOR)  # as signed in at the start
            window = MainWindow(settings, store=store, camera_file=camera, engine=engine, user=kim)
            window.resize(1440, 900)
            window.show()
            panel = window.camera_panel
            wait_until(app, lambda p=panel: p.guidance is not None)  # type: ignore[misc]
            if card is not None:
                shown: list[Any] = []
                window.result_shown.connect(shown.append)
                if state == "guidance":
                    window.camera_panel.auto.setChecked(False)
                window.card_panel.load_path(data / card)
                if state == "guidance":
                    wait_until(app, lambda w=window: w.card_panel.data is not None)  # type: ignore[misc]
                    wait_until(app, lambda p=panel: p.guidance.hint == "LOOK_AT_CAMERA")  # type: ignore[misc]
                else:
                    wait_until(app, lambda s=shown: bool(s))  # type: ignore[misc]
                if state == "error":
                    wait_until(app, lambda p=panel: p.still is not None)  # type: ignore[misc]
            if customer:
                window.case_bar.customer.setText(customer)
            for _ in range(20):  # let the last paints land
                app.processEvents()
                time.sleep(0.01)
            path = out / f"{state}{suffix}.png"
            if not decide(app, window, state, language, path):
                window.grab().save(str(path))
            saved.append(path)
            print(f"{path}: {window.result_panel.decision.text()} | {window.status_text.text()}")
            window.close()
        store.close()
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path, nargs="?", default=Path("docs/screenshots"))
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the idcard-dev folder")
    parser.add_argument("--language", choices=["en", "ko"], default="en")
    parser.add_argument("--states", help="comma-separated subset of: " + ", ".join(s[0] for s in STATES))
    parser.add_argument("--suffix", default="", help="added to each file name, e.g. _ko")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"needs {args.data} (the shared test data)", file=sys.stderr)
        return 2
    states = args.states.split(",") if args.states else None
    shoot(args.out, args.data, args.language, states, args.suffix)
    return 0


if __name__ == "__main__":
    sys.exit(main())
