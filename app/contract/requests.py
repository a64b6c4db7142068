"""The ``/compare`` request: JSON body, multipart ``message``, and the one image type both carry.

The server validates with these models (and the OpenAPI shows them); the client builds its
requests from them, without validation, so a server can judge whatever the caller sent.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

#: what the OpenAPI lists for ``format`` (the server also accepts any letter case)
FORMAT_ENUM = ["jpg", "jpeg", "png", "pdf", "tiff", "tif", "JPG", "JPEG", "PNG", "PDF", "TIFF", "TIF"]
REQUEST_ID_PATTERN = r"^[!-~]{1,128}$"
#: names of the two images: the JSON fields and the multipart file parts
CARD, FACE = "cardImage", "faceImage"

RequestId = Annotated[
    str,
    Field(
        pattern=REQUEST_ID_PATTERN,
        min_length=1,
        max_length=128,
        description="1–128 printable ASCII characters, no white space; not reusable for 10 minutes.",
        examples=["request-001"],
    ),
]
Name = Annotated[str, Field(min_length=1, max_length=256, description="Caller's label for the image.")]
Format = Annotated[
    str,
    Field(
        description="jpg | jpeg | png | pdf | tiff (case-insensitive; tif = tiff).",
        json_schema_extra={"enum": FORMAT_ENUM},
    ),
]


@dataclass(frozen=True, slots=True)
class ImageInput:
    """One image as the API carries it: the caller's label, the declared format and the bytes."""

    name: str
    format: str
    data: bytes


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="ignore")


class ImageMeta(_Strict):
    """An image's label and declared format (the multipart ``message``)."""

    name: Name
    format: Format


class ImageData(ImageMeta):
    """An image sent inside JSON."""

    data: Annotated[
        str,
        Field(
            min_length=1,
            description="Base64 of the file's bytes (standard alphabet; a data: URL prefix is tolerated).",
        ),
    ]


class CompareRequest(_Strict):
    """``application/json`` body of ``/compare``."""

    requestId: RequestId
    cardImage: ImageData
    faceImage: ImageData


class CompareMessage(_Strict):
    """The ``message`` part of a ``multipart/form-data`` request."""

    requestId: RequestId
    cardImage: ImageMeta
    faceImage: ImageMeta


def compare_request(request_id: str, card: ImageInput, face: ImageInput) -> CompareRequest:
    """The JSON body for ``card`` and ``face`` (not validated: the server judges it)."""

    def data(image: ImageInput) -> ImageData:
        encoded = base64.b64encode(image.data).decode()
        return ImageData.model_construct(name=image.name, format=image.format, data=encoded)

    return CompareRequest.model_construct(requestId=request_id, cardImage=data(card), faceImage=data(face))


def compare_message(request_id: str, card: ImageInput, face: ImageInput) -> CompareMessage:
    """The multipart ``message`` for ``card`` and ``face`` (their bytes go in the file parts)."""

    def meta(image: ImageInput) -> ImageMeta:
        return ImageMeta.model_construct(name=image.name, format=image.format)

    return CompareMessage.model_construct(requestId=request_id, cardImage=meta(card), faceImage=meta(face))
