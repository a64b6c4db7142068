"""Content-Type check and a body reader that stops at the size limit."""

from __future__ import annotations

from typing import Literal

from python_multipart.multipart import parse_options_header
from starlette.requests import Request

from app.api.errors import ApiError
from app.contract import ErrorCode

BodyKind = Literal["json", "multipart"]


def media_kind(content_type: str | None) -> tuple[BodyKind, bytes | None]:
    """``json`` or ``multipart`` (with its boundary); anything else is UNSUPPORTED_MEDIA_TYPE."""
    media, params = parse_options_header(content_type or "")
    media = media.strip().lower()
    if media == b"application/json":
        return "json", None
    if media == b"multipart/form-data":
        boundary = params.get(b"boundary")
        if not boundary:
            raise ApiError(ErrorCode.INVALID_REQUEST, "The multipart/form-data body has no boundary.")
        return "multipart", boundary
    shown = media.decode("latin-1")[:80] or "none"
    raise ApiError(
        ErrorCode.UNSUPPORTED_MEDIA_TYPE,
        f"Content-Type {shown!r} is not supported; send application/json or multipart/form-data.",
    )


def _too_large(limit: int) -> ApiError:
    return ApiError(ErrorCode.PAYLOAD_TOO_LARGE, f"The request body is larger than {limit / 1048576:g} MiB.")


async def read_body(request: Request, limit: int) -> bytes:
    """The whole body, refusing a declared or streamed length over ``limit`` without reading on."""
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            size = int(declared)
        except ValueError:
            raise ApiError(ErrorCode.INVALID_REQUEST, "The Content-Length header is not a number.") from None
        if size > limit:
            raise _too_large(limit)
    chunks: list[bytes] = []
    total = 0
    async for chunk in request.stream():
        total += len(chunk)
        if total > limit:
            raise _too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)
