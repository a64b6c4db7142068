"""The Qt part of the installation self-test (:mod:`app.selftest` imports it only when asked)."""

from __future__ import annotations

import os
import sys
from typing import Any

from PySide6.QtCore import QTranslator
from PySide6.QtGui import QGuiApplication, QIcon

from app.gui.common import resources


def _has_display() -> bool:
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def check_qt() -> dict[str, Any]:
    """Start a QGuiApplication (offscreen when there is no display) and read the styles, icon,
    Korean translations (every window's catalogue) and Korean font the programs use; each is
    True when it loaded."""
    if not _has_display():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    qapp = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    folder = resources.resources_dir()
    return {
        "qt_platform": QGuiApplication.platformName() if qapp is not None else "",
        "stylesheet": bool(resources.stylesheet().strip()),
        "icon": not QIcon(str(folder / "icons" / "app.svg")).isNull(),
        "translation_ko": all(
            QTranslator().load(f"{name}_ko", str(folder / "translations")) for name in resources.CATALOGUES
        ),
        "font_ko": _korean_font(qapp),
    }


def _korean_font(qapp: object) -> bool:
    """The shipped font registers and covers Korean (so Hangul renders without a system font)."""
    from PySide6.QtGui import QFontDatabase

    family = resources.load_fonts(qapp if isinstance(qapp, QGuiApplication) else None)
    return family is not None and QFontDatabase.WritingSystem.Korean in QFontDatabase.writingSystems(family)
