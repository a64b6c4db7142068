"""Shared fixtures: where ../shared is, and one engine and one liveness model per test session."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

#: True where PySide6 is not installed: the headless CI step (``make headless``).
HEADLESS = importlib.util.find_spec("PySide6") is None
#: A test file that names any of these needs Qt; every other test file must run without it.
QT_MARKERS = ("PySide6", "qtbot", "qapp", "pytest.mark.qt")

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DATA = SHARED / "data"
MODELS = SHARED / "models"


def pytest_ignore_collect(collection_path: Path) -> bool | None:
    """Without PySide6, leave out the test files that need Qt (and only those)."""
    if HEADLESS and collection_path.suffix == ".py" and collection_path.name.startswith("test_"):
        text = collection_path.read_text(encoding="utf-8")
        if any(marker in text for marker in QT_MARKERS):
            return True
    return None


def pytest_configure(config: pytest.Config) -> None:
    """``FACECOMPARE_HEADLESS=1`` (``make headless``) proves itself: PySide6 must be absent."""
    if os.environ.get("FACECOMPARE_HEADLESS") == "1" and not HEADLESS:
        raise pytest.UsageError("FACECOMPARE_HEADLESS=1 but PySide6 is installed in this environment")


def need(path: Path) -> Path:
    """Skip the calling test, naming the path, when test data or weights are absent."""
    if not path.exists():
        pytest.skip(f"needs {path} (the shared test data beside the repo)")
    return path


def shipped_liveness_threshold() -> float:
    """The P(live) threshold of the shipped liveness calibration (``models/calibration/
    minifasnet.json``): what a fresh install decides at."""
    from app.engine.liveness_calibration import load_liveness_calibration

    path = Path(__file__).resolve().parents[1] / "models" / "calibration" / "minifasnet.json"
    return load_liveness_calibration(path).threshold


@pytest.fixture(scope="session")
def open_engine():  # type: ignore[no-untyped-def]
    """The embedded ``open`` pack, loaded once for the whole session."""
    from app.engine.engine import Engine

    return Engine("open")


@pytest.fixture(scope="session")
def liveness_model():  # type: ignore[no-untyped-def]
    """The embedded MiniFASNet liveness pack (``models/minifasnet``), loaded once for the whole
    session; found without ``FACECOMPARE_MODELS`` (the embedded copy comes first)."""
    from app.engine.liveness import LivenessModel

    return LivenessModel.load()
