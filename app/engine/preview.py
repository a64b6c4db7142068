"""The light models of live camera guidance: a pack's fast detector and the mask classifier.

Camera guidance (is there a face, is it masked, is it large and still enough) runs on every
preview frame, so it needs only the detector and the tiny mask classifier, never the
recogniser. With a local :class:`~app.engine.engine.Engine`, :meth:`Engine.preview_models`
hands out the engine's own (nothing loads twice); without one (remote mode, training and
evaluation scripts), :func:`load_preview_models` loads them alone, with the settings the
engine would use (:mod:`app.engine.models` builds both).
"""

from __future__ import annotations

from dataclasses import dataclass

from app.engine import packs
from app.engine.align import norm_crop
from app.engine.config import EngineSettings
from app.engine.detectors import Detector, rank_faces
from app.engine.mask import Masker
from app.engine.models import pack_model
from app.engine.types import Detection, Image

#: Side of the aligned crop the mask classifier reads.
MASK_CROP = 112


@dataclass(frozen=True)
class PreviewModels:
    """A detector and a mask classifier, loaded; thread-safe like the models themselves."""

    detector: Detector
    mask: Masker

    def find_faces(self, pixels: Image) -> list[Detection]:
        """Every face in BGR ``pixels``, most prominent first (one detector run)."""
        return rank_faces(self.detector.detect(pixels))

    def aligned_crop(self, pixels: Image, face: Detection | None = None) -> Image | None:
        """The 112×112 aligned crop the mask classifier reads, of ``face`` or else of the most
        prominent face found; None when there is none."""
        if face is None:
            found = self.find_faces(pixels)
            if not found:
                return None
            face = found[0]
        return norm_crop(pixels, face.kps5, MASK_CROP)


def load_preview_models(pack: str = packs.OPEN_PACK, settings: EngineSettings | None = None) -> PreviewModels:
    """The detector and mask classifier of ``pack`` (default: the embedded ``open`` pack, whose
    YuNet is the fastest), loaded once here, without the rest of the pack.

    Raises ModelPackError when the pack is missing or incomplete.
    """
    s = settings or EngineSettings()
    resolved = packs.resolve_pack(pack)
    return PreviewModels(
        detector=pack_model(resolved, "detector", s).load(),
        mask=pack_model(resolved, "mask", s).load(),
    )
