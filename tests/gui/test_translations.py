"""Every window's text is in Korean: each string of app/gui is collected by ``make translations``
into its wing's catalogue, translated there, and compiled into the .qm the program loads.

A string added to any window without a translation fails here (the same goes for a string moved
to another widget: Qt looks it up under the new class's name).
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator

from app.gui.common.resources import CATALOGUES as SHIPPED
from app.gui.common.resources import resources_dir

ROOT = Path(__file__).resolve().parents[2]
GUI = ROOT / "app" / "gui"
TRANSLATIONS = resources_dir() / "translations"
# which catalogue each wing's strings go to (the Makefile's translations target says the same)
CATALOGUE_OF = {
    "common": "facecompare_ko",
    "workstation": "facecompare_ko",
    "review": "review_ko",
    "kiosk": "kiosk_ko",
}
CATALOGUES = sorted(set(CATALOGUE_OF.values()))
TR_CALLS = {"tr", "translate", "QT_TR_NOOP", "QT_TRANSLATE_NOOP"}

Key = tuple[str, str, str]  # context, source, disambiguation ("" when none)


@dataclass(frozen=True)
class Entry:
    key: Key
    translation: str
    finished: bool


def entries(catalogue: str, folder: Path = TRANSLATIONS) -> dict[Key, Entry]:
    """The messages of ``<catalogue>.ts``."""
    out = {}
    for ctx in ET.parse(folder / f"{catalogue}.ts").getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            tr = msg.find("translation")
            assert tr is not None
            key = (name, msg.findtext("source") or "", msg.findtext("comment") or "")
            out[key] = Entry(key, tr.text or "", tr.get("type") is None)
    return out


def strings_in_code(path: Path) -> tuple[list[Key], list[str]]:
    """The (context, source, disambiguation) of each tr()/translate() in ``path``, and the calls
    lupdate cannot read (a text that is not a literal never reaches a .ts)."""
    found: list[Key] = []
    unreadable: list[str] = []

    def literal(node: ast.expr | None) -> str | None:
        if node is None:
            return ""
        return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None

    def visit(node: ast.AST, cls: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                visit(child, child.name)
                continue
            if isinstance(child, ast.Call):
                func = child.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                args: list[ast.expr] = list(child.args)
                if name in TR_CALLS and args:
                    with_context = name in ("translate", "QT_TRANSLATE_NOOP")
                    context = literal(args[0]) if with_context else cls
                    rest = args[1:] if with_context else args
                    source = literal(rest[0]) if rest else None
                    comment = literal(rest[1] if len(rest) > 1 else None)
                    if context is None or source is None or comment is None:
                        unreadable.append(f"{path.relative_to(ROOT)}:{child.lineno}: {ast.unparse(child)}")
                    else:
                        found.append((context, source, comment))
            visit(child, cls)

    tree = ast.parse(path.read_text(encoding="utf-8"))
    visit(tree, "")
    # tr / translate used other than by a direct call (an alias, a callback) hides its texts
    called = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    for n in ast.walk(tree):
        name = n.attr if isinstance(n, ast.Attribute) else n.id if isinstance(n, ast.Name) else ""
        if name in TR_CALLS and id(n) not in called:
            unreadable.append(f"{path.relative_to(ROOT)}:{n.lineno}: {name} used but not called")
    return found, unreadable


def code_strings() -> dict[str, set[Key]]:
    """Every translatable string of app/gui, by the catalogue its wing belongs to."""
    by_catalogue: dict[str, set[Key]] = {c: set() for c in CATALOGUES}
    problems: list[str] = []
    for path in sorted(GUI.rglob("*.py")):
        found, unreadable = strings_in_code(path)
        problems += unreadable
        if not found:
            continue
        wing = path.relative_to(GUI).parts[0]
        if wing not in CATALOGUE_OF:
            problems.append(
                f"{path.relative_to(ROOT)}: not in any catalogue (add it to CATALOGUE_OF and the Makefile)"
            )
            continue
        by_catalogue[CATALOGUE_OF[wing]] |= set(found)
    assert problems == []
    return by_catalogue


def test_every_string_of_every_window_has_a_finished_korean_translation() -> None:
    """Each literal passed to tr()/translate() anywhere under app/gui is in its wing's .ts, in the
    right context, with a finished, non-empty translation that keeps every %1 placeholder."""
    wanted = code_strings()
    assert sum(len(v) for v in wanted.values()) > 300  # the scanner does see the windows' strings
    untranslated = []
    for catalogue, keys in wanted.items():
        ts = entries(catalogue)
        for key in sorted(keys):
            entry = ts.get(key)
            if entry is None or not entry.finished or not entry.translation.strip():
                untranslated.append(f"{catalogue}: {key}")
            elif sorted(re.findall(r"%\d", key[1])) != sorted(re.findall(r"%\d", entry.translation)):
                untranslated.append(f"{catalogue}: {key}: placeholders differ in {entry.translation!r}")
    assert untranslated == []


@pytest.mark.parametrize("catalogue", CATALOGUES)
def test_each_catalogue_holds_only_finished_entries_the_code_uses(catalogue: str) -> None:
    """No unfinished, empty or vanished entry is left in a .ts (``make translations`` drops the
    strings the code no longer has)."""
    ts = entries(catalogue)
    assert len(ts) >= 40
    assert [k for k, e in ts.items() if not e.finished or not e.translation.strip()] == []
    assert sorted(set(ts) - code_strings()[catalogue]) == []


@pytest.mark.parametrize("catalogue", CATALOGUES)
def test_each_qm_is_compiled_from_its_ts(catalogue: str) -> None:
    """The shipped .qm answers every .ts message with its translation (re-run lrelease after edits)."""
    translator = QTranslator()
    assert translator.load(str(TRANSLATIONS / f"{catalogue}.qm"))
    stale = [
        key
        for key, entry in entries(catalogue).items()
        if translator.translate(key[0], key[1], key[2] or None) != entry.translation
    ]
    assert stale == []


def test_make_translations_collects_every_window_and_changes_nothing(tmp_path: Path) -> None:
    """``make translations`` run on copies of the catalogues: lupdate finds exactly the strings
    the catalogues hold (so every wing is collected and nothing is missing), all translated."""
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    for catalogue in CATALOGUES:
        shutil.copy(TRANSLATIONS / f"{catalogue}.ts", tmp_path)
    run = subprocess.run(
        [
            make,
            "-s",
            "-o",
            ".venv/.installed",
            "translations",
            f"TR_DIR={tmp_path}",
            f"BIN={Path(sys.executable).parent}",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    for catalogue in CATALOGUES:
        collected, committed = entries(catalogue, tmp_path), entries(catalogue)
        assert collected == committed, catalogue
        assert (tmp_path / f"{catalogue}.qm").stat().st_size > 1000
    wings = {p.parent.name for p in GUI.glob("*/*.py")}
    assert wings == set(CATALOGUE_OF), "a new wing needs a catalogue here and in the Makefile"
    assert set(CATALOGUES) == {f"{name}_ko" for name in SHIPPED}  # what the self-test checks
