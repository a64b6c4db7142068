"""Where the windows' styles, icons, fonts and translations live (``resources/`` in the repo),
and the two things every window does with them at start: :func:`load_fonts` and
:func:`install_translators`."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFontDatabase, QFontInfo, QGuiApplication, QIcon

from app import shipped

log = logging.getLogger(__name__)


def resources_dir() -> Path:
    """``resources/``: a frozen build's, an installed wheel's or the repository's (:mod:`app.shipped`)."""
    found = shipped.find("resources")
    return found if found is not None else shipped.candidates("resources")[-1]


def stylesheet() -> str:
    """The numbered QSS files of ``resources/styles`` joined in order."""
    folder = resources_dir() / "styles"
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.qss")))


def icon(name: str) -> QIcon:
    """An icon from ``resources/icons`` (an empty icon when it is missing)."""
    path = resources_dir() / "icons" / f"{name}.svg"
    return QIcon(str(path)) if path.exists() else QIcon()


# The Korean font shipped in resources/fonts (NanumSquare, SIL OFL 1.1; see resources/fonts/README.md).
FONT_FILES = ("NanumSquareR.ttf", "NanumSquareB.ttf")
_loaded_family: str | None = None


def load_fonts(app: QGuiApplication | None = None) -> str | None:
    """Register the Korean font of ``resources/fonts`` and put it right after the UI font in the
    application font's families, so Hangul renders even where no Korean font is installed
    (Latin keeps the system's UI font). Every window calls it at start; calling it again only
    re-applies the families. Returns the family, or None when the font files are missing."""
    global _loaded_family
    target = app if app is not None else QGuiApplication.instance()
    if not isinstance(target, QGuiApplication):
        return None
    if _loaded_family is None:
        for name in FONT_FILES:
            font_id = QFontDatabase.addApplicationFont(str(resources_dir() / "fonts" / name))
            families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
            if not families:
                log.warning("font %s could not be loaded", name)
                continue
            _loaded_family = _loaded_family or families[0]
        if _loaded_family is None:
            return None
    font = target.font()
    if _loaded_family not in font.families():
        ui = QFontInfo(font).family()  # the family really used ("Sans Serif" is only an alias)
        primary = ui if ui != _loaded_family else font.family()
        font.setFamilies([primary, _loaded_family])
        target.setFont(font)
    return _loaded_family


LANGUAGES = {"en": "English", "ko": "한국어"}
# the translation catalogues of resources/translations: common + workstation, the reviewer's
# window, the kiosk (each program loads the ones it shows; `make translations` writes them all)
CATALOGUES = ("facecompare", "review", "kiosk")


def install_translators(app: QCoreApplication, language: str, *catalogues: str) -> list[QTranslator]:
    """Load ``<catalogue>_<language>.qm`` of ``resources/translations`` for each catalogue, and
    Qt's own translation (standard buttons and dialogs), into ``app``; English is the source
    text and needs none. Returns the translators installed (remove them to switch back)."""
    if language == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English))
        return []
    installed = []
    folder = resources_dir() / "translations"
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name, where in [(c, str(folder)) for c in catalogues] + [("qtbase", qt_folder)]:
        translator = QTranslator(app)
        if translator.load(f"{name}_{language}", where):
            app.installTranslator(translator)
            installed.append(translator)
        else:
            log.warning("no %s translation for %s", name, language)
    QLocale.setDefault(QLocale(language))
    return installed


def remove_translators(app: QCoreApplication, translators: list[QTranslator]) -> None:
    """Undo :func:`install_translators`."""
    for translator in translators:
        app.removeTranslator(translator)
    translators.clear()
