"""``CardPanel``: the ID scan on the left (open file, drag and drop, or a watched scanner folder)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QFileSystemWatcher, QTimer, Signal
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QFileDialog, QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.gui.common.backends import FaceView
from app.gui.common.image_view import ImageView
from app.gui.common.images import bgr_to_qimage
from app.gui.common.messages import error_text
from app.gui.common.workers import Runner
from app.gui.workstation.card_bounds import Rect, card_bounds, contains

CARD_SUFFIXES = {".jpg", ".jpeg", ".png", ".pdf", ".tif", ".tiff"}
Box = tuple[float, float, float, float]


def read_card(
    report: Callable[[str], None], data: bytes, detect: Callable[[Any], Box | None] | None
) -> tuple[Any, Box | None, Rect | None]:
    """Decode a card scan with the engine's hostile-input loader, find its face and where the
    card lies on the scan (pool thread). The card's bounds are dropped when the face is outside."""
    from app.engine.imageio import load_image

    loaded = load_image(data, None, label="cardImage")
    box = detect(loaded.pixels) if detect is not None else None
    bounds = card_bounds(loaded.pixels)
    if bounds is not None and box is not None and not contains(bounds, box):
        bounds = None
    return loaded.pixels, box, bounds


class CardPanel(QFrame):
    """Shows the card; emits ``card_ready(bytes)`` when a readable scan is loaded."""

    card_ready = Signal(bytes)
    card_failed = Signal(str)

    def __init__(self, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        self.runner = runner
        self.detect: Callable[[Any], Box | None] | None = None
        self.data: bytes | None = None
        self.source_name = ""
        self.setAcceptDrops(True)

        title = QLabel(self.tr("ID card"))
        title.setObjectName("panelTitle")
        self.status = QLabel(self.tr("Open a scan, drop a file here, or watch the scanner folder."))
        self.status.setObjectName("muted")
        self.status.setWordWrap(True)
        self.view = ImageView(self.tr("No ID card yet\n\nCtrl+O to open a scan, or drop a file here"))
        self.view.setAccessibleName(self.tr("ID card image"))
        self.open_button = QPushButton(self.tr("Open scan…"))
        self.open_button.setShortcut(QKeySequence.StandardKey.Open)
        self.open_button.setToolTip(self.tr("Open an ID scan (Ctrl+O): JPEG, PNG, TIFF or a one-page PDF"))
        self.open_button.setAccessibleName(self.tr("Open ID scan"))
        self.open_button.clicked.connect(self.choose_file)

        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 12)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)

        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(self._folder_changed)
        self._seen: set[str] = set()
        self._debounce = QTimer(self, singleShot=True, interval=400)
        self._debounce.timeout.connect(self._load_newest)
        self._watched: Path | None = None

    # -- sources -------------------------------------------------------------------------
    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open ID scan"), "", self.tr("ID scans (*.jpg *.jpeg *.png *.pdf *.tif *.tiff)")
        )
        if path:
            self.load_path(Path(path))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        urls = [u for u in event.mimeData().urls() if u.isLocalFile()]
        if urls:
            self.load_path(Path(urls[0].toLocalFile()))
            event.acceptProposedAction()

    def watch(self, folder: str) -> None:
        """Load each new file the scanner drops into ``folder`` (empty = stop watching)."""
        if self._watched is not None:
            self._watcher.removePath(str(self._watched))
            self._watched = None
        if folder and Path(folder).is_dir():
            self._watched = Path(folder)
            self._seen = {p.name for p in self._watched.iterdir()}
            self._watcher.addPath(folder)

    def _folder_changed(self, _path: str) -> None:
        self._debounce.start()  # the scanner may still be writing

    def _load_newest(self) -> None:
        if self._watched is None:
            return
        fresh = [
            p
            for p in self._watched.iterdir()
            if p.name not in self._seen and p.suffix.lower() in CARD_SUFFIXES and p.is_file()
        ]
        self._seen |= {p.name for p in fresh}
        if fresh:
            self.load_path(max(fresh, key=lambda p: p.stat().st_mtime))

    # -- loading -------------------------------------------------------------------------
    def load_path(self, path: Path) -> None:
        try:
            data = path.read_bytes()
        except OSError:
            self._fail(self.tr("The file cannot be read."))
            return
        self.load_bytes(data, path.name)

    def load_bytes(self, data: bytes, name: str = "") -> None:
        self.source_name = name
        self.status.setText(self.tr("Reading %1…").replace("%1", name))
        started = time.perf_counter()
        self.runner.start(
            read_card,
            data,
            self.detect,
            done=lambda r: self._loaded(data, r, started),
            failed=self._failed,
        )

    def _loaded(self, data: bytes, result: tuple[Any, Box | None, Rect | None], started: float) -> None:
        pixels, box, bounds = result
        self.data = data
        self.view.set_image(bgr_to_qimage(pixels), bounds)
        self.view.set_overlay(box=box)
        self.view.set_banner("")
        if box is None and self.detect is not None:
            self.status.setText(
                self.tr("%1 loaded, but no face was found on it.").replace("%1", self.source_name)
            )
        else:
            self.status.setText(self.tr("%1 loaded.").replace("%1", self.source_name))
        self.card_ready.emit(data)

    def _failed(self, exc: Exception) -> None:
        code = str(getattr(exc, "code", "IMAGE_DECODE_FAILED"))
        self._fail(error_text(code))

    def _fail(self, text: str) -> None:
        self.data = None
        self.view.set_image(None)
        self.view.set_overlay()
        self.view.placeholder = "⚠\n\n" + text
        self.view.placeholder_color = QColor("#ffb4ab")
        self.status.setText(self.tr("%1 was refused.").replace("%1", self.source_name or self.tr("The file")))
        self.view.update()
        self.card_failed.emit(text)

    def show_face(self, face: FaceView | None) -> None:
        """After a comparison: the chosen face's outline and landmarks."""
        self.view.set_overlay(face=face)

    def clear(self) -> None:
        self.data = None
        self.source_name = ""
        self.view.set_image(None)
        self.view.set_overlay()
        self.view.placeholder = self.tr("No ID card yet\n\nCtrl+O to open a scan, or drop a file here")
        self.view.placeholder_color = QColor("#c9d3de")
        self.status.setText(self.tr("Open a scan, drop a file here, or watch the scanner folder."))
