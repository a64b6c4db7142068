"""Every answer the serializer writes is an instance of the contract's models, strict or not."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import BaseModel

from app.contract import (
    CompareMessage,
    CompareRequest,
    CompareResponse,
    ErrorCode,
    ErrorResponse,
    ImageInput,
    compare_message,
    compare_request,
    compare_response,
    dumps,
    envelope_of,
    error_envelope,
)
from app.engine.errors import FaceNotFoundError
from tests.contract.faces import comparison, face


def _undeclared(model: type[BaseModel], data: Any, where: str = "") -> list[str]:
    """Keys of ``data`` that ``model`` (recursively) does not declare: extra="allow" would keep them."""
    out = [f"{where}{k}" for k in data if k not in model.model_fields]
    for name, info in model.model_fields.items():
        value, inner = data.get(name), _model_in(info.annotation)
        if inner is not None and isinstance(value, dict):
            out += _undeclared(inner, value, f"{where}{name}.")
        elif inner is not None and isinstance(value, list):
            for item in value:
                out += _undeclared(inner, item, f"{where}{name}[].")
    return out


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _answers(strict: bool) -> list[tuple[type[BaseModel], bytes]]:
    found = FaceNotFoundError("No face was found in faceImage.", faces=[face("cardImage")])
    return [
        (CompareResponse, dumps(compare_response(comparison(), request_id="r-1", strict=strict))),
        (ErrorResponse, dumps(envelope_of(found, request_id="r-1", strict=strict))),
        (ErrorResponse, dumps(error_envelope(ErrorCode.UNAUTHORIZED, "no secret", strict=strict))),
        (ErrorResponse, dumps(envelope_of(FaceNotFoundError("none", faces=[]), strict=strict))),
    ]


@pytest.mark.parametrize("strict", [False, True], ids=["extended", "strict"])
def test_every_answer_validates_against_the_response_models(strict: bool) -> None:
    for model, raw in _answers(strict):
        data = json.loads(raw)
        parsed = model.model_validate(data)
        assert _undeclared(model, data) == []
        assert dumps(parsed) == raw  # and reading it back gives the same bytes


def test_a_real_comparison_validates_too(open_engine: Any) -> None:
    from tests.api.servers import pair

    card, selfie = pair()
    result = open_engine.compare(card.read_bytes(), selfie.read_bytes())
    for strict in (False, True):
        data = json.loads(dumps(compare_response(result, request_id="real", strict=strict)))
        CompareResponse.model_validate(data)
        assert _undeclared(CompareResponse, data) == []


def test_the_undeclared_field_check_can_fail() -> None:
    data = json.loads(dumps(compare_response(comparison(), request_id="r")))
    data["faces"][1]["attributes"]["maskOption"]["probabilty"] = 0.1
    assert _undeclared(CompareResponse, data) == ["faces[].attributes.maskOption.probabilty"]


def test_the_client_reads_clovas_own_example_without_our_fields() -> None:
    """CLOVA's example answer lacks message, similarityPercentage, boundingBox and maskOption."""
    clova = {
        "requestId": "request-001",
        "uid": "a1b2c3d4e5f6g7h8i9j0k1l2m3",
        "timestamp": 1700000000000,
        "result": "SUCCESS",
        "similarity": 0.40129185,
        "faces": [
            {
                "boundingPoly": {"vertices": [{"x": 366.07977, "y": 60.829987}] * 4},
                "confidence": 0.9997929,
                "landmark": [{"type": "CHIN", "position": [363.64542, 99.73236]}],
                "alignedImage": "",
                "attributes": {"eulerAngle": {"pitch": -5.4, "roll": 1.1, "yaw": -1.5, "pose": "front"}},
                "feature": [0.030027457, -0.045810863],
            }
        ],
    }
    answer = CompareResponse.model_validate(clova)
    assert answer.message == "Success" and answer.faces[0].boundingBox is None
    assert answer.faces[0].attributes.maskOption is None and answer.verification is None


def test_the_requests_the_client_builds_are_the_models_the_server_validates() -> None:
    card, live = ImageInput("card.jpg", "jpg", b"\xff\xd8\xff card"), ImageInput("me", "png", b"\x89PNG")
    body = CompareRequest.model_validate(compare_request("r-1", card, live).model_dump())
    assert body.cardImage.data == "/9j/IGNhcmQ=" and body.faceImage.name == "me"
    message = CompareMessage.model_validate(compare_message("r-1", card, live).model_dump())
    assert message.model_dump() == {
        "requestId": "r-1",
        "cardImage": {"name": "card.jpg", "format": "jpg"},
        "faceImage": {"name": "me", "format": "png"},
    }
    # built, not validated: a bad requestId is the server's to refuse
    assert compare_request("has space", card, live).requestId == "has space"
