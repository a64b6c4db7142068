"""Attacker: another account on the same machine reads the case database, an export or the
request-id database. Everything with cases, faces' digests or the log in it is 0600, its folders
(those the program makes) 0700, whatever the umask."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes (Windows: the profile's ACL)")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def open_umask() -> Iterator[None]:
    old = os.umask(0o022)  # the usual default: files 0644, folders 0755
    yield
    os.umask(old)


def test_the_case_database_and_its_folder_are_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.cases import SqlCaseStore
    from app.cases.db import database_url
    from tests.cases.conftest import case

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("FACECOMPARE_DATABASE_URL", raising=False)
    default = Path(database_url().split("///", 1)[1])
    assert _mode(default.parent) == 0o700
    store = SqlCaseStore.at(tmp_path / "new" / "cases.sqlite3")
    store.add(case())
    files = [p for p in (tmp_path / "new").iterdir()]
    assert {p.name for p in files} >= {"cases.sqlite3", "cases.sqlite3-wal", "cases.sqlite3-shm"}
    assert {p.name: _mode(p) for p in files} == {p.name: 0o600 for p in files}
    assert _mode(tmp_path / "new") == 0o700
    store.close()


def test_an_existing_database_is_made_private_when_opened(tmp_path: Path) -> None:
    from app.cases import SqlCaseStore

    chosen = tmp_path / "chosen"
    chosen.mkdir(mode=0o755)
    path = chosen / "old.sqlite3"
    path.touch(mode=0o644)
    SqlCaseStore.at(path).close()
    assert _mode(path) == 0o600
    assert _mode(chosen) == 0o755  # a folder the user chose is left as it is


def test_exports_and_checkpoints_are_private(tmp_path: Path) -> None:
    from app.cases import SqlCaseStore
    from app.cases.export import export
    from tests.cases.conftest import case

    store = SqlCaseStore.at(tmp_path / "cases.sqlite3")
    store.add(case())
    for fmt in ("csv", "jsonl", "pdf"):
        out = tmp_path / f"log.{fmt}"
        export(store, fmt, out, actor="auditor")
        assert _mode(out) == 0o600, fmt
    store.close()


def test_the_request_id_database_is_private(tmp_path: Path) -> None:
    from app.api.replay import SqliteStore

    store = SqliteStore(tmp_path / "ids" / "requests.sqlite3", ttl_s=60)
    assert store.claim("r-1")
    assert {p.name: _mode(p) for p in (tmp_path / "ids").iterdir()} == {
        p.name: 0o600 for p in (tmp_path / "ids").iterdir()
    }
    assert _mode(tmp_path / "ids") == 0o700


def test_a_checkpoint_file_is_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from app.cli.main import app

    monkeypatch.setenv("FACECOMPARE_DATABASE_URL", f"sqlite:///{tmp_path / 'cases.sqlite3'}")
    out = tmp_path / "away" / "head.json"
    res = CliRunner().invoke(app, ["audit", "checkpoint", "--output", str(out)])
    assert res.exit_code == 0, res.output
    assert _mode(out) == 0o600 and _mode(out.parent) == 0o700
