"""The one case-record builder reads any result of the documented shape, not only the engine's."""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from app.cases import CaseRecord, Outcome, SqlCaseStore, image_sha256
from app.cases.from_engine import comparison_fields, retained_images


class Decision(StrEnum):
    MATCH = "MATCH"
    REVIEW = "REVIEW"


@dataclass(frozen=True)
class Point:
    x: float
    y: float


@dataclass(frozen=True)
class Pose:
    label: str
    yaw: float
    pitch: float
    roll: float


@dataclass(frozen=True)
class Quality:
    face_size_px: float
    sharpness: float
    brightness: float


@dataclass(frozen=True)
class Face:
    box: tuple[float, float, float, float]
    landmarks: list[Point]
    pose: Pose
    is_wearing_mask: bool | None
    quality: Quality | None
    aligned_png: bytes = b""


@dataclass(frozen=True)
class Thresholds:
    match: float
    review: float


@dataclass(frozen=True)
class Result:
    decision: str
    similarity: float
    thresholds: Thresholds
    pack: str
    elapsed_ms: float | None
    card: Face
    face: Face


def _face(quality: Quality | None = Quality(61.0, 0.42, 0.55), mask: bool | None = False) -> Face:
    return Face(
        box=(10.04, 20.06, 110.0, 130.0),
        landmarks=[Point(40.01, 60.0), Point(80.0, 60.04)],
        pose=Pose("front", yaw=3.5, pitch=-2.0, roll=1.0),
        is_wearing_mask=mask,
        quality=quality,
        aligned_png=b"\x89PNG crop",
    )


def _result(face: Face, decision: str = Decision.MATCH, similarity: float = 1.0000004) -> Result:
    return Result(decision, similarity, Thresholds(0.9261, 0.9072), "open", 412.5, _face(), face)


def _record(result: Result) -> CaseRecord:
    fields = comparison_fields(result, b"card bytes", b"face bytes")
    return CaseRecord(
        customer_ref="C-1", outcome=Outcome.ACCEPTED, engine_mode="local", consent=True, **fields
    )


def test_every_engine_fact_reaches_the_record() -> None:
    rec = _record(_result(_face()))
    assert rec.decision == "MATCH" and rec.similarity == 1.0  # a StrEnum decision; similarity clipped
    assert (rec.match_threshold, rec.review_threshold, rec.model_pack, rec.elapsed_ms) == (
        0.9261,
        0.9072,
        "open",
        412.5,
    )
    assert rec.card_sha256 == image_sha256(b"card bytes") and rec.face_sha256 == image_sha256(b"face bytes")
    assert (rec.face_pose, rec.face_yaw, rec.face_pitch, rec.face_roll, rec.face_mask) == (
        "front",
        3.5,
        -2.0,
        1.0,
        False,
    )
    assert (rec.face_size_px, rec.face_sharpness, rec.face_brightness) == (61.0, 0.42, 0.55)
    assert rec.face_geometry is not None and rec.face_geometry.box == (10.0, 20.1, 110.0, 130.0)
    assert rec.face_geometry.points == ((40.0, 60.0), (80.0, 60.0))
    assert rec.card_geometry == rec.face_geometry


def test_a_result_without_quality_or_mask_records_none() -> None:
    """A remote comparison reports no capture quality: the record says "not measured", and the
    quality rule cannot flag what was not measured."""
    rec = _record(_result(_face(quality=None, mask=None), decision="REVIEW", similarity=0.91))
    assert (rec.face_size_px, rec.face_sharpness, rec.face_brightness, rec.face_mask) == (
        None,
        None,
        None,
        None,
    )
    assert rec.decision == "REVIEW" and rec.flag_reasons == ("review_band",)


def test_poor_quality_is_flagged_from_the_recorded_fields() -> None:
    rec = _record(_result(_face(quality=Quality(22.0, 0.1, 0.5))))
    assert rec.flag_reasons == ("poor_quality",)


def test_retained_images_are_both_originals_and_both_crops(tmp_path: Path) -> None:
    result = _result(_face())
    images = retained_images(result, b"card bytes", b"face bytes")
    assert images == {
        "card": b"card bytes",
        "face": b"face bytes",
        "card_crop": b"\x89PNG crop",
        "face_crop": b"\x89PNG crop",
    }
    store = SqlCaseStore.at(tmp_path / "cases.sqlite3", retention_days=30, image_key=os.urandom(32))
    try:
        rec = store.add(_record(result), images=images)
        assert store.image_kinds(rec.case_id) == ["card", "card_crop", "face", "face_crop"]
    finally:
        store.close()


@dataclass(frozen=True)
class CalibratedResult(Result):
    raw_similarity: float | None = None
    score_scale: str | None = None


def test_the_raw_score_and_its_scale_reach_the_record_when_the_result_has_them() -> None:
    plain = _record(_result(_face(), similarity=0.85))
    assert (plain.raw_similarity, plain.score_scale) == (None, None)
    result = CalibratedResult(
        Decision.MATCH,
        0.85,
        Thresholds(0.8, 0.7),
        "open",
        412.5,
        _face(),
        _face(),
        0.9412,
        "0123456789abcdef",
    )
    rec = _record(result)
    assert (rec.similarity, rec.match_threshold, rec.raw_similarity, rec.score_scale) == (
        0.85,
        0.8,
        0.9412,
        "0123456789abcdef",
    )
