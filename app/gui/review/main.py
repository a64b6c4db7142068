"""``facecompare review``: sign in and open the reviewer's window on the shared case database."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QDialog

from app.cases import SqlCaseStore
from app.gui.common.resources import icon, install_translator, stylesheet


def run_review(database: str | None = None, *, user: str | None = None, language: str | None = None) -> int:
    """Exit code of the Qt event loop (1 when sign-in is cancelled)."""
    from app.gui.review.login import SignInDialog
    from app.gui.review.window import ReviewWindow

    existing = QApplication.instance()
    app = existing or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    if existing is None:  # a host application (or a test session) keeps its own look and language
        app.setApplicationName("Face Compare Review")
        app.setOrganizationName("facecompare")
        app.setWindowIcon(icon("app"))
        app.setStyle("Fusion")
        app.setStyleSheet(stylesheet())
        install_translator(app, language or "en")
    store = SqlCaseStore.from_env(database)
    store.purge_images(actor="retention")  # images past their retention go before anyone looks
    try:
        dialog = SignInDialog(store, user or "")
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.user is None:
            return 1
        window = ReviewWindow(store, dialog.user)
        window.show()
        return int(app.exec())
    finally:
        store.close()
