"""Every ``errorCode`` of the API with its HTTP status, and the code of an engine error.

The engine raises domain errors carrying a stable code string (``app.engine.errors``); the
transport-only codes (secret, requestId reuse, media type, queue, request shape, base64) exist
only here. ``../shared/spec/face-compare-api.md`` is the table this module follows.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol


class ErrorCode(StrEnum):
    """The spec's machine-readable error codes."""

    FACE_NOT_FOUND = "FACE_NOT_FOUND"
    FACE_TOO_SMALL = "FACE_TOO_SMALL"
    INVALID_REQUEST = "INVALID_REQUEST"
    INVALID_BASE64 = "INVALID_BASE64"
    UNSUPPORTED_FORMAT = "UNSUPPORTED_FORMAT"
    MULTIPAGE_NOT_SUPPORTED = "MULTIPAGE_NOT_SUPPORTED"
    IMAGE_DECODE_FAILED = "IMAGE_DECODE_FAILED"
    UNAUTHORIZED = "UNAUTHORIZED"
    DUPLICATE_REQUEST_ID = "DUPLICATE_REQUEST_ID"
    PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE"
    UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE"
    TOO_MANY_REQUESTS = "TOO_MANY_REQUESTS"
    INTERNAL_ERROR = "INTERNAL_ERROR"


HTTP_STATUS: dict[ErrorCode, int] = {
    ErrorCode.FACE_NOT_FOUND: 200,
    ErrorCode.FACE_TOO_SMALL: 200,
    ErrorCode.INVALID_REQUEST: 400,
    ErrorCode.INVALID_BASE64: 400,
    ErrorCode.UNSUPPORTED_FORMAT: 400,
    ErrorCode.MULTIPAGE_NOT_SUPPORTED: 400,
    ErrorCode.IMAGE_DECODE_FAILED: 400,
    ErrorCode.UNAUTHORIZED: 401,
    ErrorCode.DUPLICATE_REQUEST_ID: 409,
    ErrorCode.PAYLOAD_TOO_LARGE: 413,
    ErrorCode.UNSUPPORTED_MEDIA_TYPE: 415,
    ErrorCode.TOO_MANY_REQUESTS: 429,
    ErrorCode.INTERNAL_ERROR: 500,
}


class Failure(Protocol):
    """A refusal with a code and a human sentence: an engine error, the API's or the CLI's own."""

    @property
    def code(self) -> str: ...

    @property
    def message(self) -> str: ...


def code_of(err: Failure) -> ErrorCode:
    """The API's code for a failure (an engine error's domain code is the same string)."""
    return ErrorCode(str(err.code))
