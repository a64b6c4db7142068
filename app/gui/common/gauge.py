"""``SimilarityGauge``: a linear 0–100 half dial with the three bands in words and a needle.

The scale is linear (50 is straight up) so the dial reads as the number does. The bands start
at the thresholds the comparison was made with (never constants) and are named with the words
of :mod:`app.contract.score` ("different people", "check again", "same person"); the number is
:func:`app.contract.score.score_text`, the same text every screen, the PDF and the CLI show.
Nothing the operator reads can be hidden by the needle: the scale's labels sit outside the arc
(the needle stops inside it) and the number below the needle's hub.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.contract.score import Band, band, score_text

REJECT, REVIEW, MATCH = QColor("#c0392b"), QColor("#d08f00"), QColor("#1e8c4e")
BAND_COLORS = {Band.DIFFERENT: REJECT, Band.CHECK: REVIEW, Band.SAME: MATCH}
INK, MUTED, IDLE = QColor("#1d2733"), QColor("#5b6877"), QColor("#c6ced8")


@dataclass(frozen=True)
class Geometry:
    """Where the dial's parts go in a widget of a given size."""

    cx: float
    cy: float
    radius: float
    thick: float
    number: QRectF  # the score
    legend: QRectF  # the three band words

    def point(self, fraction: float, r: float) -> QPointF:
        a = math.pi * (1.0 - fraction)
        return QPointF(self.cx + r * math.cos(a), self.cy - r * math.sin(a))

    @property
    def needle_length(self) -> float:
        return self.radius - self.thick / 2 - 3


