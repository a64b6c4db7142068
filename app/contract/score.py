"""How a similarity is read: one linear 0-100 scale and three labelled bands.

Every place a person reads a score (the workstation's gauge, the reviewer's case view, the PDF
report, the CLI's text) shows the same number, :func:`score_text`, and the same band word,
:func:`band`, placed by the decision thresholds the comparison was made with. The number is
``similarity`` x 100 (the API's ``similarityPercentage``), on a linear scale.
"""

from __future__ import annotations

from enum import StrEnum


class Band(StrEnum):
    """Where a similarity falls against the review and match thresholds."""

    DIFFERENT = "different"
    CHECK = "check"
    SAME = "same"


#: the words a person reads for each band, per language (the GUI's translations use the same)
BAND_WORDS: dict[str, dict[Band, str]] = {
    "en": {Band.DIFFERENT: "different people", Band.CHECK: "check again", Band.SAME: "same person"},
    "ko": {Band.DIFFERENT: "다른 사람", Band.CHECK: "다시 확인", Band.SAME: "같은 사람"},
}


def band(similarity: float, review: float, match: float) -> Band:
    """The band of ``similarity`` (0-1): SAME from ``match``, CHECK from ``review``."""
    if similarity >= match:
        return Band.SAME
    if similarity >= review:
        return Band.CHECK
    return Band.DIFFERENT


def score_text(similarity: float) -> str:
    """The score as people read it everywhere: ``similarity`` x 100, one decimal (``"72.4"``)."""
    return f"{max(0.0, min(1.0, similarity)) * 100.0:.1f}"


def band_words(similarity: float, review: float, match: float, language: str = "en") -> str:
    """The band's words in ``language`` (``en`` or ``ko``; anything else reads English)."""
    return BAND_WORDS.get(language, BAND_WORDS["en"])[band(similarity, review, match)]
