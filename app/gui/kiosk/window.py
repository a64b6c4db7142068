"""``KioskWindow``: the customer-facing, full-screen self-service kiosk.

The window feeds its :class:`~app.gui.kiosk.machine.KioskMachine` what happens (camera
frames, taps, timers, the scanner folder, engine results) and performs the actions the machine
returns: its timers, the pages (:class:`~app.gui.kiosk.pages.KioskPages`), engine work
(:class:`~app.gui.kiosk.jobs.KioskJobs`), the case store and audit log, the PIN pad and full
screen. The steps, the session and the tokens that drop a wiped session's results are the
machine's.
"""

from __future__ import annotations

import logging
import random
import time
from typing import Any, assert_never

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, QTranslator, Signal
from PySide6.QtGui import QCloseEvent, QImage, QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QVBoxLayout, QWidget

from app.gui.common.camera import IMAGE_SUFFIXES, FolderCamera, FrameSource, open_source
from app.gui.common.images import encode_jpeg
from app.gui.common.resources import install_translators, load_fonts, remove_translators
from app.gui.kiosk import actions as act
from app.gui.kiosk.flow import Step
from app.gui.kiosk.jobs import KioskJobs
from app.gui.kiosk.machine import KioskMachine
from app.gui.kiosk.options import KioskOptions
from app.gui.kiosk.pages import KioskPages
from app.gui.kiosk.pin import PinLock, pin_lock_from_audit
from app.gui.kiosk.style import STYLE
from app.gui.kiosk.views import Backdrop, PinDialog

log = logging.getLogger(__name__)
# the audit payload's keys the log file repeats (scores and codes; never the customer's data)
_LOGGED = {
    "liveness_score",
    "liveness_live",
    "challenge_passed",
    "challenge_failure",
    "error",
    "failures",
    "seconds",
    "step",
}