class SimilarityGauge(QWidget):
    """Draws ``value`` (0–100) against bands from the thresholds (also 0–100)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(240, 170)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.value: float | None = None
        self.review = 0.0
        self.match = 0.0
        self.setAccessibleName(self.tr("Similarity gauge"))

    def set_result(self, value: float | None, review: float, match: float) -> None:
        """Needle at ``value``; "check again" from ``review`` and "same person" from ``match``
        (all percent, as the comparison carries them x 100)."""
        self.value = None if value is None else max(0.0, min(100.0, value))
        self.review, self.match = review, match
        self.setAccessibleDescription(
            "" if self.value is None else f"{self.number_text()} · {self.band_word(self.band())}"
        )
        self.update()

    # -- what is read ---------------------------------------------------------------------
    def has_bands(self) -> bool:
        return 0.0 < self.review <= self.match <= 100.0

    @staticmethod
    def fraction(v: float) -> float:
        """Where value ``v`` sits along the dial (0 = left end, 1 = right end): linear."""
        return max(0.0, min(100.0, v)) / 100.0

    def number_text(self) -> str:
        return "–" if self.value is None else score_text(self.value / 100.0)

    def band(self, v: float | None = None) -> Band | None:
        v = self.value if v is None else v
        if v is None or not self.has_bands():
            return None
        return band(v / 100.0, self.review / 100.0, self.match / 100.0)

    def band_word(self, which: Band | None) -> str:
        words = {
            Band.DIFFERENT: self.tr("different people"),
            Band.CHECK: self.tr("check again"),
            Band.SAME: self.tr("same person"),
        }
        return "" if which is None else words[which]

    def scale_labels(self) -> list[tuple[float, str]]:
        """The values labelled on the scale: both ends and the two thresholds."""
        labels = [(0.0, "0"), (100.0, "100")]
        if self.has_bands():
            labels += [
                (self.review, score_text(self.review / 100)),
                (self.match, score_text(self.match / 100)),
            ]
        else:
            labels.append((50.0, "50"))
        return labels

    # -- where it goes -------------------------------------------------------------------
    def _fonts(self) -> tuple[QFont, QFont, QFont]:
        big = QFont(self.font())
        big.setPointSizeF(max(16.0, min(28.0, self.height() / 8)))
        big.setBold(True)
        small = QFont(self.font())
        small.setPointSizeF(8.5)
        legend = QFont(self.font())
        legend.setPointSizeF(9.5)
        return big, small, legend

    def geometry_for(self, w: float, h: float) -> Geometry:
        big, small, legend = self._fonts()
        label_h = QFontMetricsF(small).height()
        number_h = QFontMetricsF(big).height()
        legend_h = QFontMetricsF(legend).height() + 4
        label_w = QFontMetricsF(small).horizontalAdvance("100.0") + 6
        # the arc's half thickness (radius / 12) and the labels outside it must fit around it
        radius = max(30.0, (w / 2 - label_w - 4) * 12 / 13)
        top = label_h + 8 + max(10.0, radius / 6) / 2
        radius = max(30.0, min(radius, h - top - number_h - legend_h - 8))
        cx, cy = w / 2, top + radius
        thick = max(10.0, radius / 6)
        number = QRectF(0, cy + 4, w, number_h)
        legend_rect = QRectF(0, number.bottom() + 2, w, legend_h)
        return Geometry(cx, cy, radius, thick, number, legend_rect)

    def label_rect(self, g: Geometry, v: float) -> QRectF:
        """The box of the scale label at value ``v``: just outside the arc."""
        _big, small, _legend = self._fonts()
        fm = QFontMetricsF(small)
        text = dict(self.scale_labels()).get(v, score_text(v / 100))
        tw, th = fm.horizontalAdvance(text) + 4, fm.height()
        a = math.pi * (1.0 - self.fraction(v))
        r = g.radius + g.thick / 2 + 4
        # anchor the box's nearest side on the circle so it never reaches back over the arc
        px, py = g.cx + r * math.cos(a), g.cy - r * math.sin(a)
        x = px - tw / 2 + (tw / 2) * math.cos(a)
        y = py - th / 2 - (th / 2) * math.sin(a)
        return QRectF(x, y, tw, th)

    # -- drawing -------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        g = self.geometry_for(self.width(), self.height())
        big, small, legend = self._fonts()
        arc = QRectF(g.cx - g.radius, g.cy - g.radius, 2 * g.radius, 2 * g.radius)
        live = self.value is not None
        if self.has_bands():
            bands = [
                (0.0, self.review, REJECT),
                (self.review, self.match, REVIEW),
                (self.match, 100.0, MATCH),
            ]
        else:
            bands = [(0.0, 100.0, MUTED)]
        for lo, hi, color in bands:
            if hi <= lo:
                continue
            p.setPen(QPen(color if live else IDLE, g.thick, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
            start = 180.0 * (1.0 - self.fraction(lo))
            span = 180.0 * (self.fraction(hi) - self.fraction(lo))
            p.drawArc(arc, round(start * 16), -round(span * 16))
        # a tick every 10 (the scale is linear), longer at 0 / 50 / 100
        p.setPen(QPen(QColor("#ffffff"), 1.2))
        for tick in range(10, 100, 10):
            inner = g.radius - g.thick / 2 + (0 if tick == 50 else g.thick / 2)
            p.drawLine(g.point(tick / 100, inner), g.point(tick / 100, g.radius + g.thick / 2))
        p.setFont(small)
        for v, text in self.scale_labels():
            p.setPen(QPen(MUTED, 1.2))
            p.drawLine(g.point(v / 100, g.radius + g.thick / 2), g.point(v / 100, g.radius + g.thick / 2 + 3))
            p.setPen(INK)
            p.drawText(self.label_rect(g, v), Qt.AlignmentFlag.AlignCenter, text)
        if self.value is not None:
            tip = g.point(self.fraction(self.value), g.needle_length)
            p.setPen(QPen(INK, 3.0, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            p.drawLine(QPointF(g.cx, g.cy), tip)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(INK if live else IDLE)
        p.drawEllipse(QPointF(g.cx, g.cy), 5, 5)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setFont(big)
        current = self.band()
        p.setPen(BAND_COLORS[current] if current is not None else INK)
        p.drawText(g.number, Qt.AlignmentFlag.AlignCenter, self.number_text())
        if self.has_bands():
            self._draw_legend(p, g.legend, legend, current)
        p.end()

    def _draw_legend(self, p: QPainter, rect: QRectF, font: QFont, current: Band | None) -> None:
        """The three band words in their colours; the one the needle is in, bold."""
        items = [(b, self.band_word(b)) for b in (Band.DIFFERENT, Band.CHECK, Band.SAME)]
        fonts = {}
        for b, _word in items:
            f = QFont(font)
            f.setBold(b == current)
            fonts[b] = f
        chip, gap = 9.0, 14.0
        widths = [chip + 4 + QFontMetricsF(fonts[b]).horizontalAdvance(word) for b, word in items]
        x = rect.center().x() - (sum(widths) + gap * (len(items) - 1)) / 2
        for (b, word), width in zip(items, widths, strict=True):
            color = BAND_COLORS[b] if self.value is not None else IDLE
            p.fillRect(QRectF(x, rect.center().y() - chip / 2, chip, chip), color)
            p.setFont(fonts[b])
            p.setPen(INK if b == current or current is None else MUTED)
            p.drawText(
                QRectF(x + chip + 4, rect.top(), width, rect.height()),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                word,
            )
            x += width + gap
