"""Hostile input: every case answered with its own errorCode and HTTP status, never a 5xx."""

from __future__ import annotations

import base64
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import cv2
import httpx
import numpy as np
import pytest

from tests.api.servers import CARDS, SECRETS, b64, json_body, multipart, new_id, pair, post

pytestmark = [pytest.mark.models, pytest.mark.data]


def _card() -> bytes:
    return pair()[0].read_bytes()


def _selfie() -> bytes:
    return pair()[1].read_bytes()


def _bad(name: str) -> bytes:
    return (CARDS / "bad" / name).read_bytes()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(width: int = 60_000, height: int = 60_000) -> bytes:
    """A valid-looking PNG header claiming 3.6 gigapixels, with a tiny compressed stream."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1024)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", ihdr)
        + _png_chunk(b"IDAT", idat)
        + _png_chunk(b"IEND", b"")
    )


def jpeg_bomb() -> bytes:
    """A real JPEG whose frame header is patched to 65535×65535 pixels."""
    data = bytearray(_selfie())
    for marker in (b"\xff\xc0", b"\xff\xc2"):
        at = data.find(marker)
        if at >= 0:
            data[at + 5 : at + 9] = struct.pack(">HH", 65535, 65535)
            return bytes(data)
    raise AssertionError("no SOF marker")


def corrupt_png() -> bytes:
    ok, buf = cv2.imencode(".png", np.full((64, 64, 3), 90, np.uint8))
    assert ok
    data = bytearray(buf.tobytes())
    idat = data.find(b"IDAT")
    data[idat + 4 : idat + 40] = b"\x13" * 36
    return bytes(data)


def _with(body: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """``body`` with the dotted ``path`` set to ``value`` (``...`` deletes it)."""
    *parents, last = path.split(".")
    node = body
    for key in parents:
        node = node[key]
    if value is ...:
        del node[last]
    else:
        node[last] = value
    return body


def _json(**changes: Any) -> Callable[[], dict[str, Any]]:
    def build() -> dict[str, Any]:
        body = json_body(_card(), _selfie())
        for path, value in changes.items():
            _with(body, path.replace("__", "."), value)
        return {"json": body}

    return build


def _face(data: bytes, fmt: str = "jpg") -> Callable[[], dict[str, Any]]:
    return lambda: {"json": json_body(_card(), data, face_format=fmt)}


def _card_as(name: str, fmt: str) -> Callable[[], dict[str, Any]]:
    """A file of ``bad/`` as the card, declared as ``fmt``."""
    return lambda: {"json": json_body(_bad(name), _selfie(), card_format=fmt)}


def _raw(content: bytes, content_type: str | None) -> Callable[[], dict[str, Any]]:
    headers = {"Content-Type": content_type} if content_type is not None else {}
    return lambda: {"content": content, "headers": headers}


def _mp(mutate: Callable[[dict[str, Any]], None]) -> Callable[[], dict[str, Any]]:
    def build() -> dict[str, Any]:
        kwargs = multipart(_card(), _selfie())
        mutate(kwargs)
        return kwargs

    return build


def _raw_multipart(body: bytes, boundary: str = "XyZ") -> Callable[[], dict[str, Any]]:
    return _raw(body, f"multipart/form-data; boundary={boundary}")


MESSAGE = (
    b'{"requestId":"%s","cardImage":{"name":"c","format":"jpg"},"faceImage":{"name":"f","format":"jpg"}}'
)


def _mp_text(parts: list[tuple[str, bytes]], close: bool = True) -> bytes:
    out = b""
    for name, data in parts:
        out += b'--XyZ\r\nContent-Disposition: form-data; name="%s"; filename="x"\r\n\r\n%s\r\n' % (
            name.encode(),
            data,
        )
    return out + (b"--XyZ--\r\n" if close else b"")


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[], dict[str, Any]]
    status: int
    code: str
    secret: str | None = SECRETS[0]


CASES = [
    # image bytes
    Case(
        "truncated jpeg",
        _card_as("truncated.jpg", "jpg"),
        400,
        "IMAGE_DECODE_FAILED",
    ),
    Case(
        "text renamed .jpg",
        _card_as("not_an_image.jpg", "jpg"),
        400,
        "UNSUPPORTED_FORMAT",
    ),
    Case(
        "two-page pdf",
        _card_as("two_pages.pdf", "pdf"),
        400,
        "MULTIPAGE_NOT_SUPPORTED",
    ),
    Case(
        "two-page tiff",
        _card_as("two_pages.tif", "tiff"),
        400,
        "MULTIPAGE_NOT_SUPPORTED",
    ),
    Case("png pixel bomb 3.6 GP", _face(png_bomb(), "png"), 413, "PAYLOAD_TOO_LARGE"),
    Case(
        "jpeg header 65535x65535", lambda: {"json": json_body(_card(), jpeg_bomb())}, 413, "PAYLOAD_TOO_LARGE"
    ),
    Case("corrupt png stream", _face(corrupt_png(), "png"), 400, "IMAGE_DECODE_FAILED"),
    Case(
        "jpeg declared as png",
        _json(faceImage__format="png"),
        400,
        "UNSUPPORTED_FORMAT",
    ),
    Case(
        "pdf declared as jpg",
        _card_as("two_pages.pdf", "jpg"),
        400,
        "UNSUPPORTED_FORMAT",
    ),
    Case("wrong magic (GIF bytes)", _face(b"GIF89a" + b"\x00" * 64), 400, "UNSUPPORTED_FORMAT"),
    # format field
    Case("format gif", _json(faceImage__format="gif"), 400, "UNSUPPORTED_FORMAT"),
    Case("format empty", _json(cardImage__format=""), 400, "UNSUPPORTED_FORMAT"),
    Case("format is a number", _json(cardImage__format=1), 400, "INVALID_REQUEST"),
    # base64
    Case("base64 with bad characters", _json(cardImage__data="!!!!not*base64"), 400, "INVALID_BASE64"),
    Case("base64 with bad padding", _json(faceImage__data="abc"), 400, "INVALID_BASE64"),
    Case(
        "base64url alphabet",
        _json(faceImage__data=base64.urlsafe_b64encode(b"\xfb\xff\xfe" * 40).decode()),
        400,
        "INVALID_BASE64",
    ),
    Case("data URL without base64", _json(faceImage__data="data:image/jpeg,rawbytes"), 400, "INVALID_BASE64"),
    Case("non-ASCII in base64", _json(faceImage__data="ｶﾞｲｼﾞ"), 400, "INVALID_BASE64"),
    Case("data empty", _json(cardImage__data=""), 400, "INVALID_REQUEST"),
    Case("data is null", _json(cardImage__data=None), 400, "INVALID_REQUEST"),
    # shape
    Case("cardImage missing", _json(cardImage=...), 400, "INVALID_REQUEST"),
    Case("faceImage.name missing", _json(faceImage__name=...), 400, "INVALID_REQUEST"),
    Case("name of 257 characters", _json(cardImage__name="n" * 257), 400, "INVALID_REQUEST"),
    Case("cardImage is a string", _json(cardImage="abc"), 400, "INVALID_REQUEST"),
    # requestId
    Case("requestId missing", _json(requestId=...), 400, "INVALID_REQUEST"),
    Case("requestId with a space", _json(requestId="request 001"), 400, "INVALID_REQUEST"),
    Case("requestId in Hangul", _json(requestId="요청-001"), 400, "INVALID_REQUEST"),
    Case("requestId with emoji", _json(requestId="req-🙂"), 400, "INVALID_REQUEST"),
    Case("requestId of 129 characters", _json(requestId="r" * 129), 400, "INVALID_REQUEST"),
    Case("requestId is a number", _json(requestId=1), 400, "INVALID_REQUEST"),
    Case("requestId empty", _json(requestId=""), 400, "INVALID_REQUEST"),
    # body
    Case("body is not JSON", _raw(b"{requestId: 1", "application/json"), 400, "INVALID_REQUEST"),
    Case("body is a JSON array", _raw(b"[1, 2]", "application/json"), 400, "INVALID_REQUEST"),
    Case("JSON nested 200k deep", _raw(b"[" * 200_000, "application/json"), 400, "INVALID_REQUEST"),
    Case("body not UTF-8", _raw(b'{"requestId": "\xff\xfe"}', "application/json"), 400, "INVALID_REQUEST"),
    Case("empty body", _raw(b"", "application/json"), 400, "INVALID_REQUEST"),
    Case(
        "huge JSON (3 MiB > 2 MiB limit)",
        _raw(b'{"requestId":"' + b"a" * (3 << 20) + b'"}', "application/json"),
        413,
        "PAYLOAD_TOO_LARGE",
    ),
    # content type
    Case("Content-Type text/plain", _raw(b"{}", "text/plain"), 415, "UNSUPPORTED_MEDIA_TYPE"),
    Case("no Content-Type", _raw(b"{}", None), 415, "UNSUPPORTED_MEDIA_TYPE"),
    Case(
        "form-urlencoded",
        _raw(b"requestId=1", "application/x-www-form-urlencoded"),
        415,
        "UNSUPPORTED_MEDIA_TYPE",
    ),
    Case("multipart without boundary", _raw(b"--x--", "multipart/form-data"), 400, "INVALID_REQUEST"),
    # multipart parts
    Case("multipart without message", _mp(lambda k: k["data"].clear()), 400, "INVALID_REQUEST"),
    Case("multipart without faceImage", _mp(lambda k: k["files"].pop("faceImage")), 400, "INVALID_REQUEST"),
    Case(
        "multipart message not JSON",
        _mp(lambda k: k["data"].update(message="requestId=1")),
        400,
        "INVALID_REQUEST",
    ),
    Case(
        "multipart empty cardImage file",
        _mp(lambda k: k["files"].update(cardImage=("c.jpg", b""))),
        400,
        "IMAGE_DECODE_FAILED",
    ),
    Case(
        "multipart truncated",
        lambda: _raw_multipart(_mp_text([("message", MESSAGE % new_id().encode())], close=False))(),
        400,
        "INVALID_REQUEST",
    ),
    Case(
        "multipart duplicate cardImage",
        lambda: _raw_multipart(
            _mp_text(
                [
                    ("message", MESSAGE % new_id().encode()),
                    ("cardImage", b"a"),
                    ("cardImage", b"b"),
                    ("faceImage", b"c"),
                ]
            )
        )(),
        400,
        "INVALID_REQUEST",
    ),
    Case("multipart garbage", _raw_multipart(b"\x00\x01garbage without boundaries"), 400, "INVALID_REQUEST"),
    # authentication
    Case("no secret", _json(), 401, "UNAUTHORIZED", secret=None),
    Case("wrong secret", _json(), 401, "UNAUTHORIZED", secret="test-secret-old-7f3b"),
    Case("secret prefix only", _json(), 401, "UNAUTHORIZED", secret=SECRETS[0][:-1]),
    Case("secret plus suffix", _json(), 401, "UNAUTHORIZED", secret=SECRETS[0] + "x"),
]


def test_there_are_at_least_thirty_cases() -> None:
    assert len(CASES) >= 30
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_case_gets_its_own_error(base_url: str, case: Case) -> None:
    res = post(base_url, secret=case.secret, **case.build())
    assert (res.status_code, res.json().get("errorCode")) == (case.status, case.code), res.text[:300]
    out = res.json()
    assert out["result"] == "ERROR" and len(out["uid"]) == 32 and out["message"]
    assert "Traceback" not in res.text and 'File "' not in res.text


def test_secret_with_non_ascii_bytes_is_401(base_url: str) -> None:
    res = httpx.post(
        base_url + "/compare",
        headers=[(b"X-EKYC-SECRET", "비밀".encode()), (b"Content-Type", b"application/json")],
        content=b"{}",
    )
    assert res.status_code == 401 and res.json()["errorCode"] == "UNAUTHORIZED"


def test_replayed_request_id_is_409(base_url: str) -> None:
    body = json_body(_card(), _selfie(), request_id=new_id())
    assert post(base_url, json=body).status_code == 200
    res = post(base_url, json=body)
    assert res.status_code == 409 and res.json()["errorCode"] == "DUPLICATE_REQUEST_ID"


def test_request_id_echoed_only_when_valid(base_url: str) -> None:
    bad = post(base_url, json={"requestId": "요청", "cardImage": {}, "faceImage": {}}).json()
    assert "requestId" not in bad
    body = json_body(_card(), _selfie())
    body["faceImage"]["data"] = "***"
    good = post(base_url, json=body).json()
    assert good["requestId"] == body["requestId"] and good["errorCode"] == "INVALID_BASE64"


def test_face_data_is_never_echoed(base_url: str) -> None:
    data = b64(b"\x89PNG\r\n\x1a\n" + b"secret-pixels" * 20)
    body = json_body(_card(), _selfie())
    body["faceImage"] |= {"format": "png", "data": data}
    res = post(base_url, json=body)
    assert res.status_code == 400
    assert data[:40] not in res.text and "secret-pixels" not in res.text
