"""Tests for app.engine.imageio: real files from ../shared/data plus images made here."""

from __future__ import annotations

import csv
import io
import struct
import time
import warnings
import zlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import cv2
import numpy as np
import pymupdf
import pytest
from numpy.typing import NDArray
from PIL import Image, ImageFile, ImageOps

from app.engine.errors import (
    DecodeError,
    EngineErrorCode,
    ImageError,
    MultipageError,
    TooLargeError,
    UnsupportedFormatError,
)
from app.engine.imageio import (
    FORMATS,
    MAX_FILE_BYTES,
    LoadedImage,
    load_image,
    load_path,
    normalize_format,
    sniff_format,
)

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
IDCARD = SHARED / "data" / "idcard-dev"
LABEL = "cardImage"


# --------------------------------------------------------------------------- helpers


@pytest.fixture(scope="module")
def idcard() -> Path:
    if not (IDCARD / "cards").is_dir() or not (IDCARD / "bad").is_dir():
        pytest.skip(f"shared test data not found at {IDCARD} (needs ../shared/data/idcard-dev)")
    return IDCARD


def _first_card(idcard: Path, ext: str) -> Path:
    files = sorted((idcard / "cards").glob(f"*.{ext}"))
    if not files:
        pytest.skip(f"no .{ext} card in {idcard / 'cards'}")
    return files[0]


def _assert_clean(err: ImageError, label: str = LABEL, data: bytes | None = None) -> None:
    """The message names the image and holds no bytes, no repr of bytes, no traceback."""
    msg = err.message
    assert label in msg
    assert str(err) == msg
    assert "\\x" not in msg and "b'" not in msg and 'b"' not in msg
    assert "Traceback" not in msg and len(msg) < 300
    assert err.__cause__ is None
    if data is not None and len(data) >= 8:
        assert data[:8].decode("latin-1") not in msg


def _png(im: Image.Image, **params: object) -> bytes:
    buf = io.BytesIO()
    im.save(buf, "PNG", **params)
    return buf.getvalue()


def _jpeg(im: Image.Image, **params: object) -> bytes:
    buf = io.BytesIO()
    im.save(buf, "JPEG", **params)
    return buf.getvalue()


def _tiff(im: Image.Image, **params: object) -> bytes:
    buf = io.BytesIO()
    im.save(buf, "TIFF", **params)
    return buf.getvalue()


def _pdf(*pages: tuple[float, float]) -> bytes:
    doc = pymupdf.open()
    for w, h in pages:
        doc.new_page(width=w, height=h)
    return bytes(doc.tobytes())


def _png_chunk(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG whose IHDR claims ``width``×``height`` RGB, with a tiny IDAT: a pixel bomb."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", ihdr)
        + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + _png_chunk(b"IEND", b"")
    )


def _tiff_header_only(width: int, height: int) -> bytes:
    """A little-endian baseline TIFF claiming ``width``×``height`` grey, with one data byte."""
    n = 9
    data_offset = 8 + 2 + 12 * n + 4
    entries = [
        (256, 4, width),  # ImageWidth
        (257, 4, height),  # ImageLength
        (258, 3, 8),  # BitsPerSample
        (259, 3, 1),  # Compression: none
        (262, 3, 1),  # Photometric: min-is-black
        (273, 4, data_offset),  # StripOffsets
        (277, 3, 1),  # SamplesPerPixel
        (278, 4, height),  # RowsPerStrip
        (279, 4, 1),  # StripByteCounts
    ]
    ifd = struct.pack("<H", n) + b"".join(struct.pack("<HHII", t, typ, 1, v) for t, typ, v in entries)
    return b"II*\x00" + struct.pack("<I", 8) + ifd + struct.pack("<I", 0) + b"\x00"


def _jpeg_claiming(width: int, height: int) -> bytes:
    """A small real JPEG whose SOF0 header is patched to claim ``width``×``height``."""
    data = bytearray(_jpeg(Image.new("RGB", (16, 16), (10, 20, 30))))
    sof = data.find(b"\xff\xc0")
    assert sof > 0
    struct.pack_into(">HH", data, sof + 5, height, width)
    return bytes(data)


