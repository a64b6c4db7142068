"""``ResultPanel``: aligned crops (click to zoom), the gauge, the decision, the next step, details."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.contract.score import Band, score_text
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
from app.gui.common.zoom import ZoomDialog
from app.gui.workstation.session import Panel, Step, VerifySession

CROP = 256  # the aligned crops on screen (the engine's are 112-150 px: shown larger, and zoomable)
EMPTY_CROP = "background:#f1f4f8; border:1px dashed #c3ccd7; border-radius:6px;"
FULL_CROP = "background:#1b232d; border:none; border-radius:6px;"


class CropButton(QToolButton):
    """An aligned face crop; click, Space or its shortcut opens it in a :class:`ZoomDialog`."""

    def __init__(self, name: str, shortcut: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.image: QImage | None = None
        self.dialog: ZoomDialog | None = None
        self.setFixedSize(CROP + 4, CROP + 4)
        self.setIconSize(QSize(CROP, CROP))
        self.setAutoRaise(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setShortcut(QKeySequence(shortcut))
        self.setAccessibleName(name)
        self.setToolTip(self.tr("%1: click to zoom (%2)").replace("%1", name).replace("%2", shortcut))
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.clicked.connect(self.zoom)
        self.set_image(None)

    def set_image(self, image: QImage | None) -> None:
        self.image = image
        self.setEnabled(image is not None)
        if image is None:
            self.setIcon(QPixmap())
            self.setStyleSheet(f"QToolButton {{{EMPTY_CROP}}}")
            return
        pixmap = QPixmap.fromImage(image).scaled(
            CROP, CROP, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
        self.setIcon(pixmap)
        self.setStyleSheet(f"QToolButton {{{FULL_CROP}}} QToolButton:focus {{border:3px solid #1f5fa8;}}")

    def zoom(self) -> None:
        """The crop in a window of its own, zoomable; Esc closes it."""
        if self.image is None:
            return
        self.dialog = ZoomDialog(self.image, self.name, self.window())
        self.dialog.setModal(True)
        self.dialog.show()


class ResultPanel(QFrame):
    """Empty until ``show_result`` (or ``show_error``); ``clear`` goes back to empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        self.view: CompareView | None = None

        self.card_crop = CropButton(self.tr("ID photo (aligned)"), "F6")
        self.face_crop = CropButton(self.tr("Live photo (aligned)"), "F7")
        crops = QGridLayout()
        crops.setVerticalSpacing(4)
        crops.addWidget(self.card_crop, 0, 0)
        crops.addWidget(self.face_crop, 0, 1)
        captions = (self.tr("ID photo · F6 to zoom"), self.tr("Live photo · F7 to zoom"))
        for col, text in enumerate(captions):
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
        self.advice = QLabel("")
        self.advice.setAccessibleName(self.tr("What to do next"))
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
        self.card_crop.set_image(bgr_to_qimage(view.card.aligned))
        self.face_crop.set_image(bgr_to_qimage(view.face.aligned))
        t = view.thresholds
        self.gauge.set_result(view.similarity * 100, t.review * 100, t.match * 100)
        self._pill(decision_text(view.decision), DECISION_COLORS.get(view.decision, "#33414f"))
        self.advice.setText(decision_advice(view.decision))
        self.advice.setStyleSheet("")
        f = self.fields
        f["similarity"].setText(
            self.tr("%1 of 100: %2")
            .replace("%1", score_text(view.similarity))
            .replace("%2", self.gauge.band_word(self.gauge.band()))
        )
        f["thresholds"].setText(
            self.tr("“%1” from %2, “%3” from %4")
            .replace("%1", self.gauge.band_word(Band.CHECK))
            .replace("%2", score_text(t.review))
            .replace("%3", self.gauge.band_word(Band.SAME))
            .replace("%4", score_text(t.match))
        )
        f["pose_card"].setText(self.pose_text(view.card))
        f["pose_face"].setText(self.pose_text(view.face))
        mask = self.mask_text(view.face)
        f["mask"].setText(mask)
        f["mask"].setStyleSheet("color:#b3261e;" if view.face.is_wearing_mask else "")
        where = self.tr("local engine") if view.mode == "local" else self.tr("remote server")
        f["time"].setText(f"{view.elapsed_ms / 1000:.2f} s ({where})")
        f["pack"].setText(self.tr("%1 (licence: Help ▸ About)").replace("%1", view.pack))

    def step_text(self, step: Step) -> str:
        """The next thing to do, with its key."""
        texts = {
            Step.PLACE_CARD: self.tr("Place the ID card on the scanner, or open its scan (Ctrl+O)."),
            Step.CAPTURE_FACE: self.tr(
                "ID card loaded. Ask the customer to look into the camera: the photo is taken"
                " by itself, or press F5."
            ),
            Step.ADD_CARD: self.tr(
                "Photo taken. Now place the ID card on the scanner, or open its scan (Ctrl+O)."
            ),
            Step.FIX_CARD: self.tr("Scan the card again, or open another file (Ctrl+O)."),
            Step.WAIT_ENGINE: self.tr(
                "Card and photo are in: the comparison starts as soon as the engine is ready."
            ),
            Step.COMPARING: self.tr("Comparing…"),
            Step.RETRY: self.tr("Retake the photo (F5) or rescan the card (Ctrl+O)."),
            Step.ENGINE_FAILED: self.tr("Check the model pack in Settings (Ctrl+,)."),
            Step.NEXT_CUSTOMER: self.tr("Recorded. Ctrl+N for the next customer."),
        }
        return texts.get(step, "")

    def show_session(self, session: VerifySession, *, camera: bool = True) -> None:
        """What the verify session says this panel shows, and the next step under it (without a
        ``camera``, the photo steps say to pick one first)."""
        self._show_panel(session)
        step = session.step
        if step is Step.DECIDE:
            return  # the decision's advice stays
        text = self.step_text(step)
        if not camera and step in (Step.PLACE_CARD, Step.CAPTURE_FACE):
            text = self.tr("No camera: pick one in the camera panel (“Look again”), or call IT support.")
        if step in (Step.FIX_CARD, Step.RETRY, Step.ENGINE_FAILED):
            detail = self.advice.text()
            text = f"{detail}\n{text}" if detail else text
        elif step is Step.NEXT_CUSTOMER and session.result is not None:
            text = f"{decision_advice(session.result.decision)}\n{text}"
        self.advice.setText(text)

    def _show_panel(self, session: VerifySession) -> None:
        if session.panel is Panel.RESULT and session.result is not None:
            self.show_result(session.result)
        elif session.panel is Panel.COMPARING:
            self.show_busy("")
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
            crop.set_image(None)
        self.gauge.set_result(None, 0.0, 0.0)
        self._pill(self.tr("No result yet"), "#c6ced8")
        self.advice.setText(self.step_text(Step.PLACE_CARD))
        self.advice.setStyleSheet("")
        for value in self.fields.values():
            value.setText("–")
            value.setStyleSheet("")
