"""The one serializer of the Face Compare API's JSON (CLI and server share it byte for byte).

It reads engine results by duck typing (``face.aligned_png``, ``face.pose.pitch``...) and
builds the response models of :mod:`app.contract.responses`, so the field names are written
once. Extensions become ``None`` in ``strict`` mode, and the wire form leaves out every
``None``: an absent ``requestId``, ``errorCode`` or ``faces`` is omitted, never ``null``.
"""

from __future__ import annotations

import base64
import json
import os
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypedDict, TypeVar

from pydantic import BaseModel

from app import __version__
from app.contract.codes import ErrorCode, Failure, code_of
from app.contract.responses import (
    Attributes,
    BoundingPoly,
    CompareResponse,
    ErrorResponse,
    EulerAngle,
    Face,
    Landmark,
    MaskOption,
    Quality,
    Verification,
    Vertex,
)

if TYPE_CHECKING:
    from app.engine import types as engine

ENGINE_NAME = f"facecompare/{__version__}"
SUCCESS_MESSAGE = "Success"
T = TypeVar("T")


def new_uid() -> str:
    """A UUIDv7 (RFC 9562) as 32 lowercase hex characters: time-ordered and unique."""
    ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= ((rand >> 62) & 0xFFF) << 64
    value |= 0b10 << 62
    value |= rand & ((1 << 62) - 1)
    return f"{value:032x}"


def now_ms() -> int:
    """Unix time in milliseconds."""
    return time.time_ns() // 1_000_000


class _Stamp(TypedDict):
    uid: str
    timestamp: int


def _stamp(uid: str | None, timestamp: int | None) -> _Stamp:
    """The answer's ``uid`` and ``timestamp``: the given ones, or new."""
    return {"uid": uid or new_uid(), "timestamp": timestamp if timestamp is not None else now_ms()}


def _ext(strict: bool, value: T) -> T | None:
    """An extension's value, or None (left out of the wire) in strict mode."""
    return None if strict else value


def _pt(x: float, y: float) -> Vertex:
    return Vertex(x=round(float(x), 3), y=round(float(y), 3))


def face_out(face: engine.Face, *, strict: bool = False) -> Face:
    """One element of ``faces``."""
    x1, y1, x2, y2 = face.box
    pose, quality = face.pose, face.quality
    probability = _ext(strict, round(face.mask_probability, 4))
    return Face(
        boundingPoly=BoundingPoly(vertices=[_pt(x, y) for x, y in face.polygon]),
        boundingBox=[_pt(x1, y1), _pt(x2, y1), _pt(x2, y2), _pt(x1, y2)],
        confidence=round(float(face.detection.score), 6),
        landmark=[Landmark(type=lm.type, position=[round(lm.x, 3), round(lm.y, 3)]) for lm in face.landmarks],
        alignedImage=base64.b64encode(face.aligned_png).decode("ascii"),
        attributes=Attributes(
            eulerAngle=EulerAngle(pitch=pose.pitch, roll=pose.roll, yaw=pose.yaw, pose=pose.label),
            maskOption=MaskOption(isWearing=bool(face.is_wearing_mask), probability=probability),
        ),
        feature=[round(float(v), 8) for v in face.embedding],
        source=_ext(strict, face.source),
        quality=_ext(
            strict,
            Quality(
                faceSizePx=quality.face_size_px, sharpness=quality.sharpness, brightness=quality.brightness
            ),
        ),
    )


def compare_response(
    result: engine.Comparison,
    *,
    request_id: str,
    uid: str | None = None,
    timestamp: int | None = None,
    strict: bool = False,
) -> CompareResponse:
    """The success response of ``/compare``."""
    sim = round(result.similarity, 8)
    raw = getattr(result, "raw_similarity", None)  # a pre-calibration result has none
    th = result.thresholds
    return CompareResponse(
        requestId=request_id,
        **_stamp(uid, timestamp),
        result="SUCCESS",
        message=SUCCESS_MESSAGE,
        similarity=sim,
        similarityPercentage=round(sim * 100.0, 6),
        rawSimilarity=_ext(strict, None if raw is None else round(float(raw), 8)),
        faces=[face_out(result.card, strict=strict), face_out(result.face, strict=strict)],
        verification=_ext(
            strict,
            Verification(
                decision=result.decision.value,
                threshold=th.match,
                reviewBand=[th.review, th.match],
                engine=ENGINE_NAME,
                modelPack=result.pack,
                elapsedMs=round(result.elapsed_ms),
                scoreScale=getattr(result, "score_scale", None),
            ),
        ),
    )


def error_envelope(
    code: ErrorCode,
    message: str,
    *,
    request_id: str | None = None,
    uid: str | None = None,
    timestamp: int | None = None,
    faces: list[engine.Face] | None = None,
    strict: bool = False,
) -> ErrorResponse:
    """The error envelope; ``faces`` is listed for FACE_NOT_FOUND / FACE_TOO_SMALL."""
    return ErrorResponse(
        requestId=request_id,
        **_stamp(uid, timestamp),
        result="ERROR",
        message=message,
        errorCode=_ext(strict, str(code)),
        faces=None if faces is None else [face_out(f, strict=strict) for f in faces],
    )


def envelope_of(err: Failure, **kwargs: Any) -> ErrorResponse:
    """:func:`error_envelope` for a failure, with the faces an engine error found, if any."""
    return error_envelope(code_of(err), err.message, faces=getattr(err, "faces", None), **kwargs)


def to_wire(model: BaseModel) -> dict[str, Any]:
    """A response model as the JSON object sent on the wire (``None`` fields left out)."""
    return model.model_dump(exclude_none=True)


def dumps(obj: BaseModel | Mapping[str, Any]) -> bytes:
    """Compact UTF-8 JSON, the exact bytes sent on the wire."""
    data = to_wire(obj) if isinstance(obj, BaseModel) else obj
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
