"""A counter session with the log file on: what the workstation writes, and what it never does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from app.cases import Outcome
from tests.gui.conftest import MATCH, assert_clean
from tests.gui.workstation.test_verify_screen import run_to_result

pytestmark = [pytest.mark.models, pytest.mark.data]


def test_a_session_leaves_a_rotated_log_with_case_ids_and_no_customer_data(
    qtbot: Any, make_window: Any, camera_folder: Any, tmp_path: Path, log_session: Any
) -> None:
    logs = log_session("workstation", max_bytes=700, backups=3)
    try:
        window = make_window(camera_folder(MATCH[1]))
        run_to_result(qtbot, window, MATCH[0])
        bar = window.case_bar
        qtbot.keyClicks(bar.customer, "CUST-LOG-5521")
        qtbot.keyClicks(bar.note, "lives at 12 Example-ro")
        bar.consent.setChecked(True)
        with qtbot.waitSignal(window.case_recorded, timeout=5000) as rec:
            qtbot.mouseClick(bar.buttons[Outcome.ACCEPTED], Qt.MouseButton.LeftButton)
        record = rec.args[0]
        bad = tmp_path / "KIM_MINSU_id.jpg"  # a file name can name the customer: it is not logged
        bad.write_text("not an image", encoding="utf-8")
        with qtbot.waitSignal(window.result_shown, timeout=30000):
            window.card_panel.load_path(bad)
        window.close()
    finally:
        logs.close()
    files = sorted(logs.path.parent.iterdir())
    assert [p.name for p in files][:2] == ["workstation.log", "workstation.log.1"]  # it rotated
    assert len(files) <= 4 and all(p.stat().st_size <= 700 for p in files)
    text = "".join(p.read_text(encoding="utf-8") for p in reversed(files))
    assert f"case {record.case_id} recorded: ACCEPTED, engine MATCH" in text
    assert "compared (local, pack open): MATCH, similarity" in text
    assert "ID card refused: CARD" in text
    assert_clean(text, "CUST-LOG-5521", "Example-ro", "KIM_MINSU", window.settings.secret or "no-secret-set")
