"""Loading what the screen needs off the GUI thread: the engine (local) or just the guidance models."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.engine.detectors import rank_faces
from app.gui.common.guidance import GuidanceChecker

Box = tuple[float, float, float, float]


def load_engine(report: Callable[[str], None], pack: str, warm: Callable[[], bool] = lambda: True) -> Any:
    """The engine for ``pack``, loaded, then warmed up unless ``warm()`` says a real comparison
    is already waiting (that comparison is then the first inference, with its own progress)."""
    from app.engine.engine import Engine

    report("loading")
    engine = Engine(pack, warm_up=False)
    if warm():
        report("warming")
        engine.warm_up()
    return engine


class GuidanceModels:
    """The fast detector and mask classifier, alone (remote mode needs no recogniser here)."""

    def __init__(self, detector: Any, mask: Any) -> None:
        self.detector = detector
        self.mask = mask


def load_guidance_models(report: Callable[[str], None]) -> GuidanceModels:
    from app.engine import packs
    from app.engine.detectors import YuNetDetector
    from app.engine.mask import MaskClassifier

    report("loading")
    pack = packs.resolve_pack("open")
    return GuidanceModels(
        YuNetDetector(pack.path(packs.ROLE_DETECTOR_YUNET), score_threshold=0.6), MaskClassifier.load()
    )


def checker_for(models: Any) -> GuidanceChecker:
    return GuidanceChecker(models.detector, models.mask)


def card_face_finder(models: Any) -> Callable[[Any], Box | None]:
    """``detect(bgr)`` giving the box of the face the engine would choose on a card, or None."""

    def detect(bgr: Any) -> Box | None:
        faces = rank_faces(models.detector.detect(bgr))
        return faces[0].box if faces else None

    return detect
