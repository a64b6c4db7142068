"""The file camera: a video made at test time plays through QtMultimedia like a webcam."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
from PySide6.QtGui import QImage

from app.gui.common.camera import FolderCamera, open_source
from app.gui.common.images import bgr_to_qimage, fit_frame, qimage_to_bgr
from tests.gui.conftest import MATCH, data_file


def make_video(path: Path, frames: int = 50, size: tuple[int, int] = (640, 480)) -> Path:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 25.0, size)
    for i in range(frames):
        img = np.full((size[1], size[0], 3), 60, np.uint8)
        cv2.circle(img, (40 + i * 10, 240), 30, (0, 200, 255), -1)
        writer.write(img)
    writer.release()
    return path


def test_video_file_plays_as_a_camera(qtbot: Any, tmp_path: Path) -> None:
    """A video given to --camera-file yields 640×480 frames through QMediaPlayer."""
    pytest.importorskip("PySide6.QtMultimedia", reason="QtMultimedia needs libpulse0 (apt)")
    source = open_source(make_video(tmp_path / "clip.avi"))
    frames: list[QImage] = []
    source.frame.connect(frames.append)
    source.start()
    try:
        qtbot.waitUntil(lambda: len(frames) >= 10, timeout=15000)
    finally:
        source.stop()
    assert frames[-1].width() == 640 and frames[-1].height() == 480


def test_folder_camera_holds_each_image_then_moves_on(qtbot: Any, tmp_path: Path) -> None:
    """A folder plays its images in order, each for hold_s seconds, scaled to fill 640×480."""
    for i, level in enumerate((40, 200)):
        cv2.imwrite(str(tmp_path / f"{i}.png"), np.full((250, 250, 3), level, np.uint8))
    (tmp_path / "notes.txt").write_text("ignored")
    cam = FolderCamera(tmp_path, fps=50, hold_s=0.1)
    seen: list[int] = []
    cam.frame.connect(lambda img: seen.append(int(qimage_to_bgr(img).mean())))
    cam.start()
    qtbot.waitUntil(lambda: len(seen) >= 12, timeout=5000)
    cam.stop()
    assert seen[0] == 40 and 200 in seen and seen.index(200) >= 4


def test_open_source_refuses_what_is_not_a_camera(tmp_path: Path) -> None:
    """A missing path or an empty folder is refused with a message, not a crash later."""
    with pytest.raises(ValueError, match="neither"):
        open_source(tmp_path / "missing.mp4")
    with pytest.raises(ValueError, match="no images"):
        open_source(tmp_path)


def test_image_conversions_round_trip() -> None:
    """BGR → QImage → BGR is lossless, and fit_frame fills the frame like a webcam."""
    img = cv2.imread(str(data_file(MATCH[1])))
    assert np.array_equal(qimage_to_bgr(bgr_to_qimage(img)), img)
    assert fit_frame(img[:, :300]).shape == (480, 640, 3)
