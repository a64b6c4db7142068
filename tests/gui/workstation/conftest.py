"""The real verify window, offscreen, with the session's engine and a folder played as the camera."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture
def make_window(qtbot: Any, tmp_path: Path, open_engine: Any) -> Iterator[Callable[..., Any]]:
    """Builds the real ``MainWindow`` (engine given unless ``engine=None``), op-1 signed in (an
    operator whose password is operator-pw); closes it after the test."""
    from app.cases import Role, SqlCaseStore, User
    from app.gui.common.resources import stylesheet
    from app.gui.common.settings import WorkstationSettings, open_qsettings
    from app.gui.workstation.main_window import MainWindow

    windows: list[Any] = []
    stores: list[Any] = []
    sentinel = object()

    def make(camera: Path | None = None, engine: Any = sentinel, **settings: Any) -> Any:
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.setStyleSheet(stylesheet())
        qs = open_qsettings(tmp_path / "settings.ini")
        values = {"workstation": "test-ws", "cases_db": str(tmp_path / "cases.sqlite3")}
        values |= settings
        ws = WorkstationSettings(**values)
        store = SqlCaseStore.at(Path(ws.cases_db))
        stores.append(store)
        if store.user_count() == 0:
            store.add_user("boss", Role.ADMIN, "admin-password")
            store.add_user("op-1", Role.OPERATOR, "operator-pw", actor="boss")
            store.add_user("op-2", Role.OPERATOR, "operator2-pw", actor="boss")
            store.add_user("rev", Role.REVIEWER, "reviewer-pw", actor="boss")
        window = MainWindow(
            ws,
            store=store,
            qsettings=qs,
            camera_file=camera,
            engine=open_engine if engine is sentinel else engine,
            user=User(username="op-1", role=Role.OPERATOR),
        )
        qtbot.addWidget(window)
        window.show()
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()
    for store in stores:
        store.close()
