"""The benchmark's frames are kept as the kiosk keeps its photo (needs PySide6: the kiosk's
encoder lives beside its QImage conversions)."""

from __future__ import annotations

import inspect

import numpy as np

from app.engine.imageio import load_image
from app.gui.common.images import encode_jpeg
from benchmarks import liveness_frames as frames


def test_the_benchmark_encodes_frames_as_the_kiosk_does() -> None:  # PySide6 import above
    assert inspect.signature(encode_jpeg).parameters["quality"].default == frames.KIOSK_JPEG_QUALITY
    rng = np.random.default_rng(0)
    frame = rng.integers(0, 255, (48, 64, 3), dtype=np.uint8)
    expected = load_image(encode_jpeg(frame), "jpeg", label="face").pixels
    assert np.array_equal(frames.kiosk_photo(frame), expected)
