"""The guidance models: the engine's detector and mask classifier, alone or shared with an engine."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from app.engine.align import norm_crop
from app.engine.config import EngineSettings
from app.engine.detectors import YUNET_SCORE, YuNetDetector
from app.engine.engine import Engine
from app.engine.mask import MaskClassifier
from app.engine.preview import load_preview_models
from tests.conftest import DATA, need

pytestmark = pytest.mark.models
CARD = DATA / "idcard-dev" / "cards" / "c_000268.jpg"


def test_alone_they_are_what_the_engine_builds(open_engine: Engine) -> None:
    preview = load_preview_models()
    assert isinstance(preview.detector, YuNetDetector) and isinstance(preview.mask, MaskClassifier)
    assert preview.detector is not open_engine.detector
    assert preview.detector.score_threshold == YUNET_SCORE == open_engine.detector.score_threshold  # type: ignore[attr-defined]
    pixels = cv2.imread(str(need(CARD)))
    alone = preview.find_faces(pixels)
    assert alone and [(d.box, d.score) for d in alone] == [
        (d.box, d.score) for d in open_engine.find_faces(pixels)
    ]
    crop = preview.aligned_crop(pixels)
    assert crop is not None and np.array_equal(crop, norm_crop(pixels, alone[0].kps5, 112))
    assert preview.aligned_crop(np.full((240, 320, 3), 128, np.uint8)) is None


def test_the_engine_hands_out_its_own(open_engine: Engine) -> None:
    shared = open_engine.preview_models()
    assert shared.detector is open_engine.detector and shared.mask is open_engine.mask


def test_the_detector_settings_are_the_engines() -> None:
    strict = load_preview_models("open", EngineSettings(detector_score=0.95, detector_max_side=640))
    assert isinstance(strict.detector, YuNetDetector)
    assert strict.detector.score_threshold == 0.95 and strict.detector.max_side == 640
