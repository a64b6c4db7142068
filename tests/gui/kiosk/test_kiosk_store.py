"""The kiosk's case store (app.gui.kiosk.main, which imports PySide6) takes the environment's audit
settings, as the workstation's does: a kiosk case is covered by the checkpoints published outside
the database."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cases.conftest import case


def test_the_kiosk_store_publishes_checkpoints(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.cases.publish import PUBLISH_DIR_ENV
    from app.gui.kiosk.main import open_store

    published = tmp_path / "published"
    monkeypatch.setenv(PUBLISH_DIR_ENV, str(published))
    store = open_store(tmp_path / "kiosk" / "cases.sqlite3")
    store.add(case(workstation="KIOSK-1", operator="kiosk"))
    store.close()
    assert (tmp_path / "kiosk").stat().st_mode & 0o077 == 0
    assert list(published.iterdir()), "no checkpoint was published when the kiosk's store closed"
