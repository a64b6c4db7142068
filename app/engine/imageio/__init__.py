"""The one image loader: bytes or a file → an upright 8-bit BGR array, or a typed error.

Every entry point (CLI, HTTP API, desktop GUI) loads images through :func:`load_image` or
:func:`load_path` (or hands over pixels it already has: :func:`from_pixels`), so every entry
point applies the same rules (``face-compare-api.md``):

* accepted formats are JPEG, PNG, single-page PDF and single-frame TIFF; the bytes must
  really be of the declared format (magic bytes);
* the pixel size is read from the header and checked against ``max_pixels`` *before*
  anything is decoded (decompression bombs); a PDF page is rendered at 300 dpi, lowered so
  the render stays within ``max_pixels``;
* the EXIF orientation is applied, so the result is upright as a viewer would show it;
* every colour layout (grey, palette, CMYK, 16-bit, alpha composited onto white) becomes
  3-channel 8-bit BGR, OpenCV's order;
* every failure is an :class:`~app.engine.errors.ImageError` subclass whose message names
  the image (``label``) and holds neither bytes nor a stack trace.

Thread safety: nothing here changes global state at call time. Pillow's process-wide
settings are read, never written: ``Image.MAX_IMAGE_PIXELS`` (see :func:`limits.pixel_limit`)
and ``ImageFile.LOAD_TRUNCATED_IMAGES`` (must stay False; see
:func:`limits.require_strict_pillow`). PyMuPDF is not thread-safe, so PDF work is serialised
by a module-level lock.

Modules: :mod:`.formats` (declared names, magic bytes, :class:`LoadedImage`), :mod:`.limits`
(checks before decoding), :mod:`.raster` (JPEG/PNG/TIFF), :mod:`.pdf`, :mod:`.colour` (any
layout → BGR) and :mod:`.loader` (the entry points). Callers import from this package.
"""

from app.engine.imageio.formats import (
    CANONICAL_FORMATS,
    FORMATS,
    RAW_FORMAT,
    LoadedImage,
    normalize_format,
    sniff_format,
)
from app.engine.imageio.limits import DEFAULT_MAX_PIXELS, MAX_FILE_BYTES
from app.engine.imageio.loader import from_pixels, load_image, load_path

__all__ = [
    "CANONICAL_FORMATS",
    "DEFAULT_MAX_PIXELS",
    "FORMATS",
    "MAX_FILE_BYTES",
    "RAW_FORMAT",
    "LoadedImage",
    "from_pixels",
    "load_image",
    "load_path",
    "normalize_format",
    "sniff_format",
]
