"""``SimilarityGauge``: a 0–100 dial with the reject / review / match bands and a needle."""

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
        self.setAccessibleName("Similarity gauge")

    def set_result(self, value: float | None, review: float, match: float) -> None:
        """Needle at ``value``; REVIEW from ``review`` and MATCH from ``match`` (all percent)."""
        self.value = None if value is None else max(0.0, min(100.0, value))
        self.review, self.match = review, match
        self.setAccessibleDescription("" if value is None else f"{value:.1f}")
        self.update()

    @staticmethod
    def _angle(v: float) -> float:
        """Qt angle in degrees (0 = 3 o'clock, counter-clockwise) of value ``v`` on the half dial."""
        return 180.0 - 180.0 * v / 100.0

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
        # ticks every 10
        p.setPen(QPen(QColor("#5b6877"), 1.2))
        small = QFont(self.font())
        small.setPointSizeF(8)
        p.setFont(small)
        for v in range(0, 101, 10):
            a = math.radians(self._angle(v))
            r0, r1 = radius - thick / 2 - 2, radius - thick / 2 - (8 if v % 50 == 0 else 4)
            p.drawLine(
                QPointF(cx + r0 * math.cos(a), cy - r0 * math.sin(a)),
                QPointF(cx + r1 * math.cos(a), cy - r1 * math.sin(a)),
            )
            if v % 50 == 0:
                r2 = radius - thick / 2 - 18
                p.drawText(
                    QRectF(cx + r2 * math.cos(a) - 14, cy - r2 * math.sin(a) - 8, 28, 16),
                    Qt.AlignmentFlag.AlignCenter,
                    str(v),
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
