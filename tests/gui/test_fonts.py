"""The Korean font ships in resources/fonts and makes Hangul render with no Korean font installed."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from app.gui.common.resources import FONT_FILES, resources_dir

ROOT = Path(__file__).resolve().parents[2]
FONTS = resources_dir() / "fonts"
SHA256 = {
    "NanumSquareR.ttf": "5a51deae5237435d9a0bc0cc6cc30619a914b29801f895698cfdacadcad06e94",
    "NanumSquareB.ttf": "f737d58294faec9c632189af3a2a3e48e49c03c0256de09db61e879e2857bfbf",
}

# Run in a fresh process whose fontconfig knows only Latin fonts (DejaVu) or none at all: the
# machine has no Korean font, whatever this one has installed.
PROBE = r"""
import json, sys
from PySide6.QtGui import QFont, QFontDatabase, QRawFont, QTextLayout
from PySide6.QtWidgets import QApplication, QLabel
from app.gui.common.resources import load_fonts

app = QApplication([])
korean = QFontDatabase.WritingSystem.Korean
before = QFontDatabase.families(korean)
text = sys.argv[1]

def runs(font):
    layout = QTextLayout(text, font)
    layout.beginLayout(); layout.createLine(); layout.endLayout()
    return [(r.rawFont().familyName(), [int(g) for g in r.glyphIndexes()]) for r in layout.glyphRuns()]

missing_before = sum(g.count(0) for _f, g in runs(QFont()))
family = load_fonts(app)
label = QLabel(text)  # a widget made after the start, in the application font
raw = QRawFont.fromFont(QFont(family))
print(json.dumps({
    "before": before,
    "missing_before": missing_before,
    "family": family,
    "after": QFontDatabase.families(korean),
    "korean": korean in QFontDatabase.writingSystems(family),
    "families": app.font().families(),
    "runs": runs(label.font()),
    "bold_runs": runs(QFont(app.font().family(), 12, QFont.Weight.Bold)),
    "unsupported": sorted({c for c in text if not c.isspace() and not raw.supportsCharacter(ord(c))}),
}))
"""


def korean_text() -> str:
    """Every Hangul syllable of every Korean translation the windows show, and three that only a
    complete Hangul font has (a customer's name may use any of the 11,172)."""
    chars: set[str] = set()
    for ts in (resources_dir() / "translations").glob("*_ko.ts"):
        for tr in ET.parse(ts).getroot().iter("translation"):
            chars |= {c for c in tr.text or "" if "\uac00" <= c <= "\ud7a3"}
    assert len(chars) > 250
    return "".join(sorted(chars)) + "똠뷁햏"


def test_the_font_files_are_the_documented_ones_with_their_licence() -> None:
    for name in FONT_FILES:
        data = (FONTS / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == SHA256[name], name
        assert f"`{name}`" in (FONTS / "README.md").read_text(encoding="utf-8")
    assert sum((FONTS / n).stat().st_size for n in FONT_FILES) < 2_000_000
    assert "SIL Open Font License, Version 1.1" in (FONTS / "OFL.txt").read_text(encoding="utf-8")


def test_hangul_renders_in_the_shipped_font_without_a_korean_system_font(tmp_path: Path) -> None:
    """A process with only Latin fonts: no family covers Korean and Hangul comes out as missing
    glyphs; after ``load_fonts`` every Hangul syllable of the translations, regular and bold, is
    drawn from a real glyph of the shipped family, and Latin stays in the system's UI font."""
    dejavu = Path("/usr/share/fonts/truetype/dejavu")
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        + (f"<dir>{dejavu}</dir>" if dejavu.is_dir() else "")
        + f"<cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    env = os.environ | {"FONTCONFIG_FILE": str(conf), "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    text = korean_text()
    run = subprocess.run(
        [sys.executable, "-c", PROBE, text + " Face Compare"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    out = json.loads(run.stdout.strip().splitlines()[-1])
    assert out["before"] == [] and out["missing_before"] > 0
    assert out["family"] == "NanumSquare" and out["after"] == ["NanumSquare"] and out["korean"]
    assert out["unsupported"] == []
    assert out["families"][-1] == "NanumSquare"
    for runs in (out["runs"], out["bold_runs"]):
        glyphs = {family: [g for f, gs in runs if f == family for g in gs] for family, _g in runs}
        assert len(glyphs["NanumSquare"]) >= len(text) - 1 - text.count(" ")
        assert all(0 not in gs for gs in glyphs.values()), runs
    if dejavu.is_dir():  # the Latin text keeps the system's font, first in the families
        ui = out["families"][0]
        assert ui.startswith("DejaVu") and ui in {f for f, _g in out["runs"]}
