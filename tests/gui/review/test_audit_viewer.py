"""The audit viewer tells the truth about the log as it is now: it verifies again on every
refresh and export, and an export holds the rows the on-screen filters and dates select."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate

from app.cases import Role, SqlCaseStore, User
from tests.cases.conftest import case

DAYS = [datetime(2026, 1, d, 10, tzinfo=UTC) for d in (1, 2, 3)]


@pytest.fixture
def store(tmp_path: Path, qapp: Any) -> Iterator[SqlCaseStore]:
    now = [DAYS[0]]
    s = SqlCaseStore.at(tmp_path / "cases.sqlite3", clock=lambda: now[0])
    s.add_user("boss", Role.ADMIN, "admin-password")
    s.add_user("lee.s", Role.REVIEWER, "reviewer-pw", actor="boss")
    for i, day in enumerate(DAYS):
        now[0] = day
        s.add(case(customer_ref=f"C-{i}", operator=f"op-{1 + i % 2}", created_at=day))
    yield s
    s.close()


@pytest.fixture
def viewer(qtbot: Any, store: SqlCaseStore) -> Any:
    from app.gui.review.audit_viewer import AuditViewer

    w = AuditViewer(store, User(username="lee.s", role=Role.REVIEWER))
    qtbot.addWidget(w)
    w.show()
    return w


def test_refresh_verifies_again_so_the_banner_counts_new_rows(viewer: Any, store: SqlCaseStore) -> None:
    rows = len(store.audit())
    assert f"{rows} rows, head #{rows}" in viewer.banner.text()
    store.add(case(customer_ref="C-NEW"))  # another workstation writes while the window is open
    viewer.refresh()
    assert viewer.table.rowCount() == rows + 1
    assert f"{rows + 1} rows, head #{rows + 1}" in viewer.banner.text()


def _exported(viewer: Any, tmp_path: Path, name: str) -> list[dict[str, Any]]:
    out = viewer.export_to("jsonl", tmp_path / name)
    return [json.loads(line) for line in out.read_text().splitlines()[1:]]


def test_the_export_follows_the_filters_and_the_dates(viewer: Any, tmp_path: Path) -> None:
    viewer.action.setCurrentIndex(viewer.action.findData("case.recorded"))
    viewer.actor.setText("op-1")
    viewer.refresh()
    rows = _exported(viewer, tmp_path, "op1.jsonl")
    assert [r["payload"]["customer_ref"] for r in rows] == ["C-0", "C-2"]
    assert viewer.table.rowCount() == 2
    viewer.actor.setText("")
    viewer.since.setDate(QDate(2026, 1, 2))
    viewer.until.setDate(QDate(2026, 1, 2))
    rows = _exported(viewer, tmp_path, "day2.jsonl")
    assert [r["payload"]["customer_ref"] for r in rows] == ["C-1"] and viewer.table.rowCount() == 1
    # the export verified the chain and says so, with its own row now counted
    assert "audit chain VERIFIED" in viewer.banner.text()
