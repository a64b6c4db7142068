"""The case record: what was compared, what the engine said and what the operator decided."""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from app.cases import flags


class Outcome(StrEnum):
    """The operator's decision on a comparison."""

    ACCEPTED = "ACCEPTED"
    REJECTED = "REJECTED"
    FLAGGED = "FLAGGED"  # sent to a reviewer


def image_sha256(data: bytes) -> str:
    """The hex sha256 of an image's bytes: cases hold this, never the image."""
    return hashlib.sha256(data).hexdigest()


def _new_id() -> str:
    return uuid.uuid4().hex


def _now() -> datetime:
    return datetime.now(UTC)


class FaceGeometry(BaseModel):
    """Where the engine found a face in its original image (pixels): the overlays, never the image."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    box: tuple[float, float, float, float]  # x1, y1, x2, y2
    points: tuple[tuple[float, float], ...] = ()  # landmarks


class CaseRecord(BaseModel):
    """One recorded case. Immutable once made; images appear only as sha256 digests."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    case_id: str = Field(default_factory=_new_id, pattern=r"^[0-9a-f]{32}$")
    created_at: datetime = Field(default_factory=_now)
    workstation: str = Field(default="", max_length=200)
    operator: str = Field(default="", max_length=200)
    customer_ref: str = Field(min_length=1, max_length=200)
    outcome: Outcome
    note: str = Field(default="", max_length=4000)
    # what the engine said
    decision: Literal["MATCH", "REVIEW", "NO_MATCH"]
    #: the score people read (calibrated since revision 0007; the raw cosine on older cases)
    similarity: float = Field(ge=0.0, le=1.0)
    match_threshold: float
    review_threshold: float
    model_pack: str
    engine_mode: Literal["local", "remote"]
    request_id: str | None = None
    uid: str | None = None
    card_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    face_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    face_pose: str = ""
    face_yaw: float | None = None
    face_pitch: float | None = None
    face_roll: float | None = None
    face_mask: bool | None = None
    elapsed_ms: float | None = None
    # capture quality of the live photo (None when the engine did not report it)
    face_size_px: float | None = None
    face_sharpness: float | None = Field(default=None, ge=0.0, le=1.0)
    face_brightness: float | None = Field(default=None, ge=0.0, le=1.0)
    # face box and landmarks on both originals, to draw the operator's overlays on retained images
    card_geometry: FaceGeometry | None = None
    face_geometry: FaceGeometry | None = None
    # presentation-attack checks (the kiosk): the passive score and the head-turn challenge
    liveness_score: float | None = None
    challenge_passed: bool | None = None
    # the customer agreed to the biometric check (the operator confirmed it, or the kiosk's consent
    # screen); None on cases recorded before consent was asked
    consent: bool | None = None
    # the pack's raw score before calibration and the id of the mapping that made ``similarity``
    # from it (``app.engine.scoremap``); None on cases recorded before revision 0007, whose
    # ``similarity`` and thresholds are the raw cosine
    raw_similarity: float | None = Field(default=None, ge=0.0, le=1.0)
    score_scale: str | None = Field(default=None, max_length=64)

    @field_validator("customer_ref", "operator", "workstation", mode="before")
    @classmethod
    def _stripped(cls, value: object) -> object:
        return value.strip() if isinstance(value, str) else value

    @field_validator("created_at")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        if value.tzinfo is None:
            raise ValueError("created_at must carry a time zone")
        return value.astimezone(UTC)

    @property
    def flag_reasons(self) -> tuple[str, ...]:
        """Why a person must look at this case (empty when no rule fires); see ``app.cases.flags``."""
        return flags.flag_reasons(self)

    @property
    def overridden(self) -> bool:
        """True when the operator went against the engine (accepted a NO_MATCH, rejected a MATCH)."""
        return (self.outcome is Outcome.ACCEPTED and self.decision == "NO_MATCH") or (
            self.outcome is Outcome.REJECTED and self.decision == "MATCH"
        )

    @property
    def liveness_text(self) -> str:
        """ "score 0.92, challenge passed" (the parts recorded), or "" when liveness was not checked."""
        parts = []
        if self.liveness_score is not None:
            parts.append(f"score {self.liveness_score:.2f}")
        if self.challenge_passed is not None:
            parts.append("challenge passed" if self.challenge_passed else "challenge FAILED")
        return ", ".join(parts)


class Role(StrEnum):
    """What a user may do: operators record, reviewers decide flagged cases, admins both and users."""

    OPERATOR = "operator"
    REVIEWER = "reviewer"
    ADMIN = "admin"


class Verdict(StrEnum):
    """A reviewer's decision on a flagged case."""

    APPROVED = "APPROVED"
    REJECTED = "REJECTED"


class User(BaseModel):
    """A person who signs in; the password hash never leaves the store."""

    model_config = ConfigDict(frozen=True)

    username: str
    role: Role
    active: bool = True


class Review(BaseModel):
    """A reviewer's verdict on a flagged case, with the mandatory reason."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    case_id: str
    reviewer: str
    verdict: Verdict
    reason: str = Field(min_length=1, max_length=4000)
    reviewed_at: datetime = Field(default_factory=_now)

    @field_validator("reason", mode="before")
    @classmethod
    def _reason(cls, value: object) -> object:
        return value.strip() if isinstance(value, str) else value
