"""The one way a similarity is read (app/contract/score.py)."""

import pytest

from app.contract.score import Band, band, band_words, score_text


@pytest.mark.parametrize(
    ("similarity", "expected"),
    [
        (0.0, Band.DIFFERENT),
        (0.6999, Band.DIFFERENT),
        (0.70, Band.CHECK),
        (0.7999, Band.CHECK),
        (0.80, Band.SAME),
    ],
)
def test_bands_start_at_their_thresholds(similarity: float, expected: Band) -> None:
    assert band(similarity, 0.70, 0.80) is expected


def test_the_score_is_the_similarity_on_a_linear_hundred_point_scale() -> None:
    assert score_text(0.7243) == "72.4"
    assert score_text(1.2) == "100.0"
    assert score_text(-0.1) == "0.0"


def test_band_words_in_both_languages() -> None:
    assert band_words(0.9, 0.7, 0.8) == "same person"
    assert band_words(0.75, 0.7, 0.8, "ko") == "다시 확인"
    assert band_words(0.1, 0.7, 0.8, "fr") == "different people"
