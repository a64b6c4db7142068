"""``CaseBar``: customer reference, note, the customer's consent, and accept / reject / flag.

A decision needs the reference and the consent confirmed; one that goes against the engine also
needs the :class:`OverrideDialog`'s confirmation and written reason (the reason becomes the
note). The button that agrees with the engine is the prominent (default) one.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.gui.common.backends import CompareView
from app.gui.workstation.override_dialog import OverrideDialog
from app.gui.workstation.session import AGREEING, is_override

# the values of app.cases.Outcome (not imported: the case store loads after start-up)
ACCEPTED, REJECTED, FLAGGED = "ACCEPTED", "REJECTED", "FLAGGED"


class EnterCheckBox(QCheckBox):
    """A check box on which Enter means "go ahead" (``entered``), as in the fields beside it."""

    entered = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.entered.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class CaseBar(QFrame):
    """Emits ``decided(outcome, customer_ref, note)``; enabled only while a result is shown
    (:meth:`show_result`). ``consented``: the operator confirmed the customer's consent.

    Keyboard: Alt+C ticks the consent; Enter in the reference, the note or on the consent box
    presses the button that agrees with the engine (the default one)."""

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
        self.consent = EnterCheckBox(self.tr("Customer consented (Alt+C)"))
        self.consent.setObjectName("consent")
        self.consent.setToolTip(
            self.tr(
                "The customer agreed to the biometric check of their face against the ID (required, Alt+C)"
            )
        )
        self.consent.setAccessibleName(self.tr("The customer consented to the biometric check"))
        self.view: CompareView | None = None
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
        self.consent.toggled.connect(lambda _on: self.consent.setStyleSheet(""))
        consent_key = QShortcut(QKeySequence("Alt+C"), self)
        consent_key.setContext(Qt.ShortcutContext.WindowShortcut)
        consent_key.activated.connect(self._consent_key)
        self.customer.returnPressed.connect(self.press_default)
        self.note.returnPressed.connect(self.press_default)
        self.consent.entered.connect(self.press_default)
        rows = QVBoxLayout(self)
        rows.setContentsMargins(12, 8, 12, 6)
        rows.setSpacing(4)
        layout = QHBoxLayout()
        layout.addWidget(self.customer, 2)
        layout.addWidget(self.note, 3)
        for outcome, text, name, keys, tip in specs:
            button = QPushButton(text)
            button.setObjectName(name)
            button.setShortcut(QKeySequence(keys))
            button.setToolTip(tip)
            button.setAccessibleName(text)
            button.setProperty("prominent", False)
            button.clicked.connect(lambda _c=False, o=outcome: self._decide(o))
            layout.addWidget(button)
            self.buttons[outcome] = button
        second = QHBoxLayout()
        second.addWidget(self.consent)
        second.addStretch(1)
        second.addWidget(self.message)
        rows.addLayout(layout)
        rows.addLayout(second)
        self.setTabOrder(self.customer, self.consent)
        self.setTabOrder(self.consent, self.note)
        previous: QWidget = self.note
        for button in self.buttons.values():
            self.setTabOrder(previous, button)
            previous = button
        self.set_enabled(False)

    def _consent_key(self) -> None:
        self.consent.toggle()
        self.consent.setFocus()

    def default_button(self) -> QPushButton | None:
        """The button that agrees with the shown result, when it can be pressed."""
        agreeing = AGREEING.get(self.view.decision) if self.view is not None else None
        button = self.buttons.get(agreeing or "")
        return button if button is not None and button.isEnabled() else None

    def press_default(self) -> None:
        """Enter: decide as the engine did (the reference and consent are still required)."""
        button = self.default_button()
        if button is not None:
            button.click()

    def focus_next_field(self) -> None:
        """After a result: the first thing still missing (reference, consent), else the button."""
        if not self.customer.text().strip():
            self.customer.setFocus()
        elif not self.consented:
            self.consent.setFocus()
        elif (button := self.default_button()) is not None:
            button.setFocus()

    @property
    def consented(self) -> bool:
        return self.consent.isChecked()

    def set_enabled(self, enabled: bool) -> None:
        for button in self.buttons.values():
            button.setEnabled(enabled)

    def show_result(self, view: CompareView | None) -> None:
        """The result decided on (None: none): the button agreeing with it is put forward."""
        self.view = view
        agreeing = AGREEING.get(view.decision) if view is not None else None
        for outcome, button in self.buttons.items():
            forward = outcome == agreeing
            if button.property("prominent") != forward:
                button.setProperty("prominent", forward)
                button.style().unpolish(button)
                button.style().polish(button)
            button.setDefault(forward)

    def _refuse(self, text: str, focus: QWidget) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color:#b3261e;")
        focus.setFocus()

    def _decide(self, outcome: str) -> None:
        ref = self.customer.text().strip()
        if not ref:
            self._refuse(self.tr("Enter the customer reference first."), self.customer)
            return
        if not self.consented:
            self._refuse(self.tr("Confirm the customer's consent first."), self.consent)
            self.consent.setStyleSheet("color:#b3261e; font-weight:600;")
            return
        note = self.note.text().strip()
        if self.view is not None and is_override(self.view.decision, outcome):
            dialog = OverrideDialog(self.view, self.buttons[outcome].text(), note, self)
            if not dialog.exec():
                self._refuse(self.tr("Not recorded: the override was not confirmed."), self.buttons[outcome])
                return
            note = dialog.reason_text()
            self.note.setText(note)
        self.message.clear()
        self.decided.emit(outcome, ref, note)

    def show_recorded(self, text: str) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color:#1e7b46; font-weight:600;")
        self.set_enabled(False)

    def reset(self) -> None:
        self.customer.clear()
        self.note.clear()
        self.consent.setChecked(False)
        self.consent.setStyleSheet("")
        self.message.clear()
        self.show_result(None)
        self.set_enabled(False)
