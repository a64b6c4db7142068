"""The ``/compare`` answers and the ops endpoints' bodies: one set of models for server and client.

CLOVA marks nearly every response field optional, so the models accept answers without them
(our client also reads CLOVA's service) and keep unknown fields (``extra="allow"``). The fields
this server always sends are listed as ``required`` in its OpenAPI by :func:`_server_sends`,
without ``null`` in their type (:data:`Absent`).
Fields documented as extensions are left out when the server runs with ``strict`` compatibility.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

#: ``T | Absent = None``: a reader may find the field missing; this server never sends null
Absent = SkipJsonSchema[None]


def _server_sends(*names: str) -> ConfigDict:
    """Wire config whose JSON schema also requires ``names`` (optional for a reader, always sent here)."""

    def require(schema: dict[str, Any]) -> None:
        wanted = {*schema.get("required", ()), *names}
        schema["required"] = [n for n in schema["properties"] if n in wanted]
        for name in names:
            schema["properties"][name].pop("default", None)

    return ConfigDict(extra="allow", json_schema_extra=require)


class _Wire(BaseModel):
    model_config = ConfigDict(extra="allow")


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
    probability: float | None = Field(default=None, description="Extension: P(mask).")


class Attributes(_Wire):
    model_config = _server_sends("maskOption")

    eulerAngle: EulerAngle
    maskOption: MaskOption | Absent = None


class Quality(_Wire):
    faceSizePx: float
    sharpness: float | None = None
    brightness: float | None = None


class Face(_Wire):
    """One face; ``source`` and ``quality`` are extensions."""

    model_config = _server_sends("boundingBox", "alignedImage")

    boundingPoly: BoundingPoly
    boundingBox: list[Vertex] | Absent = None
    confidence: float
    landmark: list[Landmark]
    alignedImage: str = ""
    attributes: Attributes
    feature: list[float]
    source: str | None = Field(default=None, description="Extension: cardImage or faceImage.")
    quality: Quality | None = Field(default=None, description="Extension: capture quality.")


class Verification(_Wire):
    """Extension: the decision against the pack's calibrated thresholds."""

    decision: Literal["MATCH", "NO_MATCH", "REVIEW"]
    threshold: float
    reviewBand: list[float]
    engine: str
    modelPack: str
    elapsedMs: int
    scoreScale: str | None = Field(
        default=None,
        description="Extension: id of the score mapping that made ``similarity`` from the raw score.",
    )


class CompareResponse(_Wire):
    """The SUCCESS answer of ``/compare``."""

    model_config = _server_sends("message", "similarityPercentage")

    requestId: str
    uid: str
    timestamp: int
    result: Literal["SUCCESS"]
    message: str = "Success"
    similarity: float
    similarityPercentage: float | Absent = None
    rawSimilarity: float | None = Field(
        default=None,
        description="Extension: the model pack's raw score (clipped cosine) before calibration; "
        "``similarity`` is this score through the pack's mapping.",
    )
    faces: list[Face]
    verification: Verification | None = None


class ErrorResponse(_Wire):
    """The error envelope; ``faces`` only for FACE_NOT_FOUND and FACE_TOO_SMALL."""

    model_config = _server_sends("uid", "timestamp", "result", "message")

    requestId: str | None = None
    uid: str | Absent = None
    timestamp: int | Absent = None
    result: Literal["ERROR"] = "ERROR"
    message: str = ""
    errorCode: str | None = Field(default=None, description="Extension: the stable errorCode.")
    faces: list[Face] | None = None


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
