"""Attacker: reads the workstation's settings file (or registry key) for the server secret."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.gui.common.settings import WorkstationSettings, open_qsettings

pytestmark = pytest.mark.qt


@pytest.fixture(autouse=True)
def no_env_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FACECOMPARE_SECRET", raising=False)


def test_the_settings_file_never_holds_the_secret(tmp_path: Path, memory_keyring: Any) -> None:
    ini = tmp_path / "ws.ini"
    assert WorkstationSettings(engine_mode="remote", secret="s3cret-value").save(open_qsettings(ini))
    assert "s3cret" not in ini.read_text()
    assert memory_keyring.items == {("facecompare", "server-secret"): "s3cret-value"}
    assert WorkstationSettings.load(open_qsettings(ini)).secret == "s3cret-value"


def test_without_a_keyring_the_secret_is_not_written_anywhere(tmp_path: Path) -> None:
    """The machine has no OS keyring: saving says so, and the file still has no secret."""
    ini = tmp_path / "ws.ini"
    assert WorkstationSettings(secret="s3cret-value").save(open_qsettings(ini)) is False
    assert "s3cret" not in ini.read_text()


def test_a_secret_left_in_an_old_settings_file_moves_to_the_keyring(
    tmp_path: Path, memory_keyring: Any
) -> None:
    ini = tmp_path / "ws.ini"
    old = open_qsettings(ini)
    old.setValue("secret", "old-plain-secret")
    old.sync()
    assert WorkstationSettings.load(open_qsettings(ini)).secret == "old-plain-secret"
    assert "old-plain-secret" not in ini.read_text()
    assert memory_keyring.items[("facecompare", "server-secret")] == "old-plain-secret"


def test_the_environment_gives_the_secret_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACECOMPARE_SECRET", "from-env")
    assert WorkstationSettings.load(open_qsettings(tmp_path / "ws.ini")).secret == "from-env"
