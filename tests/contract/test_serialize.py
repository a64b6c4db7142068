"""The API JSON shape, produced without any model."""

from __future__ import annotations

import base64
import json
import re

import cv2
import numpy as np

from app.engine.errors import ErrorCode, FaceNotFoundError
from app.engine.landmarks import landmark_groups
from app.engine.serialize import compare_json, dumps, engine_error_json, error_json, new_uid
from app.engine.types import Comparison, Decision, Detection, Face, Pose, Quality, Thresholds

SPEC_TYPES = [
    "CHIN", "LEFT_EYEBROW", "RIGHT_EYEBROW", "BRIDGE_OF_NOSE", "NOSE", "LEFT_EYE",
    "RIGHT_EYE", "LIBS", "MOUTH", "LEFT_PUPIL", "RIGHT_PUPIL",
]  # fmt: skip


def _face(source: str) -> Face:
    pts = np.stack([np.linspace(10, 80, 68), np.linspace(20, 90, 68)], axis=1).astype(np.float32)
    emb = np.ones(128, dtype=np.float32) / np.sqrt(128)
    return Face(
        detection=Detection((10.0, 20.0, 90.0, 120.0), 0.93, np.zeros((5, 2), np.float32)),
        polygon=[(10.0, 20.0), (90.0, 20.0), (90.0, 120.0), (10.0, 120.0)],
        landmarks=landmark_groups(pts),
        aligned=np.full((112, 112, 3), 127, np.uint8),
        pose=Pose(1.5, -2.0, 3.0, "front"),
        mask_probability=0.1,
        is_wearing_mask=False,
        quality=Quality(40.0, 0.7, 0.5),
        embedding=emb,
        source=source,
    )


def _comparison() -> Comparison:
    return Comparison(
        card=_face("cardImage"),
        face=_face("faceImage"),
        similarity=0.40129185,
        decision=Decision.REVIEW,
        thresholds=Thresholds(match=0.5, review=0.4),
        pack="open",
        elapsed_ms=212.4,
    )


def test_uid_is_a_uuid7_in_32_hex_characters_and_time_ordered() -> None:
    uids = [new_uid() for _ in range(50)]
    assert all(re.fullmatch(r"[0-9a-f]{32}", u) for u in uids)
    assert all(u[12] == "7" for u in uids)  # version nibble
    assert all(u[16] in "89ab" for u in uids)  # RFC 9562 variant
    assert len(set(uids)) == 50
    assert [u[:12] for u in uids] == sorted(u[:12] for u in uids)


def test_compare_json_has_every_field_of_the_contract() -> None:
    body = compare_json(_comparison(), request_id="request-001", uid="u" * 32, timestamp=1700000000000)
    assert body["requestId"] == "request-001"
    assert body["result"] == "SUCCESS" and body["message"] == "Success"
    assert body["similarity"] == 0.40129185
    assert body["similarityPercentage"] == 40.129185
    assert body["verification"]["decision"] == "REVIEW"
    assert body["verification"]["reviewBand"] == [0.4, 0.5]
    card, live = body["faces"]
    assert card["source"] == "cardImage" and live["source"] == "faceImage"
    assert len(card["boundingPoly"]["vertices"]) == 4 and len(card["boundingBox"]) == 4
    assert [lm["type"] for lm in card["landmark"]][:1] == ["CHIN"]
    assert sorted({lm["type"] for lm in card["landmark"]}) == sorted(SPEC_TYPES)
    assert all(len(lm["position"]) == 2 for lm in card["landmark"])
    png = base64.b64decode(card["alignedImage"])
    assert cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_COLOR).shape == (112, 112, 3)
    assert card["attributes"]["eulerAngle"] == {"pitch": 1.5, "roll": -2.0, "yaw": 3.0, "pose": "front"}
    assert card["attributes"]["maskOption"]["isWearing"] is False
    assert len(card["feature"]) == 128
    assert set(card["quality"]) == {"faceSizePx", "sharpness", "brightness"}
    json.loads(dumps(body))


def test_strict_mode_removes_every_extension() -> None:
    body = compare_json(_comparison(), request_id="r", strict=True)
    assert "verification" not in body
    face = body["faces"][0]
    assert "source" not in face and "quality" not in face
    assert face["attributes"]["maskOption"] == {"isWearing": False}
    err = error_json(ErrorCode.INVALID_REQUEST, "bad", request_id="r", strict=True)
    assert "errorCode" not in err and err["result"] == "ERROR"


def test_error_envelope_lists_the_faces_that_were_found() -> None:
    err = FaceNotFoundError("No face was found in cardImage.", faces=[_face("faceImage")])
    body = engine_error_json(err, request_id="r1")
    assert body["result"] == "ERROR" and body["errorCode"] == "FACE_NOT_FOUND"
    assert body["message"] == "No face was found in cardImage."
    assert [f["source"] for f in body["faces"]] == ["faceImage"]
    assert err.http_status == 200


def test_error_without_request_id_omits_it() -> None:
    body = error_json(ErrorCode.UNAUTHORIZED, "missing X-EKYC-SECRET")
    assert "requestId" not in body and body["errorCode"] == "UNAUTHORIZED"


def test_dumps_is_compact_utf8_and_refuses_nan() -> None:
    assert dumps({"a": "한국", "b": [1, 2]}) == '{"a":"한국","b":[1,2]}'.encode()
    try:
        dumps({"x": float("nan")})
    except ValueError:
        pass
    else:  # pragma: no cover
        raise AssertionError("NaN must not reach the wire")
