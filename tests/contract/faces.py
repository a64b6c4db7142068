"""Engine results built by hand (no model): what the serializer reads, with known values."""

from __future__ import annotations

import numpy as np

from app.engine.landmarks import landmark_groups
from app.engine.types import Comparison, Decision, Detection, Face, Pose, Quality, Thresholds


def face(source: str) -> Face:
    pts = np.stack([np.linspace(10, 80, 68), np.linspace(20, 90, 68)], axis=1).astype(np.float32)
    emb = np.ones(128, dtype=np.float32) / np.sqrt(128)
    return Face(
        detection=Detection((10.0, 20.0, 90.0, 120.0), 0.93, np.zeros((5, 2), np.float32)),
        polygon=[(10.0, 20.0), (90.0, 20.0), (90.0, 120.0), (10.0, 120.0)],
        landmarks=landmark_groups(pts),
        aligned=np.full((112, 112, 3), 127, np.uint8),
        pose=Pose(1.5, -2.0, 3.0, "front"),
        mask_probability=0.1,
        is_wearing_mask=False,
        quality=Quality(40.0, 0.7, 0.5),
        embedding=emb,
        source=source,
    )


def comparison() -> Comparison:
    return Comparison(
        card=face("cardImage"),
        face=face("faceImage"),
        similarity=0.40129185,
        decision=Decision.REVIEW,
        thresholds=Thresholds(match=0.5, review=0.4),
        pack="open",
        elapsed_ms=212.4,
    )


class FixedCrop:
    """A face whose aligned crop encodes to fixed bytes (PNG bytes vary with the zlib build)."""

    def __init__(self, face: Face) -> None:
        self._face = face

    def __getattr__(self, name: str) -> object:
        return getattr(self._face, name)

    @property
    def aligned_png(self) -> bytes:
        return b"\x89PNG fixed"


def fixed_comparison() -> Comparison:
    """:func:`comparison` with :class:`FixedCrop` faces (the serializer duck-types them)."""
    c = comparison()
    c.card, c.face = FixedCrop(c.card), FixedCrop(c.face)  # type: ignore[assignment]
    return c
