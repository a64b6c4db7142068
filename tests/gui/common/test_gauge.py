"""The similarity gauge: linear, bands at the comparison's thresholds in words, nothing hidden."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPointF, QRectF

from app.contract.score import Band, score_text
from app.gui.common.gauge import SimilarityGauge


def gauge(qtbot: Any, w: int = 360, h: int = 240) -> SimilarityGauge:
    g = SimilarityGauge()
    qtbot.addWidget(g)
    g.resize(w, h)
    return g


def test_the_dial_is_linear_and_the_number_is_score_text(qtbot: Any) -> None:
    g = gauge(qtbot)
    g.set_result(84.94, 70.0, 80.0)
    assert [g.fraction(v) for v in (0, 25, 50, 70, 100)] == pytest.approx([0, 0.25, 0.5, 0.7, 1])
    assert g.number_text() == score_text(0.8494) == "84.9"
    assert g.band() is Band.SAME and g.band_word(g.band()) == "same person"
    assert "84.9" in g.accessibleDescription() and "same person" in g.accessibleDescription()


@pytest.mark.parametrize(
    ("value", "expected"), [(10.0, Band.DIFFERENT), (71.0, Band.CHECK), (80.0, Band.SAME)]
)
def test_bands_follow_the_thresholds_the_comparison_carries(qtbot: Any, value: float, expected: Band) -> None:
    g = gauge(qtbot)
    g.set_result(value, 70.0, 80.0)
    assert g.band() is expected
    g.set_result(value, 90.7, 92.6)  # other thresholds, other bands: never constants
    assert g.band() is Band.DIFFERENT
    labels = dict(g.scale_labels())
    assert labels[90.7] == "90.7" and labels[92.6] == "92.6"


def _crosses(a: QPointF, b: QPointF, rect: QRectF, steps: int = 60) -> bool:
    return any(rect.contains(a + (b - a) * (i / steps)) for i in range(steps + 1))


@pytest.mark.parametrize(("w", "h"), [(240, 170), (360, 240), (520, 300), (300, 400)])
@pytest.mark.parametrize("thresholds", [(70.0, 80.0), (0.0, 0.0)])
def test_the_needle_never_hides_the_number_or_a_scale_label(
    qtbot: Any, w: int, h: int, thresholds: tuple[float, float]
) -> None:
    g = gauge(qtbot, w, h)
    g.set_result(50.0, *thresholds)
    geo = g.geometry_for(w, h)
    hub = QPointF(geo.cx, geo.cy)
    labels = [g.label_rect(geo, v) for v, _text in g.scale_labels()]
    for i in range(0, 201):
        tip = geo.point(g.fraction(i / 2), geo.needle_length)
        assert not _crosses(hub, tip, geo.number), i / 2
        for rect in labels:
            assert not _crosses(hub, tip, rect), (i / 2, rect)
    # the labels stay inside the widget and off each other
    for k, rect in enumerate(labels):
        assert QRectF(0, 0, w, h).contains(rect), rect
        assert not any(rect.intersects(other) for other in labels[k + 1 :])


def test_an_empty_gauge_shows_a_dash_and_paints(qtbot: Any) -> None:
    g = gauge(qtbot)
    g.set_result(None, 0.0, 0.0)
    assert g.number_text() == "–" and g.band() is None
    assert not g.grab().isNull()
    g.set_result(72.4, 70.0, 80.0)
    assert not g.grab().isNull()
