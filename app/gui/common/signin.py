"""Signing in to the workstation and the reviewer's window, and locking them when nobody works.

``SignInDialog`` checks a name and password with the case store (every attempt audited, the
lockout applied there); ``InactivityLock`` hides a window after minutes without a key press or a
mouse click, writes a ``user.locked`` audit row, and asks for the password again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QWidget,
)

from app.cases import CaseError, Role, SqlCaseStore, User
from app.gui.common.resources import load_fonts

log = logging.getLogger(__name__)
DEFAULT_LOCK_MINUTES = 5
OPERATORS = frozenset({Role.OPERATOR, Role.ADMIN})
REVIEWERS = frozenset({Role.REVIEWER, Role.ADMIN})
# what counts as someone working at the window (moving the mouse alone does not)
_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class SignInDialog(QDialog):
    """A name and a password; accepted only for an active account of ``roles``, ``user`` then set.

    ``locked_for`` (a user) makes it the lock screen: the name is fixed unless ``switch`` lets
    another person of ``roles`` take over, and Cancel reads "Quit".
    """

    def __init__(
        self,
        store: SqlCaseStore,
        *,
        roles: frozenset[Role],
        title: str,
        username: str = "",
        locked_for: User | None = None,
        switch: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        load_fonts()  # before any widget exists: a styled widget keeps the font it was made with
        super().__init__(parent)
        self.store = store
        self.roles = roles
        self.user: User | None = None
        self.setWindowTitle(title)
        self.setObjectName("signIn")
        self.username = QLineEdit(locked_for.username if locked_for else username)
        self.username.setAccessibleName(self.tr("User"))
        self.username.setReadOnly(locked_for is not None and not switch)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Password"))
        self.intro = QLabel("")
        self.intro.setWordWrap(True)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color:#b3261e;")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Sign in"))
        if locked_for is not None:
            buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Quit"))
            self.intro.setText(
                self.tr("Locked after inactivity. %1, enter your password to continue.").replace(
                    "%1", locked_for.username
                )
                if not switch
                else self.tr("Locked after inactivity. Enter your password, or sign in as another operator.")
            )
        buttons.accepted.connect(self.try_sign_in)
        buttons.rejected.connect(self.reject)
        heading = QLabel(title)
        heading.setStyleSheet("font-size:16px; font-weight:600;")
        form = QFormLayout(self)
        form.addRow(heading)
        if locked_for is not None:
            form.addRow(self.intro)
        form.addRow(self.tr("User"), self.username)
        form.addRow(self.tr("Password"), self.password)
        form.addRow(self.message)
        form.addRow(buttons)
        self.setMinimumWidth(420)
        (self.password if self.username.text() else self.username).setFocus()
        if store.user_count() == 0:
            self.message.setText(
                self.tr(
                    "No users yet: an admin adds them with 'facecompare audit add-user NAME --role ROLE'."
                )
            )

    def try_sign_in(self) -> None:
        name = self.username.text().strip()
        try:
            user = self.store.authenticate(name, self.password.text())
        except CaseError as exc:  # the directory cannot be reached: not a wrong password
            self.password.clear()
            self.message.setText(self.tr("Sign-in is not possible now: %1").replace("%1", str(exc)))
            return
        self.password.clear()
        if user is None:
            until = self.store.locked_until(name) if name else None
            if until is not None:
                local = until.astimezone().strftime("%H:%M")
                self.message.setText(
                    self.tr("Too many wrong passwords: this account is locked until %1.").replace("%1", local)
                )
            else:
                self.message.setText(self.tr("Wrong user name or password."))
            return
        if user.role not in self.roles:
            self.message.setText(self._role_text())
            return
        self.user = user
        self.accept()

    def _role_text(self) -> str:
        if self.roles == REVIEWERS:
            return self.tr("Only reviewers and admins review cases.")
        return self.tr("Only operators and admins record cases.")


class _Activity(QObject):
    """Restarts ``timer`` on every key press, click, wheel or touch in the application."""

    def __init__(self, timer: QTimer) -> None:
        super().__init__()
        self.timer = timer

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and self.timer.isActive():
            self.timer.start()
        return False


class InactivityLock(QObject):
    """Locks ``window`` after ``minutes`` without input: its content hidden, a ``user.locked``
    audit row written, and a :class:`SignInDialog` opened over it until the password is given.

    ``signed_in(user)`` is emitted when the lock is lifted (``user`` may be another person when
    ``switch``); ``quit_requested`` when the lock screen is left with Quit.
    """

    locked = Signal()
    signed_in = Signal(object)
    quit_requested = Signal()

    def __init__(
        self,
        window: QMainWindow,
        store: Callable[[], SqlCaseStore],
        user: User,
        *,
        roles: frozenset[Role],
        title: str,
        minutes: float = DEFAULT_LOCK_MINUTES,
        switch: bool = False,
        where: str = "",
    ) -> None:
        super().__init__(window)
        self.window, self._store, self.user = window, store, user
        self.roles, self.title, self.switch, self.where = roles, title, switch, where
        self.minutes = max(0.05, float(minutes))
        self.dialog: SignInDialog | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(int(self.minutes * 60_000))
        self.timer.timeout.connect(self.lock)
        self._filter = _Activity(self.timer)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self._filter)
        self.timer.start()

    @property
    def is_locked(self) -> bool:
        return self.dialog is not None

    def stop(self) -> None:
        """No more locking (the window closes)."""
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self._filter)

    def lock(self) -> None:
        """Hide the window's content, audit the lock and ask for the password."""
        if self.dialog is not None:
            return
        self.timer.stop()
        central = self.window.centralWidget()
        if central is not None:
            central.setVisible(False)
        payload: dict[str, Any] = {"idle_minutes": self.minutes}
        if self.where:
            payload["workstation"] = self.where
        try:
            self._store().audit_event(self.user.username, "user.locked", payload)
        except Exception as exc:  # the lock holds even when the log cannot be written
            log.error("lock not audited: %s", type(exc).__name__)
        log.info("locked after %.1f min of inactivity", self.minutes)
        self.dialog = SignInDialog(
            self._store(),
            roles=self.roles,
            title=self.title,
            locked_for=self.user,
            switch=self.switch,
            parent=self.window,
        )
        self.dialog.accepted.connect(self._unlocked)
        self.dialog.rejected.connect(self.quit_requested.emit)
        self.locked.emit()
        self.dialog.open()

    def _unlocked(self) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is None or dialog.user is None:
            return
        if dialog.user.username != self.user.username and not self.switch:
            self.lock()  # only the person who was working may lift this lock
            return
        self.user = dialog.user
        central = self.window.centralWidget()
        if central is not None:
            central.setVisible(True)
        self.timer.start()
        self.signed_in.emit(dialog.user)
