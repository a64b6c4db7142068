"""Typed results of the face engine (no I/O, no serialisation here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
from numpy.typing import NDArray

from app.engine.crops import encode_png

FloatArray = NDArray[np.float32]
Image = NDArray[np.uint8]


class Decision(StrEnum):
    """Outcome of a comparison against the pack's calibrated thresholds."""

    MATCH = "MATCH"
    REVIEW = "REVIEW"
    NO_MATCH = "NO_MATCH"


@dataclass(frozen=True, slots=True)
class Detection:
    """One detector hit in original-image pixels.

    ``kps5`` holds left eye, right eye (as seen in the image), nose tip, left and right
    mouth corner, as a 5×2 array.
    """

    box: tuple[float, float, float, float]  # x1, y1, x2, y2
    score: float
    kps5: FloatArray

    @property
    def area(self) -> float:
        x1, y1, x2, y2 = self.box
        return max(0.0, x2 - x1) * max(0.0, y2 - y1)


@dataclass(frozen=True, slots=True)
class Pose:
    """Head pose in degrees with the spec's signs and the dominant-axis label."""

    pitch: float
    roll: float
    yaw: float
    label: str


@dataclass(frozen=True, slots=True)
class Quality:
    """Capture quality: inter-ocular distance in pixels, sharpness and brightness in 0..1."""

    face_size_px: float
    sharpness: float
    brightness: float


@dataclass(frozen=True, slots=True)
class Landmark:
    type: str
    x: float
    y: float


@dataclass(slots=True)
class Face:
    """Everything the engine knows about one face."""

    detection: Detection
    polygon: list[tuple[float, float]]  # roll-rotated box, clockwise from top-left
    landmarks: list[Landmark]
    aligned: Image  # 112×112 BGR crop the recogniser saw
    pose: Pose
    mask_probability: float
    is_wearing_mask: bool
    quality: Quality
    embedding: FloatArray  # L2-normalised
    source: str = ""

    @property
    def box(self) -> tuple[float, float, float, float]:
        return self.detection.box

    @property
    def aligned_png(self) -> bytes:
        """The aligned crop as lossless PNG bytes (:func:`app.engine.crops.encode_png`)."""
        return encode_png(self.aligned)


@dataclass(slots=True)
class Analysis:
    """The faces of one image, largest confident face first."""

    width: int
    height: int
    format: str
    faces: list[Face] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Decision thresholds on the calibrated similarity (:mod:`app.engine.scoremap`).

    ``similarity >= match`` is MATCH, ``review <= similarity < match`` is REVIEW,
    anything lower is NO_MATCH.
    """

    match: float
    review: float

    def decide(self, similarity: float) -> Decision:
        if similarity >= self.match:
            return Decision.MATCH
        if similarity >= self.review:
            return Decision.REVIEW
        return Decision.NO_MATCH


@dataclass(slots=True)
class Comparison:
    """Result of comparing the card's face with the live face.

    ``similarity`` is calibrated (the pack's raw cosine through its score mapping; the decision
    and thresholds are on that scale); ``raw_similarity`` is the clipped cosine it came from and
    ``score_scale`` the id of the mapping (:attr:`~app.engine.scoremap.ScoreMapping.scale_id`).
    """

    card: Face
    face: Face
    similarity: float
    decision: Decision
    thresholds: Thresholds
    pack: str
    elapsed_ms: float
    card_faces: int = 1
    face_faces: int = 1
    raw_similarity: float | None = None
    score_scale: str | None = None
