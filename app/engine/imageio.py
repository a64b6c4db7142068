"""The one image loader: bytes or a file → an upright 8-bit BGR array, or a typed error.

Every entry point (CLI, HTTP API, desktop GUI) loads images through :func:`load_image` or
:func:`load_path`, so every entry point applies the same rules (``face-compare-api.md``):

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
settings are read, never written: ``Image.MAX_IMAGE_PIXELS`` (see :func:`_pixel_limit`) and
``ImageFile.LOAD_TRUNCATED_IMAGES`` (must stay False; see :func:`_require_strict_pillow`).
PyMuPDF is not thread-safe, so PDF work is serialised by a module-level lock.
"""

from __future__ import annotations

import io
import math
import os
import threading
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import cv2
import numpy as np
import pymupdf
from numpy.typing import NDArray
from PIL import Image, ImageFile, JpegImagePlugin, PngImagePlugin, TiffImagePlugin

from app.engine.errors import DecodeError, ImageError, MultipageError, TooLargeError, UnsupportedFormatError

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

#: Declared formats the API accepts (case-insensitive); ``jpeg`` means ``jpg``, ``tif`` ``tiff``.
FORMATS: Final[tuple[str, ...]] = ("jpg", "jpeg", "png", "pdf", "tiff", "tif")
#: What :func:`normalize_format`, :func:`sniff_format` and ``LoadedImage.format`` return.
CANONICAL_FORMATS: Final[tuple[str, ...]] = ("jpg", "png", "pdf", "tiff")
DEFAULT_MAX_PIXELS: Final = 40_000_000
#: ``LoadedImage.format`` of pixels handed over already decoded (:func:`from_pixels`).
RAW_FORMAT: Final = "raw"
#: :func:`load_path` refuses larger files before reading them.
MAX_FILE_BYTES: Final = 64 * 1024 * 1024

_ALIASES: Final[dict[str, str]] = {
    "jpg": "jpg",
    "jpeg": "jpg",
    "png": "png",
    "pdf": "pdf",
    "tiff": "tiff",
    "tif": "tiff",
}
_EXTENSIONS: Final[dict[str, str]] = {f".{name}": canonical for name, canonical in _ALIASES.items()}
_DISPLAY: Final[dict[str, str]] = {"jpg": "JPEG", "png": "PNG", "pdf": "PDF", "tiff": "TIFF"}
_SPEC_LIST: Final = "jpg, jpeg, png, pdf or tiff"

