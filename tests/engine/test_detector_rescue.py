"""The masked-face rescue of YuNet: masked faces YuNet scores low are still found, and images
without a face still show none."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from app.engine.detectors import YUNET_SCORE, YuNetDetector
from app.engine.imageio import load_path
from app.engine.preview import load_preview_models

REPO = Path(__file__).resolve().parents[2]
YUNET = REPO / "models" / "open" / "face_detection_yunet_2023mar.onnx"
MASKS_TRAIN = REPO.parent / "shared" / "data" / "masks-train"

#: The 17 masks-train images (all masked) in which YuNet found no face at score 0.6 with the
#: round-3 rule (as given, long side 320, 25% pad at 480).
LOST_BEFORE = [
    f"images/t_{n:04d}.jpg"
    for n in (36, 41, 58, 66, 98, 130, 138, 149, 226, 297, 328, 352, 366, 383, 389, 394, 467)
]

#: Those of them only the masked-face rescue finds (score 0.3-0.6 at some step).
RESCUED = [f"images/t_{n:04d}.jpg" for n in (36, 58, 98, 130, 138, 297, 352, 467)]


@pytest.fixture(scope="module")
def engine_detector() -> YuNetDetector:
    det = load_preview_models().detector  # the open pack's detector, as the engine builds it
    assert isinstance(det, YuNetDetector)
    return det


def _faceless() -> list[np.ndarray]:
    rng = np.random.default_rng(0)
    g = np.tile(np.linspace(0, 255, 640, dtype=np.uint8), (480, 1))
    return [
        np.full((600, 900, 3), 200, np.uint8),
        rng.integers(0, 256, (480, 640, 3), dtype=np.uint8),
        cv2.merge([g, g, g]),
        cv2.GaussianBlur(rng.integers(0, 256, (300, 300, 3), dtype=np.uint8), (0, 0), 3),
    ]


def test_images_without_a_face_stay_faceless(engine_detector: YuNetDetector) -> None:
    assert engine_detector.rescue_score is not None
    for img in _faceless():
        assert engine_detector.detect(img) == []
        assert engine_detector.rescue(img) == []


def test_rescue_changes_nothing_when_a_face_is_found(engine_detector: YuNetDetector) -> None:
    sample = load_path(REPO / "packaging" / "samples" / "selfie.jpg").pixels
    plain = YuNetDetector(YUNET, rescue_score=None)
    a, b = engine_detector.detect(sample), plain.detect(sample)
    assert a and len(a) == len(b)
    for x, y in zip(a, b, strict=True):
        assert x.score == y.score >= YUNET_SCORE
        assert np.allclose(x.kps5, y.kps5)


@pytest.mark.data
@pytest.mark.skipif(not (MASKS_TRAIN / "index.csv").is_file(), reason="../shared/data/masks-train missing")
def test_masked_faces_lost_before_are_found(engine_detector: YuNetDetector) -> None:
    images = [load_path(MASKS_TRAIN / f).pixels for f in LOST_BEFORE]
    before = YuNetDetector(YUNET, fallback=((0.0, 320), (0.25, 480)), rescue_score=None, small_fallback=())
    assert sum(bool(before.detect(img)) for img in images) == 0
    found = [f for f, img in zip(LOST_BEFORE, images, strict=True) if engine_detector.detect(img)]
    lost = sorted(set(LOST_BEFORE) - set(found))
    assert lost == ["images/t_0149.jpg"], f"masked faces still lost: {lost}"  # cut above the nose


@pytest.mark.data
@pytest.mark.skipif(not (MASKS_TRAIN / "index.csv").is_file(), reason="../shared/data/masks-train missing")
def test_engine_reports_rescued_masked_faces(open_engine) -> None:  # type: ignore[no-untyped-def]
    """A masked face the detector only finds through the rescue is still analysed and reported
    masked (a face not found cannot say it wears a mask)."""
    faces = [open_engine.analyze((MASKS_TRAIN / f).read_bytes(), label=f).faces for f in RESCUED]
    assert all(faces), [f for f, found in zip(RESCUED, faces, strict=True) if not found]
    masked = [f for f, found in zip(RESCUED, faces, strict=True) if found[0].is_wearing_mask]
    assert len(masked) >= len(RESCUED) - 2, f"reported masked: {masked}"


def test_the_small_crop_steps_run_on_small_images_only() -> None:
    """Long side 160 and 960 are for tight crops: a camera frame or a card scan without a face
    (an empty counter, every guidance frame) is not searched any longer for them."""
    det = YuNetDetector(YUNET)
    frame = np.zeros((480, 640, 3), np.uint8)
    assert (0.0, 960) not in det._steps(frame) and (0.0, 160) not in det._steps(frame)
    crop = np.zeros((64, 51, 3), np.uint8)
    assert det._steps(crop)[-2:] == [(0.0, 160), (0.0, 960)]
