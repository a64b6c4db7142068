"""One lock for the whole project: it agrees with pyproject.toml, and this environment is it."""

from __future__ import annotations

import importlib.metadata
import platform
import sys
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from tests.conftest import HEADLESS
from tools.lock import PYTHONS, ROOT, declared, disagreements, read_lock, without

SERVER = ROOT / "packaging" / "docker" / "requirements-server.txt"
QT = ("PySide6-Essentials", "PySide6-Addons")
#: what `make headless` leaves out of its venv
NOT_HEADLESS = {canonicalize_name(n) for n in (*QT, "pytest-qt")}


def test_the_lock_agrees_with_pyproject() -> None:
    """Every requirement is locked for every supported Python, and nothing stale is left."""
    assert disagreements(read_lock(), declared()) == []


def test_a_requirement_the_lock_does_not_satisfy_is_caught() -> None:
    pins = read_lock()
    wanted = declared()
    raised = [Requirement("numpy>=99") if r.name == "numpy" else r for r in wanted]
    assert any("numpy>=99" in p for p in disagreements(pins, raised))
    dropped = [r for r in wanted if r.name != "alembic"]
    assert any("alembic" in p and "no longer" in p for p in disagreements(pins, dropped))
    added = [*wanted, Requirement("left-pad>=1")]
    assert any("left-pad" in p for p in disagreements(pins, added))


def test_an_entry_without_hashes_is_caught(tmp_path: Path) -> None:
    lock = tmp_path / "requirements.lock"
    lock.write_text("numpy==2.0.0\n    # via facecompare (pyproject.toml)\n")
    assert any("no hash" in p for p in disagreements(read_lock(lock), []))


def test_the_supported_pythons_are_what_pyproject_says() -> None:
    import tomllib

    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    from packaging.specifiers import SpecifierSet

    spec = SpecifierSet(requires)
    assert all(f"{v}.0" in spec for v in PYTHONS)
    assert "3.14.0" not in spec and "3.10.0" not in spec


def test_this_environment_is_the_lock() -> None:
    """What `make` installed is exactly what the lock pins for this Python (no newer, no older)."""
    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    wrong = []
    for pin in read_lock():
        applies = pin.applies(python, sys.platform, platform.python_version())
        if not applies or (HEADLESS and pin.name in NOT_HEADLESS):
            continue
        try:
            have = importlib.metadata.version(pin.name)
        except importlib.metadata.PackageNotFoundError:
            wrong.append(f"{pin.name}=={pin.version} is not installed")
            continue
        if Version(have) != pin.version:
            wrong.append(f"{pin.name}: {have} installed, {pin.version} locked")
    assert wrong == [], f"reinstall with `make clean install` ({platform.python_version()})"


def test_the_server_image_installs_the_lock_s_pins_less_qt() -> None:
    """packaging/docker/requirements-server.txt (written by `make lock`) pins the same versions."""
    server = read_lock(SERVER)
    locked = {(p.name, p.version) for p in read_lock()}
    assert {p.name for p in server} & NOT_HEADLESS == set()
    assert [p.name for p in server if (p.name, p.version) not in locked] == []
    assert all(p.hashes for p in server)
    runtime = {canonicalize_name(r.name) for r in declared(())} - {canonicalize_name(n) for n in QT}
    assert runtime <= {p.name for p in server}


def _write(folder: Path, text: str) -> Path:
    path = folder / "lock.txt"
    path.write_text(text)
    return path


def test_the_headless_lock_lacks_only_qt(tmp_path: Path) -> None:
    text = without(read_lock(), [*QT, "pytest-qt"])
    left = {p.name for p in read_lock()} - {canonicalize_name(n) for n in (*QT, "pytest-qt")}
    assert "pyside6-essentials==" not in text and all(f"{n}==" in text for n in left)
    assert {p.name for p in read_lock(_write(tmp_path, text))} == left
