"""What the GUI tests share: the idcard-dev pairs with known decisions, and a folder as the camera.

Nothing here imports Qt: the Qt-free tests (``test_*_state.py``, ``test_flow.py``) also run in the
headless step, where tests/conftest.py leaves out the test files that need Qt.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.conftest import DATA, need

IDCARD = DATA / "idcard-dev"
# (card, selfie) pairs whose open-pack decision is known (see docs/workstation.md)
MATCH = ("cards/c_000087.png", "selfies/s_000087.jpg")
REVIEW = ("cards/c_000268.jpg", "selfies/s_000268.jpg")
NO_MATCH = ("cards/c_000034.jpg", "selfies/s_000034.jpg")
LOOKS_AWAY = "selfies/s_000142.jpg"


def data_file(rel: str) -> Path:
    return need(IDCARD / rel)


@pytest.fixture
def camera_folder(tmp_path: Path) -> Callable[..., Path]:
    """A folder (in tmp) holding copies of the given selfies: the file camera plays it."""

    def make(*selfies: str) -> Path:
        folder = tmp_path / "camera"
        folder.mkdir(exist_ok=True)
        for i, rel in enumerate(selfies):
            shutil.copy(data_file(rel), folder / f"{i:03d}{Path(rel).suffix}")
        return folder

    return make


@pytest.fixture
def log_session(tmp_path: Path) -> Iterator[Callable[..., Any]]:
    """Starts a program's log file in ``tmp_path/logs`` (closed after the test, even a failed one)."""
    from app.gui.common.logs import start_logging

    sessions: list[Any] = []

    def start(program: str, **options: Any) -> Any:
        options = {"folder": tmp_path / "logs", "console": False} | options
        sessions.append(start_logging(program, **options))
        return sessions[-1]

    yield start
    for session in sessions:
        session.close()


def assert_clean(text: str, *secrets: str) -> None:
    """No secret and no PNG/JPEG bytes (raw or escaped) in a log."""
    for secret in secrets:
        assert secret not in text, secret
    for marker in ("\x89PNG", "\\x89PNG", "\xff\xd8", "\\xff\\xd8", "JFIF", "base64"):
        assert marker not in text, marker


def assert_renders_in_korean_font(widget: Any, text: str) -> None:
    """``widget``'s own font (a style sheet may have fixed it) lists the shipped Korean family
    and lays ``text`` out without a missing glyph (index 0 draws as an empty box)."""
    from PySide6.QtGui import QTextLayout

    font = widget.font()
    assert "NanumSquare" in font.families(), font.families()
    layout = QTextLayout(text, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    runs = [(r.rawFont().familyName(), list(r.glyphIndexes())) for r in layout.glyphRuns()]
    assert runs and all(0 not in glyphs for _family, glyphs in runs), runs
