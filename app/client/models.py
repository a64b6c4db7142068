"""Typed responses; attribute names are the wire's, unknown fields are kept (``extra="allow"``)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, PrivateAttr


class _Wire(BaseModel):
    model_config = ConfigDict(extra="allow")


class _Answer(_Wire):
    _raw: bytes = PrivateAttr(default=b"")

    @property
    def raw(self) -> bytes:
        """The response body exactly as received (the server's serializer bytes)."""
        return self._raw


class Vertex(_Wire):
    x: float
    y: float


class BoundingPoly(_Wire):
    vertices: list[Vertex]


class Landmark(_Wire):
    type: str
    position: list[float]


class EulerAngle(_Wire):
    pitch: float
    roll: float
    yaw: float
    pose: str


class MaskOption(_Wire):
    isWearing: bool
    probability: float | None = None


class Attributes(_Wire):
    eulerAngle: EulerAngle
    maskOption: MaskOption | None = None


class Quality(_Wire):
    faceSizePx: float
    sharpness: float | None = None
    brightness: float | None = None


class Face(_Wire):
    boundingPoly: BoundingPoly
    boundingBox: list[Vertex] | None = None
    confidence: float
    landmark: list[Landmark]
    alignedImage: str = ""
    attributes: Attributes
    feature: list[float]
    source: str | None = None
    quality: Quality | None = None


class Verification(_Wire):
    decision: Literal["MATCH", "NO_MATCH", "REVIEW"]
    threshold: float
    reviewBand: list[float]
    engine: str
    modelPack: str
    elapsedMs: int


class CompareResult(_Answer):
    """A SUCCESS answer of ``/compare``."""

    requestId: str
    uid: str
    timestamp: int
    result: Literal["SUCCESS"]
    message: str = "Success"
    similarity: float
    similarityPercentage: float | None = None
    faces: list[Face]
    verification: Verification | None = None


class ErrorBody(_Answer):
    """The error envelope (``errorCode`` is absent when the server runs in strict mode)."""

    requestId: str | None = None
    uid: str | None = None
    timestamp: int | None = None
    result: Literal["ERROR"] = "ERROR"
    message: str = ""
    errorCode: str | None = None
    faces: list[Face] | None = None
