"""``ResultPanel``: aligned crops, the similarity gauge, the decision and the details behind it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.gui.common.backends import CompareView, FaceView
from app.gui.common.field_grid import field_grid
from app.gui.common.gauge import SimilarityGauge
from app.gui.common.images import bgr_to_qimage
from app.gui.common.messages import (
    DECISION_COLORS,
    decision_advice,
    decision_text,
    error_text,
    pose_label_text,
)
from app.gui.workstation.session import Panel, VerifySession

CROP = 128


class ResultPanel(QFrame):
    """Empty until ``show_result`` (or ``show_error``); ``clear`` goes back to empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        self.view: CompareView | None = None

        self.card_crop = self._crop_label(self.tr("ID photo"))
        self.face_crop = self._crop_label(self.tr("Live photo"))
        crops = QGridLayout()
        crops.setVerticalSpacing(4)
        crops.addWidget(self.card_crop, 0, 0)
        crops.addWidget(self.face_crop, 0, 1)
        for col, text in enumerate((self.tr("ID photo (aligned)"), self.tr("Live (aligned)"))):
            cap = QLabel(text)
            cap.setObjectName("muted")
            cap.setAlignment(Qt.AlignmentFlag.AlignCenter)
            crops.addWidget(cap, 1, col)
        crops.setRowStretch(2, 1)

        self.gauge = SimilarityGauge()
        self.decision = QLabel(self.tr("No result yet"))
        self.decision.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.decision.setAccessibleName(self.tr("Decision"))
        self.decision.setMinimumHeight(44)
        self.advice = QLabel(self.tr("Load an ID card and capture the customer's face."))
        self.advice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.advice.setWordWrap(True)
        self.advice.setObjectName("muted")
        middle = QVBoxLayout()
        middle.addWidget(self.gauge, 1)
        middle.addWidget(self.decision)
        middle.addWidget(self.advice)

        rows = [
            ("similarity", self.tr("Similarity")),
            ("thresholds", self.tr("Thresholds")),
            ("pose_card", self.tr("Pose (ID)")),
            ("pose_face", self.tr("Pose (live)")),
            ("mask", self.tr("Mask")),
            ("time", self.tr("Time taken")),
            ("pack", self.tr("Model pack")),
            ("licence", self.tr("Licence")),
        ]
        grid, self.fields = field_grid(rows)

        title = QLabel(self.tr("Result"))
        title.setObjectName("panelTitle")
        body = QHBoxLayout()
        body.addLayout(crops)
        body.addSpacing(8)
        body.addLayout(middle, 3)
        body.addSpacing(8)
        body.addLayout(grid, 4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 12)
        layout.addWidget(title)
        layout.addLayout(body, 1)
        self.clear()

    @staticmethod
    def _crop_label(name: str) -> QLabel:
        label = QLabel()
        label.setFixedSize(CROP, CROP)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setStyleSheet("background:#f1f4f8; border:1px dashed #c3ccd7; border-radius:6px;")
        label.setAccessibleName(name)
        return label

    def _pill(self, text: str, color: str) -> None:
        self.decision.setText(text)
        self.decision.setStyleSheet(
            f"background:{color}; color:#ffffff; font-size:22px; font-weight:700;"
            " border-radius:8px; padding:6px 18px;"
        )

    def pose_text(self, face: FaceView) -> str:
        return (
            self.tr("%1 · pitch %2° yaw %3° roll %4°")
            .replace("%1", pose_label_text(face.pose.label))
            .replace("%2", f"{face.pose.pitch:+.0f}")
            .replace("%3", f"{face.pose.yaw:+.0f}")
            .replace("%4", f"{face.pose.roll:+.0f}")
        )

    def mask_text(self, face: FaceView) -> str:
        worn = self.tr("wearing a mask") if face.is_wearing_mask else self.tr("no mask")
        if face.mask_probability is None:
            return worn
        return f"{worn} ({face.mask_probability * 100:.0f}%)"

    def show_result(self, view: CompareView) -> None:
        self.view = view
        for crop in (self.card_crop, self.face_crop):
            crop.setStyleSheet("background:#1b232d; border:none; border-radius:6px;")
        self.card_crop.setPixmap(QPixmap.fromImage(bgr_to_qimage(view.card.aligned)).scaled(CROP, CROP))
        self.face_crop.setPixmap(QPixmap.fromImage(bgr_to_qimage(view.face.aligned)).scaled(CROP, CROP))
        t = view.thresholds
        self.gauge.set_result(view.similarity * 100, t.review * 100, t.match * 100)
        self._pill(decision_text(view.decision), DECISION_COLORS.get(view.decision, "#33414f"))
        self.advice.setText(decision_advice(view.decision))
        f = self.fields
        f["similarity"].setText(f"{view.similarity * 100:.1f} / 100")
        f["thresholds"].setText(
            self.tr("review from %1, match from %2")
            .replace("%1", f"{t.review * 100:.1f}")
            .replace("%2", f"{t.match * 100:.1f}")
        )
        f["pose_card"].setText(self.pose_text(view.card))
        f["pose_face"].setText(self.pose_text(view.face))
        mask = self.mask_text(view.face)
        f["mask"].setText(mask)
        f["mask"].setStyleSheet("color:#b3261e;" if view.face.is_wearing_mask else "")
        where = self.tr("local engine") if view.mode == "local" else self.tr("remote server")
        f["time"].setText(f"{view.elapsed_ms / 1000:.2f} s ({where})")
        f["pack"].setText(view.pack)
        f["licence"].setText(view.licence)

    def show_session(self, session: VerifySession) -> None:
        """What the verify session says this panel shows."""
        if session.panel is Panel.RESULT and session.result is not None:
            self.show_result(session.result)
        elif session.panel is Panel.COMPARING:
            self.show_busy(self.tr("Comparing…"))
        elif session.panel is Panel.CARD_REFUSED:
            self.show_error(self.tr("ID SCAN REFUSED"), session.card_error or "")
        elif session.panel is Panel.FAILED and session.failure is not None:
            detail = f"\n({session.failure_detail})" if session.failure_detail else ""
            self.show_error(self.tr("NOT COMPARED"), error_text(session.failure.code) + detail)
        elif session.panel is Panel.ENGINE_FAILED:
            self.show_error(self.tr("ENGINE ERROR"), session.engine_error)
        else:
            self.clear()

    def show_error(self, title: str, text: str) -> None:
        self.view = None
        self.clear()
        self._pill(title, "#5b6877")
        self.advice.setText(text)
        self.advice.setStyleSheet("color:#b3261e; font-weight:600;")

    def show_busy(self, text: str) -> None:
        self.clear()
        self.advice.setText(text)

    def clear(self) -> None:
        self.view = None
        for crop in (self.card_crop, self.face_crop):
            crop.clear()
            crop.setStyleSheet("background:#f1f4f8; border:1px dashed #c3ccd7; border-radius:6px;")
        self.gauge.set_result(None, 0.0, 0.0)
        self._pill(self.tr("No result yet"), "#c6ced8")
        self.advice.setText(self.tr("Load an ID card and capture the customer's face."))
        self.advice.setStyleSheet("")
        for value in self.fields.values():
            value.setText("–")
            value.setStyleSheet("")
