"""The API JSON shape, produced without any model."""

from __future__ import annotations

import base64
import hashlib
import json
import re

import cv2
import numpy as np
import pytest

from app.contract import ErrorCode, compare_response, dumps, envelope_of, error_envelope, new_uid, to_wire
from app.engine.errors import FaceNotFoundError
from tests.contract.faces import FixedCrop, comparison, face, fixed_comparison

SPEC_TYPES = [
    "CHIN", "LEFT_EYEBROW", "RIGHT_EYEBROW", "BRIDGE_OF_NOSE", "NOSE", "LEFT_EYE",
    "RIGHT_EYE", "LIBS", "MOUTH", "LEFT_PUPIL", "RIGHT_PUPIL",
]  # fmt: skip


def test_uid_is_a_uuid7_in_32_hex_characters_and_time_ordered() -> None:
    uids = [new_uid() for _ in range(50)]
    assert all(re.fullmatch(r"[0-9a-f]{32}", u) for u in uids)
    assert all(u[12] == "7" for u in uids)  # version nibble
    assert all(u[16] in "89ab" for u in uids)  # RFC 9562 variant
    assert len(set(uids)) == 50
    assert [u[:12] for u in uids] == sorted(u[:12] for u in uids)


def test_compare_response_has_every_field_of_the_contract() -> None:
    model = compare_response(comparison(), request_id="request-001", uid="u" * 32, timestamp=1700000000000)
    body = to_wire(model)
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
    assert json.loads(dumps(model)) == body


def test_the_wire_bytes_keep_the_field_order_of_the_contract() -> None:
    body = json.loads(dumps(compare_response(comparison(), request_id="r", uid="u", timestamp=1)))
    assert list(body) == [
        "requestId", "uid", "timestamp", "result", "message", "similarity", "similarityPercentage",
        "faces", "verification",
    ]  # fmt: skip
    assert list(body["faces"][0]) == [
        "boundingPoly", "boundingBox", "confidence", "landmark", "alignedImage", "attributes", "feature",
        "source", "quality",
    ]  # fmt: skip
    err = json.loads(dumps(error_envelope(ErrorCode.FACE_NOT_FOUND, "m", request_id="r", faces=[face("x")])))
    assert list(err) == ["requestId", "uid", "timestamp", "result", "message", "errorCode", "faces"]


def test_strict_mode_removes_every_extension() -> None:
    body = to_wire(compare_response(comparison(), request_id="r", strict=True))
    assert "verification" not in body
    face_out = body["faces"][0]
    assert "source" not in face_out and "quality" not in face_out
    assert face_out["attributes"]["maskOption"] == {"isWearing": False}
    err = to_wire(error_envelope(ErrorCode.INVALID_REQUEST, "bad", request_id="r", strict=True))
    assert "errorCode" not in err and err["result"] == "ERROR"


def test_error_envelope_lists_the_faces_that_were_found() -> None:
    err = FaceNotFoundError("No face was found in cardImage.", faces=[face("faceImage")])
    body = to_wire(envelope_of(err, request_id="r1"))
    assert body["result"] == "ERROR" and body["errorCode"] == "FACE_NOT_FOUND"
    assert body["message"] == "No face was found in cardImage."
    assert [f["source"] for f in body["faces"]] == ["faceImage"]


def test_error_without_request_id_omits_it() -> None:
    body = to_wire(error_envelope(ErrorCode.UNAUTHORIZED, "missing X-EKYC-SECRET"))
    assert "requestId" not in body and body["errorCode"] == "UNAUTHORIZED"
    assert "faces" not in body


def test_dumps_is_compact_utf8_and_refuses_nan() -> None:
    assert dumps({"a": "한국", "b": [1, 2]}) == '{"a":"한국","b":[1,2]}'.encode()
    try:
        dumps({"x": float("nan")})
    except ValueError:
        pass
    else:  # pragma: no cover
        raise AssertionError("NaN must not reach the wire")


# sha256 of the bytes the dict serializer (app/engine/serialize.py, until the contract) wrote for
# the same inputs: the contract's models must not change a byte on the wire.
BEFORE_THE_CONTRACT = {
    ("compare", False): "a5747b2f4a27eb39837ef0f2ead4eee17ae12445caafba4e4c43cad2259f00fc",
    ("compare", True): "cb63d95b884e93eda88d68355c072ac6fa2285a27a978030a05c0da457f96bc4",
    ("error", False): "50e319fa75fbfbc402f31fccffe091da7713cc6c091500373ad7376b930f4651",
    ("error", True): "751e1ee1bc36d7a0843a329a9127f26f468efe23cc52d3a542576fbf98a97dab",
}


@pytest.mark.parametrize("strict", [False, True])
def test_bytes_are_those_of_the_dict_serializer_before_the_contract(strict: bool) -> None:
    ok = compare_response(
        fixed_comparison(), request_id="request-001", uid="u" * 32, timestamp=1700000000000, strict=strict
    )
    err = error_envelope(
        ErrorCode.FACE_TOO_SMALL,
        "The face in faceImage is too small.",
        request_id="r",
        uid="u" * 32,
        timestamp=1,
        faces=[FixedCrop(face("faceImage"))],  # type: ignore[list-item]
        strict=strict,
    )
    assert hashlib.sha256(dumps(ok)).hexdigest() == BEFORE_THE_CONTRACT["compare", strict]
    assert hashlib.sha256(dumps(err)).hexdigest() == BEFORE_THE_CONTRACT["error", strict]


def test_the_raw_score_is_an_extension_beside_the_calibrated_similarity() -> None:
    """``similarity`` is the calibrated score; ``rawSimilarity`` (the pack's cosine) and the
    mapping's id ride along as extensions and leave with them in strict mode."""
    c = comparison()
    c.raw_similarity, c.score_scale = 0.912345678, "0123456789abcdef"
    body = json.loads(dumps(compare_response(c, request_id="r", uid="u", timestamp=1)))
    assert body["similarity"] == 0.40129185 and body["similarityPercentage"] == 40.129185
    assert body["rawSimilarity"] == 0.91234568
    assert list(body)[5:8] == ["similarity", "similarityPercentage", "rawSimilarity"]
    assert body["verification"]["scoreScale"] == "0123456789abcdef"
    strict = to_wire(compare_response(c, request_id="r", strict=True))
    assert "rawSimilarity" not in strict and "verification" not in strict
