"""The camera-sized frames of ``benchmarks/liveness_frames.py``: where the face lands, and that
the kiosk would take them (its own context rule)."""

from __future__ import annotations

import numpy as np
import pytest

from app.gui.kiosk.flow import MIN_CONTEXT, liveness_context
from benchmarks import liveness_frames as frames


def test_the_benchmark_uses_the_kiosks_context_rule() -> None:
    assert frames.MIN_CONTEXT == MIN_CONTEXT


@pytest.mark.parametrize("size", frames.FRAME_SIZES)
@pytest.mark.parametrize("fill", frames.FILLS)
def test_the_face_is_centred_at_kiosk_size_and_its_4x_box_fits(size: tuple[int, int], fill: str) -> None:
    crop = np.full((240, 180, 3), 200, np.uint8)
    box = (20.0, 30.0, 160.0, 210.0)  # 140 x 180 face box in the crop
    frame = frames.make_frame(crop, box, size, fill)
    width, height = size
    assert frame.shape == (height, width, 3) and frame.dtype == np.uint8
    scale = frames.FACE_SHARE * height / 180
    centre_x, centre_y = width // 2, height // 2
    assert frame[centre_y, centre_x].tolist() == [200, 200, 200]  # the face is at the centre
    face_h = round(180 * scale)
    placed = (
        centre_x - round(70 * scale),
        centre_y - face_h // 2,
        centre_x + round(70 * scale),
        centre_y + face_h // 2,
    )
    assert liveness_context(width, height, placed) >= MIN_CONTEXT  # the kiosk would take the photo
    if fill == "black":
        assert frame[0, 0].tolist() == [0, 0, 0]
    with pytest.raises(ValueError):
        frames.make_frame(crop, box, size, "mirror")
