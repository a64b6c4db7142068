"""The reviewer's sign-in: the shared dialog, for reviewers and admins only (every attempt audited)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from app.cases import SqlCaseStore
from app.gui.common import signin


def title() -> str:
    return QCoreApplication.translate("SignInDialog", "Reviewer sign-in")


class SignInDialog(signin.SignInDialog):
    """Accepts only an active, unlocked reviewer or admin; ``user`` is set when accepted."""

    def __init__(self, store: SqlCaseStore, username: str = "", parent: QWidget | None = None) -> None:
        super().__init__(store, roles=signin.REVIEWERS, title=title(), username=username, parent=parent)
