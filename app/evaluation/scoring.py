"""Turn a pairs CSV into genuine and impostor scores (embedding each image once)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from app.evaluation.embed import Embedded, embed_images
from app.evaluation.impostors import DEFAULT_MAX_PAIRS, Impostors, extra_impostors
from app.evaluation.metrics import WORST
from app.evaluation.pairs import PairSet


@dataclass(slots=True)
class ScoredSet:
    """Every listed pair scored (``WORST`` where it failed to enrol) plus extra impostors."""

    pairs: PairSet
    scores: NDArray[np.float64]  # per listed pair
    labels: NDArray[np.int64]
    errors: list[str]  # per listed pair, "" when scored
    extra: Impostors | None
    images: dict[str, Embedded] = field(default_factory=dict)

    @property
    def fte(self) -> NDArray[np.bool_]:
        return np.array([bool(e) for e in self.errors], dtype=bool)

    @property
    def genuine(self) -> NDArray[np.float64]:
        return self.scores[self.labels == 1]

    @property
    def listed_impostors(self) -> NDArray[np.float64]:
        return self.scores[self.labels == 0]

    @property
    def all_impostors(self) -> NDArray[np.float64]:
        extra = self.extra.scores if self.extra is not None else np.zeros(0)
        return np.concatenate([self.listed_impostors, extra])


def _pair_error(card: Embedded, selfie: Embedded) -> str:
    """``compare``'s error for a pair: the card's failure first, as the engine reports it."""
    return card.error or selfie.error


def score_pairs(
    pairs: PairSet,
    *,
    pack: str | None = None,
    workers: int = 0,
    engine: Any = None,
    max_impostors: int = DEFAULT_MAX_PAIRS,
    on_image: Callable[[Embedded], None] | None = None,
) -> ScoredSet:
    """Scores of a pairs CSV (embedding each distinct image once) or of a scores CSV (as read)."""
    from app.engine.engine import similarity

    labels = np.array([p.same for p in pairs.pairs], dtype=np.int64)
    if pairs.is_scores:
        scores = np.array(
            [WORST if p.similarity is None else p.similarity for p in pairs.pairs], dtype=np.float64
        )
        return ScoredSet(pairs, scores, labels, [p.error for p in pairs.pairs], None)
    images = embed_images(
        pairs.base, pairs.image_paths(), pack=pack, workers=workers, engine=engine, on_done=on_image
    )
    scores = np.full(len(pairs.pairs), WORST, dtype=np.float64)
    errors: list[str] = []
    for i, p in enumerate(pairs.pairs):
        a, b = images[p.card], images[p.selfie]
        errors.append(_pair_error(a, b))
        if a.embedding is not None and b.embedding is not None:
            scores[i] = similarity(a.embedding, b.embedding)
    extra = None
    if pairs.identity_source != "none":
        enrolled = {k: v.embedding for k, v in images.items() if v.embedding is not None}
        extra = extra_impostors(pairs.pairs, enrolled, max_pairs=max_impostors)
    return ScoredSet(pairs, scores, labels, errors, extra, images)
