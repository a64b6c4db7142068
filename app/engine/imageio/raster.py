"""JPEG, PNG and TIFF: header checks, full decode, EXIF orientation, integrity checks."""

from __future__ import annotations

import io
import zlib
from typing import Final

import cv2
import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageFile, JpegImagePlugin, PngImagePlugin, TiffImagePlugin

from app.engine.errors import DecodeError, MultipageError
from app.engine.imageio.colour import pil_to_bgr
from app.engine.imageio.formats import LoadedImage
from app.engine.imageio.limits import check_pixels, pixel_limit

_ORIENTATIONS: Final = frozenset(range(1, 9))  # valid EXIF Orientation values


def load_raster(data: bytes, fmt: str, label: str, max_pixels: int) -> LoadedImage:
    """JPEG, PNG, TIFF: header → page and size checks → full decode → upright BGR."""
    # The plugin classes are used directly rather than Image.open(): they parse only the
    # header, exactly like Image.open, but skip its decompression-bomb warning, because our
    # own (stricter, per-call) check below must come first. See limits.pixel_limit.
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
        check_pixels(width, height, pixel_limit(max_pixels), label)
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
            pixels = pil_to_bgr(im)
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
