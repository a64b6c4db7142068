"""Pydantic models of the wire format: they validate requests and generate the OpenAPI."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

#: what the OpenAPI lists for ``format`` (the server also accepts any letter case)
FORMAT_ENUM = ["jpg", "jpeg", "png", "pdf", "tiff", "tif", "JPG", "JPEG", "PNG", "PDF", "TIFF", "TIF"]
REQUEST_ID_PATTERN = r"^[!-~]{1,128}$"

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


class CompareMultipart(BaseModel):
    """``multipart/form-data`` body of ``/compare`` (documentation only)."""

    message: str = Field(description="CompareMessage as JSON text.")
    cardImage: bytes = Field(description="The ID card file as it is.")
    faceImage: bytes = Field(description="The live photo file as it is.")


# ----------------------------------------------------------------------------- responses


class Vertex(BaseModel):
    x: float
    y: float


class BoundingPoly(BaseModel):
    vertices: list[Vertex]


class Landmark(BaseModel):
    type: str
    position: list[float]


class EulerAngle(BaseModel):
    pitch: float
    roll: float
    yaw: float
    pose: str


class MaskOption(BaseModel):
    isWearing: bool
    probability: float | None = None


class Attributes(BaseModel):
    eulerAngle: EulerAngle
    maskOption: MaskOption


class Quality(BaseModel):
    faceSizePx: float
    sharpness: float | None = None
    brightness: float | None = None


class FaceOut(BaseModel):
    """One face; ``source`` and ``quality`` are extensions."""

    boundingPoly: BoundingPoly
    boundingBox: list[Vertex]
    confidence: float
    landmark: list[Landmark]
    alignedImage: str
    attributes: Attributes
    feature: list[float]
    source: str | None = None
    quality: Quality | None = None


class Verification(BaseModel):
    """Extension: the decision against the pack's calibrated thresholds."""

    decision: Literal["MATCH", "NO_MATCH", "REVIEW"]
    threshold: float
    reviewBand: list[float]
    engine: str
    modelPack: str
    elapsedMs: int


class CompareResponse(BaseModel):
    requestId: str
    uid: str
    timestamp: int
    result: Literal["SUCCESS"]
    message: str
    similarity: float
    similarityPercentage: float
    faces: list[FaceOut]
    verification: Verification | None = None


class ErrorResponse(BaseModel):
    """The error envelope; ``faces`` only for FACE_NOT_FOUND and FACE_TOO_SMALL."""

    requestId: str | None = None
    uid: str
    timestamp: int
    result: Literal["ERROR"]
    message: str
    errorCode: str | None = None
    faces: list[FaceOut] | None = None


class Health(BaseModel):
    status: str


class Ready(BaseModel):
    status: str
    modelPack: str | None = None
    requestStore: str
    detail: str | None = None


class VersionInfo(BaseModel):
    app: str
    engine: str
    modelPack: dict[str, Any] | None = None
    api: str