_PNG_MAGIC: Final = b"\x89PNG\r\n\x1a\n"
_TIFF_MAGICS: Final = (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")  # classic, then BigTIFF
_PDF_MAGIC: Final = b"%PDF-"
_PDF_LEADING_JUNK: Final = b" \t\r\n\f\x00\xef\xbb\xbf"  # white space, NUL, UTF-8 BOM bytes

_PDF_DPI: Final = 300.0
_PDF_MAX_PAGE_PT: Final = 14_400.0  # the largest page the PDF spec allows (200 in)
_PDF_MAX_SIDE_PX: Final = 16_384  # keeps long thin pages usable by OpenCV
_PDF_LOCK: Final = threading.Lock()  # PyMuPDF must not be used from two threads at once

_ORIENTATIONS: Final = frozenset(range(1, 9))  # valid EXIF Orientation values

_ALPHA_MODES: Final = frozenset({"LA", "La", "PA", "RGBA", "RGBa"})
_INT16_MODES: Final = frozenset({"I;16", "I;16L", "I;16B", "I;16N"})


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


# --------------------------------------------------------------------------- formats


def _show(value: str) -> str:
    """A caller-supplied string made safe and short for an error message."""
    clean = "".join(ch if " " <= ch <= "~" else "?" for ch in value[:24])
    return f"'{clean}…'" if len(value) > 24 else f"'{clean}'"


def normalize_format(fmt: str, *, label: str | None = None) -> str:
    """Canonical ``"jpg"|"png"|"pdf"|"tiff"`` for a declared format, case-insensitive.

    Raises UnsupportedFormatError naming the format (and ``label`` when given).
    """
    canonical = _ALIASES.get(fmt.strip().lower()) if isinstance(fmt, str) else None
    if canonical is None:
        shown = _show(fmt) if isinstance(fmt, str) else type(fmt).__name__
        who = f"{label} has" if label else "Image has"
        raise UnsupportedFormatError(f"{who} unsupported format {shown}; use {_SPEC_LIST}")
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


# --------------------------------------------------------------------------- limits and guards


def _pixel_limit(max_pixels: int) -> int:
    """``max_pixels``, lowered to Pillow's own bomb limit when that one is stricter.

    We refuse anything over this limit from the header before decoding, so Pillow's own
    check (``Image.MAX_IMAGE_PIXELS``: a warning above it, DecompressionBombError above twice
    it) can never fire afterwards: no warning is ever emitted, and the host application keeps
    the final say over that process-wide setting, which we never modify.
    """
    pillow_limit = Image.MAX_IMAGE_PIXELS
    return max_pixels if pillow_limit is None else min(max_pixels, pillow_limit)


def _check_pixels(width: int, height: int, limit: int, label: str) -> None:
    if width <= 0 or height <= 0:
        raise DecodeError(f"{label} has an invalid size ({width}×{height} pixels)")
    if width * height > limit:
        raise TooLargeError(
            f"{label} is {width}×{height} pixels ({width * height / 1e6:.1f} MP); "
            f"the limit is {limit / 1e6:g} MP"
        )


def _require_strict_pillow() -> None:
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


# --------------------------------------------------------------------------- public entry points


def load_image(
    data: bytes,
    declared_format: str | None = None,
    *,
    label: str = "image",
    max_pixels: int = DEFAULT_MAX_PIXELS,
) -> LoadedImage:
    """Decode ``data`` into an upright BGR image, enforcing the API's format rules.

    ``declared_format`` (e.g. the request's ``cardImage.format``) must match the magic bytes;
    None means "whatever the bytes are". ``label`` names the image in every error message.

    Raises UnsupportedFormatError (unknown format, or bytes of another format),
    MultipageError (PDF/TIFF with more than one page), TooLargeError (over ``max_pixels``),
    DecodeError (empty, truncated, corrupt, password-protected).
    """
    if not data:
        raise DecodeError(f"{label} is empty")
    declared = None if declared_format is None else normalize_format(declared_format, label=label)
    sniffed = sniff_format(data)
    if sniffed is None:
        if declared is None:
            raise UnsupportedFormatError(f"{label} is not a JPEG, PNG, PDF or TIFF image")
        raise UnsupportedFormatError(
            f"{label} was declared as {declared} but its bytes are not a JPEG, PNG, PDF or TIFF image"
        )
    if declared is not None and declared != sniffed:
        raise UnsupportedFormatError(
            f"{label} was declared as {declared} but its bytes are {_DISPLAY[sniffed]}"
        )
    _require_strict_pillow()
    try:
        if sniffed == "pdf":
            return _load_pdf(data, label, max_pixels)
        return _load_raster(data, sniffed, label, max_pixels)
    except ImageError:
        raise
    except Image.DecompressionBombError:
        raise TooLargeError(f"{label} is too large to decode safely") from None
    except MemoryError:
        raise  # the server is out of memory (limits passed): not the caller's fault
    except Exception:
        # Pillow, OpenCV and PyMuPDF raise many types (OSError, SyntaxError, ValueError,
        # struct.error, EOFError, cv2.error, FileDataError...); none of their text reaches
        # the caller, and the traceback is dropped (``from None``).
        raise DecodeError(
            f"{label} is not a valid {_DISPLAY[sniffed]} file (truncated or corrupt data)"
        ) from None


def from_pixels(
    pixels: NDArray[np.uint8], *, label: str = "image", max_pixels: int = DEFAULT_MAX_PIXELS
) -> LoadedImage:
    """Already decoded BGR pixels (H×W×3 ``uint8``, e.g. a camera frame) as a LoadedImage.

    Nothing is decoded or copied (unless the array is not C-contiguous); the format is
    :data:`RAW_FORMAT`. The same pixel limit applies as to encoded images. Raises DecodeError
    for an array of another shape or type, TooLargeError over ``max_pixels``.
    """
    if (
        not isinstance(pixels, np.ndarray)
        or pixels.dtype != np.uint8
        or pixels.ndim != 3
        or pixels.shape[2] != 3
    ):
        shape = getattr(pixels, "shape", None)
        dtype = getattr(pixels, "dtype", type(pixels).__name__)
        raise DecodeError(f"{label} is not an H×W×3 uint8 BGR image (got {shape} {dtype})")
    height, width = int(pixels.shape[0]), int(pixels.shape[1])
    _check_pixels(width, height, _pixel_limit(max_pixels), label)
    return LoadedImage(
        pixels=np.ascontiguousarray(pixels),
        format=RAW_FORMAT,
        width=width,
        height=height,
        exif_orientation=1,
        pages=1,
        source_size=(width, height),
    )


def load_path(
    path: str | os.PathLike[str],
    *,
    label: str | None = None,
    max_pixels: int = DEFAULT_MAX_PIXELS,
) -> LoadedImage:
    """Load an image file; the extension (.jpg .jpeg .png .pdf .tif .tiff) is the declared format.

    Any other extension means "sniff the bytes". ``label`` defaults to the file name. Files
    over :data:`MAX_FILE_BYTES` are refused (TooLargeError) before they are read. OSError
    (missing file, no permission) propagates unchanged.
    """
    p = Path(path)
    name = label if label is not None else p.name
    declared = _EXTENSIONS.get(p.suffix.lower())
    with p.open("rb") as f:
        size = os.fstat(f.fileno()).st_size
        if size > MAX_FILE_BYTES:
            raise TooLargeError(_file_too_large(name, size))
        data = f.read(MAX_FILE_BYTES + 1)  # st_size can lie (pipes, growing files)
    if len(data) > MAX_FILE_BYTES:
        raise TooLargeError(_file_too_large(name, len(data)))
    return load_image(data, declared, label=name, max_pixels=max_pixels)


def _file_too_large(name: str, size: int) -> str:
    mib = 1024 * 1024
    return f"{name} is {size / mib:.1f} MiB; the limit is {MAX_FILE_BYTES // mib} MiB"


# --------------------------------------------------------------------------- JPEG / PNG / TIFF


def _load_raster(data: bytes, fmt: str, label: str, max_pixels: int) -> LoadedImage:
    """JPEG, PNG, TIFF: header → page and size checks → full decode → upright BGR."""
    # The plugin classes are used directly rather than Image.open(): they parse only the
    # header, exactly like Image.open, but skip its decompression-bomb warning, because our
    # own (stricter, per-call) check below must come first. See _pixel_limit.
    im: ImageFile.ImageFile
    if fmt == "jpg":
        im = JpegImagePlugin.JpegImageFile(io.BytesIO(data))
    elif fmt == "png":
        im = PngImagePlugin.PngImageFile(io.BytesIO(data))
    else:
        im = TiffImagePlugin.TiffImageFile(io.BytesIO(data))
    with im:
        stored_size = im.size
        if isinstance(im, TiffImagePlugin.TiffImageFile):
            frames = im.n_frames
            if frames != 1:
                raise MultipageError(f"{label} is a TIFF with {frames} pages; send exactly one page")
            # Pillow reports a TIFF's size already turned by its Orientation tag; the tags
            # hold the stored one.
            stored_size = (int(im.tag_v2.get(256, im.width)), int(im.tag_v2.get(257, im.height)))
        width, height = im.size
        _check_pixels(width, height, _pixel_limit(max_pixels), label)
        orientation = _exif_orientation(im)
        pixels: NDArray[np.uint8] | None = None
        pending = orientation
        if fmt == "jpg" and im.mode in ("RGB", "L") and _jpeg_is_complete(data):
            pixels = _cv2_decode_jpeg(data, width, height)
        if fmt == "png" and not _png_is_intact(data):
            raise DecodeError(f"{label} is not a valid PNG file (truncated or corrupt data)")
        if pixels is None:
            im.load()  # full decode; raises on truncated data (LOAD_TRUNCATED_IMAGES is False)
            # Pillow's TIFF loader applies the Orientation itself and then drops the tag, so
            # whatever orientation is still there after load() is ours to apply.
            pending = _exif_orientation(im)
            pixels = _pil_to_bgr(im)
    pixels = _apply_orientation(pixels, pending)
    h, w = pixels.shape[:2]
    return LoadedImage(
        pixels=pixels,
        format=fmt,
        width=w,
        height=h,
        exif_orientation=orientation,
        pages=1,
        source_size=stored_size,
    )


def _exif_orientation(im: Image.Image) -> int:
    """EXIF (or TIFF tag / XMP) Orientation 1..8; 1 when absent or invalid."""
    try:
        value = im.getexif().get(0x0112, 1)
    except Exception:  # a broken EXIF block must not fail an otherwise good image
        return 1
    return value if isinstance(value, int) and value in _ORIENTATIONS else 1


def _apply_orientation(pixels: NDArray[np.uint8], orientation: int) -> NDArray[np.uint8]:
    """Turn stored pixels upright for an EXIF orientation (same result as ImageOps.exif_transpose)."""
    if orientation == 1:
        return pixels
    if orientation == 2:
        out = cv2.flip(pixels, 1)
    elif orientation == 3:
        out = cv2.rotate(pixels, cv2.ROTATE_180)
    elif orientation == 4:
        out = cv2.flip(pixels, 0)
    elif orientation == 5:
        out = cv2.transpose(pixels)
    elif orientation == 6:
        out = cv2.rotate(pixels, cv2.ROTATE_90_CLOCKWISE)
    elif orientation == 7:
        out = cv2.rotate(pixels, cv2.ROTATE_90_COUNTERCLOCKWISE)
        out = cv2.flip(out, 1)
    else:  # 8
        out = cv2.rotate(pixels, cv2.ROTATE_90_COUNTERCLOCKWISE)
    return np.asarray(out, dtype=np.uint8)


def _jpeg_is_complete(data: bytes) -> bool:
    """True when an EOI marker follows the first scan (the file is not cut off).

    Entropy-coded data cannot contain FF D9, so a missing EOI after the first SOS means the
    file was truncated. Walking the header segments by their lengths skips an EXIF thumbnail's
    own EOI.
    """
    i, n = 2, len(data)
    while i + 4 <= n:
        if data[i] != 0xFF:
            return False
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker == 0x01 or 0xD0 <= marker <= 0xD8:  # markers without a length
            i += 2
            continue
        length = int.from_bytes(data[i + 2 : i + 4], "big")
        if length < 2:
            return False
        if marker == 0xDA:  # SOS
            return data.find(b"\xff\xd9", i + 2 + length) >= 0
        i += 2 + length
    return False


def _png_is_intact(data: bytes) -> bool:
    """Every critical chunk (IHDR, PLTE, IDAT, IEND) has a correct CRC and IEND is present.

    Pillow stops inflating once it has all the rows and never checks IDAT CRCs, so bit
    errors in the image data would otherwise decode silently into garbage. Ancillary chunks
    with a bad CRC are tolerated, as libpng does.
    """
    i, n = 8, len(data)
    while i + 12 <= n:
        length = int.from_bytes(data[i : i + 4], "big")
        end = i + 12 + length
        if end > n:
            return False
        kind = data[i + 4 : i + 8]
        critical = 65 <= kind[0] <= 90  # upper-case first letter
        if critical and zlib.crc32(data[i + 4 : end - 4]) != int.from_bytes(data[end - 4 : end], "big"):
            return False
        if kind == b"IEND":
            return True
        i = end
    return False


def _cv2_decode_jpeg(data: bytes, width: int, height: int) -> NDArray[np.uint8] | None:
    """Fast path for complete RGB/grey JPEGs: libjpeg-turbo decodes straight into BGR.

    Returns None (the caller then lets Pillow decode and report) when OpenCV disagrees with
    the header. Orientation is ignored here and applied by the caller.
    """
    buf = np.frombuffer(data, dtype=np.uint8)
    out = cv2.imdecode(buf, cv2.IMREAD_COLOR | cv2.IMREAD_IGNORE_ORIENTATION)
    if out is None or out.shape != (height, width, 3) or out.dtype != np.uint8:
        return None
    return np.ascontiguousarray(out)


def _pil_to_bgr(im: Image.Image) -> NDArray[np.uint8]:
    """Any Pillow mode → H×W×3 uint8 BGR; alpha is composited onto white."""
    mode = im.mode
    if mode == "RGB" and "transparency" not in im.info:
        return _rgb_to_bgr(np.asarray(im))
    if mode == "L" and "transparency" not in im.info:
        return _gray_to_bgr(np.asarray(im))
    if mode == "1":
        return _gray_to_bgr(np.asarray(im.convert("L")))
    if mode in _INT16_MODES:
        return _gray_to_bgr(_to_uint8(np.asarray(im)))
    if mode in ("I", "F"):
        return _gray_to_bgr(_to_uint8(np.asarray(im)))
    if mode in _ALPHA_MODES or "transparency" in im.info:
        rgba = im if mode == "RGBA" else im.convert("RGBA")
        canvas = Image.new("RGB", rgba.size, (255, 255, 255))
        canvas.paste(rgba, mask=rgba)  # the RGBA image's alpha is the mask
        return _rgb_to_bgr(np.asarray(canvas))
    # P, CMYK (Pillow already undid Adobe's inverted CMYK), YCbCr, LAB, HSV, RGBX, ...
    return _rgb_to_bgr(np.asarray(im.convert("RGB")))


def _rgb_to_bgr(rgb: NDArray[np.uint8]) -> NDArray[np.uint8]:
    return np.asarray(cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR), dtype=np.uint8)


