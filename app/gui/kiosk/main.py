"""Start the kiosk: QApplication, translation, case store, the full-screen ``KioskWindow``."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings

from app.cases import SqlCaseStore
from app.gui.kiosk.flow import pin_hash

log = logging.getLogger(__name__)


def kiosk_options(qsettings: QSettings, **overrides: Any) -> Any:
    """The kiosk's options: the workstation settings it shares (pack, camera, scanner folder,
    workstation name) and its own ``kiosk/*`` keys, then the command line's ``overrides``."""
    from app.gui.common.settings import WorkstationSettings
    from app.gui.kiosk.options import KioskOptions

    ws = WorkstationSettings.load(qsettings)
    opts = KioskOptions(
        workstation=ws.workstation,
        language=str(qsettings.value("kiosk/language", "ko")),
        pin_hash=pin_hash(str(qsettings.value("kiosk/pin_hash", "") or "")),
        inactivity_s=float(str(qsettings.value("kiosk/inactivity_s", 45.0))),
        result_s=float(str(qsettings.value("kiosk/result_s", 12.0))),
        turn_s=float(str(qsettings.value("kiosk/turn_s", 6.0))),
        scanner_folder=Path(ws.watch_folder) if ws.watch_folder else None,
        camera_device=ws.camera_device,
        card_camera_device=str(qsettings.value("kiosk/card_camera_device", "")) or None,
        pack=ws.pack,
    )
    for key, value in overrides.items():
        if value is not None:
            setattr(opts, key, value)
    if opts.language not in ("ko", "en"):
        opts.language = "ko"
    return opts


def open_store(path: Path) -> SqlCaseStore:
    """The case store in ``path`` (its folder 0700) with what the environment configures, as the
    workstation's: retention and its key, checkpoint signing and publishing (docs/security.md)."""
    from app.files import private_dir

    private_dir(path.parent)
    return SqlCaseStore.from_env(f"sqlite:///{path}")


def run(
    *,
    settings_path: Path | None = None,
    cases_db: Path | None = None,
    windowed: bool = False,
    **overrides: Any,
) -> int:
    """Open the kiosk full screen and run until a staff member leaves it with the PIN."""
    from PySide6.QtWidgets import QApplication

    from app.gui.common.logs import start_logging
    from app.gui.common.resources import load_fonts
    from app.gui.common.settings import WorkstationSettings, open_qsettings
    from app.gui.kiosk.window import KioskWindow

    logs = start_logging("kiosk")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Face Compare Kiosk")
    app.setOrganizationName("facecompare")
    app.setStyle("Fusion")
    load_fonts(app)
    qsettings = open_qsettings(settings_path)
    options = kiosk_options(qsettings, **overrides)
    log.info(
        "kiosk: language %s, pack %s, scanner folder %s, document camera %s, windowed %s",
        options.language,
        options.pack,
        "set" if options.scanner_folder else "none",
        "set" if options.card_camera_device or options.card_camera_file else "none",
        windowed,
    )
    if not options.pin_hash:
        log.warning("no staff PIN is set: the kiosk can only be left by stopping its process")
    # The engine's native libraries import before the window exists (they hold the GIL).
    from app.engine import engine, imageio  # noqa: F401

    db = cases_db or Path(WorkstationSettings.load(qsettings).cases_db)
    store = open_store(db)
    window = KioskWindow(options, store=store)
    if windowed:
        window.resize(1280, 800)
        window.show()
    else:
        window.enter_full_screen()
    try:
        return int(app.exec())
    finally:
        store.close()
        log.info("kiosk closed")
        logs.close()
