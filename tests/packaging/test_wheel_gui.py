"""The workstation and the kiosk from the installed wheel: Qt finds the styles, icon, fonts and
translations under ``app/_data/resources`` (needs PySide6, so not in ``make headless``)."""

from __future__ import annotations

import json

import pytest

from tests.packaging.wheels import Installed, isolated_env, run, venv_script

pytestmark = [pytest.mark.slow, pytest.mark.qt]

QT_SCRIPT = """
import json, os
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QTranslator
from PySide6.QtGui import QFontDatabase, QGuiApplication
from app.gui.common import resources
qapp = QGuiApplication([])
folder = resources.resources_dir()
fonts = sorted(p for p in folder.rglob("*") if p.suffix.lower() in (".ttf", ".otf", ".ttc"))
print(json.dumps({
    "folder": str(folder),
    "translations": {name: QTranslator().load(name, str(folder / "translations"))
                     for name in ("facecompare_ko", "kiosk_ko")},
    "stylesheet": bool(resources.stylesheet().strip()),
    "icon": not resources.icon("app").isNull(),
    "fonts": {p.name: QFontDatabase.addApplicationFont(str(p)) >= 0 for p in fonts},
}))
"""


def test_the_installed_workstation_and_kiosk_find_their_resources(installed: Installed) -> None:
    env, home = isolated_env(installed.home), installed.home
    out = run([installed.python, "-c", QT_SCRIPT], env=env, cwd=home).stdout
    found = json.loads(out.splitlines()[-1])
    assert found["folder"].replace("\\", "/").endswith("site-packages/app/_data/resources")
    assert found["translations"] == {"facecompare_ko": True, "kiosk_ko": True}
    assert found["stylesheet"] and found["icon"]
    assert all(found["fonts"].values()), found["fonts"]  # every font the repository ships loads
    kiosk = run([venv_script(installed.python, "facecompare"), "kiosk", "--help"], env=env, cwd=home).stdout
    assert "--camera-file" in kiosk