def _gray_to_bgr(gray: NDArray[np.uint8]) -> NDArray[np.uint8]:
    return np.asarray(cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR), dtype=np.uint8)


def _to_uint8(values: NDArray[Any]) -> NDArray[np.uint8]:
    """One grey channel of any depth → 8 bit.

    16-bit data keeps its high byte (as Pillow and libpng do for 48-bit RGB). 32-bit integer
    and float data are mapped by their range: 0..1 floats and 0..255 / 0..65535 integers by
    scaling, anything else by min–max stretching.
    """
    if values.dtype.kind == "u" and values.dtype.itemsize == 2:
        return (values >> 8).astype(np.uint8)
    v = np.nan_to_num(values.astype(np.float64, copy=False), nan=0.0, posinf=0.0, neginf=0.0)
    lo, hi = (float(v.min()), float(v.max())) if v.size else (0.0, 0.0)
    if values.dtype.kind == "f" and lo >= 0.0 and hi <= 1.0:
        scaled = v * 255.0
    elif lo >= 0.0 and hi <= 255.0:
        scaled = v
    elif lo >= 0.0 and hi <= 65535.0 and values.dtype.kind != "f":
        scaled = v / 257.0
    else:
        scaled = (v - lo) * (255.0 / (hi - lo)) if hi > lo else np.zeros_like(v)
    return np.clip(np.rint(scaled), 0, 255).astype(np.uint8)


