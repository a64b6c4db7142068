"""The rules that send a case to the review queue, and the one that refuses a case outright.

They read a record through :class:`Flaggable` (what ``CaseRecord`` holds), so the record can
offer ``flag_reasons`` without this module importing it back.
"""

from __future__ import annotations

from typing import Protocol

# strong pose: any angle past this many degrees (the engine's "front" limit is 15)
POSE_LIMIT_DEG = 25.0
# poor quality: eyes closer than this many pixels, or sharpness / brightness outside these bounds
MIN_FACE_SIZE_PX = 40.0
MIN_SHARPNESS = 0.2  # idcard-dev genuine selfies: min 0.19, 10th percentile 0.23, median 0.37
BRIGHTNESS_RANGE = (0.2, 0.85)

REASONS = ("review_band", "mask", "strong_pose", "poor_quality", "override", "operator_flag", "liveness")


class Flaggable(Protocol):
    """The facts of a case the rules read (``CaseRecord`` has them all)."""

    @property
    def decision(self) -> str: ...
    @property
    def outcome(self) -> str: ...
    @property
    def overridden(self) -> bool: ...
    @property
    def note(self) -> str: ...
    @property
    def face_mask(self) -> bool | None: ...
    @property
    def face_yaw(self) -> float | None: ...
    @property
    def face_pitch(self) -> float | None: ...
    @property
    def face_roll(self) -> float | None: ...
    @property
    def face_size_px(self) -> float | None: ...
    @property
    def face_sharpness(self) -> float | None: ...
    @property
    def face_brightness(self) -> float | None: ...
    @property
    def challenge_passed(self) -> bool | None: ...


def flag_reasons(case: Flaggable) -> tuple[str, ...]:
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


def refusal(case: Flaggable) -> str | None:
    """Why the store must refuse ``case`` (None when it may be recorded): an override (accepting
    a NO_MATCH, rejecting a MATCH) without a written reason in its note."""
    if case.overridden and not case.note.strip():
        return (
            f"an override ({case.outcome} on the engine's {case.decision}) needs a written reason in the note"
        )
    return None


def _poor_quality(case: Flaggable) -> bool:
    lo, hi = BRIGHTNESS_RANGE
    return (
        (case.face_size_px is not None and case.face_size_px < MIN_FACE_SIZE_PX)
        or (case.face_sharpness is not None and case.face_sharpness < MIN_SHARPNESS)
        or (case.face_brightness is not None and not lo <= case.face_brightness <= hi)
    )
