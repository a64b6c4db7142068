"""The calibrated score: a monotone piecewise-linear map from a pack's raw cosine to ``similarity``.

Every pack scores faces on its own raw scale (dlib's cosines of two different people sit near
0.85, ArcFace's near 0). A :class:`ScoreMapping` puts documented false-accept rates on fixed
numbers, so the same FAR reads the same in every pack (:data:`FAR_POINTS`):

==========  ==========  =====================================
FAR         similarity  meaning
==========  ==========  =====================================
10%         0.50        a typical impostor reads below this
1%          0.70        the REVIEW threshold (default)
0.1%        0.80        the MATCH threshold (default)
0.01%       0.90        where the impostors can show it
==========  ==========  =====================================

plus the ends of the raw scale: raw 0 -> 0 and raw 1 -> 1. Between knots the map is linear, so
it is strictly increasing: a decision on the calibrated score is the same decision as on the raw
score at the knot's raw threshold. ``facecompare calibrate`` fits the knots
(:mod:`app.evaluation.calibrate`); a pack without a version-2 calibration gets
:func:`from_thresholds` (its two raw thresholds on 0.70 and 0.80).
"""

from __future__ import annotations

import bisect
import hashlib
import json

from pydantic import BaseModel, ConfigDict, Field, model_validator

#: the calibrated values of the REVIEW and MATCH thresholds, in every calibrated pack
REVIEW_SCORE = 0.70
MATCH_SCORE = 0.80
#: (FAR, calibrated similarity) of the documented knots
FAR_POINTS: tuple[tuple[float, float], ...] = (
    (0.1, 0.50),
    (0.01, REVIEW_SCORE),
    (0.001, MATCH_SCORE),
    (0.0001, 0.90),
)
#: the scale's id when no mapping applies (a raw cosine; cases recorded before revision 0007 carry none)
RAW_SCALE = "raw"


class ScoreKnot(BaseModel):
    """One point of the map: ``raw`` cosine -> calibrated ``similarity``, and what placed it."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    raw: float = Field(ge=0.0, le=1.0)
    similarity: float = Field(ge=0.0, le=1.0)
    #: the FAR this knot stands for (None for an end of the scale or a threshold without FAR)
    far: float | None = Field(default=None, gt=0.0, lt=1.0)
    label: str = Field(default="", max_length=100)


class ScoreMapping(BaseModel):
    """A strictly increasing piecewise-linear map of [0, 1] onto [0, 1] (see the module docstring)."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    knots: list[ScoreKnot] = Field(min_length=2, max_length=20)

    @model_validator(mode="after")
    def _monotone(self) -> ScoreMapping:
        first, last = self.knots[0], self.knots[-1]
        if (first.raw, first.similarity, last.raw, last.similarity) != (0.0, 0.0, 1.0, 1.0):
            raise ValueError("the knots must run from raw 0 -> 0 to raw 1 -> 1")
        for a, b in zip(self.knots, self.knots[1:], strict=False):
            if not (b.raw > a.raw and b.similarity > a.similarity):
                raise ValueError(
                    "the knots must rise strictly "
                    f"(raw {a.raw} -> {a.similarity}, then {b.raw} -> {b.similarity})"
                )
        return self

    @property
    def scale_id(self) -> str:
        """A short id of this map (16 hex characters of the sha256 of its knots): the case record
        keeps it beside the score, so a score can always be traced to the map that made it."""
        doc = [[k.raw, k.similarity] for k in self.knots]
        return hashlib.sha256(json.dumps(doc, separators=(",", ":")).encode("ascii")).hexdigest()[:16]

    def apply(self, raw: float) -> float:
        """The calibrated similarity of a raw cosine (clipped to 0..1 first)."""
        x = min(1.0, max(0.0, float(raw)))
        raws = [k.raw for k in self.knots]
        i = min(bisect.bisect_right(raws, x), len(raws) - 1)  # knot i is the first above x
        a, b = self.knots[i - 1], self.knots[i]
        if x == a.raw:  # exactly on a knot: its value, no rounding
            return a.similarity
        y = a.similarity + (x - a.raw) * (b.similarity - a.similarity) / (b.raw - a.raw)
        return min(b.similarity, max(a.similarity, y))

    def inverse(self, similarity: float) -> float:
        """The raw cosine that maps to ``similarity`` (the smallest one: the map is strictly increasing)."""
        y = min(1.0, max(0.0, float(similarity)))
        values = [k.similarity for k in self.knots]
        i = min(bisect.bisect_right(values, y), len(values) - 1)
        a, b = self.knots[i - 1], self.knots[i]
        if y == a.similarity:
            return a.raw
        return a.raw + (y - a.similarity) * (b.raw - a.raw) / (b.similarity - a.similarity)


def build_mapping(points: list[ScoreKnot]) -> ScoreMapping:
    """The map through ``points`` (inner knots, any order) and the two ends; a point that does not
    rise strictly above the one before it in both raw and similarity is left out (a pack whose
    impostors pile at raw 0, say, cannot place FAR 10% above it)."""
    knots = [ScoreKnot(raw=0.0, similarity=0.0, label="raw minimum")]
    for p in sorted(points, key=lambda k: (k.similarity, k.raw)):
        if 0.0 < p.raw < 1.0 and p.raw > knots[-1].raw and p.similarity > knots[-1].similarity:
            knots.append(p)
    knots.append(ScoreKnot(raw=1.0, similarity=1.0, label="raw maximum"))
    return ScoreMapping(knots=knots)


def from_thresholds(match: float, review: float, source: str) -> ScoreMapping:
    """The map of a pack known only by its two raw thresholds (a version-1 calibration file, or the
    manifest's): raw ``review`` -> 0.70, raw ``match`` -> 0.80, linear between and to the ends."""
    return build_mapping(
        [
            ScoreKnot(raw=min(review, match), similarity=REVIEW_SCORE, label=f"review threshold ({source})"),
            ScoreKnot(raw=match, similarity=MATCH_SCORE, label=f"match threshold ({source})"),
        ]
    )