# --------------------------------------------------------------------------- PDF


def _load_pdf(data: bytes, label: str, max_pixels: int) -> LoadedImage:
    """Single-page PDF → the page rendered at 300 dpi (lowered to fit ``max_pixels``)."""
    # PyMuPDF is not thread-safe: every PyMuPDF object is created *and dropped* under the
    # lock, so a failure is turned into our error (without its traceback, whose frames hold
    # pages and pixmaps) before the lock is released.
    failure: BaseException | None = None
    with _PDF_LOCK:
        try:
            with pymupdf.open(stream=data, filetype="pdf") as doc:
                pixels, w_pt, h_pt = _render_single_page(doc, label, max_pixels)
        except (ImageError, MemoryError) as exc:
            failure = exc.with_traceback(None)
        except Exception:
            failure = DecodeError(f"{label} is not a valid PDF file (truncated or corrupt data)")
    if failure is not None:
        raise failure
    return LoadedImage(
        pixels=pixels,
        format="pdf",
        width=pixels.shape[1],
        height=pixels.shape[0],
        exif_orientation=1,
        pages=1,
        source_size=(round(w_pt), round(h_pt)),
    )


def _render_single_page(
    doc: pymupdf.Document, label: str, max_pixels: int
) -> tuple[NDArray[np.uint8], float, float]:
    """Check the page count and size, then render page 0 without alpha → (BGR, w_pt, h_pt)."""
    if doc.needs_pass:
        raise DecodeError(f"{label} is a password-protected PDF")
    count = doc.page_count
    if count == 0:
        raise DecodeError(f"{label} is a PDF with no pages")
    if count != 1:
        raise MultipageError(f"{label} is a PDF with {count} pages; send exactly one page")
    page = doc[0]
    rect = page.rect  # the visible (crop) box, after the page's /Rotate
    w_pt, h_pt = float(rect.width), float(rect.height)
    if not (
        math.isfinite(w_pt)
        and math.isfinite(h_pt)
        and 1.0 <= w_pt <= _PDF_MAX_PAGE_PT
        and 1.0 <= h_pt <= _PDF_MAX_PAGE_PT
    ):
        raise DecodeError(f"{label} is a PDF with an unusable page size ({w_pt:g}×{h_pt:g} pt)")
    zoom = _pdf_zoom(w_pt, h_pt, max_pixels)
    if zoom is None:
        raise TooLargeError(f"{label} is a PDF page too large to render within {max_pixels / 1e6:g} MP")
    pix = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), colorspace=pymupdf.csRGB, alpha=False)
    width, height, stride = int(pix.width), int(pix.height), int(pix.stride)
    if pix.n != 3 or width <= 0 or height <= 0 or width * height > max_pixels:
        raise DecodeError(f"{label} is a PDF page that could not be rendered")
    rows = np.frombuffer(pix.samples_mv, dtype=np.uint8).reshape(height, stride)
    pixels = _rgb_to_bgr(rows[:, : width * 3].reshape(height, width, 3))  # a copy: pixmap may go
    del rows, pix, page
    return pixels, w_pt, h_pt


def _pdf_zoom(w_pt: float, h_pt: float, max_pixels: int) -> float | None:
    """Largest zoom ≤ 300 dpi whose rendered size (MuPDF rounds outward) fits the limits."""

    def render_size(z: float) -> tuple[int, int]:
        # MuPDF rounds the transformed box outward; +1 covers a fractional origin.
        return math.ceil(w_pt * z) + 1, math.ceil(h_pt * z) + 1

    zoom = min(
        _PDF_DPI / 72.0,
        math.sqrt(max_pixels / (w_pt * h_pt)),
        _PDF_MAX_SIDE_PX / max(w_pt, h_pt),
    )
    for _ in range(200):
        w, h = render_size(zoom)
        if w * h <= max_pixels and max(w, h) <= _PDF_MAX_SIDE_PX + 1:
            return zoom
        zoom *= 0.995
    return None
