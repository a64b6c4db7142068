"""Where a comparison runs (Qt-free): the engine in this process, or an API server.

Both give the same ``CompareView``, so the screen draws a local and a remote result alike.
"""

from __future__ import annotations

import base64
import time
from dataclasses import dataclass, field
from typing import Any, Protocol

import cv2
import numpy as np

from app.engine.crops import encode_png
from app.engine.types import Comparison, Face, Landmark, Pose, Quality, Thresholds


@dataclass(frozen=True, slots=True)
class FaceView:
    """One face as the screen shows it (coordinates in its original image's pixels).

    Shaped like the engine's ``Face`` (``box``, ``landmarks``, ``pose``, ``is_wearing_mask``,
    ``quality``, ``aligned_png``): a case is built from it as from an engine result
    (:mod:`app.cases.from_engine`). ``quality`` is None when a server does not report it."""

    aligned: np.ndarray  # BGR crop the recogniser saw
    box: tuple[float, float, float, float]
    polygon: list[tuple[float, float]]
    landmarks: list[Landmark]
    pose: Pose
    mask_probability: float | None
    is_wearing_mask: bool
    quality: Quality | None = None
    contours: dict[str, list[tuple[float, float]]] = field(init=False)  # group -> points in order

    def __post_init__(self) -> None:
        groups: dict[str, list[tuple[float, float]]] = {}
        for lm in self.landmarks:
            groups.setdefault(lm.type, []).append((lm.x, lm.y))
        object.__setattr__(self, "contours", groups)

    @property
    def aligned_png(self) -> bytes:
        """The aligned crop as PNG (the engine's one crop encoder)."""
        return encode_png(self.aligned)


@dataclass(frozen=True, slots=True)
class CompareView:
    """A comparison's result, wherever it ran (shaped like the engine's ``Comparison``)."""

    similarity: float
    decision: str  # MATCH / REVIEW / NO_MATCH
    thresholds: Thresholds
    card: FaceView
    face: FaceView
    elapsed_ms: float
    pack: str
    licence: str
    mode: str  # local / remote
    request_id: str | None = None
    uid: str | None = None
    #: the pack's raw score and the id of the mapping that calibrated it (None when not reported)
    raw_similarity: float | None = None
    score_scale: str | None = None


class CompareFailed(Exception):
    """A comparison that could not be made; ``code`` is the API's errorCode (or TRANSPORT)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


class Backend(Protocol):
    mode: str

    def compare(self, card: bytes, face: bytes) -> CompareView: ...


def face_view(face: Face) -> FaceView:
    """The screen's view of an engine :class:`Face`."""
    return FaceView(
        aligned=face.aligned,
        box=face.box,
        polygon=list(face.polygon),
        landmarks=list(face.landmarks),
        pose=face.pose,
        mask_probability=face.mask_probability,
        is_wearing_mask=face.is_wearing_mask,
        quality=face.quality,
    )


class LocalBackend:
    """Compares with an :class:`~app.engine.engine.Engine` in this process."""

    mode = "local"

    def __init__(self, engine: Any) -> None:
        self.engine = engine
        lic = engine.pack.licence
        self.licence = f"{lic.grant}: {lic.summary}"

    def compare(self, card: bytes, face: bytes) -> CompareView:
        from app.engine.errors import EngineError

        try:
            result: Comparison = self.engine.compare(card, face)
        except EngineError as err:
            raise CompareFailed(str(err.code), err.message) from None
        return CompareView(
            similarity=result.similarity,
            decision=str(result.decision),
            thresholds=result.thresholds,
            card=face_view(result.card),
            face=face_view(result.face),
            elapsed_ms=result.elapsed_ms,
            pack=result.pack,
            licence=self.licence,
            mode=self.mode,
            raw_similarity=result.raw_similarity,
            score_scale=result.score_scale,
        )


def _decode_png(data: str) -> np.ndarray:
    raw = np.frombuffer(base64.b64decode(data), dtype=np.uint8) if data else np.zeros(0, np.uint8)
    img = cv2.imdecode(raw, cv2.IMREAD_COLOR) if raw.size else None
    return img if img is not None else np.zeros((112, 112, 3), np.uint8)


def _remote_face(face: Any) -> FaceView:
    vertices = [(v.x, v.y) for v in face.boundingPoly.vertices]
    box_vertices = [(v.x, v.y) for v in (face.boundingBox or face.boundingPoly.vertices)]
    xs, ys = [p[0] for p in box_vertices], [p[1] for p in box_vertices]
    euler = face.attributes.eulerAngle
    mask = face.attributes.maskOption
    q = face.quality  # the server's ``quality`` extension (absent in strict mode)
    return FaceView(
        aligned=_decode_png(face.alignedImage),
        box=(min(xs), min(ys), max(xs), max(ys)),
        polygon=vertices,
        landmarks=[Landmark(lm.type, lm.position[0], lm.position[1]) for lm in face.landmark],
        pose=Pose(pitch=euler.pitch, roll=euler.roll, yaw=euler.yaw, label=euler.pose),
        mask_probability=mask.probability if mask else None,
        is_wearing_mask=bool(mask and mask.isWearing),
        quality=(
            Quality(q.faceSizePx, q.sharpness, q.brightness)
            if q is not None and q.sharpness is not None and q.brightness is not None
            else None
        ),
    )


class RemoteBackend:
    """Compares through a Face Compare API server with the project's client."""

    mode = "remote"

    def __init__(self, url: str, secret: str, *, timeout: float = 30.0, client: Any = None) -> None:
        from app.client import FaceCompareClient, Retry

        self.url = url
        self._client = client or FaceCompareClient(url, secret, timeout=timeout, retry=Retry(attempts=2))
        self._licence: str | None = None

    def _licence_text(self) -> str:
        if self._licence is None:
            try:
                pack = self._client.version().get("modelPack", {})
                lic = pack.get("licence") or pack.get("license") or {}
                self._licence = (
                    f"{lic.get('grant', '?')}: {lic.get('summary', '')}".strip(": ")
                    if isinstance(lic, dict)
                    else str(lic)
                )
            except Exception:  # the licence line is informative; the result stands without it
                self._licence = "reported by the server"
        return self._licence

    def compare(self, card: bytes, face: bytes) -> CompareView:
        from app.client import FaceCompareError, TransportError

        t0 = time.perf_counter()
        try:
            res = self._client.compare(card, face)
        except FaceCompareError as err:
            raise CompareFailed(err.error_code or f"HTTP_{err.status}", err.message) from None
        except TransportError as err:
            raise CompareFailed("TRANSPORT", str(err)) from None
        elapsed = (time.perf_counter() - t0) * 1000.0
        ver = res.verification
        faces = {f.source: f for f in res.faces}
        card_face = faces.get("cardImage", res.faces[0])
        live_face = faces.get("faceImage", res.faces[-1])
        review, match = (ver.reviewBand[0], ver.reviewBand[1]) if ver else (0.0, 0.0)
        return CompareView(
            similarity=res.similarity,
            decision=ver.decision if ver else "REVIEW",
            thresholds=Thresholds(match=match, review=review),
            card=_remote_face(card_face),
            face=_remote_face(live_face),
            elapsed_ms=elapsed,
            pack=ver.modelPack if ver else "?",
            licence=self._licence_text(),
            mode=self.mode,
            request_id=res.requestId,
            uid=res.uid,
            raw_similarity=res.rawSimilarity,
            score_scale=ver.scoreScale if ver else None,
        )

    def close(self) -> None:
        self._client.close()
