"""The rules that send a case to the review queue."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.cases.models import CaseRecord

# strong pose: any angle past this many degrees (the engine's "front" limit is 15)
POSE_LIMIT_DEG = 25.0
# poor quality: eyes closer than this many pixels, or sharpness / brightness outside these bounds
MIN_FACE_SIZE_PX = 40.0
MIN_SHARPNESS = 0.2  # idcard-dev genuine selfies: min 0.19, 10th percentile 0.23, median 0.37
BRIGHTNESS_RANGE = (0.2, 0.85)

REASONS = ("review_band", "mask", "strong_pose", "poor_quality", "override", "operator_flag", "liveness")


def flag_reasons(case: CaseRecord) -> tuple[str, ...]:
    """Every rule ``case`` trips, in the order of ``REASONS``."""
    out: list[str] = []
    if case.decision == "REVIEW":
        out.append("review_band")
    if case.face_mask:
        out.append("mask")
    angles = [a for a in (case.face_yaw, case.face_pitch, case.face_roll) if a is not None]
    if any(abs(a) > POSE_LIMIT_DEG for a in angles):
        out.append("strong_pose")
    if _poor_quality(case):
        out.append("poor_quality")
    if case.overridden:
        out.append("override")
    if case.outcome == "FLAGGED":
        out.append("operator_flag")
    if case.challenge_passed is False:
        out.append("liveness")
    return tuple(out)


def _poor_quality(case: CaseRecord) -> bool:
    lo, hi = BRIGHTNESS_RANGE
    return (
        (case.face_size_px is not None and case.face_size_px < MIN_FACE_SIZE_PX)
        or (case.face_sharpness is not None and case.face_sharpness < MIN_SHARPNESS)
        or (case.face_brightness is not None and not lo <= case.face_brightness <= hi)
    )
