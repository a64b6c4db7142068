"""Engine settings from the environment (``FACECOMPARE_*``)."""

from __future__ import annotations

from typing import Literal

from pydantic_settings import BaseSettings, SettingsConfigDict

from app.engine.packs.kinds import LIVENESS_PACK

# Used only when a pack's manifest carries no calibrated thresholds (ArcFace literature values).
DEFAULT_THRESHOLDS = {"match": 0.30, "review": 0.22}


class EngineSettings(BaseSettings):
    """Tunable engine behaviour; every field may be set as ``FACECOMPARE_<NAME>``."""

    model_config = SettingsConfigDict(env_prefix="FACECOMPARE_", extra="ignore")

    model_pack: str = "auto"
    #: the liveness pack ``Engine.load_liveness`` uses: the embedded ``minifasnet``, or the name
    #: of a custom pack (a ``pack.json`` of kind ``liveness``) that replaces it
    liveness_pack: str = LIVENESS_PACK
    max_pixels: int = 40_000_000
    #: pose limit in degrees past which the pose label is not ``front``
    pose_limit: float = 15.0
    #: minimum inter-ocular distance (pixels) of a usable face
    min_interocular_px: float = 12.0
    #: detector score threshold; None = the detector's own default (YuNet 0.6, SCRFD 0.5)
    detector_score: float | None = None
    #: images are shrunk to this longest side for detection only (the 68 landmarks and the
    #: chips are taken from the full-resolution image; 640 measured in docs/engine.md)
    detector_max_side: int = 640
    #: faces analysed fully per image by ``analyze`` (most prominent first)
    max_faces: int = 10
    #: threshold overrides on the calibrated scale (else the pack's calibration: 0.80 / 0.70)
    match_threshold: float | None = None
    review_threshold: float | None = None
    #: least mask probability for the ID card's face to count as masked (``is_wearing_mask`` of
    #: the ``cardImage`` face only; never looser than the mask classifier's own threshold, which
    #: the live photo, ``analyze`` and camera guidance keep). ID photos are bare-faced by rule,
    #: so the card side is stricter: 0.62 is the lowest that brings idcard-dev cards to at most
    #: 1% false "mask" (chosen on those cards: ``docs/engine.md``, "Masks"). None = the
    #: classifier's threshold on the card too.
    mask_card_threshold: float | None = 0.62
    #: dlib's ResNet (``open`` pack): "onnx" = the converted, checked ONNX graph (dlib when the
    #: conversion or its check fails), "dlib" = dlib itself
    dlib_backend: Literal["onnx", "dlib"] = "onnx"
    #: onnxruntime intra-op threads per session
    threads: int | None = None
