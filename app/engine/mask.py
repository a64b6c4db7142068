"""Face-mask classifier: does a mask or other cover hide the nose and mouth?

Input is the 112×112 ArcFace-aligned BGR crop (:func:`app.engine.align.norm_crop`). Hand-made
features (:mod:`app.engine.mask_features`) → standardisation → logistic regression, all in
numpy; the weights live in ``models/open/mask_classifier.npz`` (see ``MASK_CLASSIFIER.md``
there; trained by ``benchmarks/train_mask.py`` on research data: a research-data derivative).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Protocol

import numpy as np
from numpy.typing import NDArray

from app.engine.mask_features import FEATURE_SETS, extract_features

__all__ = ["DEFAULT_MODEL", "FORMAT_VERSION", "MaskClassifier", "Masker"]

DEFAULT_MODEL: Final = Path(__file__).resolve().parents[2] / "models" / "open" / "mask_classifier.npz"
FORMAT_VERSION: Final = 1


class Masker(Protocol):
    """Says whether a mask hides the nose and mouth of 112×112 aligned BGR crops."""

    def predict(self, crops: Sequence[NDArray[np.uint8]]) -> list[float]:
        """Probability of a mask for each crop."""
        ...

    def is_wearing(self, p: float) -> bool:
        """Whether probability ``p`` means a mask is worn."""
        ...


def default_model() -> Path:
    """The shipped weights: beside the source tree, else under the installed models folder.

    (A non-editable install, as in the server image, has ``models/`` in
    ``<prefix>/share/facecompare``; :func:`app.engine.packs.models_dir` knows both places.)
    """
    if DEFAULT_MODEL.is_file():
        return DEFAULT_MODEL
    from app.engine.packs import models_dir

    base = models_dir()
    return DEFAULT_MODEL if base is None else base / "open" / DEFAULT_MODEL.name


def _frozen(a: NDArray[np.float64]) -> NDArray[np.float64]:
    a = np.array(a, dtype=np.float64)
    a.flags.writeable = False
    return a


@dataclass(frozen=True, slots=True)
class MaskClassifier:
    """Logistic regression on standardised crop features. Immutable, so thread-safe."""

    feature_set: str
    mean: NDArray[np.float64]
    scale: NDArray[np.float64]
    coef: NDArray[np.float64]
    intercept: float
    threshold: float

    @classmethod
    def load(cls, path: Path | None = None) -> MaskClassifier:
        """Read the ``.npz`` written by ``benchmarks/train_mask.py`` (default: the shipped one)."""
        with np.load(path or default_model(), allow_pickle=False) as z:
            version = int(z["format_version"])
            if version != FORMAT_VERSION:
                raise ValueError(f"mask classifier format {version}, expected {FORMAT_VERSION}")
            feature_set = str(z["feature_set"])
            if feature_set not in FEATURE_SETS:
                raise ValueError(f"unknown mask feature set {feature_set!r}")
            model = cls(
                feature_set=feature_set,
                mean=_frozen(z["mean"]),
                scale=_frozen(z["scale"]),
                coef=_frozen(z["coef"]).ravel(),
                intercept=float(z["intercept"]),
                threshold=float(z["threshold"]),
            )
        if not model.mean.shape == model.scale.shape == model.coef.shape:
            raise ValueError("mask classifier arrays have inconsistent shapes")
        return model

    def features(self, crop: NDArray[np.uint8]) -> NDArray[np.float32]:
        """This model's feature vector of one aligned crop."""
        return extract_features(crop, FEATURE_SETS[self.feature_set])

    def decision(self, crops: Sequence[NDArray[np.uint8]]) -> NDArray[np.float64]:
        """Log-odds of wearing a mask, one per crop."""
        if not crops:
            return np.zeros(0, dtype=np.float64)
        x = np.stack([self.features(c) for c in crops]).astype(np.float64)
        z = (x - self.mean) / self.scale
        # Row-wise sum rather than a BLAS product: a crop's score does not depend on its batch.
        return np.asarray((z * self.coef).sum(axis=1) + self.intercept, dtype=np.float64)

    def predict(self, crops: Sequence[NDArray[np.uint8]]) -> list[float]:
        """Probability of wearing a mask for each 112×112 aligned BGR crop."""
        t = self.decision(crops)
        # Numerically stable logistic.
        e = np.exp(-np.abs(t))
        p = np.where(t >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
        return [float(v) for v in p]

    def is_wearing(self, p: float) -> bool:
        """Whether probability ``p`` (from :meth:`predict`) means a mask is worn."""
        return p >= self.threshold
