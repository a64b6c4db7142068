"""``SignInDialog``: a reviewer's name and password, checked by the store (every attempt audited)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from app.cases import Role, SqlCaseStore, User
from app.gui.common.resources import load_fonts


class SignInDialog(QDialog):
    """Accepts only an active reviewer or admin; ``user`` is set when accepted."""

    def __init__(self, store: SqlCaseStore, username: str = "", parent: QWidget | None = None) -> None:
        load_fonts()  # before any widget exists: a styled widget keeps the font it was made with
        super().__init__(parent)
        self.store = store
        self.user: User | None = None
        self.setWindowTitle(self.tr("Reviewer sign-in"))
        self.username = QLineEdit(username)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel("")
        self.message.setStyleSheet("color:#b3261e;")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.try_sign_in)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("User"), self.username)
        form.addRow(self.tr("Password"), self.password)
        form.addRow(self.message)
        form.addRow(buttons)
        (self.password if username else self.username).setFocus()
        if store.user_count() == 0:
            self.message.setText(
                self.tr(
                    "No users yet: an admin adds them with 'facecompare audit add-user NAME --role reviewer'."
                )
            )

    def try_sign_in(self) -> None:
        user = self.store.authenticate(self.username.text().strip(), self.password.text())
        self.password.clear()
        if user is None:
            self.message.setText(self.tr("Wrong user name or password."))
            return
        if user.role not in (Role.REVIEWER, Role.ADMIN):
            self.message.setText(self.tr("Only reviewers and admins review cases."))
            return
        self.user = user
        self.accept()
