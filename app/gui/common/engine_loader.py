"""Loading what the screen needs off the GUI thread: the engine (local), or only what guidance needs."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.engine.engine import Engine
    from app.engine.preview import PreviewModels

Box = tuple[float, float, float, float]


def load_engine(report: Callable[[str], None], pack: str, warm: Callable[[], bool] = lambda: True) -> Engine:
    """The engine for ``pack``, loaded, then warmed up unless ``warm()`` says a real comparison
    is already waiting (that comparison is then the first inference, with its own progress)."""
    from app.engine.engine import Engine

    report("loading")
    engine = Engine(pack, warm_up=False)
    if warm():
        report("warming")
        engine.warm_up()
    return engine


def load_guidance_models(report: Callable[[str], None]) -> PreviewModels:
    """The ``open`` pack's fast detector and mask classifier, alone: what guidance and the card's
    face box need (remote mode, and local mode while the rest of the engine loads)."""
    from app.engine.preview import load_preview_models

    report("loading")
    return load_preview_models()


def card_face_finder(models: PreviewModels) -> Callable[[Any], Box | None]:
    """``detect(bgr)`` giving the box of the face the engine would choose on a card, or None."""

    def detect(bgr: Any) -> Box | None:
        faces = models.find_faces(bgr)
        return faces[0].box if faces else None

    return detect
