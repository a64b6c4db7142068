"""Passive liveness (anti-spoofing): MiniFASNetV2 + MiniFASNetV1SE on the engine's face box.

Preprocessing follows minivision's Silent-Face-Anti-Spoofing, which trained these weights:
the detector box (x, y, w, h) is widened ``scale`` times about its centre (2.7 for V2, 4.0 for
V1SE; width and height separately, so not square), the patch is resized to 80×80 and fed as
BGR float 0-255 in NCHW with no normalisation; class 1 of the 3-way softmax is "real".

Two choices differ from that code (docs/liveness.md has the measurements and their history):

* **Padding instead of clamping.** The original shrinks the scale until the box fits the image,
  so on a tight face crop both models see the face filling the patch, far larger than in
  training. Here the box keeps its scale and the part outside the image is filled with black
  (zeros, as a CNN's own convolutions pad), so the face has its trained size and no context is
  invented. Missing context then counts against liveness (fail-safe); mirrored or stretched
  fill invents context, and on tight crops it made screen replays look live. On a camera frame
  where the box fits, every padding is the same as the original; ``LivenessResult.context``
  says how much of the widest patch was real image, so a kiosk can ask the person to step back.
* **Horizontal-flip test-time augmentation.** Training used a random horizontal flip, so the
  mirrored patch is an equally valid view; its probabilities are averaged with the original's.

The fused score is the mean of the models' P(real): the original sums the softmax outputs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol

import cv2
import numpy as np
from numpy.typing import NDArray

from app.engine import packs
from app.engine.detectors import Detector, rank_faces
from app.engine.errors import FaceNotFoundError
from app.engine.liveness_calibration import liveness_threshold
from app.engine.onnx import create_session
from app.engine.types import Detection, Image

Padding = Literal["reflect", "constant", "replicate", "clamp"]
Fusion = Literal["prob", "logit"]

INPUT_SIZE = 80
LIVE_CLASS = 1
#: P(live) at or above this is "live": the models' own decision (more likely real than not).
DEFAULT_THRESHOLD = 0.5
#: (pack role, crop scale) of each model, as named by the original weights
#: (``2.7_80x80_MiniFASNetV2.pth``, ``4_0_0_80x80_MiniFASNetV1SE.pth``).
MODELS: tuple[tuple[str, float], ...] = (
    (packs.ROLE_ANTISPOOF_V2, 2.7),
    (packs.ROLE_ANTISPOOF_V1SE, 4.0),
)
_BORDERS = {
    "reflect": cv2.BORDER_REFLECT_101,
    "constant": cv2.BORDER_CONSTANT,
    "replicate": cv2.BORDER_REPLICATE,
}


@dataclass(frozen=True, slots=True)
class LivenessResult:
    """P(live) of one face, the decision at ``threshold`` and each model's own P(live).

    ``context`` is the fraction of the widest model patch (V1SE, 4×) that lies inside the image:
    below 1 the models lacked the surroundings they were trained with (face too close to the
    camera or to the frame's edge, or a tight crop) and the score leans towards "spoof".
    """

    score: float
    live: bool
    threshold: float
    context: float = 1.0
    per_model: dict[str, float] = field(default_factory=dict)


class LivenessScorer(Protocol):
    """Scores the face at a detection: what a liveness model offers the engine."""

    threshold: float

    def score(self, image: Image, detection: Detection) -> LivenessResult:
        """P(live) of the face at ``detection`` in BGR ``image``."""
        ...


def scaled_box(
    width: int, height: int, box: tuple[float, float, float, float], scale: float, *, clamp: bool
) -> tuple[int, int, int, int]:
    """The detector box widened ``scale`` times about its centre, as integer x1, y1, x2, y2.

    ``clamp=True`` is Silent-Face's ``_get_new_box``: the scale shrinks until the box fits the
    image and the box is shifted back inside. ``clamp=False`` keeps the scale; the box may then
    reach outside the image (the caller pads).
    """
    x1, y1, x2, y2 = box
    bw, bh = max(1.0, x2 - x1), max(1.0, y2 - y1)
    if clamp:
        scale = min((height - 1) / bh, (width - 1) / bw, scale)
    nw, nh = bw * scale, bh * scale
    cx, cy = x1 + bw / 2, y1 + bh / 2
    left, top, right, bottom = cx - nw / 2, cy - nh / 2, cx + nw / 2, cy + nh / 2
    if clamp:
        if left < 0:
            left, right = 0.0, right - left
        if top < 0:
            top, bottom = 0.0, bottom - top
        if right > width:
            left, right = left - (right - width), float(width)
        if bottom > height:
            top, bottom = top - (bottom - height), float(height)
    return int(left), int(top), int(right), int(bottom)


def crop_patch(
    image: Image,
    box: tuple[float, float, float, float],
    scale: float,
    *,
    padding: Padding = "constant",
    size: int = INPUT_SIZE,
) -> Image:
    """The ``size``×``size`` BGR patch a model sees for the face in ``box``."""
    h, w = image.shape[:2]
    x1, y1, x2, y2 = scaled_box(w, h, box, scale, clamp=padding == "clamp")
    pad_l, pad_t = max(0, -x1), max(0, -y1)
    pad_r, pad_b = max(0, x2 - w), max(0, y2 - h)
    if pad_l or pad_t or pad_r or pad_b:
        work = _pad(image, pad_t, pad_b, pad_l, pad_r, padding)
        x1, x2, y1, y2 = x1 + pad_l, x2 + pad_l, y1 + pad_t, y2 + pad_t
    else:
        work = image
    patch = work[max(0, y1) : max(y1 + 1, y2), max(0, x1) : max(x1 + 1, x2)]
    return np.asarray(cv2.resize(patch, (size, size)), dtype=np.uint8)


def _pad(image: Image, top: int, bottom: int, left: int, right: int, padding: Padding) -> Image:
    """Pad by any amount (OpenCV repeats the reflection when the pad exceeds the image)."""
    border = _BORDERS.get(padding, cv2.BORDER_REFLECT_101)
    return np.asarray(cv2.copyMakeBorder(image, top, bottom, left, right, border, value=(0, 0, 0)), np.uint8)


def _softmax(logits: NDArray[np.float32]) -> NDArray[np.float64]:
    z = logits.astype(np.float64) - logits.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return np.asarray(e / e.sum(axis=-1, keepdims=True))


class LivenessModel:
    """MiniFASNetV2 + V1SE loaded once; :meth:`score` takes an image and the engine's Detection.

    ``fusion="prob"`` averages the models' P(real) (as the original code); ``"logit"`` averages
    their raw 3-way logits (every model and view) and takes the softmax of the mean.
    Thread-safe (onnxruntime sessions are).
    """

    def __init__(
        self,
        paths: dict[str, Path],
        *,
        threshold: float = DEFAULT_THRESHOLD,
        padding: Padding = "constant",
        flip: bool = True,
        fusion: Fusion = "prob",
        models: Sequence[tuple[str, float]] = MODELS,
        threads: int | None = None,
    ) -> None:
        self.threshold = threshold
        self.padding: Padding = padding
        self.flip = flip
        self.fusion: Fusion = fusion
        self.models = [(role, scale) for role, scale in models if role in paths]
        if not self.models:
            raise ValueError("no liveness model given")
        self._sessions = {role: create_session(paths[role], threads=threads or 1) for role, _ in self.models}
        self._inputs = {role: s.get_inputs()[0].name for role, s in self._sessions.items()}

    @classmethod
    def load(
        cls,
        pack: str = packs.LIVENESS_PACK,
        *,
        threshold: float | None = None,
        padding: Padding = "constant",
        flip: bool = True,
        fusion: Fusion = "prob",
        threads: int | None = None,
    ) -> LivenessModel:
        """Load liveness pack ``pack`` (the embedded ``models/minifasnet`` by default, see
        :func:`app.engine.packs.resolve_liveness_pack`); the threshold defaults to the pack's
        calibration (:mod:`app.engine.liveness_calibration`), else the manifest's
        ``thresholds.live``, else :data:`DEFAULT_THRESHOLD`."""
        resolved = packs.resolve_liveness_pack(pack)
        if threshold is None:
            threshold = liveness_threshold(resolved.manifest, DEFAULT_THRESHOLD)
        return cls(
            resolved.files, threshold=threshold, padding=padding, flip=flip, fusion=fusion, threads=threads
        )

    def model_logits(self, image: Image, detection: Detection) -> dict[str, NDArray[np.float32]]:
        """Raw logits (views × 3) of each model for the face in ``detection``."""
        out: dict[str, NDArray[np.float32]] = {}
        for role, scale in self.models:
            patch = crop_patch(image, detection.box, scale, padding=self.padding)
            views = [patch, patch[:, ::-1]] if self.flip else [patch]
            logits = [self._sessions[role].run(None, {self._inputs[role]: _blob(v)})[0][0] for v in views]
            out[role] = np.asarray(logits, dtype=np.float32)
        return out

    def score(self, image: Image, detection: Detection) -> LivenessResult:
        """P(live) of the face at ``detection`` in BGR ``image`` (the engine's detection, reused)."""
        logits = self.model_logits(image, detection)
        probs = {role: _softmax(v) for role, v in logits.items()}
        per_model = {role: float(p[:, LIVE_CLASS].mean()) for role, p in probs.items()}
        if self.fusion == "logit":
            mean_logits = np.concatenate(list(logits.values())).mean(axis=0)
            fused = float(_softmax(mean_logits[None])[0, LIVE_CLASS])
        else:
            fused = float(np.mean(list(per_model.values())))
        h, w = image.shape[:2]
        x1, y1, x2, y2 = scaled_box(w, h, detection.box, max(s for _, s in self.models), clamp=False)
        inside = max(0, min(x2, w) - max(x1, 0)) * max(0, min(y2, h) - max(y1, 0))
        context = inside / max(1, (x2 - x1) * (y2 - y1))
        return LivenessResult(
            score=fused,
            live=fused >= self.threshold,
            threshold=self.threshold,
            context=round(float(context), 4),
            per_model=per_model,
        )


def _blob(patch: Image) -> NDArray[np.float32]:
    return np.ascontiguousarray(patch.transpose(2, 0, 1)[None].astype(np.float32))


def check_image(image: Image, detector: Detector, model: LivenessModel) -> tuple[Detection, LivenessResult]:
    """Detect (once), take the most prominent face (:func:`rank_faces`) and score it.

    Raises :class:`FaceNotFoundError` when the image shows no face.
    """
    ranked = rank_faces(detector.detect(image))
    if not ranked:
        raise FaceNotFoundError("No face was found in the image.")
    return ranked[0], model.score(image, ranked[0])


__all__ = [
    "DEFAULT_THRESHOLD",
    "INPUT_SIZE",
    "LIVE_CLASS",
    "MODELS",
    "Fusion",
    "LivenessModel",
    "LivenessResult",
    "LivenessScorer",
    "Padding",
    "check_image",
    "crop_patch",
    "scaled_box",
]
