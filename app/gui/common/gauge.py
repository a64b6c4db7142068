"""``SimilarityGauge``: a 0–100 dial with the reject / review / match bands and a needle.

The dial is scaled by decision, not linearly: calibrated thresholds sit high (the ``open``
pack's REVIEW band is 90.7–92.6), so on a linear dial the band an operator must notice would
be a sliver. Reject takes the left half, review the next fifth and match the rest; the
threshold ticks carry their values, and the number under the needle is the real score.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

REJECT, REVIEW, MATCH = QColor("#c0392b"), QColor("#e0a100"), QColor("#1e8c4e")


class SimilarityGauge(QWidget):
    """Draws ``value`` (0–100) against bands from the calibrated thresholds (also 0–100)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(220, 150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.value: float | None = None
        self.review = 0.0
        self.match = 0.0
        self.setAccessibleName(self.tr("Similarity gauge"))

    def set_result(self, value: float | None, review: float, match: float) -> None:
        """Needle at ``value``; REVIEW from ``review`` and MATCH from ``match`` (all percent)."""
        self.value = None if value is None else max(0.0, min(100.0, value))
        self.review, self.match = review, match
        self.setAccessibleDescription("" if value is None else f"{value:.1f}")
        self.update()

    #: share of the dial below REVIEW, and below MATCH
    REVIEW_AT, MATCH_AT = 0.5, 0.7

    def fraction(self, v: float) -> float:
        """Where value ``v`` (0–100) sits along the dial (0 = left end, 1 = right end)."""
        v = max(0.0, min(100.0, v))
        r, m = self.review, self.match
        if not 0.0 < r <= m < 100.0:  # no usable thresholds: a plain linear dial
            return v / 100.0
        if v <= r:
            return self.REVIEW_AT * v / r
        if v <= m:
            span = m - r
            return self.REVIEW_AT + (self.MATCH_AT - self.REVIEW_AT) * ((v - r) / span if span else 1.0)
        return self.MATCH_AT + (1.0 - self.MATCH_AT) * (v - m) / (100.0 - m)

    def _angle(self, v: float) -> float:
        """Qt angle in degrees (0 = 3 o'clock, counter-clockwise) of value ``v`` on the half dial."""
        return 180.0 - 180.0 * self.fraction(v)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h = self.width(), self.height()
        big = QFont(self.font())
        big.setPointSizeF(max(14.0, min(26.0, h / 7)))
        big.setBold(True)
        text_h = QFontMetricsF(big).height()
        radius = max(30.0, min(w / 2 - 14, h - 16 - text_h))
        cx, cy = w / 2, 10 + radius
        thick = max(10.0, radius / 6)
        arc = QRectF(cx - radius, cy - radius, 2 * radius, 2 * radius)
        bands = [(0.0, self.review, REJECT), (self.review, self.match, REVIEW), (self.match, 100.0, MATCH)]
        for lo, hi, color in bands:
            if hi <= lo:
                continue
            if self.value is None:
                color = QColor("#c6ced8")
            p.setPen(QPen(color, thick, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
            start = self._angle(lo)
            p.drawArc(arc, int(start * 16), int(-(start - self._angle(hi)) * 16))
        # labelled ticks at the ends and at the thresholds (the scale is not linear)
        p.setPen(QPen(QColor("#5b6877"), 1.2))
        small = QFont(self.font())
        small.setPointSizeF(8)
        p.setFont(small)
        ticks = [(0.0, "0"), (100.0, "100")]
        if 0.0 < self.review <= self.match < 100.0:
            ticks += [(self.review, f"{self.review:.1f}"), (self.match, f"{self.match:.1f}")]
        else:
            ticks.append((50.0, "50"))
        for v, label in ticks:
            a = math.radians(self._angle(v))
            r0, r1 = radius - thick / 2 - 2, radius - thick / 2 - 8
            p.drawLine(
                QPointF(cx + r0 * math.cos(a), cy - r0 * math.sin(a)),
                QPointF(cx + r1 * math.cos(a), cy - r1 * math.sin(a)),
            )
            r2 = radius - thick / 2 - 20
            p.drawText(
                QRectF(cx + r2 * math.cos(a) - 18, cy - r2 * math.sin(a) - 8, 36, 16),
                Qt.AlignmentFlag.AlignCenter,
                label,
            )
        if self.value is not None:
            a = math.radians(self._angle(self.value))
            tip = QPointF(cx + (radius + thick / 2) * math.cos(a), cy - (radius + thick / 2) * math.sin(a))
            p.setPen(QPen(QColor("#1d2733"), 3.0, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            p.drawLine(QPointF(cx, cy), tip)
            p.setBrush(QColor("#1d2733"))
            p.drawEllipse(QPointF(cx, cy), 5, 5)
        p.setFont(big)
        p.setPen(QColor("#1d2733"))
        text = "–" if self.value is None else f"{self.value:.1f}"
        p.drawText(QRectF(0, cy + 6, w, text_h), Qt.AlignmentFlag.AlignCenter, text)
        p.end()
