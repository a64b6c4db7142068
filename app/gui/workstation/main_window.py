"""``MainWindow``: the verify screen (ID card left, camera right, result and case bar below)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import cv2
import numpy as np
from PySide6.QtCore import QSettings, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.gui.common.backends import CompareFailed, CompareView, FaceView, LocalBackend, RemoteBackend
from app.gui.common.camera import camera_devices, open_source
from app.gui.common.engine_loader import card_face_finder, checker_for, load_engine, load_guidance_models
from app.gui.common.messages import error_text
from app.gui.common.resources import icon
from app.gui.common.settings import WorkstationSettings
from app.gui.common.workers import Runner
from app.gui.workstation.camera_panel import CameraPanel
from app.gui.workstation.card_panel import CardPanel
from app.gui.workstation.case_bar import CaseBar
from app.gui.workstation.result_panel import ResultPanel
from app.gui.workstation.settings_dialog import SettingsDialog

if TYPE_CHECKING:
    from app.cases import CaseStore
    from app.cases.models import FaceGeometry

log = logging.getLogger(__name__)


def _compare(_report: object, backend: Any, card: bytes, face: bytes) -> CompareView:
    return backend.compare(card, face)


class MainWindow(QMainWindow):
    """The workstation window. ``engine`` may be given (tests); otherwise it loads in the background."""

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
    ) -> None:
        super().__init__()
        self.settings = settings
        self.qsettings = qsettings
        self._store = store
        self._store_factory = store_factory
        self.camera_file = camera_file
        self.engine = engine
        self.backend: LocalBackend | RemoteBackend | None = None
        self.runner = Runner(threads=2, parent=self)
        self.card: bytes | None = None
        self.face: bytes | None = None
        self.result: CompareView | None = None
        self.comparing = False
        self.card_error: str | None = None  # why the last card was refused, until a new one loads
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
        root.addWidget(self._header())
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
        self.card_panel.card_ready.connect(self._card_ready)
        self.card_panel.card_failed.connect(self._card_failed)
        self.camera_panel.captured.connect(self._face_captured)
        self.case_bar.decided.connect(self._record)
        self.card_panel.watch(settings.watch_folder)
        self._start_camera()
        self._start_engine()

    # -- layout --------------------------------------------------------------------------
    def _header(self) -> QFrame:
        header = QFrame()
        header.setObjectName("header")
        title = QLabel(self.tr("Face Compare Workstation"))
        title.setObjectName("title")
        title.setStyleSheet("color:#ffffff;")
        self.mode_label = QLabel("")
        self.mode_label.setObjectName("subtitle")
        self.new_button = QPushButton(self.tr("New customer"))
        self.new_button.setObjectName("headerButton")
        self.new_button.setToolTip(self.tr("Clear everything for the next customer (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_customer)
        self.compare_button = QPushButton(self.tr("Compare"))
        self.compare_button.setObjectName("headerButton")
        self.compare_button.setToolTip(self.tr("Compare the ID photo with the captured face (Ctrl+Enter)"))
        self.compare_button.clicked.connect(self.compare)
        self.compare_button.setEnabled(False)
        self.settings_button = QPushButton(self.tr("Settings"))
        self.settings_button.setObjectName("headerButton")
        self.settings_button.setToolTip(self.tr("Engine, camera, language and operator (Ctrl+,)"))
        self.settings_button.clicked.connect(self.open_settings)
        for b in (self.new_button, self.compare_button, self.settings_button):
            b.setAccessibleName(b.text())
        layout = QHBoxLayout(header)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.addWidget(title)
        layout.addSpacing(16)
        layout.addWidget(self.mode_label, 1)
        layout.addWidget(self.compare_button)
        layout.addWidget(self.new_button)
        layout.addWidget(self.settings_button)
        return header

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

    def _busy(self, text: str) -> None:
        self.status_text.setText(text)
        self.progress.setVisible(bool(text))

    def _idle(self, text: str) -> None:
        self.status_text.setText(text)
        self.progress.setVisible(False)

    # -- engine --------------------------------------------------------------------------
    def _describe_mode(self) -> None:
        s = self.settings
        if s.engine_mode == "remote":
            self.mode_label.setText(self.tr("Remote server %1").replace("%1", s.server_url))
        elif self.engine is not None:
            lic = self.engine.pack.licence
            self.mode_label.setText(
                self.tr("Local engine · model pack %1 · licence: %2")
                .replace("%1", self.engine.pack.name)
                .replace("%2", lic.grant)
            )
        else:
            self.mode_label.setText(self.tr("Local engine · loading…"))

    def _start_engine(self) -> None:
        self.backend = None
        self._update_compare()
        if self.settings.engine_mode == "remote":
            self.backend = RemoteBackend(self.settings.server_url, self.settings.secret)
            self._describe_mode()
            self._busy(self.tr("Loading the face guidance…"))
            self.runner.start(load_guidance_models, done=self._guidance_loaded, failed=self._engine_failed)
            return
        self._describe_mode()
        if self.engine is not None:
            self._engine_loaded(self.engine)
            return
        self._busy(self.tr("Loading model pack “%1”…").replace("%1", self.settings.pack))
        # the fast detector first, so guidance (and the hold before auto-capture) runs while
        # the recogniser and landmark models load
        self.runner.start(load_guidance_models, done=self._guidance_ready)
        self.runner.start(
            load_engine,
            self.settings.pack,
            lambda: self.card is None or self.face is None,  # nothing to compare yet: warm up
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

    def _guidance_ready(self, models: Any) -> None:
        if self.camera_panel.checker is None:
            self.camera_panel.set_checker(checker_for(models))
            self.card_panel.detect = card_face_finder(models)

    def _engine_loaded(self, engine: Any) -> None:
        self.engine = engine
        if self.settings.engine_mode != "local":  # switched to remote while it loaded
            return
        self.backend = LocalBackend(engine)
        if self.camera_panel.checker is None:
            self.camera_panel.set_checker(checker_for(engine))
            self.card_panel.detect = card_face_finder(engine)
        self._describe_mode()
        self._idle(self.tr("Ready."))
        self._update_compare()
        self.ready.emit()
        self.compare()

    def _guidance_loaded(self, models: Any) -> None:
        self._guidance_ready(models)
        self._idle(self.tr("Ready (remote)."))
        self._update_compare()
        self.ready.emit()
        self.compare()

    def _engine_failed(self, exc: Exception) -> None:
        self._idle(self.tr("The engine could not be loaded."))
        self.result_panel.show_error(self.tr("ENGINE ERROR"), str(exc))

    def _start_camera(self) -> None:
        try:
            source = open_source(self.camera_file, self.settings.camera_device, parent=self)
        except ImportError as exc:  # QtMultimedia without its system libraries (libpulse0 on Debian)
            log.error("QtMultimedia unavailable: %s", exc)
            self.camera_panel.view.placeholder = self.tr("No camera\n\n%1").replace(
                "%1", f"QtMultimedia cannot load ({exc}); install libpulse0"
            )
            self.camera_panel.set_source(None)
            return
        except (ValueError, RuntimeError, OSError) as exc:
            self.camera_panel.view.placeholder = self.tr("No camera\n\n%1").replace("%1", str(exc))
            self.camera_panel.set_source(None)
            return
        self.camera_panel.set_source(source)

    # -- flow ----------------------------------------------------------------------------
    def _card_ready(self, data: bytes) -> None:
        self.card = data
        self.card_error = None
        self._invalidate()
        self.compare()

    def _card_failed(self, text: str) -> None:
        self.card = None
        self.card_error = text
        self._invalidate()
        self.result_shown.emit(CompareFailed("CARD", text))

    def _face_captured(self, data: bytes) -> None:
        self.face = data
        self._invalidate()
        self.compare()

    def _invalidate(self) -> None:
        self.result = None
        self.case_bar.set_enabled(False)
        self.result_panel.clear()
        if self.card_error:
            self.result_panel.show_error(self.tr("ID SCAN REFUSED"), self.card_error)
        self._update_compare()

    def _update_compare(self) -> None:
        self.compare_button.setEnabled(
            self.backend is not None
            and self.card is not None
            and self.face is not None
            and not self.comparing
        )

    def compare(self) -> None:
        """Compare the loaded card with the captured face, off the GUI thread."""
        if self.backend is None or self.card is None or self.face is None or self.comparing:
            return
        self.comparing = True
        self._update_compare()
        self.result_panel.show_busy(self.tr("Comparing…"))
        self._busy(self.tr("Comparing the faces…"))
        card, face = self.card, self.face
        self.runner.start(
            _compare,
            self.backend,
            card,
            face,
            done=lambda v: self._compared(v, card, face),
            failed=self._compare_failed,
        )

    def _compared(self, view: CompareView, card: bytes, face: bytes) -> None:
        self.comparing = False
        if card is not self.card or face is not self.face:  # inputs changed meanwhile
            self._update_compare()
            self.compare()
            return
        self.result = view
        self.result_panel.show_result(view)
        self.card_panel.show_face(view.card)
        self.camera_panel.show_face(view.face)
        self._toggle_landmarks(self.landmarks.isChecked())
        self.case_bar.set_enabled(True)
        self._idle(self.tr("Compared in %1 s.").replace("%1", f"{view.elapsed_ms / 1000:.2f}"))
        self._update_compare()
        self.result_shown.emit(view)
        self._open_store_soon()

    def _compare_failed(self, exc: Exception) -> None:
        self.comparing = False
        code = exc.code if isinstance(exc, CompareFailed) else "INTERNAL_ERROR"
        detail = exc.message if isinstance(exc, CompareFailed) else ""
        self.result_panel.show_error(
            self.tr("NOT COMPARED"), error_text(code) + (f"\n({detail})" if detail else "")
        )
        self._idle(self.tr("The comparison failed: %1").replace("%1", code))
        self._update_compare()
        self.result_shown.emit(exc if isinstance(exc, CompareFailed) else CompareFailed(code, str(exc)))

    def _toggle_landmarks(self, show: bool) -> None:
        self.card_panel.view.set_show_landmarks(show)
        self.camera_panel.view.set_show_landmarks(show)

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

    def _record(self, outcome: str, customer_ref: str, note: str) -> None:
        from app.cases import CaseRecord, Outcome, image_sha256

        view = self.result
        if view is None or self.card is None or self.face is None:
            return
        record = CaseRecord(
            workstation=self.settings.workstation,
            operator=self.settings.operator,
            customer_ref=customer_ref,
            outcome=Outcome(outcome),
            note=note,
            decision=view.decision,  # type: ignore[arg-type]
            similarity=max(0.0, min(1.0, view.similarity)),
            match_threshold=view.match_threshold,
            review_threshold=view.review_threshold,
            model_pack=view.pack,
            engine_mode=view.mode,  # type: ignore[arg-type]
            request_id=view.request_id,
            uid=view.uid,
            card_sha256=image_sha256(self.card),
            face_sha256=image_sha256(self.face),
            face_pose=view.face.pose,
            face_yaw=view.face.yaw,
            face_pitch=view.face.pitch,
            face_roll=view.face.roll,
            face_mask=view.face.is_wearing_mask,
            elapsed_ms=view.elapsed_ms,
            card_geometry=_geometry(view.card),
            face_geometry=_geometry(view.face),
        )
        images = None
        if getattr(self.store, "retention_days", 0) > 0:  # kept encrypted, purged after retention
            images = {
                "card": self.card,
                "face": self.face,
                "card_crop": _png(view.card.aligned),
                "face_crop": _png(view.face.aligned),
            }
        try:
            self.store.add(record, images=images)
        except (
            Exception
        ) as exc:  # a full disk or a locked database must not lose the operator's work silently
            log.error("case not recorded: %s", type(exc).__name__)
            QMessageBox.critical(
                self,
                self.tr("Not recorded"),
                self.tr("The case could not be saved: %1").replace("%1", str(exc)),
            )
            return
        self.case_bar.show_recorded(
            self.tr("Recorded: %1 (case %2)").replace("%1", outcome).replace("%2", record.case_id[:8])
        )
        self.case_recorded.emit(record)

    def new_customer(self) -> None:
        self.card = self.face = None
        self.card_error = None
        self.card_panel.clear()
        self.camera_panel.retake()
        self.case_bar.reset()
        self._invalidate()
        self._idle(self.tr("Ready for the next customer."))

    # -- settings ------------------------------------------------------------------------
    def thresholds_text(self) -> str:
        if self.settings.engine_mode == "remote":
            if self.result is not None:
                return (
                    self.tr("set by the server: review %1, match %2")
                    .replace("%1", f"{self.result.review_threshold:.4f}")
                    .replace("%2", f"{self.result.match_threshold:.4f}")
                )
            return self.tr("set by the server (shown after the first comparison)")
        if self.engine is None:
            return self.tr("the engine is still loading")
        t = self.engine.thresholds
        return f"review {t.review:.4f}, match {t.match:.4f} — {self.engine.thresholds_source}"

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
        if self.qsettings is not None:
            new.save(self.qsettings)
        self.camera_panel.auto.setChecked(new.auto_capture)
        self.card_panel.watch(new.watch_folder)
        if (new.camera_device != old.camera_device) and self.camera_file is None:
            self._start_camera()
        engine_changed = (new.engine_mode, new.server_url, new.secret) != (
            old.engine_mode,
            old.server_url,
            old.secret,
        )
        if new.engine_mode == "local" and new.pack != old.pack:
            self.engine = None
            engine_changed = True
        if engine_changed:
            self._start_engine()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.camera_panel.stop()
        self.runner.wait(10000)
        if isinstance(self.backend, RemoteBackend):
            self.backend.close()
        super().closeEvent(event)


def _geometry(face: FaceView) -> FaceGeometry:
    """The face's box and landmarks in its original image, for the reviewer's overlays."""
    from app.cases.models import FaceGeometry

    points = tuple((float(x), float(y)) for group in face.landmarks.values() for x, y in group)
    return FaceGeometry(box=tuple(float(v) for v in face.box), points=points)  # type: ignore[arg-type]


def _png(bgr: np.ndarray) -> bytes:
    ok, buf = cv2.imencode(".png", bgr)
    return buf.tobytes() if ok else b""
