"""Shared fixtures: where ../shared is, and one engine and one liveness model per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DATA = SHARED / "data"
MODELS = SHARED / "models"


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
    """The MiniFASNet liveness pack from ../shared/models, loaded once for the whole session."""
    from app.engine import packs
    from app.engine.liveness import LivenessModel

    folder = need(MODELS / "minifasnet")
    old = os.environ.get(packs.ENV_MODELS)
    os.environ[packs.ENV_MODELS] = str(folder.parent)
    try:
        return LivenessModel.load()
    finally:
        if old is None:
            os.environ.pop(packs.ENV_MODELS, None)
        else:
            os.environ[packs.ENV_MODELS] = old
