"""Smaller behaviours of the window: scanner folder, settings, accessibility, command line."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QAbstractButton, QLineEdit

from app.gui.common.backends import RemoteBackend
from tests.gui.conftest import MATCH, data_file


def test_scanner_folder_loads_the_new_scan(qtbot: Any, make_window: Any, tmp_path: Path) -> None:
    """A file the scanner drops into the watched folder is loaded as the card, old files are not."""
    folder = tmp_path / "scans"
    folder.mkdir()
    shutil.copy(data_file("cards/c_000034.jpg"), folder / "old.jpg")
    window = make_window(None, watch_folder=str(folder))
    with qtbot.waitSignal(window.card_panel.card_ready, timeout=20000) as got:
        shutil.copy(data_file(MATCH[0]), folder / "new-scan.png")
    assert got.args[0] == data_file(MATCH[0]).read_bytes()
    assert window.card_panel.source_name == "new-scan.png"
    qtbot.waitUntil(lambda: window.card_panel.view.box is not None, timeout=5000)  # the card's face


def test_every_control_has_an_accessible_name(make_window: Any) -> None:
    """Buttons, check boxes and text fields all carry accessible names for screen readers."""
    window = make_window(None)
    controls = window.findChildren(QAbstractButton) + window.findChildren(QLineEdit)
    assert len(controls) >= 10
    unnamed = [c.text() or c.objectName() for c in controls if not c.accessibleName()]
    assert unnamed == []


def test_switching_to_remote_in_settings_persists(
    qtbot: Any, make_window: Any, tmp_path: Path, memory_keyring: Any
) -> None:
    """Applying remote settings swaps the backend and writes QSettings without losing the secret."""
    from app.gui.common.settings import WorkstationSettings, open_qsettings

    window = make_window(None)
    new = WorkstationSettings(
        engine_mode="remote",
        server_url="http://127.0.0.1:9",
        secret="k-123",
        workstation="test-ws",
        cases_db=window.settings.cases_db,
    )
    window.apply_settings(new)
    assert isinstance(window.session.backend, RemoteBackend)
    assert "127.0.0.1:9" in window.header.mode_label.text()
    assert "set by the server" in window.thresholds_text()
    stored = WorkstationSettings.load(open_qsettings(tmp_path / "settings.ini"))
    assert stored.engine_mode == "remote" and stored.secret == "k-123"


def test_thresholds_are_shown_with_their_source(make_window: Any, open_engine: Any) -> None:
    """Local mode shows the engine's thresholds and the calibration they came from."""
    window = make_window(None)
    text = window.thresholds_text()
    assert f"{open_engine.thresholds.match:.4f}" in text and open_engine.thresholds_source in text


def test_a_pack_that_cannot_load_is_reported(qtbot: Any, make_window: Any) -> None:
    """An unknown model pack ends in an ENGINE ERROR on screen, not a dead window."""
    window = make_window(None, engine=None, pack="no-such-pack")
    qtbot.waitUntil(lambda: window.result_panel.decision.text() == "ENGINE ERROR", timeout=30000)
    assert window.session.backend is None and not window.progress.isVisible()


def test_gui_command_is_on_the_cli() -> None:
    """``facecompare gui --help`` lists the file-camera option."""
    from typer.testing import CliRunner

    from app.cli.main import app

    result = CliRunner().invoke(app, ["gui", "--help"])
    assert result.exit_code == 0 and "--camera-file" in result.output


@pytest.mark.parametrize("lang", ["xx"])
def test_gui_command_refuses_unknown_languages(lang: str) -> None:
    """Only en and ko are offered."""
    from typer.testing import CliRunner

    from app.cli.main import app

    result = CliRunner().invoke(app, ["gui", "--language", lang])
    assert result.exit_code != 0


def test_a_dropped_file_becomes_the_card(qtbot: Any, make_window: Any) -> None:
    """Dropping a scan from the file manager onto the card panel loads it."""
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    window = make_window(None)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(data_file(MATCH[0])))])
    event = QDropEvent(
        QPointF(50, 50),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(window.card_panel.card_ready, timeout=20000):
        window.card_panel.dropEvent(event)
    assert window.session.card == data_file(MATCH[0]).read_bytes()
    assert event.isAccepted()


def test_comparing_shows_progress(qtbot: Any, make_window: Any, camera_folder: Any) -> None:
    """While a comparison runs the progress bar is up and Compare is disabled; both end with it."""
    window = make_window(camera_folder(MATCH[1]), auto_capture=False)
    with qtbot.waitSignal(window.card_panel.card_ready, timeout=20000):
        window.card_panel.load_path(data_file(MATCH[0]))
    qtbot.waitUntil(lambda: window.camera_panel.latest is not None, timeout=10000)
    with qtbot.waitSignal(window.result_shown, timeout=60000):
        assert window.camera_panel.capture()
        assert window.session.comparing and window.progress.isVisible()
        assert not window.header.compare_button.isEnabled()
    assert not window.progress.isVisible() and window.header.compare_button.isEnabled()


def test_the_case_store_opens_after_start_up(
    qtbot: Any, tmp_path: Path, camera_folder: Any, open_engine: Any
) -> None:
    """A store given as a factory opens in the background after the first result; a window
    without a signed-in operator records nothing (`facecompare gui` signs in first)."""
    from app.gui.common.settings import WorkstationSettings
    from app.gui.workstation.main import open_case_store
    from app.gui.workstation.main_window import MainWindow

    opened: list[Path] = []

    def factory() -> Any:
        opened.append(tmp_path / "lazy.sqlite3")
        return open_case_store(opened[-1])

    settings = WorkstationSettings(workstation="w", cases_db=str(tmp_path / "unused.sqlite3"))
    window = MainWindow(
        settings, store_factory=factory, camera_file=camera_folder(MATCH[1]), engine=open_engine
    )
    qtbot.addWidget(window)
    window.show()
    assert opened == []  # nothing opened before there is a result
    with qtbot.waitSignal(window.result_shown, timeout=60000):
        window.card_panel.load_path(data_file(MATCH[0]))
    qtbot.waitUntil(lambda: window._store is not None, timeout=20000)
    assert len(opened) == 1
    # nobody signed in (the window was made without a user): nothing is recorded in anyone's name
    window.case_bar.customer.setText("C-1")
    window.case_bar.consent.setChecked(True)  # consent given: only the missing sign-in refuses
    window.case_bar.buttons["FLAGGED"].click()
    assert window.store.list() == [] and "Sign in" in window.case_bar.message.text()
    window.close()
    window.close_store()
