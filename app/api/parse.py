"""Turn a request body (JSON or multipart) into validated inputs, each fault with its errorCode.

Runs on an inference thread: JSON parsing and base64 decoding of a 20 MiB body are CPU work.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError
from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header

from app.api.body import BodyKind
from app.api.errors import ApiError
from app.contract import (
    CARD,
    FACE,
    REQUEST_ID_PATTERN,
    CompareMessage,
    CompareRequest,
    ErrorCode,
    ImageInput,
)
from app.engine.imageio import normalize_format

MAX_PARTS = 16
_REQUEST_ID = re.compile(REQUEST_ID_PATTERN)
_SPACE = re.compile(r"\s+")
_DATA_URL = re.compile(r"^data:[^,]{0,200};base64,", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class RawRequest:
    """The JSON object (the body, or the multipart ``message``) and any file parts."""

    kind: BodyKind
    message: dict[str, Any]
    files: dict[str, bytes]


def _invalid(message: str, request_id: str | None = None) -> ApiError:
    return ApiError(ErrorCode.INVALID_REQUEST, message, request_id=request_id)


def _json_object(raw: bytes, what: str) -> dict[str, Any]:
    try:
        obj = json.loads(raw)
    except (ValueError, RecursionError):
        raise _invalid(f"{what} is not valid JSON.") from None
    if not isinstance(obj, dict):
        raise _invalid(f"{what} must be a JSON object.")
    return obj


def _multipart_parts(body: bytes, boundary: bytes) -> dict[str, bytes]:
    """Every named part of a multipart body; malformed, truncated or ambiguous bodies are refused."""
    parts: dict[str, bytes] = {}
    state: dict[str, Any] = {"field": b"", "value": b"", "headers": {}, "data": [], "count": 0, "end": False}

    def on_part_begin() -> None:
        state.update(headers={}, data=[], count=state["count"] + 1)
        if state["count"] > MAX_PARTS:
            raise _invalid(f"The multipart body has more than {MAX_PARTS} parts.")

    def on_header_field(data: bytes, start: int, end: int) -> None:
        state["field"] += data[start:end]

    def on_header_value(data: bytes, start: int, end: int) -> None:
        state["value"] += data[start:end]

    def on_header_end() -> None:
        state["headers"][state["field"].lower()] = state["value"]
        state.update(field=b"", value=b"")

    def on_part_data(data: bytes, start: int, end: int) -> None:
        state["data"].append(data[start:end])

    def on_part_end() -> None:
        _, params = parse_options_header(state["headers"].get(b"content-disposition", b""))
        name = params.get(b"name", b"").decode("utf-8", "replace")
        if not name:
            raise _invalid("A multipart part has no name.")
        if name in parts:
            raise _invalid(f"The multipart part {name[:64]!r} appears more than once.")
        parts[name] = b"".join(state["data"])

    def on_end() -> None:
        state["end"] = True

    callbacks: Any = {
        "on_part_begin": on_part_begin,
        "on_header_field": on_header_field,
        "on_header_value": on_header_value,
        "on_header_end": on_header_end,
        "on_part_data": on_part_data,
        "on_part_end": on_part_end,
        "on_end": on_end,
    }
    try:
        parser = MultipartParser(boundary, callbacks)
        parser.write(body)
        parser.finalize()
    except (MultipartParseError, ValueError):
        raise _invalid("The multipart/form-data body is malformed.") from None
    if not state["end"]:
        raise _invalid("The multipart/form-data body is truncated (no closing boundary).")
    return parts


def read_raw(kind: BodyKind, boundary: bytes | None, body: bytes) -> RawRequest:
    """The request's JSON object and file parts, before any field is checked."""
    if kind == "json":
        return RawRequest(kind, _json_object(body, "The request body"), {})
    assert boundary is not None
    parts = _multipart_parts(body, boundary)
    if "message" not in parts:
        raise _invalid("The multipart part 'message' is missing.")
    message = _json_object(parts["message"], "The multipart part 'message'")
    return RawRequest(kind, message, {k: v for k, v in parts.items() if k in (CARD, FACE)})


def request_id_of(raw: RawRequest) -> str:
    """The valid ``requestId`` of the request, or INVALID_REQUEST (the value is never echoed)."""
    rid = raw.message.get("requestId")
    if rid is None:
        raise _invalid("requestId is missing.")
    if not isinstance(rid, str) or not _REQUEST_ID.fullmatch(rid):
        raise _invalid("requestId must be 1–128 printable ASCII characters without white space.")
    return rid


def _validation_message(err: ValidationError, prefix: str) -> str:
    first = err.errors(include_url=False, include_input=False)[0]
    where = prefix + ".".join(str(p) for p in first["loc"])
    if first["type"] == "missing":
        return f"{where} is missing."
    return f"{where}: {first['msg']}."


def decode_base64(text: str, label: str, request_id: str) -> bytes:
    """Bytes of a standard-alphabet base64 string; a ``data:...;base64,`` prefix and white space are
    tolerated, anything else is INVALID_BASE64."""
    match = _DATA_URL.match(text)
    if match:
        text = text[match.end() :]
    if _SPACE.search(text):
        text = _SPACE.sub("", text)
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise ApiError(
            ErrorCode.INVALID_BASE64, f"{label}.data is not valid base64.", request_id=request_id
        ) from None


def _validated(model: type[BaseModel], obj: dict[str, Any], prefix: str, rid: str) -> Any:
    try:
        return model.model_validate(obj)
    except ValidationError as err:
        raise _invalid(_validation_message(err, prefix), rid) from None


def compare_input(raw: RawRequest, request_id: str) -> tuple[ImageInput, ImageInput]:
    """The card and the live photo, every field checked in the spec's order: shape, formats, bytes."""
    if raw.kind == "json":
        req: CompareRequest = _validated(CompareRequest, raw.message, "", request_id)
        for label, image in ((CARD, req.cardImage), (FACE, req.faceImage)):
            normalize_format(image.format, label=label)
        card = ImageInput(
            req.cardImage.name, req.cardImage.format, decode_base64(req.cardImage.data, CARD, request_id)
        )
        face = ImageInput(
            req.faceImage.name, req.faceImage.format, decode_base64(req.faceImage.data, FACE, request_id)
        )
        return card, face
    msg: CompareMessage = _validated(CompareMessage, raw.message, "message.", request_id)
    for label, meta in ((CARD, msg.cardImage), (FACE, msg.faceImage)):
        normalize_format(meta.format, label=label)
    for label in (CARD, FACE):
        if label not in raw.files:
            raise _invalid(f"The multipart file part {label!r} is missing.", request_id)
    return (
        ImageInput(msg.cardImage.name, msg.cardImage.format, raw.files[CARD]),
        ImageInput(msg.faceImage.name, msg.faceImage.format, raw.files[FACE]),
    )
