"""The Korean translation file is complete and compiled."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QTranslator

from app.gui.common.resources import resources_dir

TS = resources_dir() / "translations" / "facecompare_ko.ts"
GUI = Path(__file__).resolve().parents[3] / "app" / "gui"
# the verify screen's modules (the reviewer's window keeps its own strings until it is translated)
VERIFY_SCREEN = [
    "common/backends.py",
    "common/camera.py",
    "workstation/camera_panel.py",
    "workstation/card_panel.py",
    "workstation/case_bar.py",
    "workstation/header.py",
    "common/gauge.py",
    "common/guidance.py",
    "common/image_view.py",
    "workstation/main.py",
    "workstation/main_window.py",
    "common/messages.py",
    "workstation/result_panel.py",
    "workstation/settings_dialog.py",
]


def messages() -> list[tuple[str, str, str]]:
    """(context, source, translation) of every message in the .ts file."""
    out = []
    for ctx in ET.parse(TS).getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            tr = msg.find("translation")
            assert tr is not None
            out.append((name, msg.findtext("source") or "", tr.text or ""))
    return out


def test_every_message_is_translated() -> None:
    """No entry is unfinished or empty, and Korean keeps every %1 placeholder."""
    msgs = messages()
    assert len(msgs) > 100
    assert 'type="unfinished"' not in TS.read_text(encoding="utf-8")
    for _ctx, source, text in msgs:
        assert text.strip(), source
        assert sorted(re.findall(r"%\d", source)) == sorted(re.findall(r"%\d", text)), source


def test_the_qm_is_compiled_from_the_ts() -> None:
    """The shipped .qm answers every .ts message with its translation (re-run lrelease after edits)."""
    translator = QTranslator()
    assert translator.load(str(TS.with_suffix(".qm")))
    stale = [s for c, s, t in messages() if translator.translate(c, s) != t]
    assert stale == []


def test_every_tr_string_in_the_code_is_in_the_ts() -> None:
    """Each literal passed to tr()/translate() by the verify screen has an entry in its own
    context (the calling class, or translate's first argument): a string moved to another
    widget is looked up under that widget's name, so it needs an entry there (re-run lupdate)."""
    entries = {(c, s) for c, s, _t in messages()}
    pattern = re.compile(r'(?:self\.tr\(|translate\(\s*"(\w+)",)\s*"((?:[^"\\]|\\.)*)"', re.S)
    missing = []
    for path in (GUI / name for name in VERIFY_SCREEN):
        code = path.read_text(encoding="utf-8")
        for match in pattern.finditer(code):
            classes = re.findall(r"^class (\w+)", code[: match.start()], re.M)
            context = match.group(1) or (classes[-1] if classes else "")
            text = match.group(2).encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
            if (context, text) not in entries:
                missing.append(f"{path.name}: {context}: {text}")
    assert missing == []


def test_korean_text_has_a_font_even_without_a_system_one(qapp: object) -> None:
    """The CJK font PyMuPDF ships is registered as a fallback, and it has Hangul glyphs."""
    from PySide6.QtGui import QFont, QFontMetrics
    from PySide6.QtWidgets import QApplication

    from app.gui.common.resources import ensure_korean_font

    assert isinstance(qapp, QApplication)
    before = qapp.font()
    try:
        family = ensure_korean_font(qapp, force=True)
        assert family
        assert family in qapp.font().families()
        assert QFontMetrics(QFont(family)).inFontUcs4(ord("한"))
    finally:
        qapp.setFont(before)
