"""Single-page PDF: the page rendered at 300 dpi, lowered so the render fits the pixel limit.

PyMuPDF is not thread-safe, so PDF work is serialised by a module-level lock. MuPDF's cache
of decoded objects is emptied after each scan, so a long-running server does not carry it.
"""

from __future__ import annotations

import math
import threading
from typing import Final

import numpy as np
import pymupdf
from numpy.typing import NDArray

from app.engine.errors import DecodeError, ImageError, MultipageError, TooLargeError
from app.engine.imageio.colour import rgb_to_bgr
from app.engine.imageio.formats import LoadedImage

_PDF_DPI: Final = 300.0
_PDF_MAX_PAGE_PT: Final = 14_400.0  # the largest page the PDF spec allows (200 in)
_PDF_MAX_SIDE_PX: Final = 16_384  # keeps long thin pages usable by OpenCV
_PDF_LOCK: Final = threading.Lock()  # PyMuPDF must not be used from two threads at once


def load_pdf(data: bytes, label: str, max_pixels: int) -> LoadedImage:
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
        finally:
            # MuPDF keeps what it decoded (the page's images, fonts) in a process-wide store of
            # up to 256 MB for reuse; no scan is opened twice, so a server would only carry it
            # (about 12 MB per ID-card scan, 300 MB per process after a few dozen)
            pymupdf.TOOLS.store_shrink(100)
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
    pixels = rgb_to_bgr(rows[:, : width * 3].reshape(height, width, 3))  # a copy: pixmap may go
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