def install_kiosk_translator(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Load the kiosk's own ``kiosk_<language>.qm`` (and Qt's) into ``app``; English needs none."""
    return install_translators(app, language, "kiosk")


class KioskWindow(QWidget):
    """The kiosk. ``engine`` may be given (tests, demos); otherwise it loads in the background
    with its liveness pack. ``rng`` orders the challenge's turns (random by default); ``camera``
    replaces the configured face camera (demos, tests)."""

    step_changed = Signal(str)
    session_recorded = Signal(object)  # the CaseRecord (or None when nothing was compared)

    def __init__(
        self,
        options: KioskOptions,
        *,
        store: Any,
        engine: Any = None,
        rng: random.Random | None = None,
        camera: FrameSource | None = None,
        parent: QWidget | None = None,
    ) -> None:
        load_fonts()  # before any widget exists: a styled widget keeps the font it was made with
        super().__init__(parent)
        self.setObjectName("kiosk")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(STYLE)
        self.options = options
        self.store = store
        self.machine = KioskMachine(
            workstation=options.workstation,
            language=options.language,
            rng=rng,
            pin_hash=options.pin_hash,
            pin_lock=self._pin_lock(),
            turn_s=options.turn_s,
        )
        self.jobs = KioskJobs(self.machine, self.perform, engine=engine, parent=self)
        self.unlocked = False
        self._kiosk_mode = False  # full screen, kept so until the PIN
        self._scanner_seen: set[str] = set()
        self._translators: list[QTranslator] = []
        self._pin_dialog: PinDialog | None = None
        self._unlock_after_pad = False
        self.camera: FrameSource | None = camera
        self.card_camera: FrameSource | None = None

        self.pages = KioskPages(mirror=options.mirror_preview, scan_button=options.card_file is not None)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        self.pages.language_button.clicked.connect(self.toggle_language)
        self.pages.staff_button.clicked.connect(self.ask_pin)
        self.pages.scan_button.clicked.connect(self.scan_card)
        self.pages.done_button.clicked.connect(self.reset)
        self.pages.agree_button.clicked.connect(lambda: self.perform(self.machine.consent_given()))
        self.pages.decline_button.clicked.connect(lambda: self.perform(self.machine.consent_declined()))

        self.inactivity = QTimer(self)
        self.inactivity.setSingleShot(True)
        self.inactivity.setInterval(int(options.inactivity_s * 1000))
        self.inactivity.timeout.connect(lambda: self.perform(self.machine.inactivity_elapsed()))
        self.result_timer = QTimer(self)
        self.result_timer.setSingleShot(True)
        self.result_timer.setInterval(int(options.result_s * 1000))
        self.result_timer.timeout.connect(lambda: self.perform(self.machine.result_elapsed()))
        self._timers = {act.Timer.INACTIVITY: self.inactivity, act.Timer.RESULT: self.result_timer}
        # the countdowns on screen (the turn, the result's reset, the inactivity warning)
        self.clock = QTimer(self)
        self.clock.setInterval(250)
        self.clock.timeout.connect(self._show_clock)
        self.clock.start()
        self.backdrop = Backdrop(self)
        self.scanner_timer = QTimer(self)
        self.scanner_timer.setInterval(500)
        self.scanner_timer.timeout.connect(self._poll_scanner)
        if options.scanner_folder is not None and options.scanner_folder.is_dir():
            self._scanner_seen = {p.name for p in options.scanner_folder.iterdir()}
            self.scanner_timer.start()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.set_language(self.machine.language)
        self.jobs.load(options.pack)
        self._open_cameras()
        self.perform(self.machine.start())

    # ---- performing the machine's actions ------------------------------------------------------

    def perform(self, actions: list[act.Action]) -> None:
        """Do what the machine asked, in order, then show its state."""
        for action in actions:
            self._do(action)
        self.pages.show_state(self.machine)
        self._show_clock()

    @staticmethod
    def _left(timer: QTimer) -> float | None:
        """Seconds until ``timer`` fires (None when it is not running)."""
        return timer.remainingTime() / 1000.0 if timer.isActive() else None

    def _show_clock(self) -> None:
        self.pages.show_clock(
            self.machine, time.monotonic(), self._left(self.result_timer), self._left(self.inactivity)
        )

    def _do(self, action: act.Action) -> None:
        jobs = self.jobs
        match action:
            case act.ShowStep():
                self.pages.show_step(action.step)
                self.pages.show_state(self.machine)
                self.step_changed.emit(str(action.step))
            case act.StartTimer():
                self._timers[action.timer].start()
            case act.StopTimer():
                self._timers[action.timer].stop()
            case act.CheckCard():
                jobs.check_card(action)
            case act.FindCardFace():
                jobs.find_card_face(action)
            case act.TakeCardPhoto():
                self.perform(self.machine.card_presented(encode_jpeg(action.pixels)))
            case act.ShowCard():
                self.pages.show_card(action.pixels)
            case act.Wipe():
                self.pages.wipe()
            case act.CheckGuidance():
                jobs.guide(action)
            case act.ResetGuidance():
                jobs.reset_guidance()
            case act.CaptureFace():
                jobs.capture(action.pixels)
            case act.RunCompare():
                jobs.compare(action)
            case act.ScoreLiveness():
                jobs.score(action)
            case act.AnalyzeFrame():
                jobs.analyze(action)
            case act.Audit():
                self._audit(action)
            case act.RecordCase():
                self._record(action)
            case act.AskPin():
                self._pin_pad()
            case act.PinWrong():
                if self._pin_dialog is not None:
                    self._pin_dialog.show_wrong()
            case act.ClosePin():
                if self._pin_dialog is not None:
                    self._pin_dialog.done(QDialog.DialogCode.Rejected)
            case act.Unlock():
                if self._pin_dialog is not None:  # once the pad has closed
                    self._unlock_after_pad = True
                else:
                    self.unlock()
            case act.SetLanguage():
                self.set_language(action.language)
            case _:
                assert_never(action)

    # ---- language ------------------------------------------------------------------------------

    def set_language(self, language: str) -> None:
        """Switch between Korean and English now (the kiosk's own translation file)."""
        app = QApplication.instance()
        if app is not None:
            remove_translators(app, self._translators)
            self._translators = install_kiosk_translator(app, language)
        self.pages.retranslate(language)
        self.pages.show_state(self.machine)

    def toggle_language(self) -> None:
        self.perform(self.machine.toggle_language())

    # ---- cameras and the scanner folder --------------------------------------------------------

    def _open_cameras(self) -> None:
        opt = self.options
        try:
            if self.camera is None:
                self.camera = open_source(opt.camera_file, opt.camera_device, parent=self)
            self.camera.frame.connect(self._on_frame)
            self.camera.start()
        except Exception as exc:
            log.error("kiosk camera: %s", exc)
            self.perform(self.machine.out_of_service())
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

    def _on_frame(self, image: QImage) -> None:
        m = self.machine
        if m.step not in (Step.FACE, Step.CHALLENGE):
            return
        self.pages.view.set_frame(image, m.preview_box, m.preview_ok)
        actions = m.face_frame(image, time.monotonic())
        if actions:
            self.perform(actions)

    def _on_card_frame(self, image: QImage) -> None:
        """Document camera: the ID counts as presented once a face is seen on 3 checks in a row."""
        actions = self.machine.card_frame(image)
        if actions:
            self.perform(actions)

    def scan_card(self) -> None:
        """Take the configured card file as the presented ID (demo / test source)."""
        if self.options.card_file is not None:
            self.perform(self.machine.card_presented(self.options.card_file.read_bytes()))

    def _poll_scanner(self) -> None:
        """A file that appears in the scanner folder is the ID of the session waiting for one;
        one that appears while another session runs is ignored (it is not this customer's)."""
        folder = self.options.scanner_folder
        if folder is None or not folder.is_dir() or not self.machine.ready:
            return
        for path in sorted(folder.iterdir()):
            if path.name in self._scanner_seen or path.suffix.lower() not in IMAGE_SUFFIXES | {".pdf"}:
                continue
            self._scanner_seen.add(path.name)
            if self.machine.awaiting_card:
                self.perform(self.machine.card_presented(path.read_bytes()))

    # ---- the case and the audit log ------------------------------------------------------------

    def _record(self, job: act.RecordCase) -> None:
        try:
            if job.record is not None:
                self.store.add(job.record, images=job.images)
            self._audit(job.audit)
        except Exception as exc:
            log.error("kiosk case not recorded: %s", exc)
        self.session_recorded.emit(job.record)

    @property
    def actor(self) -> str:
        """Who the kiosk's audit rows name: the kiosk itself."""
        return self.options.workstation or "kiosk"

    def _audit(self, job: act.Audit) -> None:
        shown = {k: v for k, v in job.payload.items() if k in _LOGGED}
        log.info("kiosk: %s%s %s", job.action, f" case {job.case_id}" if job.case_id else "", shown)
        event = getattr(self.store, "audit_event", None)
        if event is not None:
            event(self.actor, job.action, job.payload, case_id=job.case_id)

    def _pin_lock(self) -> PinLock:
        """The wrong staff PINs so far, from the audit log (a restart does not reset them). A log
        that cannot be read locks the pad (the first lockout) rather than forgetting them."""
        if not hasattr(self.store, "audit"):
            log.warning("kiosk: the store keeps no audit log; wrong PINs are counted in memory only")
            return PinLock()
        try:
            return pin_lock_from_audit(self.store, self.actor)
        except Exception as exc:
            log.error("kiosk: wrong PINs cannot be read back (%s): the pad is locked", type(exc).__name__)
            lock = PinLock()
            lock.failures, lock.last_failure = lock.policy.free, time.time()
            return lock

    # ---- reset, inactivity, staff, full screen -------------------------------------------------

    def reset(self) -> None:
        """Forget the session (card, photo, scores) and go back to the start."""
        self.perform(self.machine.reset())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.KeyPress):
            for action in self.machine.touched():
                self._do(action)
        return False

    def ask_pin(self) -> bool:
        """The staff PIN pad; the right PIN leaves full screen and closes the kiosk.

        Wrong PINs are counted in the audit log (closing the pad or restarting the kiosk does
        not reset them); past three, the pad locks for longer each time (``app.gui.kiosk.pin``).
        """
        self.perform(self.machine.staff_requested(time.time()))
        return self.unlocked

    def _pin_pad(self) -> None:
        dialog = PinDialog(self, reference=self.machine.data.reference if self.machine.data.consent else "")
        dialog.setStyleSheet(STYLE)
        dialog.adjustSize()
        centre = self.mapToGlobal(self.rect().center())
        dialog.move(centre.x() - dialog.width() // 2, centre.y() - dialog.height() // 2)
        self.backdrop.setGeometry(self.rect())
        self.backdrop.raise_()
        self.backdrop.show()
        dialog.entered.connect(lambda pin: self.perform(self.machine.pin_entered(pin, time.time())))
        self._pin_dialog, self._unlock_after_pad = dialog, False
        dialog.exec()
        self.backdrop.hide()
        self._pin_dialog = None
        if self._unlock_after_pad:
            self.unlock()
        else:
            self.perform(self.machine.pin_cancelled())

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
            remove_translators(app, self._translators)
        for cam in (self.camera, self.card_camera):
            if cam is not None:
                cam.stop()
        for timer in (self.inactivity, self.result_timer, self.scanner_timer, self.clock):
            timer.stop()
        self.jobs.wait(10000)
        self.machine.data.wipe()
        event.accept()
