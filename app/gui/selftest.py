"""``--self-test`` of the workstation: Qt offscreen, resources, case store, engine and a compare.

Run by the packaged build's smoke test (``make package``) and by a technician after an
install: it needs no display (``QT_QPA_PLATFORM=offscreen`` is set when there is none), prints
one line of JSON and returns 0 when everything works, 1 otherwise.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from app import selftest


def _has_display() -> bool:
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _check_qt() -> dict[str, Any]:
    """Start a QGuiApplication and read the styles, icon and Korean translation it would use."""
    from PySide6.QtCore import QTranslator
    from PySide6.QtGui import QGuiApplication, QIcon

    from app.gui.common.resources import resources_dir, stylesheet

    qapp = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    translator = QTranslator()
    return {
        "qt_platform": QGuiApplication.platformName() if qapp is not None else "",
        "stylesheet": bool(stylesheet().strip()),
        "icon": not QIcon(str(resources_dir() / "icons" / "app.svg")).isNull(),
        "translation_ko": translator.load("facecompare_ko", str(resources_dir() / "translations")),
    }


def _check_case_store() -> dict[str, Any]:
    """Create a throw-away SQLite case store: its migration scripts must be in the build."""
    from app.cases import SqlCaseStore

    with tempfile.TemporaryDirectory(prefix="facecompare-selftest-") as folder:
        try:
            SqlCaseStore.at(Path(folder) / "cases.sqlite3").close()
        except Exception as exc:
            return {"case_store": False, "case_store_error": f"{type(exc).__name__}: {exc}"}
    return {"case_store": True}


def run_self_test(pack: str | None = None) -> int:
    """Check Qt, its resources and the case store, then compare the samples; 0 = passed."""
    if not _has_display():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    try:
        qt = _check_qt()
    except Exception as exc:  # a broken Qt install must still give a JSON line
        qt = {"qt_error": f"{type(exc).__name__}: {exc}"}
    cases = _check_case_store()
    result = selftest.run(pack)
    result.update(qt)
    result.update(cases)
    qt_ok = "qt_error" not in qt and all(qt.get(k) for k in ("stylesheet", "icon", "translation_ko"))
    if not qt_ok and result["ok"]:
        result["ok"] = False
        result["error"] = "Qt or the workstation's resources (styles, icon, translations) are missing"
    if not cases["case_store"] and result["ok"]:
        result["ok"] = False
        result["error"] = "the case store cannot be created: " + cases["case_store_error"]
    print(selftest.to_line(result), flush=True)
    return 0 if result["ok"] else 1
