"""What a case takes from an engine comparison, in one place (duck-typed: no engine import).

The CLI's ``compare --record``, the kiosk and the reviewer's demo data all record an engine
``Comparison``; they differ only in who, where and what was decided.
"""

from __future__ import annotations

from typing import Any

from app.cases.models import FaceGeometry, image_sha256


def face_geometry(face: Any) -> FaceGeometry:
    """The box and landmarks of an engine ``Face`` in its original image's pixels."""
    x1, y1, x2, y2 = (round(float(v), 1) for v in face.box)
    points = tuple((round(float(p.x), 1), round(float(p.y), 1)) for p in face.landmarks)
    return FaceGeometry(box=(x1, y1, x2, y2), points=points)


def comparison_fields(result: Any, card: bytes, face: bytes) -> dict[str, Any]:
    """``CaseRecord`` fields of an engine ``Comparison`` of ``card`` and ``face`` bytes:
    decision, similarity, thresholds, pack, image digests, the live face's pose, mask and
    quality, the time taken and both faces' geometry."""
    f = result.face
    return {
        "decision": str(getattr(result.decision, "value", result.decision)),
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
        "face_mask": bool(f.is_wearing_mask),
        "elapsed_ms": result.elapsed_ms,
        "face_size_px": f.quality.face_size_px,
        "face_sharpness": f.quality.sharpness,
        "face_brightness": f.quality.brightness,
        "card_geometry": face_geometry(result.card),
        "face_geometry": face_geometry(result.face),
    }
