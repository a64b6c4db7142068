"""What the client sends for one image: a name, a declared format and the bytes."""

from __future__ import annotations

from pathlib import Path

from app.contract import ImageInput

FORMAT_OF_SUFFIX = {
    ".jpg": "jpg",
    ".jpeg": "jpg",
    ".png": "png",
    ".pdf": "pdf",
    ".tif": "tiff",
    ".tiff": "tiff",
}
_MAGIC = (
    (b"\xff\xd8\xff", "jpg"),
    (b"\x89PNG", "png"),
    (b"%PDF", "pdf"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
)


def _sniff(data: bytes) -> str:
    for magic, fmt in _MAGIC:
        if data.startswith(magic):
            return fmt
    return "jpg"


def image(
    source: ImageInput | Path | str | bytes,
    name: str | None = None,
    fmt: str | None = None,
    *,
    default_name: str = "image",
) -> ImageInput:
    """An :class:`ImageInput` from a path (its file name; format from its extension) or bytes
    (``default_name``; format sniffed from the magic bytes)."""
    if isinstance(source, ImageInput):
        return source
    if isinstance(source, bytes):
        return ImageInput(name or default_name, fmt or _sniff(source), source)
    path = Path(source)
    data = path.read_bytes()
    return ImageInput(
        name or path.name, fmt or FORMAT_OF_SUFFIX.get(path.suffix.lower()) or _sniff(data), data
    )
