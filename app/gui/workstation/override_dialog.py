"""``OverrideDialog``: the confirmation an operator gives before going against the engine.

It names what the engine said and what the operator chose, asks why (required), and puts
*Go back* forward: only a written reason enables the override.
"""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from app.contract.score import score_text
from app.gui.common.backends import CompareView
from app.gui.common.messages import decision_text

MAX_REASON = 4000  # CaseRecord.note


class OverrideDialog(QDialog):
    """Accepted only with a reason (:meth:`reason_text`); ``choice`` is the button's words."""

    def __init__(
        self, view: CompareView, choice: str, reason: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("overrideDialog")
        self.setWindowTitle(self.tr("Go against the engine?"))
        self.setModal(True)
        self.setMinimumWidth(520)
        t = view.thresholds
        title = QLabel(self.tr("You are going against the engine"))
        title.setObjectName("panelTitle")
        self.engine_text = QLabel(
            self.tr("The engine said: %1 (%2 of 100; “same person” from %3).\nYou chose: %4.")
            .replace("%1", decision_text(view.decision))
            .replace("%2", score_text(view.similarity))
            .replace("%3", score_text(t.match))
            .replace("%4", choice)
        )
        self.engine_text.setWordWrap(True)
        self.engine_text.setStyleSheet("color:#b3261e; font-weight:600;")
        self.engine_text.setAccessibleName(self.tr("What the engine said"))
        review = QLabel(self.tr("The case will be flagged as an override and sent to a reviewer."))
        review.setWordWrap(True)
        review.setObjectName("muted")
        self.reason = QPlainTextEdit(reason)
        self.reason.setPlaceholderText(self.tr("Why? What did you check? (required; Ctrl+Enter confirms)"))
        self.reason.setAccessibleName(self.tr("Reason for the override"))
        self.reason.setMaximumHeight(110)
        self.reason.textChanged.connect(self._update)
        self.back_button = QPushButton(self.tr("Go back"))
        self.back_button.setObjectName("primary")
        self.back_button.setDefault(True)
        self.back_button.setAccessibleName(self.tr("Go back"))
        self.back_button.clicked.connect(self.reject)
        self.confirm_button = QPushButton(self.tr("%1 anyway").replace("%1", choice))
        self.confirm_button.setAutoDefault(False)
        self.confirm_button.setAccessibleName(self.confirm_button.text())
        self.confirm_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.confirm_button)
        buttons.addWidget(self.back_button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.engine_text)
        layout.addWidget(review)
        layout.addWidget(QLabel(self.tr("Reason (required):")))
        layout.addWidget(self.reason)
        layout.addLayout(buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):  # confirm from the keyboard, only with a reason
            QShortcut(QKeySequence(keys), self).activated.connect(self.accept)
        self.reason.setFocus()  # typing the reason is the only way on; Esc goes back
        self._update()

    def reason_text(self) -> str:
        return self.reason.toPlainText().strip()[:MAX_REASON]

    def _update(self) -> None:
        self.confirm_button.setEnabled(bool(self.reason_text()))

    def accept(self) -> None:
        if self.reason_text():  # Enter in the dialog never overrides without a reason
            super().accept()
