"""Accepted formats: declared names, magic bytes, and what a decoded image is."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
from numpy.typing import NDArray

from app.engine.errors import UnsupportedFormatError

#: Declared formats the API accepts (case-insensitive); ``jpeg`` means ``jpg``, ``tif`` ``tiff``.
FORMATS: Final[tuple[str, ...]] = ("jpg", "jpeg", "png", "pdf", "tiff", "tif")
#: What :func:`normalize_format`, :func:`sniff_format` and ``LoadedImage.format`` return.
CANONICAL_FORMATS: Final[tuple[str, ...]] = ("jpg", "png", "pdf", "tiff")
#: ``LoadedImage.format`` of pixels handed over already decoded (:func:`from_pixels`).
RAW_FORMAT: Final = "raw"

ALIASES: Final[dict[str, str]] = {
    "jpg": "jpg",
    "jpeg": "jpg",
    "png": "png",
    "pdf": "pdf",
    "tiff": "tiff",
    "tif": "tiff",
}
EXTENSIONS: Final[dict[str, str]] = {f".{name}": canonical for name, canonical in ALIASES.items()}
DISPLAY: Final[dict[str, str]] = {"jpg": "JPEG", "png": "PNG", "pdf": "PDF", "tiff": "TIFF"}
SPEC_LIST: Final = "jpg, jpeg, png, pdf or tiff"

_PNG_MAGIC: Final = b"\x89PNG\r\n\x1a\n"
_TIFF_MAGICS: Final = (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")  # classic, then BigTIFF
_PDF_MAGIC: Final = b"%PDF-"
_PDF_LEADING_JUNK: Final = b" \t\r\n\f\x00\xef\xbb\xbf"  # white space, NUL, UTF-8 BOM bytes


@dataclass(frozen=True)
class LoadedImage:
    """A decoded image, upright and ready for the engine.

    ``pixels`` is H×W×3 ``uint8`` in BGR order, C-contiguous (a fresh, writeable array when
    decoded here; the caller's own array from :func:`from_pixels`).
    ``source_size`` is (width, height) as stored, before the EXIF rotation; for a PDF it is
    the page size in points (its 72-dpi pixel size) before rendering.
    """

    pixels: NDArray[np.uint8]
    format: str
    width: int
    height: int
    exif_orientation: int
    pages: int
    source_size: tuple[int, int]


def show(value: str) -> str:
    """A caller-supplied string made safe and short for an error message."""
    clean = "".join(ch if " " <= ch <= "~" else "?" for ch in value[:24])
    return f"'{clean}…'" if len(value) > 24 else f"'{clean}'"


def normalize_format(fmt: str, *, label: str | None = None) -> str:
    """Canonical ``"jpg"|"png"|"pdf"|"tiff"`` for a declared format, case-insensitive.

    Raises UnsupportedFormatError naming the format (and ``label`` when given).
    """
    canonical = ALIASES.get(fmt.strip().lower()) if isinstance(fmt, str) else None
    if canonical is None:
        shown = show(fmt) if isinstance(fmt, str) else type(fmt).__name__
        who = f"{label} has" if label else "Image has"
        raise UnsupportedFormatError(f"{who} unsupported format {shown}; use {SPEC_LIST}")
    return canonical


def sniff_format(data: bytes) -> str | None:
    """Canonical format from the magic bytes, or None when they are none of ours.

    A PDF may start with white space, NULs or a UTF-8 BOM before ``%PDF-`` (within the first
    1024 bytes), as PDF readers tolerate; BigTIFF is recognised (Pillow reads it).
    """
    head = bytes(data[:1024])
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(_PNG_MAGIC):
        return "png"
    if head.startswith(_TIFF_MAGICS):
        return "tiff"
    at = head.find(_PDF_MAGIC)
    if at >= 0 and not head[:at].strip(_PDF_LEADING_JUNK):
        return "pdf"
    return None
