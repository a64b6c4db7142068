"""The installed wheels, built once per test run (xdist workers share them through a lock)."""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.packaging.wheels import Installed, build_and_install, layout

try:
    import fcntl
except ImportError:  # Windows: each worker builds its own
    fcntl = None  # type: ignore[assignment]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: builds and installs the wheels (about 20 s, once per run)")


@contextlib.contextmanager
def _exclusive(path: Path) -> Iterator[None]:
    with path.open("w") as handle:
        if fcntl is not None:
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


@pytest.fixture(scope="session")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """Both wheels built from a clean copy of the checkout and installed into fresh venvs."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER") and fcntl is not None:
        base = base.parent  # this run's folder, shared by its workers
    work = base / "installed-wheels"
    with _exclusive(base / "installed-wheels.lock"):
        if not (work / "done").is_file():
            shutil.rmtree(work, ignore_errors=True)
            build_and_install(work)
            (work / "done").touch()
    return layout(work)
