"""Typed engine errors, each with a stable domain ``code``; the engine knows nothing of HTTP.

``app.contract`` maps a code to the API's ``errorCode`` (the same string) and its HTTP status.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.engine.types import Face


class EngineErrorCode(StrEnum):
    """Why the engine refused: the strings the API's ``errorCode`` uses for the same cause."""

    FACE_NOT_FOUND = "FACE_NOT_FOUND"
    FACE_TOO_SMALL = "FACE_TOO_SMALL"
    UNSUPPORTED_FORMAT = "UNSUPPORTED_FORMAT"
    MULTIPAGE_NOT_SUPPORTED = "MULTIPAGE_NOT_SUPPORTED"
    IMAGE_DECODE_FAILED = "IMAGE_DECODE_FAILED"
    PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE"
    INTERNAL_ERROR = "INTERNAL_ERROR"


class EngineError(Exception):
    """Base class: a failure a caller can show to a person.

    ``message`` is a human sentence that names the image or field; it never holds image
    bytes, paths outside the caller's own input, or a stack trace.
    """

    code: EngineErrorCode = EngineErrorCode.INTERNAL_ERROR

    def __init__(self, message: str, *, faces: list[Face] | None = None) -> None:
        super().__init__(message)
        self.message = message
        #: faces that were found before the failure (FACE_NOT_FOUND / FACE_TOO_SMALL)
        self.faces = faces


class ImageError(EngineError):
    """An input image was refused (format, size, pages, decoding)."""

    code = EngineErrorCode.IMAGE_DECODE_FAILED


class UnsupportedFormatError(ImageError):
    code = EngineErrorCode.UNSUPPORTED_FORMAT


class MultipageError(ImageError):
    code = EngineErrorCode.MULTIPAGE_NOT_SUPPORTED


class DecodeError(ImageError):
    code = EngineErrorCode.IMAGE_DECODE_FAILED


class TooLargeError(ImageError):
    code = EngineErrorCode.PAYLOAD_TOO_LARGE


class FaceNotFoundError(EngineError):
    """No usable face in one of the images; ``faces`` holds what was found (may be empty)."""

    code = EngineErrorCode.FACE_NOT_FOUND


class FaceTooSmallError(EngineError):
    code = EngineErrorCode.FACE_TOO_SMALL


class ModelPackError(EngineError):
    """A model pack is missing, incomplete or fails its checksum."""

    code = EngineErrorCode.INTERNAL_ERROR
