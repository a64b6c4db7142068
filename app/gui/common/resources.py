"""Where the workstation's styles, icons and translations live (``resources/`` in the repo)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator
from PySide6.QtGui import QIcon

from app import shipped


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


LANGUAGES = {"en": "English", "ko": "한국어"}


def install_translator(app: QCoreApplication, language: str) -> QTranslator | None:
    """Load ``facecompare_<language>.qm`` into ``app``; English needs none (the source text)."""
    if language == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English))
        return None
    translator = QTranslator(app)
    if not translator.load(f"facecompare_{language}", str(resources_dir() / "translations")):
        return None
    app.installTranslator(translator)
    QLocale.setDefault(QLocale(language))
    if language == "ko":
        ensure_korean_font(app)
    return translator


def ensure_korean_font(app: QCoreApplication, *, force: bool = False) -> str | None:
    """Make Hangul displayable: when no installed font covers Korean (or ``force``), register
    the CJK font PyMuPDF ships (Droid Sans Fallback, Apache 2.0) as the UI font's fallback.

    Returns the family added, or None when the system already has a Korean font.
    """
    from PySide6.QtGui import QFontDatabase, QGuiApplication

    if not force and QFontDatabase.families(QFontDatabase.WritingSystem.Korean):
        return None
    import pymupdf

    font_id = QFontDatabase.addApplicationFontFromData(pymupdf.Font("cjk").buffer)
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families or not isinstance(app, QGuiApplication):
        return None
    font = app.font()
    font.setFamilies([font.family(), families[0]])
    app.setFont(font)
    return str(families[0])
