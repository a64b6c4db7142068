"""``KioskWindow``: the customer-facing, full-screen self-service flow.

Present the ID → look at the camera (guidance) → turn the head as told (active challenge,
with the passive liveness score and the comparison running meanwhile) → result → reset.
All engine work runs on a :class:`~app.gui.common.workers.Runner`; results that come back after a
reset belong to a wiped session and are dropped.
"""

from __future__ import annotations

import logging
import random
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QObject, QRectF, Qt, QTimer, QTranslator, Signal
from PySide6.QtGui import QCloseEvent, QColor, QFont, QImage, QKeyEvent, QPainter, QPaintEvent, QPen, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.engine.challenge import (
    ActiveChallenge,
    ChallengeConfig,
    ChallengeStatus,
    Direction,
    observe,
    random_steps,
)
from app.gui.common.camera import IMAGE_SUFFIXES, FolderCamera, FrameSource, open_source
from app.gui.common.guidance import Guidance, GuidanceChecker, GuidanceLimits, Hint
from app.gui.common.images import encode_jpeg, qimage_to_bgr
from app.gui.common.resources import resources_dir
from app.gui.common.workers import Runner
from app.gui.kiosk.flow import (
    MIN_CONTEXT,
    SessionData,
    Step,
    Verdict,
    case_record,
    check_pin,
    liveness_context,
    liveness_summary,
    verdict,
)

log = logging.getLogger(__name__)

#: Kiosk guidance: "come closer" a little later than at the counter, so a customer can stand
#: far enough back for the liveness model's 4x context to fit in a 640x480 frame.
KIOSK_LIMITS = GuidanceLimits(min_eye_share=0.045)
#: Seconds the PIN pad stays locked after three wrong PINs.
PIN_LOCKOUT_S = 60.0

STYLE = """
QWidget#kiosk { background: #0f2a4a; }
QWidget#kiosk QLabel { color: #ffffff; }
QLabel#kioskTitle { font-size: 44px; font-weight: 700; }
QLabel#kioskPrompt { font-size: 36px; font-weight: 600; }
QLabel#kioskSmall { font-size: 22px; color: #b8c7da; }
QLabel#kioskSteps { font-size: 24px; color: #8da2bb; }
QLabel#kioskResult { font-size: 52px; font-weight: 700; }
QWidget#kiosk QPushButton { font-size: 30px; min-height: 84px; padding: 8px 36px; border-radius: 14px;
    background: #1f5fa8; color: #ffffff; border: 2px solid #6c9bd2; font-weight: 600; }
QWidget#kiosk QPushButton:pressed { background: #17487f; }
QWidget#kiosk QPushButton:disabled { background: #2c4563; color: #8da2bb; border-color: #3b5676; }
QWidget#kiosk QPushButton#kioskLanguage, QWidget#kiosk QPushButton#kioskStaff {
    font-size: 22px; min-height: 60px; min-width: 140px; padding: 4px 18px; background: transparent; }
QDialog#kioskPin { background: #ffffff; }
QDialog#kioskPin QLabel { color: #0f2a4a; font-size: 24px; }
QDialog#kioskPin QLineEdit { font-size: 32px; min-height: 64px; }
QDialog#kioskPin QPushButton { font-size: 30px; min-height: 72px; min-width: 96px; border-radius: 10px;
    background: #eef1f5; border: 1px solid #b9c3cf; color: #0f2a4a; }
"""


def install_kiosk_translator(app: QCoreApplication, language: str) -> QTranslator | None:
    """Load ``kiosk_<language>.qm`` into ``app``; English is the source text and needs none."""
    if language == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English))
        return None
    translator = QTranslator(app)
    if not translator.load(f"kiosk_{language}", str(resources_dir() / "translations")):
        log.warning("no kiosk translation for %s", language)
        return None
    app.installTranslator(translator)
    QLocale.setDefault(QLocale(language))
    return translator


@dataclass(slots=True)
class KioskOptions:
    """How this kiosk runs (from the command line and the kiosk's settings)."""

    workstation: str = "kiosk"
    language: str = "ko"
    pin_hash: str | None = None
    inactivity_s: float = 45.0  # no touch and no face for this long: reset and wipe
    result_s: float = 12.0  # the result stays this long
    card_file: Path | None = None  # demo/test: the ID scan "presented" at each session
    card_camera_file: Path | None = None  # demo/test: a file played as the document camera
    card_camera_device: str | None = None  # a second camera for the ID (None = not used)
    scanner_folder: Path | None = None  # a new file here is the ID
    camera_file: Path | None = None
    camera_device: str = ""
    mirror_preview: bool = True  # show the customer a mirror image (frames are analysed as shot)
    pack: str = "auto"


