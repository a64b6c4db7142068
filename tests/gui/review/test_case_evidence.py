"""The reviewer never decides blind: a case the counter flagged (retention off, the default)
opens with its images, zoomable; after the decision and the review period they are gone."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from app.cases import Role, SqlCaseStore, User, image_sha256
from app.cases.retention import DEFAULT_REVIEW_DAYS, REVIEW_DAYS_ENV
from tests.cases.conftest import case
from tests.gui.review.test_review import _png

KEY = os.urandom(32)


@pytest.fixture
def counter(
    tmp_path: Path, qapp: Any, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[SqlCaseStore, list[datetime]]]:
    """A branch store as the counter opens it: retention off, an image key on the machine."""
    monkeypatch.delenv(REVIEW_DAYS_ENV, raising=False)
    now = [datetime(2026, 3, 2, 9, tzinfo=UTC)]
    store = SqlCaseStore.at(tmp_path / "cases.sqlite3", image_key=KEY, clock=lambda: now[0])
    assert store.retention_days == 0
    store.add_user("boss", Role.ADMIN, "admin-password")
    store.add_user("lee.s", Role.REVIEWER, "reviewer-pw", actor="boss")
    yield store, now
    store.close()


def _record_at_the_counter(store: SqlCaseStore) -> str:
    """What the workstation's record step does for a REVIEW result: every image handed over."""
    card, face = _png((200, 40, 40)), _png((40, 40, 200))
    images = {"card": card, "face": face, "card_crop": _png((180, 60, 60)), "face_crop": _png((60, 60, 180))}
    rec = case(
        decision="REVIEW",
        similarity=0.75,
        review_threshold=0.7,
        match_threshold=0.8,
        customer_ref="C-COUNTER",
        operator="kim.j",
        card_sha256=image_sha256(card),
        face_sha256=image_sha256(face),
    )
    store.add(rec, images=images)
    return rec.case_id


def _open_case(qtbot: Any, store: SqlCaseStore) -> Any:
    from app.gui.review.window import ReviewWindow

    window = ReviewWindow(store, User(username="lee.s", role=Role.REVIEWER))
    qtbot.addWidget(window)
    window.show()
    q = window.queue
    q.table.selectRow(next(i for i, r in enumerate(q.state.cases) if r.customer_ref == "C-COUNTER"))
    return window


def test_the_reviewer_sees_a_flagged_counter_case_with_its_images(qtbot: Any, counter: Any) -> None:
    store, _ = counter
    case_id = _record_at_the_counter(store)
    window = _open_case(qtbot, store)
    view = window.queue.view
    for image in (view.card_image, view.face_image):
        assert image.view.has_image() and image.currentWidget() is image.view
        assert image.width() >= 260  # large (twice the old 125 px crops): the landmarks can be checked
    assert view.card_image.image.pixelColor(32, 32).red() == 180  # the card's aligned crop
    # zoom: the wheel's keys on the image, and the enlarged window closing on Esc
    fitted = view.card_image.view.zoom()
    view.card_image.view.setFocus()
    qtbot.keyClick(view.card_image.view, Qt.Key.Key_Plus)
    assert view.card_image.view.zoom() > fitted
    dialog = view.card_image.enlarge()
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert any(r.action == "images.viewed" and r.actor == "lee.s" for r in store.audit(case_id=case_id))


def test_the_images_are_purged_after_the_review_and_its_period(qtbot: Any, counter: Any) -> None:
    store, now = counter
    case_id = _record_at_the_counter(store)
    now[0] += timedelta(days=200)  # the queue was long: still there when the reviewer comes
    assert store.purge_images() == 0
    window = _open_case(qtbot, store)
    q = window.queue
    q.reason_edit.setText("same person, the card photo is old")
    qtbot.mouseClick(q.approve, Qt.MouseButton.LeftButton)
    assert store.review_of(case_id) is not None
    now[0] += timedelta(days=DEFAULT_REVIEW_DAYS + 1)
    assert store.purge_images(actor="retention") == 4
    q.include_reviewed.setChecked(True)
    q.table.selectRow(next(i for i, r in enumerate(q.state.cases) if r.case_id == case_id))
    assert not q.view.card_image.view.has_image()
    assert "not retained" in q.view.card_image.missing.text()
