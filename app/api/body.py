"""Content-Type check and a body reader that stops at the size limit and at its timeouts."""

from __future__ import annotations

import asyncio
from typing import Literal

from python_multipart.multipart import parse_options_header
from starlette.requests import ClientDisconnect, Request

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


def _too_slow(message: str) -> ApiError:
    # 408 closes the connection: what the client sends after it is not read
    return ApiError(ErrorCode.INVALID_REQUEST, message, status=408, headers={"Connection": "close"})


async def read_body(
    request: Request, limit: int, silence_s: float = 10.0, deadline_s: float = 120.0
) -> bytes:
    """The whole body, refusing a declared or streamed length over ``limit`` without reading on,
    and a body that falls silent for ``silence_s`` or is not complete after ``deadline_s`` (408)."""
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
    loop = asyncio.get_running_loop()
    deadline = loop.time() + deadline_s
    stream = request.stream().__aiter__()
    while True:
        wait = min(silence_s, deadline - loop.time())
        try:
            async with asyncio.timeout(max(0.0, wait)):
                chunk = await anext(stream)
        except StopAsyncIteration:
            break
        except ClientDisconnect:  # logged as the compare's refusal, not as a server failure
            said = f" of {declared}" if declared is not None else ""
            raise ApiError(
                ErrorCode.INVALID_REQUEST,
                f"The client closed the connection before the body was complete ({total}{said} bytes).",
            ) from None
        except TimeoutError:
            said = f" of {declared}" if declared is not None else ""
            if loop.time() >= deadline:
                raise _too_slow(
                    f"The request body took longer than {deadline_s:g} s ({total}{said} bytes arrived)."
                ) from None
            raise _too_slow(
                f"The request body stopped arriving for {silence_s:g} s ({total}{said} bytes arrived)."
            ) from None
        total += len(chunk)
        if total > limit:
            raise _too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)
