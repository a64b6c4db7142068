"""What a case takes from a comparison, in one place (duck-typed: no engine import).

The CLI's ``compare --record``, the workstation, the kiosk and the reviewer's demo data all
record a comparison; they differ only in who, where and what was decided. The engine's
``Comparison`` has the shape below; so must any other result recorded as a case (the
workstation's view of a remote comparison, say): :class:`RecordedComparison` is exactly what
:func:`comparison_fields` reads, :class:`CroppedComparison` what :func:`retained_images` reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from app.cases.models import FaceGeometry, image_sha256


class RecordedPoint(Protocol):
    """A landmark in its original image's pixels (the engine's ``Landmark``)."""

    @property
    def x(self) -> float: ...
    @property
    def y(self) -> float: ...


class RecordedPose(Protocol):
    """Head pose in degrees and its label, e.g. "front" (the engine's ``Pose``)."""

    @property
    def label(self) -> str: ...
    @property
    def yaw(self) -> float: ...
    @property
    def pitch(self) -> float: ...
    @property
    def roll(self) -> float: ...


class RecordedQuality(Protocol):
    """Capture quality: eye distance in pixels, sharpness and brightness in 0..1 (``Quality``)."""

    @property
    def face_size_px(self) -> float: ...
    @property
    def sharpness(self) -> float: ...
    @property
    def brightness(self) -> float: ...


class LocatedFace(Protocol):
    """Where a face is in its original image: box (x1, y1, x2, y2) and landmarks, in pixels."""

    @property
    def box(self) -> Sequence[float]: ...
    @property
    def landmarks(self) -> Sequence[RecordedPoint]: ...


class RecordedFace(LocatedFace, Protocol):
    """One compared face (the engine's ``Face``); ``quality`` None when it was not measured
    (a remote comparison: the API does not return it), ``is_wearing_mask`` None likewise."""

    @property
    def pose(self) -> RecordedPose: ...
    @property
    def is_wearing_mask(self) -> bool | None: ...
    @property
    def quality(self) -> RecordedQuality | None: ...


class RecordedThresholds(Protocol):
    """The decision thresholds the comparison used (the engine's ``Thresholds``)."""

    @property
    def match(self) -> float: ...
    @property
    def review(self) -> float: ...


class RecordedComparison(Protocol):
    """A comparison as a case records it (the engine's ``Comparison``).

    ``decision`` is "MATCH", "REVIEW" or "NO_MATCH" (a ``StrEnum`` such as the engine's
    ``Decision`` is a str); ``similarity`` is clipped to 0..1 when recorded. A result may also
    carry ``raw_similarity`` and ``score_scale`` (the engine's ``Comparison`` does; a remote
    answer's ``rawSimilarity``): they are recorded when present, read with ``getattr``.
    """

    @property
    def decision(self) -> str: ...
    @property
    def similarity(self) -> float: ...
    @property
    def thresholds(self) -> RecordedThresholds: ...
    @property
    def pack(self) -> str: ...
    @property
    def elapsed_ms(self) -> float | None: ...
    @property
    def card(self) -> RecordedFace: ...
    @property
    def face(self) -> RecordedFace: ...


class CroppedFace(Protocol):
    """A face with its aligned crop as PNG bytes (the engine's ``Face.aligned_png``)."""

    @property
    def aligned_png(self) -> bytes: ...


class CroppedComparison(Protocol):
    """The two faces of a comparison, each with its aligned crop."""

    @property
    def card(self) -> CroppedFace: ...
    @property
    def face(self) -> CroppedFace: ...


def face_geometry(face: LocatedFace) -> FaceGeometry:
    """The box and landmarks of a face in its original image's pixels (0.1 px)."""
    x1, y1, x2, y2 = (round(float(v), 1) for v in face.box)
    points = tuple((round(float(p.x), 1), round(float(p.y), 1)) for p in face.landmarks)
    return FaceGeometry(box=(x1, y1, x2, y2), points=points)


def comparison_fields(result: RecordedComparison, card: bytes, face: bytes) -> dict[str, Any]:
    """``CaseRecord`` fields of a comparison of ``card`` and ``face`` bytes: decision,
    similarity, thresholds, pack, image digests, the live face's pose, mask and quality, the
    time taken, both faces' geometry, and the raw score and its scale when the result has them.
    Who, where, the outcome, the engine mode and the request's ids are the caller's to add."""
    f = result.face
    q = f.quality
    raw = getattr(result, "raw_similarity", None)
    scale = getattr(result, "score_scale", None)
    return {
        "decision": str(result.decision),
        "similarity": max(0.0, min(1.0, float(result.similarity))),
        "match_threshold": result.thresholds.match,
        "review_threshold": result.thresholds.review,
        "model_pack": result.pack,
        "card_sha256": image_sha256(card),
        "face_sha256": image_sha256(face),
        "face_pose": f.pose.label,
        "face_yaw": f.pose.yaw,
        "face_pitch": f.pose.pitch,
        "face_roll": f.pose.roll,
        "face_mask": None if f.is_wearing_mask is None else bool(f.is_wearing_mask),
        "elapsed_ms": result.elapsed_ms,
        "face_size_px": None if q is None else q.face_size_px,
        "face_sharpness": None if q is None else q.sharpness,
        "face_brightness": None if q is None else q.brightness,
        "card_geometry": face_geometry(result.card),
        "face_geometry": face_geometry(result.face),
        "raw_similarity": None if raw is None else max(0.0, min(1.0, float(raw))),
        "score_scale": None if scale is None else str(scale),
    }


def retained_images(result: CroppedComparison, card: bytes, face: bytes) -> dict[str, bytes]:
    """What a case keeps under retention (``SqlCaseStore.add(images=...)``): both originals as
    given and both aligned crops as PNG, by kind ("card", "face", "card_crop", "face_crop")."""
    return {
        "card": card,
        "face": face,
        "card_crop": result.card.aligned_png,
        "face_crop": result.face.aligned_png,
    }
