"""Limits checked before anything is decoded: pixel count, file size, Pillow's strictness."""

from __future__ import annotations

from typing import Final

from PIL import Image, ImageFile

from app.engine.errors import DecodeError, TooLargeError

DEFAULT_MAX_PIXELS: Final = 40_000_000
#: :func:`load_path` refuses larger files before reading them.
MAX_FILE_BYTES: Final = 64 * 1024 * 1024


def pixel_limit(max_pixels: int) -> int:
    """``max_pixels``, lowered to Pillow's own bomb limit when that one is stricter.

    We refuse anything over this limit from the header before decoding, so Pillow's own
    check (``Image.MAX_IMAGE_PIXELS``: a warning above it, DecompressionBombError above twice
    it) can never fire afterwards: no warning is ever emitted, and the host application keeps
    the final say over that process-wide setting, which we never modify.
    """
    pillow_limit = Image.MAX_IMAGE_PIXELS
    return max_pixels if pillow_limit is None else min(max_pixels, pillow_limit)


def check_pixels(width: int, height: int, limit: int, label: str) -> None:
    if width <= 0 or height <= 0:
        raise DecodeError(f"{label} has an invalid size ({width}×{height} pixels)")
    if width * height > limit:
        raise TooLargeError(
            f"{label} is {width}×{height} pixels ({width * height / 1e6:.1f} MP); "
            f"the limit is {limit / 1e6:g} MP"
        )


def require_strict_pillow() -> None:
    """Refuse to decode if some other code switched on Pillow's truncated-image leniency.

    With ``ImageFile.LOAD_TRUNCATED_IMAGES = True`` Pillow silently fills a cut-off image
    with grey; we never set it, and we fail loudly (an internal error) rather than accept
    truncated documents when something else in the process has.
    """
    if ImageFile.LOAD_TRUNCATED_IMAGES:
        raise RuntimeError(
            "PIL.ImageFile.LOAD_TRUNCATED_IMAGES is True in this process; the image loader "
            "refuses to run because truncated images would be accepted"
        )


def file_too_large(name: str, size: int) -> str:
    mib = 1024 * 1024
    return f"{name} is {size / mib:.1f} MiB; the limit is {MAX_FILE_BYTES // mib} MiB"
