"""``CaseBar``: customer reference, note, and accept / reject / flag, recorded as a case."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

# the values of app.cases.Outcome (not imported: the case store loads after start-up)
ACCEPTED, REJECTED, FLAGGED = "ACCEPTED", "REJECTED", "FLAGGED"


class CaseBar(QFrame):
    """Emits ``decided(outcome, customer_ref, note)``; enabled only while a result is shown."""

    decided = Signal(str, str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        self.customer = QLineEdit()
        self.customer.setPlaceholderText(self.tr("Customer reference (required)"))
        self.customer.setAccessibleName(self.tr("Customer reference"))
        self.customer.setMaxLength(200)
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("Note (optional)"))
        self.note.setAccessibleName(self.tr("Note"))
        self.note.setMaxLength(4000)
        self.buttons: dict[str, QPushButton] = {}
        specs = [
            (
                ACCEPTED,
                self.tr("Accept"),
                "accept",
                "Ctrl+1",
                self.tr("Same person: accept (Ctrl+1)"),
            ),
            (
                REJECTED,
                self.tr("Reject"),
                "reject",
                "Ctrl+2",
                self.tr("Not the same person: reject (Ctrl+2)"),
            ),
            (
                FLAGGED,
                self.tr("Flag for review"),
                "flag",
                "Ctrl+3",
                self.tr("Send to a reviewer (Ctrl+3)"),
            ),
        ]
        self.message = QLabel("")
        self.message.setObjectName("muted")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.customer, 2)
        layout.addWidget(self.note, 3)
        for outcome, text, name, keys, tip in specs:
            button = QPushButton(text)
            button.setObjectName(name)
            button.setShortcut(QKeySequence(keys))
            button.setToolTip(tip)
            button.setAccessibleName(text)
            button.clicked.connect(lambda _c=False, o=outcome: self._decide(o))
            layout.addWidget(button)
            self.buttons[outcome] = button
        layout.addWidget(self.message)
        self.set_enabled(False)

    def set_enabled(self, enabled: bool) -> None:
        for button in self.buttons.values():
            button.setEnabled(enabled)

    def _decide(self, outcome: str) -> None:
        ref = self.customer.text().strip()
        if not ref:
            self.message.setText(self.tr("Enter the customer reference first."))
            self.message.setStyleSheet("color:#b3261e;")
            self.customer.setFocus()
            return
        self.decided.emit(outcome, ref, self.note.text().strip())

    def show_recorded(self, text: str) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color:#1e7b46; font-weight:600;")
        self.set_enabled(False)

    def reset(self) -> None:
        self.customer.clear()
        self.note.clear()
        self.message.clear()
        self.set_enabled(False)
