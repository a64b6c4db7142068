"""Typed engine errors, each carrying the API's stable ``errorCode`` and HTTP status."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.engine.types import Face


class ErrorCode(StrEnum):
    """The spec's machine-readable error codes (``../shared/spec/face-compare-api.md``)."""

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


class EngineError(Exception):
    """Base class: a failure a caller can show to a person and map to the API envelope.

    ``message`` is a human sentence that names the image or field; it never holds image
    bytes, paths outside the caller's own input, or a stack trace.
    """

    code: ErrorCode = ErrorCode.INTERNAL_ERROR

    def __init__(
        self, message: str, *, code: ErrorCode | None = None, faces: list[Face] | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        #: faces that were found before the failure (FACE_NOT_FOUND / FACE_TOO_SMALL)
        self.faces = faces
        if code is not None:
            self.code = code

    @property
    def http_status(self) -> int:
        """HTTP status the API answers with for this error."""
        return HTTP_STATUS[self.code]


class ImageError(EngineError):
    """An input image was refused (format, size, pages, decoding)."""

    code = ErrorCode.IMAGE_DECODE_FAILED


class UnsupportedFormatError(ImageError):
    code = ErrorCode.UNSUPPORTED_FORMAT


class MultipageError(ImageError):
    code = ErrorCode.MULTIPAGE_NOT_SUPPORTED


class DecodeError(ImageError):
    code = ErrorCode.IMAGE_DECODE_FAILED


class TooLargeError(ImageError):
    code = ErrorCode.PAYLOAD_TOO_LARGE


class FaceNotFoundError(EngineError):
    """No usable face in one of the images; ``faces`` holds what was found (may be empty)."""

    code = ErrorCode.FACE_NOT_FOUND


class FaceTooSmallError(EngineError):
    code = ErrorCode.FACE_TOO_SMALL


class ModelPackError(EngineError):
    """A model pack is missing, incomplete or fails its checksum."""

    code = ErrorCode.INTERNAL_ERROR