def badge(symbol: str, color: str, size: int = 180) -> QPixmap:
    """A filled circle with a white symbol (drawn, so no emoji font is needed)."""
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(color))
    p.drawEllipse(4, 4, size - 8, size - 8)
    if symbol == "…":  # three dots, centred (the font's ellipsis sits on the baseline)
        p.setBrush(QColor("#ffffff"))
        r = size * 0.06
        for dx in (-0.2, 0.0, 0.2):
            p.drawEllipse(QRectF(size * (0.5 + dx) - r, size * 0.5 - r, 2 * r, 2 * r))
        p.end()
        return pix
    font = QFont()
    font.setPixelSize(int(size * 0.55))
    font.setBold(True)
    p.setFont(font)
    p.setPen(QColor("#ffffff"))
    p.drawText(pix.rect(), Qt.AlignmentFlag.AlignCenter, symbol)
    p.end()
    return pix


def card_icon(width: int = 360) -> QPixmap:
    """A drawn ID card (photo box and text lines): what to place on the scanner."""
    height = round(width * 0.63)
    pix = QPixmap(width, height)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(QPen(QColor("#6c9bd2"), 4))
    p.setBrush(QColor("#17385f"))
    p.drawRoundedRect(QRectF(2, 2, width - 4, height - 4), 22, 22)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#6c9bd2"))
    p.drawRoundedRect(QRectF(width * 0.08, height * 0.2, width * 0.28, height * 0.6), 8, 8)
    p.setBrush(QColor("#b8c7da"))
    p.drawEllipse(QRectF(width * 0.14, height * 0.28, width * 0.16, width * 0.16))
    for i, share in enumerate((0.5, 0.42, 0.46, 0.3)):
        p.drawRoundedRect(
            QRectF(width * 0.44, height * (0.26 + 0.15 * i), width * share, height * 0.06), 4, 4
        )
    p.end()
    return pix