def _pattern_rgb(w: int = 48, h: int = 32) -> Image.Image:
    """An asymmetric colour pattern: every flip and rotation gives a different image."""
    a = np.zeros((h, w, 3), np.uint8)
    a[: h // 2, : w // 2] = (230, 30, 30)
    a[: h // 2, w // 2 :] = (30, 200, 30)
    a[h // 2 :, : w // 2] = (30, 30, 220)
    a[h // 2 :, w // 2 :] = (240, 240, 40)
    a[2:6, 2 : w // 3] = (255, 255, 255)
    return Image.fromarray(a, "RGB")


def _bgr(im: Image.Image) -> NDArray[np.uint8]:
    return np.asarray(cv2.cvtColor(np.asarray(im.convert("RGB")), cv2.COLOR_RGB2BGR), dtype=np.uint8)


def _assert_bgr(li: LoadedImage) -> None:
    px = li.pixels
    assert px.dtype == np.uint8 and px.ndim == 3 and px.shape[2] == 3
    assert px.flags.c_contiguous and px.flags.writeable
    assert (li.width, li.height) == (px.shape[1], px.shape[0])
    assert li.pages == 1


# --------------------------------------------------------------------------- real files


BAD_EXPECTED: dict[str, type[ImageError]] = {
    "truncated.jpg": DecodeError,
    "two_pages.pdf": MultipageError,
    "two_pages.tif": MultipageError,
    "not_an_image.jpg": UnsupportedFormatError,
}


@pytest.mark.data
def test_every_bad_file_raises_its_typed_error(idcard: Path) -> None:
    with (idcard / "bad" / "index.csv").open(encoding="utf-8") as f:
        listed = [row["file"] for row in csv.DictReader(f)]
    assert sorted(listed) == sorted(BAD_EXPECTED), "bad/index.csv changed: update BAD_EXPECTED"
    for name in listed:
        path = idcard / "bad" / name
        data = path.read_bytes()
        with pytest.raises(BAD_EXPECTED[name]) as info:
            load_path(path)
        _assert_clean(info.value, label=name, data=data)
        with pytest.raises(BAD_EXPECTED[name]) as info:  # same verdict from bytes + declared format
            load_image(data, path.suffix[1:], label=LABEL)
        _assert_clean(info.value, data=data)
    with pytest.raises(MultipageError, match="2 pages"):
        load_path(idcard / "bad" / "two_pages.pdf")


@pytest.mark.data
@pytest.mark.parametrize("ext", ["jpg", "png", "pdf", "tif"])
def test_real_cards_of_each_format_load_as_bgr(idcard: Path, ext: str) -> None:
    path = _first_card(idcard, ext)
    li = load_path(path)
    _assert_bgr(li)
    assert li.format == {"jpg": "jpg", "png": "png", "pdf": "pdf", "tif": "tiff"}[ext]
    if ext == "pdf":  # A4 at 300 dpi
        assert li.source_size == (595, 842)
        assert abs(li.width - 2480) <= 2 and abs(li.height - 3508) <= 2
    elif ext in ("jpg", "png"):  # same pixels and channel order as OpenCV's own reader
        ref = cv2.imread(str(path), cv2.IMREAD_COLOR)
        assert ref is not None and ref.shape == li.pixels.shape
        assert float(np.abs(ref.astype(np.int16) - li.pixels).mean()) < 1.0


@pytest.mark.data
def test_exif_rotated_card_comes_out_upright(idcard: Path) -> None:
    rotated: tuple[Path, int] | None = None
    for path in sorted((idcard / "cards").glob("*.jpg")):
        with Image.open(path) as im:  # header only: cheap
            orientation = im.getexif().get(0x0112, 1)
        if orientation in (6, 8):
            rotated = (path, orientation)
            break
    if rotated is None:
        pytest.skip("no EXIF-rotated (Orientation 6/8) card found")
    path, orientation = rotated
    li = load_path(path)
    _assert_bgr(li)
    assert li.exif_orientation == orientation
    assert (li.width, li.height) == (li.source_size[1], li.source_size[0])
    ref = cv2.imread(str(path), cv2.IMREAD_COLOR)  # OpenCV applies EXIF orientation too
    assert ref is not None and ref.shape == li.pixels.shape
    assert float(np.abs(ref.astype(np.int16) - li.pixels).mean()) < 1.0


@pytest.mark.data
@pytest.mark.filterwarnings("ignore:Corrupt EXIF data:UserWarning")  # Pillow, on the cut-off IFD
def test_truncated_real_png_and_tiff_are_decode_errors(idcard: Path) -> None:
    for ext in ("png", "tif"):
        data = _first_card(idcard, ext).read_bytes()
        cut = data[: len(data) * 2 // 3]
        with pytest.raises(DecodeError) as info:
            load_image(cut, ext, label=LABEL)
        _assert_clean(info.value, data=cut)


@pytest.mark.data
def test_concurrent_loads_give_the_serial_results(idcard: Path) -> None:
    paths = [_first_card(idcard, ext) for ext in ("jpg", "png", "tif", "pdf")]
    serial = {p: load_path(p).pixels for p in paths}
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda p: (p, load_path(p).pixels), paths * 3))
    for p, px in results:
        assert np.array_equal(px, serial[p])


# --------------------------------------------------------------------------- formats and sniffing


def test_normalize_format_aliases_and_refusals() -> None:
    assert set(FORMATS) >= {"jpg", "jpeg", "png", "pdf", "tiff", "tif"}
    for given, expected in [
        ("jpg", "jpg"),
        ("JPEG", "jpg"),
        ("Jpg", "jpg"),
        ("png", "png"),
        ("PDF", "pdf"),
        ("tif", "tiff"),
        ("TIFF", "tiff"),
    ]:
        assert normalize_format(given) == expected
    with pytest.raises(UnsupportedFormatError) as info:
        normalize_format("gif", label=LABEL)
    assert "'gif'" in info.value.message and LABEL in info.value.message
    assert info.value.code is EngineErrorCode.UNSUPPORTED_FORMAT


def test_sniff_format() -> None:
    pdf = _pdf((100, 100))
    assert sniff_format(_jpeg(_pattern_rgb())) == "jpg"
    assert sniff_format(_png(_pattern_rgb())) == "png"
    assert sniff_format(_tiff(_pattern_rgb())) == "tiff"
    assert sniff_format(_tiff(_pattern_rgb(), big_tiff=True)) == "tiff"
    assert sniff_format(pdf) == "pdf"
    assert sniff_format(b"\xef\xbb\xbf  \r\n" + pdf) == "pdf"
    assert sniff_format(b"GIF89a" + b"\x00" * 20) is None
    assert sniff_format(b"hello %PDF-1.7") is None
    assert sniff_format(b"") is None


def test_declared_format_aliases_are_accepted() -> None:
    im = _pattern_rgb()
    assert load_image(_jpeg(im), "JPEG").format == "jpg"
    assert load_image(_jpeg(im), "jpg").format == "jpg"
    assert load_image(_tiff(im), "tif").format == "tiff"
    assert load_image(_tiff(im), "TIFF").format == "tiff"
    assert load_image(_png(im), "PNG").format == "png"
    assert load_image(_png(im)).format == "png"  # None: sniffed


def test_bigtiff_loads() -> None:
    im = _pattern_rgb()
    li = load_image(_tiff(im, big_tiff=True), "tiff")
    assert np.array_equal(li.pixels, _bgr(im))


def test_pdf_with_leading_bom_and_whitespace_loads() -> None:
    li = load_image(b"\xef\xbb\xbf \n" + _pdf((72, 72)), "pdf", label=LABEL)
    assert li.format == "pdf" and (li.width, li.height) == (300, 300)


# --------------------------------------------------------------------------- refusals


def test_zero_bytes_is_a_decode_error() -> None:
    with pytest.raises(DecodeError) as info:
        load_image(b"", "jpg", label=LABEL)
    assert info.value.message == f"{LABEL} is empty"


def test_text_declared_as_jpg_is_unsupported() -> None:
    data = b"This is not an image, just text.\n"
    with pytest.raises(UnsupportedFormatError) as info:
        load_image(data, "jpg", label=LABEL)
    _assert_clean(info.value, data=data)
    with pytest.raises(UnsupportedFormatError):
        load_image(data, None, label=LABEL)


def test_png_declared_as_jpg_is_a_mismatch() -> None:
    data = _png(_pattern_rgb())
    with pytest.raises(UnsupportedFormatError) as info:
        load_image(data, "jpg", label=LABEL)
    assert info.value.message == f"{LABEL} was declared as jpg but its bytes are PNG"
    _assert_clean(info.value, data=data)


def test_unknown_declared_format_is_unsupported() -> None:
    with pytest.raises(UnsupportedFormatError) as info:
        load_image(_png(_pattern_rgb()), "gif", label=LABEL)
    _assert_clean(info.value)
    with pytest.raises(UnsupportedFormatError) as info:
        load_image(b"\x00\x01", "\x00\xff" * 50, label=LABEL)  # hostile format string
    _assert_clean(info.value)


@pytest.mark.parametrize(
    ("make", "fmt"),
    [(_png_header_only, "png"), (_jpeg_claiming, "jpg"), (_tiff_header_only, "tiff")],
)
def test_pixel_bomb_is_refused_from_the_header(make: Callable[[int, int], bytes], fmt: str) -> None:
    data = make(60000, 60000)
    assert sniff_format(data) == fmt
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no DecompressionBombWarning either
        with pytest.raises(TooLargeError) as info:
            load_image(data, fmt, label=LABEL)
    assert time.perf_counter() - start < 0.5
    assert info.value.message == f"{LABEL} is 60000×60000 pixels (3600.0 MP); the limit is 40 MP"
    assert info.value.code is EngineErrorCode.PAYLOAD_TOO_LARGE
    _assert_clean(info.value, data=data)


def test_pillow_bomb_limit_is_never_a_warning() -> None:
    # 100 MP: above Pillow's warning limit (~89.5 MP), below its error limit. Even when the
    # caller allows more, Pillow's stricter process-wide limit wins, as our error.
    data = _png_header_only(10000, 10000)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(TooLargeError) as info:
            load_image(data, "png", label=LABEL, max_pixels=500_000_000)
    assert "10000×10000" in info.value.message


def test_custom_max_pixels() -> None:
    data = _png(Image.new("RGB", (100, 100)))
    with pytest.raises(TooLargeError):
        load_image(data, "png", label=LABEL, max_pixels=9_999)
    assert load_image(data, "png", max_pixels=10_000).width == 100


def test_two_page_pdf_is_multipage() -> None:
    with pytest.raises(MultipageError) as info:
        load_image(_pdf((595, 842), (595, 842)), "pdf", label=LABEL)
    assert info.value.message == f"{LABEL} is a PDF with 2 pages; send exactly one page"
    assert info.value.code is EngineErrorCode.MULTIPAGE_NOT_SUPPORTED


def test_two_frame_tiff_is_multipage() -> None:
    first, second = _pattern_rgb(), Image.new("RGB", (48, 32), (1, 2, 3))
    data = _tiff(first, save_all=True, append_images=[second])
    with pytest.raises(MultipageError) as info:
        load_image(data, "tiff", label=LABEL)
    assert "TIFF with 2 pages" in info.value.message
    _assert_clean(info.value, data=data)


def test_password_protected_pdf_is_a_decode_error() -> None:
    doc = pymupdf.open()
    doc.new_page()
    aes256 = pymupdf.PDF_ENCRYPT_AES_256  # type: ignore[attr-defined]  # set at runtime
    data = bytes(doc.tobytes(encryption=aes256, user_pw="u", owner_pw="o"))
    with pytest.raises(DecodeError) as info:
        load_image(data, "pdf", label=LABEL)
    assert "password" in info.value.message
    _assert_clean(info.value, data=data)


def test_pdf_without_pages_or_with_broken_body_is_a_decode_error() -> None:
    empty = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    for data in (empty, b"%PDF-1.7\n" + b"\x00garbage" * 10):
        with pytest.raises(DecodeError) as info:
            load_image(data, "pdf", label=LABEL)
        _assert_clean(info.value, data=data)


def test_absurd_pdf_page_size_is_refused_before_rendering() -> None:
    with pytest.raises(DecodeError) as info:
        load_image(_pdf((30000, 100)), "pdf", label=LABEL)
    assert "page size" in info.value.message


def test_corrupt_png_is_a_decode_error() -> None:
    noise = np.random.default_rng(0).integers(0, 256, (100, 100, 3), dtype=np.uint8)
    data = bytearray(_png(Image.fromarray(noise, "RGB")))
    idat = data.find(b"IDAT")
    data[idat + 5000 : idat + 5020] = b"\xa5" * 20  # inside the deflate stream
    with pytest.raises(DecodeError) as info:
        load_image(bytes(data), "png", label=LABEL)
    _assert_clean(info.value, data=bytes(data))


def test_truncated_jpeg_is_caught_even_with_an_eoi_in_a_header_segment() -> None:
    good = _jpeg(_pattern_rgb(256, 256), quality=95)
    # A COM segment holding FF D9 (as an EXIF thumbnail would) right after SOI.
    comment = b"thumb\xff\xd9thumb"
    with_comment = good[:2] + b"\xff\xfe" + struct.pack(">H", len(comment) + 2) + comment + good[2:]
    assert load_image(with_comment, "jpg").width == 256
    with pytest.raises(DecodeError) as info:
        load_image(with_comment[: len(with_comment) // 2], "jpg", label=LABEL)
    _assert_clean(info.value)


def test_jpeg_with_trailing_bytes_after_eoi_loads() -> None:
    data = _jpeg(_pattern_rgb()) + b"\x00" * 100 + b"trailer"
    assert load_image(data, "jpg").width == 48


def test_truncated_leniency_elsewhere_in_the_process_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    with pytest.raises(RuntimeError, match="LOAD_TRUNCATED_IMAGES"):
        load_image(_png(_pattern_rgb()), "png")


# --------------------------------------------------------------------------- orientation


@pytest.mark.parametrize("orientation", range(1, 9))
def test_exif_orientation_matches_pillow_exif_transpose(orientation: int) -> None:
    im = _pattern_rgb()
    exif = Image.Exif()
    exif[0x0112] = orientation
    for data, fmt in ((_jpeg(im, quality=95, subsampling=0, exif=exif), "jpg"), (_png(im, exif=exif), "png")):
        with Image.open(io.BytesIO(data)) as opened:
            reference = _bgr(ImageOps.exif_transpose(opened))
        li = load_image(data, fmt)
        assert li.exif_orientation == orientation
        assert li.source_size == (48, 32)
        assert li.pixels.shape == reference.shape
        assert float(np.abs(li.pixels.astype(np.int16) - reference).mean()) < 2.0, fmt


def test_tiff_orientation_tag_is_applied() -> None:
    im = _pattern_rgb()
    for orientation in range(1, 9):
        data = _tiff(im, tiffinfo={0x0112: orientation})
        with Image.open(io.BytesIO(data)) as opened:
            opened.load()  # Pillow's TIFF loader applies the tag itself
            reference = _bgr(opened)
        li = load_image(data, "tiff")
        assert li.exif_orientation == orientation
        assert li.source_size == (48, 32)
        assert np.array_equal(li.pixels, reference), orientation
    li = load_image(_tiff(im, tiffinfo={0x0112: 6}), "tiff")
    assert np.array_equal(li.pixels, cv2.rotate(_bgr(im), cv2.ROTATE_90_CLOCKWISE))


# --------------------------------------------------------------------------- colour layouts


def test_cmyk_jpeg_becomes_bgr() -> None:
    data = _jpeg(Image.new("CMYK", (32, 24), (0, 255, 255, 0)), quality=95)  # red
    li = load_image(data, "jpg")
    _assert_bgr(li)
    assert np.abs(li.pixels.astype(np.int16) - (0, 0, 255)).max() <= 6


def test_grayscale_jpeg_becomes_three_equal_channels() -> None:
    li = load_image(_jpeg(Image.new("L", (40, 30), 200), quality=95), "jpg")
    _assert_bgr(li)
    px = li.pixels.astype(np.int16)
    assert np.array_equal(px[..., 0], px[..., 1]) and np.array_equal(px[..., 1], px[..., 2])
    assert abs(int(px.mean()) - 200) <= 2


def test_16bit_grayscale_png_is_scaled_not_clipped() -> None:
    gray = np.zeros((4, 6), np.uint16)
    gray[0, :4] = (0xFFFF, 0xFF00, 0x8000, 0x00FF)
    ok, enc = cv2.imencode(".png", gray)
    assert ok
    li = load_image(enc.tobytes(), "png")
    _assert_bgr(li)
    assert li.pixels[0, :4, 0].tolist() == [255, 255, 128, 0]
    assert np.array_equal(li.pixels[..., 0], li.pixels[..., 2])


def test_16bit_rgb_png_keeps_channel_order() -> None:
    bgr16 = np.zeros((5, 7, 3), np.uint16)
    bgr16[..., 0] = 0xFFFF  # blue
    bgr16[..., 1] = 0x8000
    bgr16[..., 2] = 0x1000
    ok, enc = cv2.imencode(".png", bgr16)  # OpenCV writes BGR input as a 48-bit RGB PNG
    assert ok
    li = load_image(enc.tobytes(), "png")
    _assert_bgr(li)
    assert li.pixels[0, 0].tolist() == [255, 128, 16]


def test_rgba_png_transparency_becomes_white() -> None:
    a = np.zeros((10, 10, 4), np.uint8)
    a[:, :5] = (0, 0, 255, 255)  # opaque blue (RGBA)
    a[:, 5:] = (255, 0, 0, 0)  # fully transparent red
    a[0, 9] = (0, 0, 0, 128)  # half-transparent black
    li = load_image(_png(Image.fromarray(a, "RGBA")), "png", label=LABEL)
    _assert_bgr(li)
    assert li.pixels[5, 2].tolist() == [255, 0, 0]  # blue, in BGR
    assert li.pixels[5, 7].tolist() == [255, 255, 255]
    assert all(abs(v - 127) <= 1 for v in li.pixels[0, 9].tolist())


def test_gray_alpha_png_transparency_becomes_white() -> None:
    la = Image.fromarray(np.dstack([np.full((6, 6), 30, np.uint8), np.zeros((6, 6), np.uint8)]), "LA")
    li = load_image(_png(la), "png")
    assert li.pixels.min() == 255


def test_palette_png_with_and_without_transparency() -> None:
    p = Image.new("P", (8, 8), 0)
    p.putpalette([255, 0, 0, 0, 255, 0] + [0] * 762)  # 0 = red, 1 = green
    p.paste(1, (0, 0, 4, 8))
    plain = load_image(_png(p), "png")
    assert plain.pixels[0, 0].tolist() == [0, 255, 0] and plain.pixels[0, 7].tolist() == [0, 0, 255]
    see_through = load_image(_png(p, transparency=0), "png")
    assert see_through.pixels[0, 0].tolist() == [0, 255, 0]
    assert see_through.pixels[0, 7].tolist() == [255, 255, 255]


@pytest.mark.parametrize("mode", ["1", "L", "I", "F", "CMYK", "RGBA", "LA", "I;16"])
def test_tiff_modes_become_bgr(mode: str) -> None:
    im = Image.new(mode, (12, 9), 1 if mode in ("1", "F") else 0)
    if mode in ("RGBA", "LA"):
        im = Image.new(mode, (12, 9))  # fully transparent
    li = load_image(_tiff(im), "tiff")
    _assert_bgr(li)
    expected = 255 if mode in ("1", "F", "RGBA", "LA", "CMYK") else 0
    assert int(li.pixels.min()) == int(li.pixels.max()) == expected, mode


# --------------------------------------------------------------------------- PDF rendering


def test_pdf_is_rendered_at_300_dpi_in_bgr_without_alpha() -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=144, height=72)  # 2 × 1 inch
    page.draw_rect(pymupdf.Rect(0, 0, 72, 72), color=(1, 0, 0), fill=(1, 0, 0))  # left half red
    li = load_image(bytes(doc.tobytes()), "pdf", label=LABEL)
    _assert_bgr(li)
    assert (li.width, li.height) == (600, 300)
    assert li.source_size == (144, 72) and li.exif_orientation == 1
    assert li.pixels[150, 100].tolist() == [0, 0, 255]
    assert li.pixels[150, 500].tolist() == [255, 255, 255]  # page background, not transparent black


def test_pdf_page_over_the_pixel_cap_is_rendered_below_it() -> None:
    data = _pdf((2000, 2400))  # 300 dpi would be 8334×10000 = 83 MP
    li = load_image(data, "pdf", label=LABEL)
    assert li.width * li.height <= 40_000_000
    assert li.width * li.height > 39_000_000
    assert abs(li.width / li.height - 2000 / 2400) < 0.01
    small = load_image(_pdf((595, 842)), "pdf", max_pixels=1_000_000)
    assert 950_000 < small.width * small.height <= 1_000_000


# --------------------------------------------------------------------------- load_path


def test_load_path_infers_the_format_from_the_extension(tmp_path: Path) -> None:
    im = _pattern_rgb()
    cases = {
        "a.jpeg": _jpeg(im),
        "b.JPG": _jpeg(im),
        "c.png": _png(im),
        "d.TIF": _tiff(im),
        "e.tiff": _tiff(im),
        "f.pdf": _pdf((72, 72)),
        "g.bin": _png(im),  # unknown extension: sniffed
    }
    expected = {"a": "jpg", "b": "jpg", "c": "png", "d": "tiff", "e": "tiff", "f": "pdf", "g": "png"}
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        assert load_path(path).format == expected[name[0]]
        assert load_path(str(path)).format == expected[name[0]]
    wrong = tmp_path / "photo.jpg"
    wrong.write_bytes(_png(im))
    with pytest.raises(UnsupportedFormatError) as info:
        load_path(wrong)
    assert info.value.message == "photo.jpg was declared as jpg but its bytes are PNG"
    with pytest.raises(UnsupportedFormatError) as info:
        load_path(wrong, label=LABEL)
    _assert_clean(info.value)


def test_load_path_refuses_a_huge_file_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.jpg"
    with path.open("wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)  # sparse: nothing is written
    start = time.perf_counter()
    with pytest.raises(TooLargeError) as info:
        load_path(path)
    assert time.perf_counter() - start < 0.5
    assert info.value.message == "huge.jpg is 64.0 MiB; the limit is 64 MiB"
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    with pytest.raises(DecodeError) as empty_info:
        load_path(empty)
    assert empty_info.value.message == "empty.png is empty"


def test_pdf_scans_leave_no_memory_behind() -> None:
    """A server reads thousands of scans: MuPDF's cache of what it decoded (up to 256 MB a
    process, kept for reuse no scan gets) is emptied after each. 12 scans read 3 times each
    grew a process by 149 MB before; the limit leaves room for the allocator's own noise."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "-m", "tests.engine.pdf_memory", "12"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    assert int(out.stdout.strip()) < 40, out.stdout
