"""``ReviewCaseView``: one case as the operator saw it (images if retained, gauge, pose, mask, trail)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.cases import CaseRecord, Review
from app.cases.chain import AuditRow
from app.cases.models import FaceGeometry
from app.gui.common.field_grid import field_grid
from app.gui.common.gauge import SimilarityGauge
from app.gui.common.messages import DECISION_COLORS, decision_text, pose_label_text
from app.gui.common.zoom import ZoomDialog, ZoomView
from app.gui.review.state import shown_image, trail_line
from app.gui.review.words import (
    action_text,
    engine_mode_text,
    flag_reasons_text,
    outcome_text,
    similarity_text,
    verdict_text,
)

IMAGE = 270  # each image's side on screen; the wheel, +/- and a drag zoom in on it


class CaseImage(QStackedWidget):
    """One image of a case: zoomable (wheel, +/-, drag, 0 or double-click fits; the enlarge
    button opens it in a window of its own), or the words saying it was not kept."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.view = ZoomView()
        self.view.setAccessibleName(title)
        self.missing = QLabel()
        self.missing.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.missing.setWordWrap(True)
        self.missing.setStyleSheet(
            "background:#eef1f5;border:1px solid #d5dbe3;color:#5b6877;font-size:12px;"
        )
        self.addWidget(self.view)
        self.addWidget(self.missing)
        self.setFixedSize(IMAGE, IMAGE)
        self.image = QImage()

    def show_image(self, image: QImage) -> None:
        self.image = image
        self.view.set_image(image)
        self.setCurrentWidget(self.view)

    def show_missing(self, text: str) -> None:
        self.image = QImage()
        self.view.set_image(None)
        self.missing.setText(text)
        self.setCurrentWidget(self.missing)

    def enlarge(self) -> ZoomDialog | None:
        """The image in a large window of its own (Esc closes it); None when there is none."""
        if self.image.isNull():
            return None
        dialog = ZoomDialog(self.image, self.title, self.window())
        dialog.resize(900, 900)
        dialog.show()
        return dialog


