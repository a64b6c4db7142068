"""Frame sources for the live preview: a real camera (QtMultimedia) or a file played as one.

``--camera-file`` takes a video (played in a loop through QMediaPlayer, like a webcam) or a
folder of images (each shown for ``hold_s`` seconds at ``fps``), for demos and tests.
"""

from __future__ import annotations

import logging
from pathlib import Path

import cv2
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QImage

from app.gui.common.images import bgr_to_qimage, fit_frame

log = logging.getLogger(__name__)

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff"}


class FrameSource(QObject):
    """Emits ``frame(QImage)`` for every new frame; ``error(str)`` when it cannot run."""

    frame = Signal(QImage)
    error = Signal(str)
    description = ""

    def start(self) -> None:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError


class FolderCamera(FrameSource):
    """The images of a folder, sorted, each held for ``hold_s`` seconds, in a loop."""

    def __init__(
        self,
        folder: Path,
        *,
        fps: float = 30.0,
        hold_s: float = 3.0,
        size: tuple[int, int] = (640, 480),
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.files = sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
        if not self.files:
            raise ValueError(f"no images in {folder}")
        self.description = self.tr("file camera · %1 · %2 image(s)").replace("%1", folder.name)
        self.description = self.description.replace("%2", str(len(self.files)))
        self.size = size
        self.hold_frames = max(1, round(hold_s * fps))
        self._cache: dict[int, QImage] = {}
        self._tick = 0
        self._timer = QTimer(self)
        self._timer.setInterval(max(1, round(1000 / fps)))
        self._timer.timeout.connect(self._next)

    def _image(self, index: int) -> QImage:
        if index not in self._cache:
            bgr = cv2.imread(str(self.files[index]), cv2.IMREAD_COLOR)
            if bgr is None:
                raise ValueError(f"{self.files[index].name} is not a readable image")
            self._cache[index] = bgr_to_qimage(fit_frame(bgr, *self.size))
        return self._cache[index]

    def _next(self) -> None:
        index = (self._tick // self.hold_frames) % len(self.files)
        self._tick += 1
        self.frame.emit(self._image(index))

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()


class VideoCamera(FrameSource):
    """A video file played in a loop through QMediaPlayer into a QVideoSink."""

    def __init__(self, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtCore import QUrl
        from PySide6.QtMultimedia import QMediaPlayer, QVideoSink

        self.description = self.tr("file camera · %1").replace("%1", path.name)
        self._player = QMediaPlayer(self)
        self._sink = QVideoSink(self)
        self._player.setVideoSink(self._sink)
        self._player.setLoops(QMediaPlayer.Loops.Infinite)
        self._player.setSource(QUrl.fromLocalFile(str(path.resolve())))
        self._sink.videoFrameChanged.connect(self._on_frame)
        self._player.errorOccurred.connect(lambda _e, text: self.error.emit(text))

    def _on_frame(self, frame: object) -> None:
        image = frame.toImage()  # type: ignore[attr-defined]
        if not image.isNull():
            self.frame.emit(image)

    def start(self) -> None:
        self._player.play()

    def stop(self) -> None:
        self._player.stop()


class DeviceCamera(FrameSource):
    """A camera of this computer (``device_id`` from QMediaDevices; empty = the default)."""

    def __init__(self, device_id: str = "", parent: QObject | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtMultimedia import QCamera, QMediaCaptureSession, QMediaDevices, QVideoSink

        devices = QMediaDevices.videoInputs()
        chosen = next((d for d in devices if device_key(d) == device_id), None)
        if chosen is None:
            chosen = QMediaDevices.defaultVideoInput()
        if chosen.isNull():
            raise ValueError("no camera is connected")
        self.description = chosen.description()
        self._camera = QCamera(chosen, self)
        self._session = QMediaCaptureSession(self)
        self._sink = QVideoSink(self)
        self._session.setCamera(self._camera)
        self._session.setVideoSink(self._sink)
        self._sink.videoFrameChanged.connect(self._on_frame)
        self._camera.errorOccurred.connect(lambda _e, text: self.error.emit(text))

    def _on_frame(self, frame: object) -> None:
        image = frame.toImage()  # type: ignore[attr-defined]
        if not image.isNull():
            self.frame.emit(image)

    def start(self) -> None:
        self._camera.start()

    def stop(self) -> None:
        self._camera.stop()


def camera_devices() -> list[tuple[str, str]]:
    """(id, description) of every camera Qt can see (empty without one, or without QtMultimedia)."""
    try:
        from PySide6.QtMultimedia import QMediaDevices
    except ImportError:  # its system libraries are missing (libpulse0 on Debian)
        log.error("QtMultimedia unavailable: no camera can be listed")
        return []

    return [(device_key(d), d.description()) for d in QMediaDevices.videoInputs()]


def device_key(device: object) -> str:
    """A camera's id as stored in the settings (hex: ids are bytes, not always text)."""
    return bytes(device.id().data()).hex()  # type: ignore[attr-defined]


def open_source(camera_file: Path | None, device_id: str = "", parent: QObject | None = None) -> FrameSource:
    """The file camera when ``camera_file`` is given, else the chosen (or default) camera."""
    if camera_file is not None:
        if camera_file.is_dir():
            return FolderCamera(camera_file, parent=parent)
        if not camera_file.is_file():
            raise ValueError(f"{camera_file} is neither a video nor a folder of images")
        return VideoCamera(camera_file, parent=parent)
    return DeviceCamera(device_id, parent=parent)
