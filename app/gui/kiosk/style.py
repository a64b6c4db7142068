"""The kiosk's look: its style sheet and the pictures it draws (so no emoji font is needed)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen, QPixmap

STYLE = """
QWidget#kiosk { background: #0f2a4a; }
QWidget#kiosk QLabel { color: #ffffff; }
QWidget#kiosk QLabel#kioskTitle { font-size: 44px; font-weight: 700; }
QWidget#kiosk QLabel#kioskPrompt { font-size: 36px; font-weight: 600; }
QWidget#kiosk QLabel#kioskSmall { font-size: 22px; color: #b8c7da; }
QWidget#kiosk QLabel#kioskSteps { font-size: 24px; color: #8da2bb; }
QWidget#kiosk QLabel#kioskResult { font-size: 52px; font-weight: 700; }
QWidget#kiosk QLabel#kioskConsent { font-size: 27px; line-height: 140%; }
QWidget#kiosk QPushButton { font-size: 30px; min-height: 84px; padding: 8px 36px; border-radius: 14px;
    background: #1f5fa8; color: #ffffff; border: 2px solid #6c9bd2; font-weight: 600; }
QWidget#kiosk QPushButton:pressed { background: #17487f; }
QWidget#kiosk QPushButton:disabled { background: #2c4563; color: #8da2bb; border-color: #3b5676; }
QWidget#kiosk QLabel#kioskKey { font-size: 46px; font-weight: 700; color: #ffd23f; }
QWidget#kiosk QLabel#kioskReference { font-size: 34px; font-weight: 600; color: #ffffff; background: #17385f;
    border: 2px solid #6c9bd2; border-radius: 12px; padding: 8px 28px; }
QWidget#kiosk QLabel#kioskCountdown { font-size: 28px; color: #dbe4ee; }
QWidget#kiosk QLabel#kioskNotice { font-size: 26px; font-weight: 600; color: #ffd23f; }
QWidget#kiosk QPushButton#kioskLanguage {
    font-size: 26px; min-height: 64px; min-width: 170px; padding: 4px 22px; background: #1f5fa8; }
QWidget#kiosk QPushButton#kioskStaff {
    font-size: 16px; font-weight: 400; min-height: 36px; min-width: 90px; padding: 2px 12px;
    background: transparent; color: #7f93aa; border: 1px dashed #3b5676; border-radius: 6px; }
QWidget#kiosk QPushButton#kioskDecline { background: transparent; }
QDialog#kioskPin { background: #ffffff; border: 3px solid #6c9bd2; border-radius: 14px; }
QDialog#kioskPin QLabel#kioskPinTitle { font-size: 30px; font-weight: 700; }
QDialog#kioskPin QLabel#kioskPinReference { font-size: 20px; color: #4a5d73; }
QDialog#kioskPin QLabel { color: #0f2a4a; font-size: 24px; }
QDialog#kioskPin QLineEdit { font-size: 32px; min-height: 64px; }
QDialog#kioskPin QPushButton { font-size: 30px; min-height: 72px; min-width: 96px; border-radius: 10px;
    background: #eef1f5; border: 1px solid #b9c3cf; color: #0f2a4a; }
"""


def badge(symbol: str, color: str, size: int = 180) -> QPixmap:
    """A filled circle with a white symbol (drawn, so no emoji font is needed)."""
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(color))
    p.drawEllipse(4, 4, size - 8, size - 8)
    if symbol == "…":  # three dots, centred (the font's ellipsis sits on the baseline)
        p.setBrush(QColor("#ffffff"))
        r = size * 0.06
        for dx in (-0.2, 0.0, 0.2):
            p.drawEllipse(QRectF(size * (0.5 + dx) - r, size * 0.5 - r, 2 * r, 2 * r))
        p.end()
        return pix
    font = QFont()
    font.setPixelSize(int(size * 0.55))
    font.setBold(True)
    p.setFont(font)
    p.setPen(QColor("#ffffff"))
    p.drawText(pix.rect(), Qt.AlignmentFlag.AlignCenter, symbol)
    p.end()
    return pix


def card_icon(width: int = 360) -> QPixmap:
    """A drawn ID card (photo box and text lines): what to place on the scanner."""
    height = round(width * 0.63)
    pix = QPixmap(width, height)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(QPen(QColor("#6c9bd2"), 4))
    p.setBrush(QColor("#17385f"))
    p.drawRoundedRect(QRectF(2, 2, width - 4, height - 4), 22, 22)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#6c9bd2"))
    p.drawRoundedRect(QRectF(width * 0.08, height * 0.2, width * 0.28, height * 0.6), 8, 8)
    p.setBrush(QColor("#b8c7da"))
    p.drawEllipse(QRectF(width * 0.14, height * 0.28, width * 0.16, width * 0.16))
    for i, share in enumerate((0.5, 0.42, 0.46, 0.3)):
        p.drawRoundedRect(
            QRectF(width * 0.44, height * (0.26 + 0.15 * i), width * share, height * 0.06), 4, 4
        )
    p.end()
    return pix