class ReviewCaseView(QFrame):
    """Empty until ``show_case``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        self.card_image = CaseImage(self.tr("ID card"))
        self.face_image = CaseImage(self.tr("Live photo"))
        images = QGridLayout()
        images.addWidget(self.card_image, 0, 0)
        images.addWidget(self.face_image, 0, 1)
        self.enlarge_buttons: list[QPushButton] = []
        for col, image in enumerate((self.card_image, self.face_image)):
            cap = QLabel(image.title)
            cap.setObjectName("muted")
            enlarge = QPushButton(self.tr("Enlarge"))
            enlarge.setToolTip(self.tr("Open this image in a large window (wheel or +/- zoom, Esc closes)"))
            enlarge.clicked.connect(image.enlarge)
            self.enlarge_buttons.append(enlarge)
            row = QHBoxLayout()
            row.addWidget(cap, 1)
            row.addWidget(enlarge)
            images.addLayout(row, 1, col)
        self.originals = QCheckBox(self.tr("Originals with landmarks"))
        self.originals.setToolTip(
            self.tr("The retained originals with the face box and landmarks the engine found")
        )
        self.originals.setEnabled(False)
        self.originals.toggled.connect(lambda _on: self._show_images())
        images.addWidget(self.originals, 2, 0, 1, 2)
        self._shown: tuple[CaseRecord, dict[str, bytes]] | None = None
        self.gauge = SimilarityGauge()
        self.gauge.setMinimumSize(300, 190)  # its band words fit beside each other
        self.decision = QLabel("–")
        self.decision.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.decision.setAccessibleName(self.tr("Decision"))
        middle = QVBoxLayout()
        middle.addWidget(self.gauge, 1)
        middle.addWidget(self.decision)
        top = QHBoxLayout()
        top.addLayout(images)
        top.addLayout(middle, 1)

        rows = [
            ("case", self.tr("Case")),
            ("customer", self.tr("Customer reference")),
            ("operator", self.tr("Operator / workstation")),
            ("outcome", self.tr("Operator outcome")),
            ("flags", self.tr("Flagged because")),
            ("similarity", self.tr("Score")),
            ("pose", self.tr("Pose (pitch / yaw / roll)")),
            ("mask", self.tr("Mask")),
            ("quality", self.tr("Capture quality")),
            ("liveness", self.tr("Liveness")),
            ("note", self.tr("Operator note")),
            ("pack", self.tr("Model pack / engine")),
            ("ids", self.tr("requestId / uid")),
            ("review", self.tr("Review")),
            ("trail", self.tr("Decision trail")),
        ]
        grid, self.fields = field_grid(rows, row_spacing=4)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(grid)
        layout.addStretch(1)

    def clear(self) -> None:
        self._shown = None
        self.originals.setEnabled(False)
        for image in (self.card_image, self.face_image):
            image.show_missing("")
        self.gauge.set_result(None, 0.0, 0.0)
        self.decision.setText("–")
        for value in self.fields.values():
            value.setText("–")

    def show_case(
        self, rec: CaseRecord, images: dict[str, bytes], review: Review | None, trail: list[AuditRow]
    ) -> None:
        """Everything the store holds about ``rec``; ``images`` may be empty (retention off)."""
        self._shown = (rec, images)
        has_originals = "card" in images or "face" in images
        self.originals.setEnabled(has_originals and (rec.card_geometry or rec.face_geometry) is not None)
        self._show_images()
        self.gauge.set_result(rec.similarity * 100, rec.review_threshold * 100, rec.match_threshold * 100)
        colour = DECISION_COLORS.get(rec.decision, "#0f2a4a")
        self.decision.setText(decision_text(rec.decision))
        self.decision.setStyleSheet(f"color:{colour};font-size:22px;font-weight:700;")
        f = self.fields
        f["case"].setText(f"{rec.case_id} · {rec.created_at:%Y-%m-%d %H:%M:%S} UTC")
        f["customer"].setText(rec.customer_ref)
        f["operator"].setText(f"{rec.operator or '–'} / {rec.workstation or '–'}")
        f["outcome"].setText(outcome_text(rec.outcome.value))
        f["flags"].setText(flag_reasons_text(rec.flag_reasons) or self.tr("not flagged"))
        f["similarity"].setText(similarity_text(rec.similarity, rec.review_threshold, rec.match_threshold))
        label = pose_label_text(rec.face_pose) if rec.face_pose else "–"
        if rec.face_pitch is not None and rec.face_yaw is not None and rec.face_roll is not None:
            pose = f"{rec.face_pitch:+.1f} / {rec.face_yaw:+.1f} / {rec.face_roll:+.1f} ({label})"
        else:
            pose = label
        f["pose"].setText(pose)
        masks = {True: self.tr("wearing a mask"), False: self.tr("no mask"), None: "–"}
        f["mask"].setText(masks[rec.face_mask])
        quality = [
            f"{name} {value:.2f}"
            for name, value in (
                (self.tr("eyes px"), rec.face_size_px),
                (self.tr("sharpness"), rec.face_sharpness),
                (self.tr("brightness"), rec.face_brightness),
            )
            if value is not None
        ]
        f["quality"].setText(", ".join(quality) or "–")
        f["liveness"].setText(rec.liveness_text or "–")
        f["note"].setText(rec.note or "–")
        f["pack"].setText(f"{rec.model_pack} ({engine_mode_text(rec.engine_mode)})")
        f["ids"].setText(f"{rec.request_id or '–'} / {rec.uid or '–'}")
        f["review"].setText(
            f"{verdict_text(review.verdict.value)} — {review.reviewer}: {review.reason}"
            if review
            else self.tr("waiting")
        )
        lines = [trail_line(r, action_text, decision_text, outcome_text, verdict_text) for r in trail]
        f["trail"].setText("\n".join(lines) or "–")

    def _show_images(self) -> None:
        if self._shown is None:
            return
        rec, images = self._shown
        originals = self.originals.isEnabled() and self.originals.isChecked()
        for shown, slot, digest, geometry in (
            (self.card_image, "card", rec.card_sha256, rec.card_geometry),
            (self.face_image, "face", rec.face_sha256, rec.face_geometry),
        ):
            data = shown_image(images, slot, originals)
            image = QImage.fromData(data) if data else QImage()
            if image.isNull():
                shown.show_missing(self.tr("Image not retained\nsha256 %1").replace("%1", digest[:16]))
                continue
            if originals and geometry is not None:
                image = overlaid(image, geometry)
            shown.show_image(image)


def overlaid(image: QImage, geometry: FaceGeometry) -> QImage:
    """The face region of ``image`` with the engine's box and landmark points drawn on it."""
    out = image.convertToFormat(QImage.Format.Format_RGB32)
    width = max(1.5, (geometry.box[2] - geometry.box[0]) / 70)
    p = QPainter(out)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    x1, y1, x2, y2 = geometry.box
    p.setPen(QPen(QColor("#2e9d5b"), width))
    p.drawRect(QRectF(x1, y1, x2 - x1, y2 - y1))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#33c3f0"))
    for x, y in geometry.points:
        p.drawEllipse(QPointF(x, y), width, width)
    p.end()
    # around the face (box plus 60 % each side), or the landmarks on a card scan are specks
    margin_x, margin_y = (x2 - x1) * 0.6, (y2 - y1) * 0.6
    area = QRectF(x1 - margin_x, y1 - margin_y, x2 - x1 + 2 * margin_x, y2 - y1 + 2 * margin_y)
    return out.copy(area.toRect().intersected(out.rect()))
