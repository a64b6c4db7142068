"""The entry points: bytes, a file or decoded pixels → a :class:`LoadedImage`, or a typed error."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from PIL import Image

from app.engine.errors import DecodeError, ImageError, TooLargeError, UnsupportedFormatError
from app.engine.imageio.formats import (
    DISPLAY,
    EXTENSIONS,
    RAW_FORMAT,
    LoadedImage,
    normalize_format,
    sniff_format,
)
from app.engine.imageio.limits import (
    DEFAULT_MAX_PIXELS,
    MAX_FILE_BYTES,
    check_pixels,
    file_too_large,
    pixel_limit,
    require_strict_pillow,
)
from app.engine.imageio.pdf import load_pdf
from app.engine.imageio.raster import load_raster


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
            f"{label} was declared as {declared} but its bytes are {DISPLAY[sniffed]}"
        )
    require_strict_pillow()
    try:
        if sniffed == "pdf":
            return load_pdf(data, label, max_pixels)
        return load_raster(data, sniffed, label, max_pixels)
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
            f"{label} is not a valid {DISPLAY[sniffed]} file (truncated or corrupt data)"
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
    check_pixels(width, height, pixel_limit(max_pixels), label)
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
    declared = EXTENSIONS.get(p.suffix.lower())
    with p.open("rb") as f:
        size = os.fstat(f.fileno()).st_size
        if size > MAX_FILE_BYTES:
            raise TooLargeError(file_too_large(name, size))
        data = f.read(MAX_FILE_BYTES + 1)  # st_size can lie (pipes, growing files)
    if len(data) > MAX_FILE_BYTES:
        raise TooLargeError(file_too_large(name, len(data)))
    return load_image(data, declared, label=name, max_pixels=max_pixels)
