"""Start the workstation: QApplication, style, translation, case store and the main window."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QSplashScreen

log = logging.getLogger(__name__)
# the translation catalogues of resources/translations the verify screen reads (common + workstation)
CATALOGUES = ("facecompare",)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="facecompare gui", description="The verification workstation.")
    parser.add_argument("--camera-file", type=Path, help="play a video or a folder of images as the camera")
    parser.add_argument("--settings", type=Path, help="an INI settings file instead of the user's settings")
    parser.add_argument("--language", choices=["en", "ko"], help="override the language setting")
    parser.add_argument("--cases-db", type=Path, help="SQLite file for recorded cases")
    parser.add_argument(
        "--self-test", action="store_true", help="load the models, compare two samples, print JSON, exit 0/1"
    )
    return parser


def run(
    camera_file: Path | None = None,
    settings_path: Path | None = None,
    language: str | None = None,
    cases_db: Path | None = None,
) -> int:
    """Open the window and run the Qt event loop until it closes; returns the exit code."""
    from PySide6.QtWidgets import QApplication

    from app.gui.common.logs import start_logging
    from app.gui.common.resources import icon, install_translators, load_fonts, stylesheet
    from app.gui.common.settings import WorkstationSettings, open_qsettings
    from app.gui.workstation.main_window import MainWindow

    logs = start_logging("workstation")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Face Compare Workstation")
    app.setOrganizationName("facecompare")
    app.setWindowIcon(icon("app"))
    app.setStyle("Fusion")
    app.setStyleSheet(stylesheet())
    qsettings = open_qsettings(settings_path)
    settings = WorkstationSettings.load(qsettings)
    if settings.engine_mode == "local":  # its models load while the window starts and the operator signs in
        from app.gui.common.engine_loader import prestart_engine

        prestart_engine(settings.pack)
    if language:
        settings.language = language
    load_fonts(app)
    install_translators(app, settings.language, *CATALOGUES)
    log.info(
        "language %s, engine %s, pack %s, camera %s",
        settings.language,
        settings.engine_mode,
        settings.pack,
        "file" if camera_file else (settings.camera_device or "default"),
    )
    store: Any = open_case_store(cases_db or Path(settings.cases_db))
    user = sign_in(store)
    if user is None:
        from app.gui.common.engine_loader import stop_prestarted_engine

        log.info("sign-in cancelled")
        stop_prestarted_engine()
        store.close()
        logs.close()
        return 1
    log.info("%s signed in (%s)", user.username, user.role.value)
    splash = _splash(app)
    preload_engine_modules()
    window = MainWindow(settings, store=store, qsettings=qsettings, camera_file=camera_file, user=user)
    window.show()
    splash.finish(window)
    try:
        return int(app.exec())
    finally:
        window.close_store()
        log.info("workstation closed")
        logs.close()


def sign_in(store: Any) -> Any:
    """The operator (or admin) who signed in at the start, or None when the dialog was cancelled."""
    from PySide6.QtWidgets import QDialog

    from app.gui.common.signin import OPERATORS, SignInDialog
    from app.gui.workstation.main_window import sign_in_title

    dialog = SignInDialog(store, roles=OPERATORS, title=sign_in_title())
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.user


def open_case_store(path: Path) -> object:
    """The case store: ``FACECOMPARE_DATABASE_URL`` when set (a branch's shared PostgreSQL),
    else the SQLite file ``path``; image retention and keys from the environment or keyring.
    Opened before the window: the operator signs in against it."""
    import os

    from app.cases import people

    if os.environ.get("FACECOMPARE_DATABASE_URL"):
        return people.open_store()
    path.parent.mkdir(parents=True, exist_ok=True)
    return people.open_store(f"sqlite:///{path}")


def preload_engine_modules() -> None:
    """Import the engine's native libraries (OpenCV, dlib, onnxruntime, PyMuPDF) now.

    Their imports hold the GIL for a second or more; done before the window exists, they
    cannot stall its event loop later, when the engine loads on a worker thread.
    """
    # PyMuPDF imports its optional page-layout analyser (about 0.7 s) when it is installed; the
    # workstation only renders a card's single page, so start-up skips it (ImportError -> skipped).
    sys.modules.setdefault("pymupdf.layout", None)  # type: ignore[arg-type]
    from app.gui.common.engine_loader import use_engine_process

    if use_engine_process():  # the engine runs in its own process: only what the window uses
        from app.engine import imageio, preview  # noqa: F401
    else:
        from app.engine import engine, imageio  # noqa: F401


def _splash(app: QApplication) -> QSplashScreen:
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtGui import QColor, QPixmap
    from PySide6.QtWidgets import QSplashScreen

    from app.gui.common.resources import icon

    pixmap = QPixmap(420, 160)
    pixmap.fill(QColor("#0f2a4a"))
    splash = QSplashScreen(pixmap)
    splash.setWindowIcon(icon("app"))
    splash.show()
    splash.showMessage(
        QCoreApplication.translate("Splash", "Face Compare Workstation\n\nStarting…"),
        Qt.AlignmentFlag.AlignCenter,
        QColor("#ffffff"),
    )
    app.processEvents()
    return splash


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.self_test:
        from app import selftest

        return selftest.main(qt=True)
    return run(args.camera_file, args.settings, args.language, args.cases_db)
