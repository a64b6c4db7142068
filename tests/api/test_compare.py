"""``/compare`` as CLOVA's page shows it: JSON and multipart, three paths, the CLI's exact bytes."""

from __future__ import annotations

from typing import Any

import pytest

from app.contract import compare_response, dumps
from tests.api.servers import SECRETS, json_body, multipart, new_id, pair, post, running_server

pytestmark = [pytest.mark.models, pytest.mark.data]
PATHS = ["/compare", "/face/compare", "/ekyc/v1/my-domain/abc123signature/face/compare"]


@pytest.mark.parametrize("path", PATHS)
def test_json_request_like_the_clova_example_succeeds_on_every_path(base_url: str, path: str) -> None:
    card, selfie = pair()
    body = json_body(card.read_bytes(), selfie.read_bytes(), request_id=new_id())
    res = post(base_url, path=path, json=body, headers={"Content-Type": "application/json"})
    assert res.status_code == 200, res.text
    out = res.json()
    assert out["result"] == "SUCCESS" and out["message"] == "Success"
    assert out["requestId"] == body["requestId"]
    assert len(out["uid"]) == 32 and isinstance(out["timestamp"], int)
    assert out["similarityPercentage"] == pytest.approx(out["similarity"] * 100)
    assert [f["source"] for f in out["faces"]] == ["cardImage", "faceImage"]
    assert out["verification"]["decision"] in {"MATCH", "REVIEW", "NO_MATCH"}
    face = out["faces"][0]
    assert len(face["boundingPoly"]["vertices"]) == 4 and len(face["feature"]) == 128
    assert {lm["type"] for lm in face["landmark"]} >= {"CHIN", "LIBS", "MOUTH", "LEFT_PUPIL"}


def test_multipart_request_like_the_clova_example_gives_the_json_answer(base_url: str) -> None:
    card, selfie = pair()
    a, b = card.read_bytes(), selfie.read_bytes()
    by_json = post(base_url, json=json_body(a, b)).json()
    res = post(base_url, path=PATHS[2], **multipart(a, b, request_id="request-002"))
    assert res.status_code == 200, res.text
    out = res.json()
    assert out["requestId"] == "request-002"
    assert out["similarity"] == by_json["similarity"]
    assert out["faces"][1]["feature"] == by_json["faces"][1]["feature"]


def test_answer_is_the_cli_serializer_byte_for_byte(base_url: str, open_engine: Any) -> None:
    card, selfie = pair(same=0)
    a, b = card.read_bytes(), selfie.read_bytes()
    res = post(base_url, json=json_body(a, b, request_id="bytes-check-" + new_id()[2:12]))
    assert res.status_code == 200
    got = res.json()
    local = compare_response(
        open_engine.compare(a, b, "jpg", "jpg"),
        request_id=got["requestId"],
        uid=got["uid"],
        timestamp=got["timestamp"],
    )
    assert local.verification is not None
    local.verification.elapsedMs = got["verification"]["elapsedMs"]
    assert res.content == dumps(local)
    assert res.headers["content-type"] == "application/json"


def test_data_url_prefix_and_line_breaks_in_base64_are_tolerated(base_url: str) -> None:
    card, selfie = pair()
    body = json_body(card.read_bytes(), selfie.read_bytes())
    body["cardImage"]["data"] = "data:image/jpeg;base64," + body["cardImage"]["data"]
    data = body["faceImage"]["data"]
    body["faceImage"]["data"] = "\r\n".join(data[i : i + 76] for i in range(0, len(data), 76))
    body["faceImage"]["format"] = "JPEG"
    res = post(base_url, json=body)
    assert res.status_code == 200 and res.json()["result"] == "SUCCESS", res.text


@pytest.mark.parametrize("secret", SECRETS)
def test_every_configured_secret_is_accepted(base_url: str, secret: str) -> None:
    card, selfie = pair()
    res = post(base_url, secret=secret, json=json_body(card.read_bytes(), selfie.read_bytes()))
    assert res.status_code == 200


def test_face_not_found_is_200_with_the_faces_found(base_url: str) -> None:
    import cv2
    import numpy as np

    card, _ = pair()
    ok, blank = cv2.imencode(".png", np.full((240, 320, 3), 200, np.uint8))
    assert ok
    res = post(base_url, json=json_body(card.read_bytes(), blank.tobytes(), face_format="png"))
    assert res.status_code == 200
    out = res.json()
    assert out["result"] == "ERROR" and out["errorCode"] == "FACE_NOT_FOUND"
    assert "faceImage" in out["message"]
    assert [f["source"] for f in out["faces"]] == ["cardImage"]


def test_strict_compat_drops_every_extension(open_engine: Any, tmp_path: Any) -> None:
    card, selfie = pair()
    a, b = card.read_bytes(), selfie.read_bytes()
    with running_server(lambda: open_engine, tmp_path, api_compat="strict") as (base, _):
        ok = post(base, json=json_body(a, b)).json()
        bad = post(base, json=json_body(a, b, face_format="png"))
    assert "verification" not in ok
    assert all("source" not in f and "quality" not in f for f in ok["faces"])
    assert all("probability" not in f["attributes"]["maskOption"] for f in ok["faces"])
    assert bad.status_code == 400 and "errorCode" not in bad.json()
    assert set(bad.json()) == {"requestId", "uid", "timestamp", "result", "message"}


def test_replay_within_ttl_is_refused_even_after_a_failed_request(base_url: str) -> None:
    card, selfie = pair()
    rid = new_id()
    first = post(base_url, json=json_body(card.read_bytes(), b"not an image", request_id=rid))
    assert first.status_code == 400  # it passed authentication, so the id is used
    again = post(base_url, json=json_body(card.read_bytes(), selfie.read_bytes(), request_id=rid))
    assert again.status_code == 409
    assert again.json()["errorCode"] == "DUPLICATE_REQUEST_ID" and again.json()["requestId"] == rid


def test_unauthenticated_request_does_not_use_up_its_request_id(base_url: str) -> None:
    card, selfie = pair()
    body = json_body(card.read_bytes(), selfie.read_bytes())
    assert post(base_url, secret="wrong", json=body).status_code == 401
    assert post(base_url, json=body).status_code == 200


def test_error_message_names_the_field(base_url: str) -> None:
    card, selfie = pair()
    body = json_body(card.read_bytes(), selfie.read_bytes())
    del body["faceImage"]["name"]
    out = post(base_url, json=body).json()
    assert out["errorCode"] == "INVALID_REQUEST" and "faceImage.name" in out["message"]
    assert out["requestId"] == body["requestId"]