class CameraView(QWidget):
    """The live frame, mirrored like a mirror, with a face outline, a banner and a turn arrow."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(480, 360)
        self._image: QImage | None = None
        self._box: tuple[float, float, float, float] | None = None
        self._ok = False
        self.arrow: Direction | None = None
        self.mirror = True

    def set_frame(
        self, image: QImage | None, box: tuple[float, float, float, float] | None, ok: bool
    ) -> None:
        self._image, self._box, self._ok = image, box, ok
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("#081a30"))
        if self._image is None or self._image.isNull():
            return
        img = self._image.flipped(Qt.Orientation.Horizontal) if self.mirror else self._image
        scale = min(self.width() / img.width(), self.height() / img.height())
        w, h = img.width() * scale, img.height() * scale
        x0, y0 = (self.width() - w) / 2, (self.height() - h) / 2
        p.drawImage(QRectF(x0, y0, w, h), img)
        if self._box is not None:
            x1, y1, x2, y2 = self._box
            if self.mirror:
                x1, x2 = img.width() - x2, img.width() - x1
            pen = QPen(QColor("#3ddc84" if self._ok else "#ffb020"), 6)
            p.setPen(pen)
            p.drawRoundedRect(
                QRectF(x0 + x1 * scale, y0 + y1 * scale, (x2 - x1) * scale, (y2 - y1) * scale), 18, 18
            )
        if self.arrow is not None:
            # In the mirror the customer's left is on the screen's left.
            left = self.arrow is Direction.LEFT
            font = QFont()
            font.setPixelSize(int(h * 0.35))
            font.setBold(True)
            p.setFont(font)
            p.setPen(QColor("#ffd23f"))
            margin = w * 0.04
            rect = QRectF(x0 + margin, y0, w - 2 * margin, h)
            align = Qt.AlignmentFlag.AlignVCenter | (
                Qt.AlignmentFlag.AlignLeft if left else Qt.AlignmentFlag.AlignRight
            )
            p.drawText(rect, align, "◀" if left else "▶")


class PinDialog(QDialog):
    """A touch PIN pad; ``accepted`` only for the right PIN."""

    def __init__(self, stored_hash: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kioskPin")
        self.setWindowTitle(self.tr("Staff"))
        self.setModal(True)
        self.stored_hash = stored_hash
        self.failures = 0
        layout = QVBoxLayout(self)
        self.label = QLabel(self.tr("Staff PIN"))
        self.field = QLineEdit()
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setAccessibleName(self.tr("Staff PIN"))
        self.field.returnPressed.connect(self.submit)
        layout.addWidget(self.label)
        layout.addWidget(self.field)
        grid = QGridLayout()
        keys = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "OK"]
        for i, key in enumerate(keys):
            button = QPushButton(key)
            button.setAccessibleName(self.tr("Clear") if key == "⌫" else key)
            button.clicked.connect(lambda _=False, k=key: self._key(k))
            grid.addWidget(button, i // 3, i % 3)
        layout.addLayout(grid)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.clicked.connect(self.reject)
        layout.addWidget(cancel)

    def _key(self, key: str) -> None:
        if key == "⌫":
            self.field.backspace()
        elif key == "OK":
            self.submit()
        else:
            self.field.insert(key)

    def submit(self) -> None:
        if check_pin(self.stored_hash, self.field.text()):
            self.accept()
            return
        self.failures += 1
        self.field.clear()
        self.label.setText(self.tr("Wrong PIN"))
        if self.failures >= 3:
            self.reject()


class KioskWindow(QWidget):
    """The kiosk. ``engine`` and ``liveness`` may be given (tests); otherwise they load in the
    background. ``rng`` orders the challenge's turns (random by default); ``camera`` replaces
    the configured face camera (demos, tests)."""

    step_changed = Signal(str)
    session_recorded = Signal(object)  # the CaseRecord (or None when nothing was compared)

    def __init__(
        self,
        options: KioskOptions,
        *,
        store: Any,
        engine: Any = None,
        liveness: Any = None,
        rng: random.Random | None = None,
        camera: FrameSource | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("kiosk")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(STYLE)
        self.options = options
        self.store = store
        self.engine = engine
        self.liveness_model = liveness
        self.rng = rng
        self.runner = Runner(threads=2, parent=self)
        self.data = SessionData()
        self.step = Step.ID
        self.unlocked = False
        self._kiosk_mode = False  # full screen, kept so until the PIN
        self._pin_locked_until = 0.0
        self.language = options.language
        self.checker: GuidanceChecker | None = None
        self.challenge: ActiveChallenge | None = None
        self.guidance: Guidance | None = None
        self.context_ok = True
        self._busy_guidance = False
        self._busy_analyze = False
        self._busy_card = False
        self._card_hits = 0
        self._last_frame: np.ndarray | None = None
        self._scanner_seen: set[str] = set()
        self._translator: Any = None
        self.camera: FrameSource | None = camera
        self.shown_card: QPixmap | None = None  # the presented card's image while on screen
        self.card_camera: FrameSource | None = None

        self._build()
        self.inactivity = QTimer(self)
        self.inactivity.setSingleShot(True)
        self.inactivity.setInterval(int(options.inactivity_s * 1000))
        self.inactivity.timeout.connect(self._on_inactive)
        self.result_timer = QTimer(self)
        self.result_timer.setSingleShot(True)
        self.result_timer.setInterval(int(options.result_s * 1000))
        self.result_timer.timeout.connect(self.reset)
        self.scanner_timer = QTimer(self)
        self.scanner_timer.setInterval(500)
        self.scanner_timer.timeout.connect(self._poll_scanner)
        if options.scanner_folder is not None and options.scanner_folder.is_dir():
            self._scanner_seen = {p.name for p in options.scanner_folder.iterdir()}
            self.scanner_timer.start()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.set_language(options.language)
        if self.engine is None or self.liveness_model is None:
            self._load_models()
        else:
            self._models_ready()
        self._open_cameras()
        self._show(Step.ID)

    # ---- layout ----------------------------------------------------------------------------

    def _build(self) -> None:
        root = QVBoxLayout(self)
        root.setContentsMargins(32, 20, 32, 28)
        top = QHBoxLayout()
        self.title = QLabel()
        self.title.setObjectName("kioskSmall")
        self.language_button = QPushButton()
        self.language_button.setObjectName("kioskLanguage")
        self.language_button.clicked.connect(self.toggle_language)
        self.staff_button = QPushButton()
        self.staff_button.setObjectName("kioskStaff")
        self.staff_button.clicked.connect(self.ask_pin)
        top.addWidget(self.title, 1)
        top.addWidget(self.language_button)
        top.addWidget(self.staff_button)
        root.addLayout(top)

        self.heading = QLabel()
        self.heading.setObjectName("kioskTitle")
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.heading.setWordWrap(True)
        root.addWidget(self.heading)

        self.pages = QStackedWidget()
        root.addWidget(self.pages, 1)
        # ID page
        self.id_page = QWidget()
        idl = QVBoxLayout(self.id_page)
        self.id_text = QLabel()
        self.id_text.setObjectName("kioskPrompt")
        self.id_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.id_text.setWordWrap(True)
        self.card_preview = QLabel()
        self.card_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.card_preview.setMinimumHeight(240)
        self.scan_button = QPushButton()
        self.scan_button.clicked.connect(self.scan_card)
        idl.addStretch(1)
        idl.addWidget(self.id_text)
        idl.addWidget(self.card_preview, 2)
        idl.addWidget(self.scan_button, 0, Qt.AlignmentFlag.AlignCenter)
        idl.addStretch(1)
        self.pages.addWidget(self.id_page)
        # camera page (face + challenge)
        self.camera_page = QWidget()
        cl = QVBoxLayout(self.camera_page)
        self.view = CameraView()
        self.view.mirror = self.options.mirror_preview
        self.view.setAccessibleName("camera")
        self.prompt = QLabel()
        self.prompt.setObjectName("kioskPrompt")
        self.prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.prompt.setWordWrap(True)
        cl.addWidget(self.view, 1)
        cl.addWidget(self.prompt)
        self.pages.addWidget(self.camera_page)
        # result page (also "checking")
        self.result_page = QWidget()
        rl = QVBoxLayout(self.result_page)
        self.result_icon = QLabel()
        self.result_icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.result_text = QLabel()
        self.result_text.setObjectName("kioskResult")
        self.result_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.result_text.setWordWrap(True)
        self.result_detail = QLabel()
        self.result_detail.setObjectName("kioskSmall")
        self.result_detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.result_detail.setWordWrap(True)
        self.done_button = QPushButton()
        self.done_button.clicked.connect(self.reset)
        rl.addStretch(1)
        rl.addWidget(self.result_icon)
        rl.addWidget(self.result_text)
        rl.addWidget(self.result_detail)
        rl.addSpacing(24)
        rl.addWidget(self.done_button, 0, Qt.AlignmentFlag.AlignCenter)
        rl.addStretch(1)
        self.pages.addWidget(self.result_page)
        self.progress = QLabel()
        self.progress.setObjectName("kioskSteps")
        self.progress.setAlignment(Qt.AlignmentFlag.AlignCenter)
        root.addWidget(self.progress)
        self.status = QLabel()
        self.status.setObjectName("kioskSmall")
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        root.addWidget(self.status)

    # ---- language ----------------------------------------------------------------------------

    def set_language(self, language: str) -> None:
        """Switch between Korean and English now (the kiosk's own translation file)."""
        app = QApplication.instance()
        if app is not None:
            if self._translator is not None:
                app.removeTranslator(self._translator)
                self._translator = None
            self._translator = install_kiosk_translator(app, language)
        self.language = language
        self.retranslate()

    def toggle_language(self) -> None:
        self.set_language("en" if self.language == "ko" else "ko")

    def retranslate(self) -> None:
        self.title.setText(self.tr("Face Compare · self-service"))
        # The button names the other language, in that language, so either reader finds it.
        self.language_button.setText("English" if self.language == "ko" else "한국어")
        self.language_button.setAccessibleName(self.tr("Change language"))
        self.staff_button.setText(self.tr("Staff"))
        self.staff_button.setAccessibleName(self.tr("Staff: leave the kiosk with the PIN"))
        self.scan_button.setText(self.tr("Scan my ID"))
        self.done_button.setText(self.tr("Done"))
        self._render()

    # ---- cameras and models ------------------------------------------------------------------

    def _load_models(self) -> None:
        self.status.setText(self.tr("Starting…"))

        def load(report: Any, pack: str) -> tuple[Any, Any]:
            from app.engine.engine import Engine
            from app.engine.liveness import LivenessModel

            return Engine(pack), LivenessModel.load()

        def done(result: tuple[Any, Any]) -> None:
            self.engine, self.liveness_model = result
            self._models_ready()

        def failed(exc: Exception) -> None:
            log.error("kiosk models failed to load: %s", exc)
            self.status.setText(self.tr("Out of service. Please ask a staff member."))

        self.runner.start(load, self.options.pack, done=done, failed=failed)

    def _models_ready(self) -> None:
        self.checker = GuidanceChecker(self.engine.detector, self.engine.mask, KIOSK_LIMITS)
        self.status.setText("")
        self._render()

    @property
    def ready(self) -> bool:
        return self.engine is not None and self.liveness_model is not None

    def _open_cameras(self) -> None:
        opt = self.options
        try:
            if self.camera is None:
                self.camera = open_source(opt.camera_file, opt.camera_device, parent=self)
            self.camera.frame.connect(self._on_frame)
            self.camera.start()
        except Exception as exc:
            log.error("kiosk camera: %s", exc)
            self.status.setText(self.tr("Out of service. Please ask a staff member."))
        if opt.card_camera_file is not None or opt.card_camera_device is not None:
            try:
                if opt.card_camera_file is not None and opt.card_camera_file.is_dir():
                    self.card_camera = FolderCamera(
                        opt.card_camera_file, fps=10.0, size=(1280, 960), parent=self
                    )
                else:
                    self.card_camera = open_source(
                        opt.card_camera_file, opt.card_camera_device or "", parent=self
                    )
                self.card_camera.frame.connect(self._on_card_frame)
                self.card_camera.start()
            except Exception as exc:
                log.error("kiosk document camera: %s", exc)

    # ---- steps ----------------------------------------------------------------------------------

    def _show(self, step: Step) -> None:
        self.step = step
        self.view.arrow = None
        if step is Step.ID:
            self.pages.setCurrentWidget(self.id_page)
        elif step in (Step.FACE, Step.CHALLENGE):
            self.pages.setCurrentWidget(self.camera_page)
        else:
            self.pages.setCurrentWidget(self.result_page)
        if step is Step.RESULT:
            self.result_timer.start()
        else:
            self.result_timer.stop()
        self.inactivity.start()
        self._render()
        self.step_changed.emit(str(step))

    def _render(self) -> None:
        """Every text of the current step, in the current language."""
        step = self.step
        names = [self.tr("ID"), self.tr("Camera"), self.tr("Turn"), self.tr("Result")]
        current = {Step.ID: 0, Step.FACE: 1, Step.CHALLENGE: 2}.get(step, 3)
        parts = []
        for i, name in enumerate(names):
            text = f"{i + 1}  {name}"
            if i == current:
                text = f"<span style='color:#ffffff; font-weight:700'>● {text}</span>"
            else:
                text = f"<span style='color:#7f93aa'>{text}</span>"
            parts.append(text)
        self.progress.setText("&nbsp;&nbsp;&nbsp;&nbsp;›&nbsp;&nbsp;&nbsp;&nbsp;".join(parts))
        if step is Step.ID:
            self.heading.setText(self.tr("Welcome"))
            if self.data.card is None:
                self.id_text.setText(self.tr("Place your ID card on the scanner, photo side up."))
                if self.card_preview.pixmap().isNull():
                    self.card_preview.setPixmap(card_icon())
            else:
                self.id_text.setText(self.tr("Reading your ID…"))
            self.scan_button.setVisible(self.options.card_file is not None and self.data.card is None)
            self.scan_button.setEnabled(self.ready)
        elif step is Step.FACE:
            self.heading.setText(self.tr("Look at the camera"))
            self.prompt.setText(self._hint_text())
        elif step is Step.CHALLENGE:
            self.heading.setText(self.tr("Show us you are here"))
            self.prompt.setText(self._challenge_text())
        elif step is Step.CHECKING:
            self.heading.setText("")
            self.result_icon.setPixmap(badge("…", "#6c9bd2"))
            self.result_text.setText(self.tr("Checking…"))
            self.result_detail.setText(self.tr("This takes a moment."))
            self.done_button.setVisible(False)
        else:
            v = verdict(self.data)
            self.heading.setText("")
            self.done_button.setVisible(True)
            if v is Verdict.VERIFIED:
                self.result_icon.setPixmap(badge("✔", "#2fb86e"))
                self.result_text.setText(self.tr("Verified"))
                self.result_detail.setText(self.tr("Thank you. You may continue."))
            else:
                self.result_icon.setPixmap(badge("!", "#e0a100"))
                self.result_text.setText(self.tr("A staff member will help you"))
                self.result_detail.setText(self.tr("Please take your ID to the counter."))

    def _hint_text(self) -> str:
        if not self.ready:
            return self.tr("Starting…")
        g = self.guidance
        if g is None or g.hint is Hint.NO_FACE:
            return self.tr("Please look into the camera")
        if not self.context_ok:
            return self.tr("Please step back a little")
        texts = {
            Hint.TOO_DARK: self.tr("It is too dark here"),
            Hint.COME_CLOSER: self.tr("Please come a little closer"),
            Hint.REMOVE_MASK: self.tr("Please remove your mask"),
            Hint.LOOK_AT_CAMERA: self.tr("Look straight at the camera"),
            Hint.HOLD_STILL: self.tr("Hold still"),
            Hint.GOOD: self.tr("Good – hold still"),
        }
        return texts[g.hint]

    def _challenge_text(self) -> str:
        if self.challenge is None:
            return ""
        st = self.challenge.status
        count = f" ({st.step + 1}/{len(st.steps)})"
        if st.prompt is Direction.LEFT:
            return self.tr("Slowly turn your head to your left") + count
        if st.prompt is Direction.RIGHT:
            return self.tr("Slowly turn your head to your right") + count
        if st.step > 0:
            return self.tr("Good. Now look straight at the camera")
        return self.tr("Look straight at the camera")

    # ---- step 1: the ID ------------------------------------------------------------------------

    def scan_card(self) -> None:
        """Take the configured card file as the presented ID (demo / test source)."""
        if self.options.card_file is not None:
            self.present_card(self.options.card_file.read_bytes())

    def present_card(self, data: bytes) -> None:
        """The ID has been presented: check that a face can be found on it, then go on."""
        if self.step is not Step.ID or self.data.card is not None or not self.ready or self._busy_card:
            return
        self._busy_card = True
        self.data.card = data
        self._render()
        token = self.data.session_id
        engine = self.engine

        def check(report: Any, raw: bytes) -> np.ndarray:
            from app.engine.detectors import rank_faces
            from app.engine.imageio import load_image

            pixels = load_image(raw, None, label="card").pixels
            if not rank_faces(engine.detector.detect(pixels)):
                raise ValueError("no face on the card")
            return pixels

        def done(pixels: np.ndarray) -> None:
            self._busy_card = False
            if token != self.data.session_id:
                return
            self._set_card_preview(pixels)
            self._start_face()

        def failed(exc: Exception) -> None:
            self._busy_card = False
            if token != self.data.session_id:
                return
            self.data.card = None
            self._render()
            self.id_text.setText(self.tr("We could not read your ID. Please place it again."))

        self.runner.start(check, data, done=done, failed=failed)

    def _set_card_preview(self, bgr: np.ndarray) -> None:
        from app.gui.common.images import bgr_to_qimage

        pix = QPixmap.fromImage(bgr_to_qimage(bgr))
        self.shown_card = pix
        self.card_preview.setPixmap(pix.scaledToHeight(240, Qt.TransformationMode.SmoothTransformation))

    def _poll_scanner(self) -> None:
        """A file that appears in the scanner folder is the ID of the session waiting for one;
        one that appears while another session runs is ignored (it is not this customer's)."""
        folder = self.options.scanner_folder
        if folder is None or not folder.is_dir() or not self.ready:
            return
        for path in sorted(folder.iterdir()):
            if path.name in self._scanner_seen or path.suffix.lower() not in IMAGE_SUFFIXES | {".pdf"}:
                continue
            self._scanner_seen.add(path.name)
            if self.step is Step.ID and self.data.card is None and not self._busy_card:
                self.present_card(path.read_bytes())

    def _on_card_frame(self, image: QImage) -> None:
        """Document camera: the ID counts as presented once a face is seen on 3 checks in a row."""
        if self.step is not Step.ID or self.data.card is not None or not self.ready or self._busy_card:
            return
        bgr = qimage_to_bgr(image)
        self._busy_card = True
        engine = self.engine

        def detect(report: Any, frame: np.ndarray) -> bool:
            from app.engine.detectors import rank_faces

            return bool(rank_faces(engine.detector.detect(frame)))

        def done(found: bool) -> None:
            self._busy_card = False
            self._card_hits = self._card_hits + 1 if found else 0
            if self._card_hits >= 3:
                self._card_hits = 0
                self.present_card(encode_jpeg(bgr))

        def failed(_exc: Exception) -> None:
            self._busy_card = False

        self.runner.start(detect, bgr, done=done, failed=failed)

    # ---- step 2: the face (guidance) --------------------------------------------------------

    def _start_face(self) -> None:
        if self.checker is not None:
            self.checker.reset()
        self.guidance = None
        self._show(Step.FACE)

    def _on_frame(self, image: QImage) -> None:
        if self.step not in (Step.FACE, Step.CHALLENGE):
            return
        g = self.guidance
        ok = g is not None and g.hint is Hint.GOOD and self.context_ok
        self.view.set_frame(image, g.box if g is not None else None, ok or self.step is Step.CHALLENGE)
        if self.step is Step.FACE:
            self._guide(image)
        else:
            self._analyze(image)

    def _guide(self, image: QImage) -> None:
        if self._busy_guidance or self.checker is None:
            return
        self._busy_guidance = True
        bgr = qimage_to_bgr(image)
        t = time.monotonic()
        token = self.data.session_id
        checker = self.checker

        def run(report: Any, frame: np.ndarray) -> Guidance:
            return checker.check(frame, t)

        def done(g: Guidance) -> None:
            self._busy_guidance = False
            if token != self.data.session_id or self.step is not Step.FACE:
                return
            self.guidance = g
            h, w = bgr.shape[:2]
            self.context_ok = g.box is None or liveness_context(w, h, g.box) >= MIN_CONTEXT
            if g.hint is not Hint.NO_FACE:
                self.inactivity.start()  # somebody is there
            if not self.context_ok:
                checker.reset()
            elif g.ready:
                self._capture(bgr)
                return
            self.prompt.setText(self._hint_text())

        def failed(_exc: Exception) -> None:
            self._busy_guidance = False

        self.runner.start(run, bgr, done=done, failed=failed)

    def _capture(self, bgr: np.ndarray) -> None:
        """The face is good: keep this frame, compare it and score its liveness meanwhile the
        challenge runs."""
        self.data.face = encode_jpeg(bgr)
        self._last_frame = bgr
        token = self.data.session_id
        engine, model = self.engine, self.liveness_model
        card, face = self.data.card, self.data.face

        def compare(report: Any) -> Any:
            return engine.compare(card, face)

        def score(report: Any, jpeg: bytes) -> Any:
            # Scored on the bytes the case's face_sha256 names (the encoded capture).
            import cv2

            from app.engine.liveness import check_image

            frame = np.asarray(cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_COLOR), np.uint8)
            return check_image(frame, engine.detector, model)[1]

        def compared(view: Any) -> None:
            if token == self.data.session_id:
                self.data.comparison = view
                self._maybe_finish()

        def compare_failed(exc: Any) -> None:
            if token == self.data.session_id:
                self.data.compare_error = str(getattr(exc, "code", type(exc).__name__))
                self._maybe_finish()

        def scored(result: Any) -> None:
            if token == self.data.session_id:
                self.data.liveness = result
                self._maybe_finish()

        def score_failed(exc: Any) -> None:
            if token == self.data.session_id:
                self.data.liveness_error = str(getattr(exc, "code", type(exc).__name__))
                self._maybe_finish()

        self.runner.start(compare, done=compared, failed=compare_failed)
        self.runner.start(score, face, done=scored, failed=score_failed)
        steps = random_steps(self.rng)
        cfg = ChallengeConfig(min_similarity=float(engine.thresholds.review))
        self.challenge = ActiveChallenge(steps=steps, config=cfg)
        self._show(Step.CHALLENGE)

    # ---- step 3: the challenge --------------------------------------------------------------

    def _analyze(self, image: QImage) -> None:
        if self._busy_analyze or self.challenge is None or self.challenge.status.done:
            return
        self._busy_analyze = True
        bgr = qimage_to_bgr(image)
        t = time.monotonic()
        token = self.data.session_id
        engine = self.engine

        def run(report: Any, frame: np.ndarray) -> Any:
            return engine.analyze(encode_jpeg(frame, 90), "jpeg", label="frame")

        def done(analysis: Any) -> None:
            self._busy_analyze = False
            if token != self.data.session_id or self.challenge is None or self.step is not Step.CHALLENGE:
                return
            status = self.challenge.update(observe(t, analysis))
            self.guidance = Guidance(Hint.GOOD, analysis.faces[0].box) if analysis.faces else None
            if analysis.faces:
                self.inactivity.start()
            self.view.arrow = status.prompt
            self.prompt.setText(self._challenge_text())
            if status.done:
                self._challenge_done(status)

        def failed(_exc: Exception) -> None:
            self._busy_analyze = False

        self.runner.start(run, bgr, done=done, failed=failed)

    def challenge_prompt(self) -> Direction | None:
        """The turn being asked now (None when none is)."""
        return (
            self.challenge.status.prompt
            if self.challenge is not None and self.step is Step.CHALLENGE
            else None
        )

    def _challenge_done(self, status: ChallengeStatus) -> None:
        self.data.challenge = status
        self.view.arrow = None
        self._show(Step.CHECKING)
        self._maybe_finish()

    # ---- step 4: result and the case --------------------------------------------------------

    def _maybe_finish(self) -> None:
        if self.step is not Step.CHECKING or not self.data.complete:
            return
        record = case_record(self.data, workstation=self.options.workstation)
        summary = liveness_summary(self.data)
        try:
            if record is not None:
                images = None
                if getattr(self.store, "retention_days", 0) > 0:
                    images = {"card": self.data.card, "face": self.data.face}
                self.store.add(record, images=images)
                self._audit("kiosk.liveness", summary, record.case_id)
            else:
                self._audit("kiosk.session", summary | {"error": self.data.compare_error}, None)
        except Exception as exc:
            log.error("kiosk case not recorded: %s", exc)
        self.session_recorded.emit(record)
        self._show(Step.RESULT)

    def _audit(self, action: str, payload: dict[str, Any], case_id: str | None) -> None:
        event = getattr(self.store, "audit_event", None)
        if event is not None:
            event(self.options.workstation or "kiosk", action, payload, case_id=case_id)

    # ---- reset, inactivity, staff -----------------------------------------------------------

    def reset(self) -> None:
        """Forget the session (card, photo, scores) and go back to the start."""
        self.data.wipe()
        self.challenge = None
        self.guidance = None
        self.context_ok = True
        self._last_frame = None
        self._card_hits = 0
        self.card_preview.clear()
        self.shown_card = None
        self.view.set_frame(None, None, False)
        self._show(Step.ID)

    def _on_inactive(self) -> None:
        if self.step is Step.ID and self.data.card is None:
            self.inactivity.start()
            return
        if self.step in (Step.FACE, Step.CHALLENGE, Step.ID):
            self._audit("kiosk.abandoned", {"step": str(self.step), "session": self.data.session_id}, None)
        self.reset()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.KeyPress):
            self.inactivity.start()
        return False

    def ask_pin(self) -> bool:
        """The staff PIN pad; the right PIN leaves full screen and closes the kiosk.

        A pad closed after three wrong PINs locks the pad for ``PIN_LOCKOUT_S`` and is audited.
        """
        if time.monotonic() < self._pin_locked_until:
            self.status.setText(self.tr("Staff access is locked for a minute."))
            return False
        dialog = PinDialog(self.options.pin_hash, self)
        dialog.setStyleSheet(STYLE)
        self._pin_dialog: PinDialog | None = dialog
        ok = dialog.exec() == QDialog.DialogCode.Accepted
        self._pin_dialog = None
        if ok:
            self._audit("kiosk.unlocked", {"session": self.data.session_id}, None)
            self.unlock()
        elif dialog.failures >= 3:
            self._pin_locked_until = time.monotonic() + PIN_LOCKOUT_S
            self._audit("kiosk.pin_refused", {"failures": dialog.failures}, None)
        return ok

    def enter_full_screen(self) -> None:
        """Cover the whole screen, also where no window manager runs (a bare kiosk X session);
        until the staff PIN is given, the window goes back to full screen if anything moves it
        out."""
        self._kiosk_mode = True
        screen = self.screen()
        if screen is not None:
            self.setGeometry(screen.geometry())
        self.showFullScreen()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if (
            event.type() == QEvent.Type.WindowStateChange
            and self._kiosk_mode
            and not self.unlocked
            and not self.isFullScreen()
        ):
            QTimer.singleShot(0, self.enter_full_screen)

    def unlock(self) -> None:
        self.unlocked = True
        self._kiosk_mode = False
        self.showNormal()
        self.close()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        event.accept()  # Escape, Alt+F4 and the like do nothing here

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.unlocked:
            event.ignore()
            return
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
            if self._translator is not None:
                app.removeTranslator(self._translator)
                self._translator = None
        for cam in (self.camera, self.card_camera):
            if cam is not None:
                cam.stop()
        for timer in (self.inactivity, self.result_timer, self.scanner_timer):
            timer.stop()
        self.runner.wait(10000)
        self.data.wipe()
        event.accept()
