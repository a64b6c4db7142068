"""``facecompare review``: sign in and open the reviewer's window on the shared case database."""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QDialog

from app.cases import people
from app.gui.common.logs import start_logging
from app.gui.common.resources import icon, install_translators, load_fonts, stylesheet

log = logging.getLogger(__name__)
# the translation catalogues the reviewer's window reads: the shared widgets' and its own
CATALOGUES = ("facecompare", "review")


def review_language(language: str | None = None, qsettings: QSettings | None = None) -> str:
    """``language`` when given, else the language of the workstation's settings (``qsettings``,
    by default this user's): the reviewer reads the same language as the counter."""
    if language:
        return language
    from app.gui.common.settings import WorkstationSettings, open_qsettings

    return WorkstationSettings.load(qsettings or open_qsettings()).language


def lock_minutes(qsettings: QSettings | None = None) -> float:
    """Minutes without input before the window locks: the workstation's setting (``lock_minutes``)."""
    from app.gui.common.settings import WorkstationSettings, open_qsettings

    return WorkstationSettings.load(qsettings or open_qsettings()).lock_minutes


def run_review(database: str | None = None, *, user: str | None = None, language: str | None = None) -> int:
    """Exit code of the Qt event loop (1 when sign-in is cancelled)."""
    from app.gui.common.signin import REVIEWERS, InactivityLock
    from app.gui.review.login import SignInDialog, title
    from app.gui.review.window import ReviewWindow

    existing = QApplication.instance()
    logs = start_logging("review") if existing is None else None
    app = existing or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    translators = []
    if existing is None:  # a host application (or a test session) keeps its own look
        app.setApplicationName("Face Compare Review")
        app.setOrganizationName("facecompare")
        app.setWindowIcon(icon("app"))
        app.setStyle("Fusion")
        app.setStyleSheet(stylesheet())
    load_fonts(app)
    if existing is None or language:
        translators = install_translators(app, review_language(language), *CATALOGUES)
    store = people.open_store(database)
    log.info("review: case database %s", store.dialect)
    store.purge_images(actor="retention")  # images past their retention go before anyone looks
    try:
        dialog = SignInDialog(store, user or "")
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.user is None:
            log.info("review: sign-in cancelled")
            return 1
        log.info("review: %s signed in (%s)", dialog.user.username, dialog.user.role.value)
        window = ReviewWindow(store, dialog.user)
        lock = InactivityLock(
            window, lambda: store, dialog.user, roles=REVIEWERS, title=title(), minutes=lock_minutes()
        )
        lock.quit_requested.connect(window.close)
        window.show()
        try:
            return int(app.exec())
        finally:
            lock.stop()
    finally:
        store.close()
        for translator in translators:
            app.removeTranslator(translator)
        if logs is not None:
            logs.close()
