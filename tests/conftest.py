"""Shared fixtures: where ../shared is, and one engine and one liveness model per test session."""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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


@pytest.fixture
def memory_keyring() -> Iterator[Any]:
    """A keyring backend holding its entries in memory (the machine running the tests has no
    OS keyring: keyring's own ``fail`` backend), through keyring's plugin interface."""
    import keyring
    from keyring.backend import KeyringBackend

    old = keyring.get_keyring()  # chosen before Memory exists (a subclass becomes a candidate)

    class Memory(KeyringBackend):
        priority = -1  # type: ignore[assignment]  # never chosen on its own

        def __init__(self) -> None:
            super().__init__()
            self.items: dict[tuple[str, str], str] = {}

        def get_password(self, service: str, username: str) -> str | None:
            return self.items.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            self.items[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            self.items.pop((service, username), None)

    memory = Memory()
    keyring.set_keyring(memory)
    yield memory
    keyring.set_keyring(old)
