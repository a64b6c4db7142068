"""Render every state of the verify screen to PNG (``make screenshots``, under Xvfb).

Only pictures the project may show: the public-domain samples of ``packaging/samples``
(``card.jpg`` and ``selfie.jpg``: NASA's portrait of Eileen Collins; ``other.jpg``: the U.S.
Navy portrait of Grace Hopper; see its README). Nothing from ``../shared/data``. What is made
from them here, in a temp dir:

- the *scan*: ``card.jpg`` turned 4° on a grey scanner bed, so the card panel crops to the card;
- the REVIEW photo: ``selfie.jpg`` blurred and darkened (the same person, a poor photo), at the
  strength of a fixed series (sigma 1 to 12 by 0.05) the engine puts nearest the middle of the
  REVIEW band (printed);
- the *guidance* frame: ``selfie.jpg`` small in a corner of the frame (the customer too far);
- the *error* card: ``card.jpg`` as a two-page PDF (refused: one page only).

States: empty, guidance, match, review, no_match, error, consent, override, no_camera, about.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import cv2
import numpy as np

SAMPLES = Path(__file__).resolve().parents[2] / "packaging" / "samples"
# (state, card, camera picture or None for an empty counter / "none" for no camera, customer ref)
STATES: list[tuple[str, str | None, str | None, str]] = [
    ("empty", None, None, ""),
    ("guidance", "scan", "far", ""),
    ("match", "scan", "selfie", "CUST-2026-0042"),
    ("review", "scan", "poor", "CUST-2026-0043"),
    ("no_match", "scan", "other", "CUST-2026-0044"),
    ("error", "two_pages", "selfie", ""),
    ("consent", "scan", "selfie", "CUST-2026-0045"),
    ("override", "scan", "other", "CUST-2026-0046"),
    ("no_camera", "scan", "none", ""),
    ("about", "scan", "selfie", ""),
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


def settle(app: Any, rounds: int = 20) -> None:
    for _ in range(rounds):  # let the last paints land
        app.processEvents()
        time.sleep(0.01)


def empty_counter(path: Path) -> None:
    """A frame with nobody in it: a soft grey wall."""
    ramp = np.linspace(150, 110, 480, dtype=np.float32)[:, None, None]
    wall = np.broadcast_to(ramp * np.array([1.0, 1.02, 1.05]), (480, 640, 3))
    cv2.imwrite(str(path), wall.astype(np.uint8))


def scan_of(card: np.ndarray, path: Path) -> Path:
    """``card`` turned 4° on a grey scanner bed (1400×1000)."""
    rng = np.random.default_rng(3)
    bed = np.clip(rng.normal(208, 2.5, (1000, 1400, 3)), 0, 255).astype(np.uint8)
    h, w = card.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), 4.0, 1.0)
    m[:, 2] += (300, 220)
    warped = cv2.warpAffine(card, m, (1400, 1000))
    inside = cv2.warpAffine(np.full((h, w), 255, np.uint8), m, (1400, 1000)) > 127
    bed[inside] = warped[inside]
    cv2.imwrite(str(path), bed, [cv2.IMWRITE_JPEG_QUALITY, 92])
    return path


def poor_photo(selfie: np.ndarray, strength: float) -> np.ndarray:
    """The same face blurred (Gaussian, sigma ``strength``) and darkened."""
    blurred = cv2.GaussianBlur(selfie, (0, 0), sigmaX=float(strength))
    return cv2.convertScaleAbs(blurred, alpha=0.75, beta=-10)


def far_frame(selfie: np.ndarray) -> np.ndarray:
    """The customer too far: the face small in a corner of a 640×480 frame."""
    frame = np.full((480, 640, 3), 128, np.uint8)
    small = cv2.resize(selfie, (110, 110), interpolation=cv2.INTER_AREA)
    frame[330:440, 480:590] = small
    return frame


def two_page_pdf(card: Path, path: Path) -> Path:
    import pymupdf

    doc = pymupdf.open()
    for _ in range(2):
        page = doc.new_page(width=856, height=540)
        page.insert_image(page.rect, filename=str(card))
    doc.save(str(path))
    return path


def review_strength(engine: Any, card: Path, selfie: np.ndarray) -> float:
    """The blur strength (1 to 12 in steps of 0.05) at which the engine puts the same person
    nearest the middle of the REVIEW band: the window compares the frame its camera took (decoded
    and encoded again), so the search compares that frame."""
    from app.gui.common.images import encode_jpeg, fit_frame

    data = card.read_bytes()
    best: tuple[float, float] | None = None  # (distance to the band's middle, strength)
    for strength in np.arange(1.0, 12.001, 0.05):
        # what the window compares: poor.jpg as written, framed by the file camera, encoded
        _ok, jpeg = cv2.imencode(".jpg", poor_photo(selfie, strength))
        decoded = cv2.imdecode(jpeg, cv2.IMREAD_COLOR)
        assert decoded is not None
        frame = fit_frame(np.asarray(decoded))
        try:
            result = engine.compare(data, encode_jpeg(frame))
        except Exception:  # too blurred to find a face: stop
            break
        if str(result.decision) == "REVIEW":
            t = result.thresholds
            middle = (t.review + t.match) / 2
            print(f"  poor photo, blur {strength:.2f}: REVIEW {result.similarity:.3f}")
            if best is None or abs(result.similarity - middle) < best[0]:
                best = (abs(result.similarity - middle), float(strength))
        elif best is not None:  # past the band
            break
    if best is None:
        raise RuntimeError("no blur strength gives REVIEW with this pack")
    return best[1]


def read(path: Path) -> np.ndarray:
    image = cv2.imread(str(path))
    if image is None:
        raise FileNotFoundError(path)
    return np.asarray(image)


def make_pictures(tmp: Path, engine: Any) -> dict[str, Path]:
    card = read(SAMPLES / "card.jpg")
    selfie = read(SAMPLES / "selfie.jpg")
    files = {
        "scan": scan_of(card, tmp / "scan.jpg"),
        "two_pages": two_page_pdf(SAMPLES / "card.jpg", tmp / "two_pages.pdf"),
        "selfie": SAMPLES / "selfie.jpg",
        "other": SAMPLES / "other.jpg",
    }
    cv2.imwrite(str(tmp / "far.png"), far_frame(selfie))
    files["far"] = tmp / "far.png"
    strength = review_strength(engine, files["scan"], selfie)
    cv2.imwrite(str(tmp / "poor.jpg"), poor_photo(selfie, strength))
    files["poor"] = tmp / "poor.jpg"
    return files


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


#: the decision each result screenshot must show
EXPECTED = {"match": "MATCH", "review": "REVIEW", "no_match": "NO_MATCH"}


def decide(app: Any, window: Any, state: str, language: str, path: Path) -> bool:
    """Act out ``consent``, ``override`` or ``about`` on the shown result; True when ``path`` was
    saved here."""
    from PySide6.QtCore import QTimer

    bar = window.case_bar
    if state == "consent":  # Accept without the consent confirmed: refused, the box pointed at
        bar.buttons["ACCEPTED"].click()
        settle(app)
        return False
    if state == "about":
        dialog = window.show_about()
        settle(app)
        with_dialog(window, dialog).save(str(path))
        dialog.accept()
        return True
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
        settle(app)
        with_dialog(window, dialog).save(str(path))
        saved.append(True)
        dialog.reject()

    QTimer.singleShot(50, confirm)
    bar.buttons["ACCEPTED"].click()
    return bool(saved)


def shoot(out: Path, language: str = "en", states: list[str] | None = None, suffix: str = "") -> list[Path]:
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
        pictures = make_pictures(tmp, engine)
        store = SqlCaseStore.at(tmp / "cases.sqlite3")
        for state, card, picture, customer in STATES:
            if states and state not in states:
                continue
            camera: Path | None = tmp / state / "counter-camera"
            assert camera is not None
            camera.mkdir(parents=True)
            if picture is None:
                empty_counter(camera / "000.png")
            elif picture == "none":
                camera = None  # no camera connected: the no-camera page
            else:
                src = pictures[picture]
                (camera / f"000{src.suffix}").write_bytes(src.read_bytes())
            settings = WorkstationSettings(workstation="BRANCH-0112-W3", cases_db=str(tmp / "c.sqlite3"))
            kim = User(username="kim.j", role=Role.OPERATOR)  # as signed in at the start
            window = MainWindow(settings, store=store, camera_file=camera, engine=engine, user=kim)
            window.resize(1440, 920)
            window.show()
            panel = window.camera_panel
            if camera is not None:
                wait_until(app, lambda p=panel: p.guidance is not None)  # type: ignore[misc]
            if card is not None:
                shown: list[Any] = []
                window.result_shown.connect(shown.append)
                if state in ("guidance", "no_camera"):
                    window.camera_panel.auto.setChecked(False)
                window.card_panel.load_path(pictures[card])
                wait_until(app, lambda w=window, s=shown: w.card_panel.data is not None or bool(s))  # type: ignore[misc]
                if state == "guidance":
                    wait_until(app, lambda p=panel: p.guidance.hint == "COME_CLOSER")  # type: ignore[misc]
                elif state != "no_camera":
                    wait_until(app, lambda s=shown: bool(s))  # type: ignore[misc]
                if state == "error":
                    wait_until(app, lambda p=panel: p.still is not None)  # type: ignore[misc]
            if customer:
                window.case_bar.customer.setText(customer)
            settle(app)
            path = out / f"{state}{suffix}.png"
            if not decide(app, window, state, language, path):
                window.grab().save(str(path))
            saved.append(path)
            print(f"{path}: {window.result_panel.decision.text()} | {window.result_panel.advice.text()!r}")
            if state in EXPECTED and (result := window.session.result) is not None:
                decided = str(result.decision)
                if decided != EXPECTED[state]:  # never publish a picture that shows another state
                    raise RuntimeError(f"{state}: the window decided {decided}, not {EXPECTED[state]}")
            window.close()
            window.deleteLater()  # gone before the next window starts its camera and workers
            settle(app)
        store.close()
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path, nargs="?", default=Path("docs/screenshots"))
    parser.add_argument("--language", choices=["en", "ko"], default="en")
    parser.add_argument("--states", help="comma-separated subset of: " + ", ".join(s[0] for s in STATES))
    parser.add_argument("--suffix", default="", help="added to each file name, e.g. _ko")
    args = parser.parse_args(argv)
    states = args.states.split(",") if args.states else None
    shoot(args.out, args.language, states, args.suffix)
    return 0


if __name__ == "__main__":
    sys.exit(main())
