"""The one serializer of the Face Compare API's JSON (CLI and server share it byte for byte).

Field names and shapes follow CLOVA eKYC's Face Compare response; fields marked as
extensions in ``../shared/spec/face-compare-api.md`` are dropped when ``strict`` is true.
"""

from __future__ import annotations

import base64
import json
import os
import time
from typing import Any

import cv2

from app import __version__
from app.engine.errors import EngineError, ErrorCode
from app.engine.types import Comparison, Face, Image

ENGINE_NAME = f"facecompare/{__version__}"
SUCCESS_MESSAGE = "Success"


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


def png_base64(image: Image) -> str:
    """Base64 of a lossless PNG encoding of a BGR image."""
    ok, buf = cv2.imencode(".png", image, [cv2.IMWRITE_PNG_COMPRESSION, 3])
    if not ok:  # pragma: no cover - OpenCV fails only on empty input
        raise ValueError("PNG encoding failed")
    return base64.b64encode(buf.tobytes()).decode("ascii")


def _pt(x: float, y: float) -> dict[str, float]:
    return {"x": round(float(x), 3), "y": round(float(y), 3)}


def face_json(face: Face, *, strict: bool = False) -> dict[str, Any]:
    """One element of ``faces``."""
    x1, y1, x2, y2 = face.box
    out: dict[str, Any] = {
        "boundingPoly": {"vertices": [_pt(x, y) for x, y in face.polygon]},
        "boundingBox": [_pt(x1, y1), _pt(x2, y1), _pt(x2, y2), _pt(x1, y2)],
        "confidence": round(float(face.detection.score), 6),
        "landmark": [
            {"type": lm.type, "position": [round(lm.x, 3), round(lm.y, 3)]} for lm in face.landmarks
        ],
        "alignedImage": png_base64(face.aligned),
        "attributes": {
            "eulerAngle": {
                "pitch": face.pose.pitch,
                "roll": face.pose.roll,
                "yaw": face.pose.yaw,
                "pose": face.pose.label,
            },
            "maskOption": {"isWearing": bool(face.is_wearing_mask)},
        },
        "feature": [round(float(v), 8) for v in face.embedding],
    }
    if not strict:
        out["source"] = face.source
        out["quality"] = {
            "faceSizePx": face.quality.face_size_px,
            "sharpness": face.quality.sharpness,
            "brightness": face.quality.brightness,
        }
        out["attributes"]["maskOption"]["probability"] = round(face.mask_probability, 4)
    return out


def compare_json(
    result: Comparison,
    *,
    request_id: str | None,
    uid: str | None = None,
    timestamp: int | None = None,
    strict: bool = False,
) -> dict[str, Any]:
    """The success response of ``/compare``."""
    sim = round(result.similarity, 8)
    out: dict[str, Any] = {
        "requestId": request_id,
        "uid": uid or new_uid(),
        "timestamp": timestamp if timestamp is not None else now_ms(),
        "result": "SUCCESS",
        "message": SUCCESS_MESSAGE,
        "similarity": sim,
        "similarityPercentage": round(sim * 100.0, 6),
        "faces": [face_json(result.card, strict=strict), face_json(result.face, strict=strict)],
    }
    if not strict:
        out["verification"] = {
            "decision": result.decision.value,
            "threshold": result.thresholds.match,
            "reviewBand": [result.thresholds.review, result.thresholds.match],
            "engine": ENGINE_NAME,
            "modelPack": result.pack,
            "elapsedMs": round(result.elapsed_ms),
        }
    if request_id is None:
        del out["requestId"]
    return out


def error_json(
    code: ErrorCode | str,
    message: str,
    *,
    request_id: str | None = None,
    uid: str | None = None,
    timestamp: int | None = None,
    faces: list[Face] | None = None,
    strict: bool = False,
) -> dict[str, Any]:
    """The error envelope; ``faces`` is listed for FACE_NOT_FOUND / FACE_TOO_SMALL."""
    out: dict[str, Any] = {}
    if request_id is not None:
        out["requestId"] = request_id
    out |= {
        "uid": uid or new_uid(),
        "timestamp": timestamp if timestamp is not None else now_ms(),
        "result": "ERROR",
        "message": message,
    }
    if not strict:
        out["errorCode"] = str(code)
    if faces is not None:
        out["faces"] = [face_json(f, strict=strict) for f in faces]
    return out


def engine_error_json(err: EngineError, **kwargs: Any) -> dict[str, Any]:
    """:func:`error_json` for an engine error, carrying the faces it found, if any."""
    return error_json(err.code, err.message, faces=err.faces, **kwargs)


def dumps(obj: Any) -> bytes:
    """Compact UTF-8 JSON, the exact bytes sent on the wire."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
