"""``MainWindow``: the verify screen (ID card left, camera right, result and case bar below)."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from app.gui.common.backends import CompareFailed, CompareView, LocalBackend, RemoteBackend
from app.gui.common.camera import camera_devices
from app.gui.common.engine_loader import (
    EngineProcess,
    card_face_finder,
    load_engine,
    load_guidance_models,
    start_engine_process,
    use_engine_process,
)
from app.gui.common.guidance import GuidanceChecker
from app.gui.common.resources import icon, load_fonts
from app.gui.common.settings import WorkstationSettings
from app.gui.common.signin import OPERATORS, InactivityLock
from app.gui.common.workers import Runner
from app.gui.workstation.about_dialog import AboutDialog
from app.gui.workstation.camera_panel import CameraPanel
from app.gui.workstation.card_panel import CardPanel
from app.gui.workstation.case_bar import CaseBar
from app.gui.workstation.header import Header
from app.gui.workstation.result_panel import ResultPanel
from app.gui.workstation.session import CompareJob, VerifySession
from app.gui.workstation.settings_dialog import SettingsDialog

if TYPE_CHECKING:
    from app.cases import CaseStore, User
    from app.engine.preview import PreviewModels

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    """The workstation window. ``engine`` may be given (tests); otherwise it loads in the background.

    ``user`` is the operator who signed in: every case is recorded in their name, and the window
    locks after ``settings.lock_minutes`` without input until they (or another operator) sign in.
    Without a user nothing is recorded.
    """

    ready = Signal()  # the engine (or remote client + guidance) can compare
    result_shown = Signal(object)  # CompareView, or CompareFailed
    case_recorded = Signal(object)  # CaseRecord

    def __init__(
        self,
        settings: WorkstationSettings,
        *,
        store: CaseStore | None = None,
        store_factory: Callable[[], Any] | None = None,
        qsettings: QSettings | None = None,
        camera_file: Path | None = None,
        engine: Any = None,
        user: User | None = None,
    ) -> None:
        load_fonts()  # before any widget exists: a styled widget keeps the font it was made with
        super().__init__()
        self.settings = settings
        self.qsettings = qsettings
        self._store = store
        self._store_factory = store_factory
        self.camera_file = camera_file
        self.engine = engine
        self.user = user
        self.session = VerifySession()
        self.runner = Runner(threads=2, parent=self)
        self.setWindowTitle(self.tr("Face Compare Workstation"))
        self.setWindowIcon(icon("app"))
        self.resize(1360, 900)

        self.card_panel = CardPanel(self.runner)
        self.camera_panel = CameraPanel()
        self.camera_panel.auto.setChecked(settings.auto_capture)
        self.result_panel = ResultPanel()
        self.case_bar = CaseBar()
        self.landmarks = QCheckBox(self.tr("Show landmarks"))
        self.landmarks.setChecked(True)
        self.landmarks.setToolTip(self.tr("Draw the landmark contours on both images (Ctrl+L)"))
        self.landmarks.setAccessibleName(self.tr("Show landmarks"))
        self.landmarks.toggled.connect(self._toggle_landmarks)

        central = QWidget()
        root = QVBoxLayout(central)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        self.header = Header()
        self.header.compare_button.clicked.connect(self.compare)
        self.header.new_button.clicked.connect(self.new_customer)
        self.header.settings_button.clicked.connect(self.open_settings)
        root.addWidget(self.header)
        body = QVBoxLayout()
        body.setContentsMargins(14, 12, 14, 12)
        body.setSpacing(10)
        panels = QHBoxLayout()
        panels.setSpacing(10)
        panels.addWidget(self.card_panel, 1)
        panels.addWidget(self.camera_panel, 1)
        body.addLayout(panels, 5)
        body.addWidget(self.result_panel, 3)
        body.addWidget(self.case_bar)
        root.addLayout(body, 1)
        self.setCentralWidget(central)

        self.status_text = QLabel("")
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.setRange(0, 0)
        self.progress.setVisible(False)
        self.progress.setAccessibleName(self.tr("Progress"))
        self.statusBar().addWidget(self.status_text, 1)
        self.statusBar().addPermanentWidget(self.landmarks)
        self.statusBar().addPermanentWidget(self.progress)

        self._actions()
        self._menus()
        self._focus_order()
        self.camera_panel.camera_chosen.connect(self.use_camera)
        self.card_panel.card_ready.connect(self._card_ready)
        self.card_panel.card_failed.connect(self._card_failed)
        self.camera_panel.captured.connect(self._face_captured)
        self.case_bar.decided.connect(self._record)
        self.card_panel.watch(settings.watch_folder)
        self.inactivity: InactivityLock | None = None
        if user is not None:
            self.header.show_user(user.username)
            self.inactivity = InactivityLock(
                self,
                lambda: self.store,  # type: ignore[arg-type,return-value]
                user,
                roles=OPERATORS,
                title=sign_in_title(),
                minutes=settings.lock_minutes,
                switch=True,
                where=settings.workstation,
            )
            self.inactivity.signed_in.connect(self._signed_in)
            self.inactivity.quit_requested.connect(self.close)
        self._start_camera()
        self._start_engine()

    # -- layout --------------------------------------------------------------------------
    def _actions(self) -> None:
        specs = [
            (self.tr("Compare"), [QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")], self.compare),
            (self.tr("New customer"), [QKeySequence("Ctrl+N")], self.new_customer),
            (self.tr("Settings"), [QKeySequence("Ctrl+,")], self.open_settings),
            (self.tr("Show landmarks"), [QKeySequence("Ctrl+L")], self.landmarks.toggle),
            (self.tr("Quit"), [QKeySequence("Ctrl+Q")], self.close),
        ]
        for text, keys, slot in specs:
            action = QAction(text, self)
            action.setShortcuts(keys)
            action.triggered.connect(slot)
            self.addAction(action)

    def _menus(self) -> None:
        """Help ▸ Keyboard shortcuts / About (the pack's licence lives there, not in the result)."""
        menu = self.menuBar().addMenu(self.tr("&Help"))
        about = QAction(self.tr("&About Face Compare Workstation…"), self)
        about.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
        about.triggered.connect(self.show_about)
        menu.addAction(about)
        self.about_action = about
        for button in self.menuBar().findChildren(QAbstractButton):  # Qt's "more menus" arrow
            button.setAccessibleName(self.tr("More menus"))

    def _focus_order(self) -> None:
        """Tab follows a verification: card, camera, crops, then the case bar left to right."""
        chain: list[QWidget] = [
            self.card_panel.open_button,
            self.camera_panel.auto,
            self.camera_panel.capture_button,
            self.result_panel.card_crop,
            self.result_panel.face_crop,
            self.case_bar.customer,
            self.case_bar.consent,
            self.case_bar.note,
            *self.case_bar.buttons.values(),
        ]
        for first, second in itertools.pairwise(chain):
            self.setTabOrder(first, second)

    def about_text(self) -> tuple[str, str]:
        """(where comparisons run, the licence) for the About box."""
        if self.settings.engine_mode == "remote":
            licence = self.session.result.licence if self.session.result else ""
            return (
                self.tr("Remote server %1").replace("%1", self.settings.server_url),
                licence or self.tr("stated by the server with the first result"),
            )
        if self.engine is None:
            return self.tr("Local engine (loading)"), self.tr("shown once the engine has loaded")
        lic = self.engine.pack.licence
        return (
            self.tr("Local engine, model pack %1").replace("%1", self.engine.pack.name),
            f"{lic.grant}: {lic.detail or lic.summary}",
        )

    def show_about(self) -> AboutDialog:
        engine, licence = self.about_text()
        dialog = AboutDialog(engine=engine, licence=licence, thresholds=self.thresholds_text(), parent=self)
        dialog.setModal(True)
        dialog.show()
        self.about_dialog = dialog
        return dialog

    def use_camera(self, device_id: str) -> None:
        """The camera picked on the no-camera page: saved in the settings and opened."""
        self.settings.camera_device = device_id
        if self.qsettings is not None:
            self.settings.save(self.qsettings)
        self._start_camera()

    def _busy(self, text: str) -> None:
        self.status_text.setText(text)
        self.progress.setVisible(bool(text))

    def _idle(self, text: str) -> None:
        self.status_text.setText(text)
        self.progress.setVisible(False)

    # -- engine --------------------------------------------------------------------------
    def _describe_mode(self) -> None:
        self.header.describe(self.settings.engine_mode, self.settings.server_url, self.engine)

    def _start_engine(self) -> None:
        self.session.backend_gone()
        self._render()
        if self.settings.engine_mode == "remote":
            self._describe_mode()
            self._busy(self.tr("Loading the face guidance…"))
            self.runner.start(load_guidance_models, done=self._guidance_loaded, failed=self._engine_failed)
            self._run(
                self.session.backend_ready(RemoteBackend(self.settings.server_url, self.settings.secret))
            )
            return
        self._describe_mode()
        if self.engine is not None:
            self._engine_loaded(self.engine)
            return
        self._busy(self.tr("Loading model pack “%1”…").replace("%1", self.settings.pack))
        # the fast detector first, so guidance (and the hold before auto-capture) runs while
        # the recogniser and landmark models load
        self.runner.start(load_guidance_models, done=self._guidance_ready)
        if use_engine_process():  # its model loading cannot stall this window (the GIL)
            self.runner.start(
                start_engine_process,
                self.settings.pack,
                done=self._engine_loaded,
                failed=self._engine_failed,
                progress=self._engine_progress,
            )
            return
        self.runner.start(
            load_engine,
            self.settings.pack,
            lambda: self.session.needs_warm_up,
            done=self._engine_loaded,
            failed=self._engine_failed,
            progress=self._engine_progress,
        )

    def _engine_progress(self, stage: str) -> None:
        texts = {
            "loading": self.tr("Loading model pack “%1”…").replace("%1", self.settings.pack),
            "warming": self.tr("Warming up the engine (first inference)…"),
        }
        self._busy(texts.get(stage, stage))

    def _guidance_ready(self, models: PreviewModels) -> None:
        if self.camera_panel.checker is None:
            self.camera_panel.set_checker(GuidanceChecker(models))
            self.card_panel.detect = card_face_finder(models)

    def _engine_loaded(self, engine: Any) -> None:
        self.engine = engine
        if self.settings.engine_mode != "local":  # switched to remote while it loaded
            return
        if engine.preview_models is not None:  # an engine in this process shares its detector
            self._guidance_ready(engine.preview_models())
        self._describe_mode()
        log.info("engine ready: pack %s", getattr(getattr(engine, "pack", None), "name", "?"))
        self._idle(self.tr("Ready."))
        job = self.session.backend_ready(LocalBackend(engine))
        self.ready.emit()
        self._run(job)

    def _guidance_loaded(self, models: PreviewModels) -> None:
        self._guidance_ready(models)
        self._idle(self.tr("Ready (remote)."))
        self.ready.emit()
        self.compare()

    def _engine_failed(self, exc: Exception) -> None:
        log.error("engine not loaded: %s: %s", type(exc).__name__, exc)
        self._idle(self.tr("The engine could not be loaded."))
        self.session.engine_failed(str(exc))
        self._render()

    def _start_camera(self) -> None:
        self.camera_panel.open(self.camera_file, self.settings.camera_device)
        self._render()

    # -- flow: the session decides, the window shows -------------------------------------
    def _card_ready(self, data: bytes) -> None:
        self._run(self.session.card_loaded(data))

    def _card_failed(self, text: str) -> None:
        failure = self.session.card_refused(text)
        log.warning("ID card refused: %s", failure.code)
        self._render()
        self.result_shown.emit(failure)

    def _face_captured(self, data: bytes) -> None:
        self._run(self.session.face_captured(data))

    def compare(self) -> None:
        """Compare the loaded card with the captured face, off the GUI thread."""
        self._run(self.session.start_compare())

    def _run(self, job: CompareJob | None) -> None:
        self._render()
        if job is not None:
            self._busy(self.tr("Comparing the faces…"))
            self.runner.start(
                job.run, done=lambda v: self._compared(job, v), failed=lambda e: self._compare_failed(job, e)
            )

    def _render(self) -> None:
        """Show what the session says: which buttons work, and the result panel."""
        self.header.compare_button.setEnabled(self.session.can_compare)
        self.case_bar.set_enabled(self.session.can_record)
        self.case_bar.show_result(self.session.result)
        self.result_panel.show_session(self.session, camera=self.camera_panel.has_camera)

    def _compared(self, job: CompareJob, view: CompareView) -> None:
        shown = self.session.compare_finished(job, view)
        if not isinstance(shown, CompareView):  # the inputs changed meanwhile
            self._run(shown)
            return
        self._render()
        self.card_panel.show_face(view.card)
        self.camera_panel.show_face(view.face)
        self._toggle_landmarks(self.landmarks.isChecked())
        log.info(
            "compared (%s, pack %s): %s, similarity %.4f, %.0f ms",
            view.mode,
            view.pack,
            view.decision,
            view.similarity,
            view.elapsed_ms,
        )
        self._idle(self.tr("Compared in %1 s.").replace("%1", f"{view.elapsed_ms / 1000:.2f}"))
        self.case_bar.focus_next_field()
        self.result_shown.emit(view)
        self._open_store_soon()

    def _compare_failed(self, job: CompareJob, exc: Exception) -> None:
        failure = self.session.compare_failed(job, exc)
        if not isinstance(failure, CompareFailed):  # the inputs changed meanwhile
            self._run(failure)
            return
        self._render()
        log.warning("comparison failed: %s", failure.code)
        self._idle(self.tr("The comparison failed: %1").replace("%1", failure.code))
        self.result_shown.emit(failure)

    def _toggle_landmarks(self, show: bool) -> None:
        self.card_panel.view.set_show_landmarks(show)
        self.camera_panel.view.set_show_landmarks(show)

    # -- the case ------------------------------------------------------------------------
    @property
    def store(self) -> CaseStore:
        """The case store, opened on first use (``store_factory``) when it was not given."""
        if self._store is None:
            if self._store_factory is None:
                raise RuntimeError("the window has no case store")
            self._store = self._store_factory()
        return self._store

    def _open_store_soon(self) -> None:
        """Open the store on a worker while the operator reads the first result."""
        if self._store is None and self._store_factory is not None:
            factory, self._store_factory = self._store_factory, None
            self.runner.start(lambda _r: factory(), done=self._store_opened, failed=self._store_failed)

    def _store_opened(self, store: Any) -> None:
        if self._store is None:
            self._store = store
        else:
            store.close()

    def _store_failed(self, exc: Exception) -> None:
        log.error("case store cannot open: %s", type(exc).__name__)
        self.case_bar.message.setText(self.tr("The case could not be saved: %1").replace("%1", str(exc)))

    def close_store(self) -> None:
        self.runner.wait(10000)
        if self._store is not None:
            self._store.close()
            self._store = None

    def _signed_in(self, user: User) -> None:
        """The lock was lifted; another operator starts with a clean screen."""
        if self.user is None or user.username != self.user.username:
            log.info("operator changed at the lock screen")
            self.new_customer()
        self.user = user
        self.header.show_user(user.username)

    def _record(self, outcome: str, customer_ref: str, note: str) -> None:
        if self.user is None or (self.inactivity is not None and self.inactivity.is_locked):
            self.case_bar.message.setText(self.tr("Sign in to record a case."))
            return
        record = self.session.case_record(
            outcome,
            customer_ref,
            note,
            workstation=self.settings.workstation,
            operator=self.user.username,
            consent=self.case_bar.consented,
        )
        if record is None:
            return
        # the store keeps them encrypted under retention, and for a flagged case until reviewed
        images = self.session.retained_images()
        try:
            self.store.add(record, images=images)
        except Exception as exc:  # a full disk or a locked database must not lose the work silently
            log.error("case not recorded: %s", type(exc).__name__)
            QMessageBox.critical(
                self,
                self.tr("Not recorded"),
                self.tr("The case could not be saved: %1").replace("%1", str(exc)),
            )
            return
        self.session.case_recorded(record)
        log.info("case %s recorded: %s, engine %s", record.case_id, outcome, record.decision)
        self.case_bar.show_recorded(
            self.tr("Recorded: %1 (case %2)")
            .replace("%1", button.text() if (button := self.case_bar.buttons.get(outcome)) else outcome)
            .replace("%2", record.case_id[:8])
        )
        self.case_recorded.emit(record)

    def new_customer(self) -> None:
        self.session.new_customer()
        self.card_panel.clear()
        self.camera_panel.retake()
        self.case_bar.reset()
        self._render()
        self._idle(self.tr("Ready for the next customer."))

    # -- settings ------------------------------------------------------------------------
    def thresholds_text(self) -> str:
        if self.settings.engine_mode == "remote":
            if self.session.result is not None:
                t = self.session.result.thresholds
                return (
                    self.tr("set by the server: review %1, match %2")
                    .replace("%1", f"{t.review:.4f}")
                    .replace("%2", f"{t.match:.4f}")
                )
            return self.tr("set by the server (shown after the first comparison)")
        if self.engine is None:
            return self.tr("the engine is still loading")
        t = self.engine.thresholds
        return (
            self.tr("review %1, match %2 — %3")
            .replace("%1", f"{t.review:.4f}")
            .replace("%2", f"{t.match:.4f}")
            .replace("%3", str(self.engine.thresholds_source))
        )

    def open_settings(self) -> None:
        from app.engine.packs import builtin_manifests

        dialog = SettingsDialog(
            self.settings,
            packs=sorted(builtin_manifests()),
            cameras=camera_devices(),
            thresholds=self.thresholds_text(),
            parent=self,
        )
        if dialog.exec():
            self.apply_settings(dialog.result_settings())

    def apply_settings(self, new: WorkstationSettings) -> None:
        old, self.settings = self.settings, new
        if self.qsettings is not None and not new.save(self.qsettings):
            self._idle(self.tr("No OS keyring: the server secret is kept until the workstation closes."))
        self.camera_panel.auto.setChecked(new.auto_capture)
        self.card_panel.watch(new.watch_folder)
        change = self.session.settings_changed(old, new, camera_file=self.camera_file is not None)
        if change.restart_camera:
            self._start_camera()
        if change.reload_engine:
            self._close_engine()
        if change.restart_engine:
            self._start_engine()

    def _close_engine(self) -> None:
        """Forget the engine; one in a child process is stopped."""
        engine, self.engine = self.engine, None
        if isinstance(engine, EngineProcess):
            engine.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.inactivity is not None:
            self.inactivity.stop()
        self._sign_out()
        self.camera_panel.stop()
        self.runner.wait(10000)
        if isinstance(self.session.backend, RemoteBackend):
            self.session.backend.close()
        if isinstance(self.engine, EngineProcess):
            self._close_engine()
        super().closeEvent(event)

    def _sign_out(self) -> None:
        """The operator leaves (the window closes): a ``user.signed_out`` row ends their shift in
        the log, as ``user.signed_in`` began it (not when the screen is locked: nobody is in)."""
        user, self.user = self.user, None
        if user is None or (self.inactivity is not None and self.inactivity.is_locked):
            return
        try:
            self.store.audit_event(
                user.username, "user.signed_out", {"workstation": self.settings.workstation}
            )
        except Exception as exc:  # closing must not hang on a log it cannot write
            log.error("sign-out not audited: %s", type(exc).__name__)


def sign_in_title() -> str:
    """The title of the workstation's sign-in (at start and on the lock screen)."""
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate("MainWindow", "Workstation sign-in")
