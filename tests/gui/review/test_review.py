"""The reviewer's window offscreen: queue, filters, approve/reject with a reason, four eyes, audit viewer."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from app.cases import Outcome, Role, SqlCaseStore, User, image_sha256
from app.cases.models import FaceGeometry
from app.cases.triggers import append_only_ddl, drop_ddl
from tests.cases.conftest import case
from tests.gui.conftest import assert_clean, assert_renders_in_korean_font

KEY = os.urandom(32)


def _png(colour: tuple[int, int, int]) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QColor, QImage

    image = QImage(64, 64, QImage.Format.Format_RGB32)
    image.fill(QColor(*colour))
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    return bytes(data.data())


@pytest.fixture
def store(tmp_path: Path, qapp: Any) -> Iterator[SqlCaseStore]:
    s = SqlCaseStore.at(tmp_path / "cases.sqlite3", retention_days=30, image_key=KEY)
    s.add_user("boss", Role.ADMIN, "admin-password")
    s.add_user("lee.s", Role.REVIEWER, "reviewer-pw", actor="boss")
    s.add_user("kim.j", Role.OPERATOR, "operator-pw", actor="boss")
    card, face = _png((200, 40, 40)), _png((40, 40, 200))
    geometry = FaceGeometry(box=(8, 8, 56, 56), points=((20, 24), (44, 24), (32, 40)))
    s.add(
        case(decision="REVIEW", similarity=0.915, customer_ref="C-REVIEW", card_sha256=image_sha256(card),
             face_sha256=image_sha256(face), operator="kim.j", card_geometry=geometry,
             face_geometry=geometry),
        images={"card": card, "face": face},
    )  # fmt: skip
    s.add(case(face_mask=True, customer_ref="C-MASK", operator="kim.j"))
    s.add(case(outcome=Outcome.FLAGGED, customer_ref="C-OWN", operator="lee.s"))
    s.add(case(customer_ref="C-PLAIN"))  # not flagged
    yield s
    s.close()


@pytest.fixture
def window(qtbot: Any, store: SqlCaseStore) -> Any:
    from app.gui.review.window import ReviewWindow

    w = ReviewWindow(store, User(username="lee.s", role=Role.REVIEWER))
    qtbot.addWidget(w)
    w.show()
    return w


def _select(window: Any, customer: str) -> None:
    q = window.queue
    row = next(i for i, r in enumerate(q.state.cases) if r.customer_ref == customer)
    q.table.selectRow(row)


def test_queue_lists_flagged_cases_and_filters(window: Any) -> None:
    q = window.queue
    assert sorted(r.customer_ref for r in q.state.cases) == ["C-MASK", "C-OWN", "C-REVIEW"]
    q.reason.setCurrentIndex(q.reason.findData("mask"))
    assert [r.customer_ref for r in q.state.cases] == ["C-MASK"]
    q.reason.setCurrentIndex(0)
    q.operator.setText("lee.s")
    q.refresh()
    assert [r.customer_ref for r in q.state.cases] == ["C-OWN"]


@pytest.mark.parametrize("reviewed", [False, True])
def test_the_queue_columns_fit_at_the_windows_size(qtbot: Any, window: Any, reviewed: bool) -> None:
    """At the size it opens at, every column shows whole (no horizontal scroll bar) and the flag
    reasons keep room to be read; Status only shows when reviewed cases are listed."""
    from PySide6.QtWidgets import QApplication

    from app.gui.common.resources import load_fonts, stylesheet
    from app.gui.review.queue import STATUS_COLUMN

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    load_fonts(app)
    app.setStyleSheet(stylesheet())  # the fonts and paddings the program runs with
    window.resize(1660, 1000)
    q = window.queue
    q.include_reviewed.setChecked(reviewed)
    qtbot.waitUntil(lambda: q.table.viewport().width() > 0)
    assert q.table.isColumnHidden(STATUS_COLUMN) is not reviewed
    header = q.table.horizontalHeader()
    shown = [i for i in range(q.table.columnCount()) if not q.table.isColumnHidden(i)]
    assert sum(header.sectionSize(i) for i in shown) <= q.table.viewport().width() + 1
    assert header.sectionSize(q.table.columnCount() - 1) >= 90  # the flag reasons, elided at worst
    for i in shown:  # every header reads whole (a cut header, "lagged becau", names nothing)
        label = q.table.horizontalHeaderItem(i).text()
        assert header.sectionSize(i) >= header.fontMetrics().horizontalAdvance(label) + 8, label


def test_the_case_shows_retained_images_or_says_they_were_not_kept(window: Any) -> None:
    q = window.queue
    _select(window, "C-REVIEW")
    assert q.view.card_image.view.has_image() and q.view.face_image.view.has_image()
    assert q.view.gauge.value == pytest.approx(91.5)
    assert "uncertain similarity" in q.view.fields["flags"].text()
    # one score, as the gauge and the PDF show it, with its band in words (no 0.9150 beside 91.5)
    assert q.view.fields["similarity"].text().startswith("91.5 / 100, ")
    assert "0.91" not in q.view.fields["similarity"].text()
    plain = q.view.card_image.image
    assert q.view.originals.isEnabled()
    q.view.originals.setChecked(True)  # the originals with the engine's box and landmarks drawn
    drawn = q.view.card_image.image
    assert drawn != plain
    q.view.originals.setChecked(False)
    _select(window, "C-MASK")
    assert "not retained" in q.view.card_image.missing.text() and not q.view.originals.isEnabled()
    assert not q.view.card_image.view.has_image() and q.view.card_image.enlarge() is None
    assert q.view.fields["mask"].text() == "wearing a mask"


def test_approve_needs_a_reason_and_is_recorded(
    window: Any, store: SqlCaseStore, qtbot: Any, log_session: Any
) -> None:
    from PySide6.QtCore import Qt

    logs = log_session("review")

    q = window.queue
    _select(window, "C-REVIEW")
    rec = q.state.selected
    assert not q.approve.isEnabled() and not q.reject.isEnabled()
    qtbot.keyClicks(q.reason_edit, "Same person, older photo")
    assert q.approve.isEnabled()
    qtbot.mouseClick(q.approve, Qt.MouseButton.LeftButton)
    review = store.review_of(rec.case_id)
    assert review is not None and review.reviewer == "lee.s" and review.reason == "Same person, older photo"
    assert "C-REVIEW" not in [r.customer_ref for r in q.state.cases]
    assert q.approve.text() == "Same person" and q.reject.text() == "Not the same person"
    assert q.message.text() == f"Case {rec.case_id[:8]} decided: same person."
    action = window.audit.table.item(0, 3)
    assert action.text() == "case reviewed" and action.data(Qt.ItemDataRole.UserRole) == "case.reviewed"
    logs.close()
    text = logs.path.read_text(encoding="utf-8")  # the case id and the verdict; not who or why
    assert f"case {rec.case_id} reviewed: APPROVED" in text
    assert_clean(text, "C-REVIEW", "older photo", "reviewer-pw")


def test_four_eyes_in_the_window(window: Any, store: SqlCaseStore, qtbot: Any) -> None:
    """The reviewer's own case is refused by the store and the window says why."""
    from PySide6.QtCore import Qt

    q = window.queue
    _select(window, "C-OWN")
    qtbot.keyClicks(q.reason_edit, "fine")
    qtbot.mouseClick(q.reject, Qt.MouseButton.LeftButton)
    assert q.message.text().startswith("Four eyes: you recorded this case")
    assert store.review_of(q.state.selected.case_id) is None


def test_audit_viewer_verifies_exports_and_shows_tampering(
    window: Any, store: SqlCaseStore, tmp_path: Path
) -> None:
    viewer = window.audit
    assert viewer.verify().ok and "intact" in viewer.banner.text()
    out = viewer.export_to("csv", tmp_path / "log.csv")
    assert out is not None and out.read_text().startswith("# audit chain VERIFIED; head #")
    assert viewer.table.item(0, 3).toolTip() == "audit.exported"
    with store._engine.begin() as conn:
        for s in drop_ddl("sqlite", "audit_log"):
            conn.execute(text(s))
        conn.execute(text("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2"))
        for s in append_only_ddl("sqlite", "audit_log"):
            conn.execute(text(s))
    report = viewer.verify()
    assert not report.ok and "BROKEN at row #2" in viewer.banner.text()
    marked = [
        viewer.table.item(i, 0).text()
        for i in range(viewer.table.rowCount())
        if viewer.table.item(i, 0).background().color().name() == "#f9d6d2"
    ]
    assert marked == ["2"]


def test_sign_in_accepts_reviewers_only(qtbot: Any, store: SqlCaseStore) -> None:
    from app.gui.review.login import SignInDialog

    dialog = SignInDialog(store)
    qtbot.addWidget(dialog)
    for user, password, expected in (
        ("lee.s", "wrong-password", "Wrong user name"),
        ("kim.j", "operator-pw", "Only reviewers"),
    ):
        dialog.username.setText(user)
        dialog.password.setText(password)
        dialog.try_sign_in()
        assert expected in dialog.message.text() and dialog.user is None
    dialog.username.setText("lee.s")
    dialog.password.setText("reviewer-pw")
    dialog.try_sign_in()
    assert dialog.user is not None and dialog.user.username == "lee.s"


def test_the_selected_case_saves_its_pdf_report(window: Any, tmp_path: Path) -> None:
    import pymupdf

    _select(window, "C-REVIEW")
    out = window.queue.save_report(tmp_path / "case.pdf")
    assert out is not None and "VERIFIED" in window.queue.message.text()
    with pymupdf.open(out) as doc:
        assert doc.page_count == 1 and "C-REVIEW" in doc[0].get_text()
        assert len(doc[0].get_images()) == 2  # the retained card and live photo


def test_review_command_ends_with_1_when_sign_in_is_cancelled(qapp: Any, tmp_path: Path) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from app.gui.review.login import SignInDialog
    from app.gui.review.main import run_review

    def cancel() -> None:
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, SignInDialog) and w.isVisible()]
        if dialogs:
            dialogs[0].reject()
        else:
            QTimer.singleShot(50, cancel)

    QTimer.singleShot(50, cancel)
    assert run_review(f"sqlite:///{tmp_path / 'r.sqlite3'}") == 1


def test_sign_in_says_how_to_add_the_first_user(qtbot: Any, tmp_path: Path) -> None:
    from app.gui.review.login import SignInDialog

    empty = SqlCaseStore.at(tmp_path / "empty.sqlite3")
    dialog = SignInDialog(empty)
    qtbot.addWidget(dialog)
    assert "audit add-user" in dialog.message.text()
    empty.close()


def test_the_reviewer_window_speaks_korean(qtbot: Any, store: SqlCaseStore, tmp_path: Path) -> None:
    """With the language set to Korean, the queue, the case, the audit viewer and the sign-in
    dialog (Qt's own buttons too) are Korean, in the shipped Korean font."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication, QDialogButtonBox

    from app.gui.common.resources import install_translators, remove_translators
    from app.gui.review.login import SignInDialog
    from app.gui.review.main import CATALOGUES
    from app.gui.review.window import ReviewWindow

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setFont(QFont("DejaVu Sans"))  # as a machine without the font registered would have it
    translators = install_translators(app, "ko", *CATALOGUES)
    try:
        assert len(translators) == 3
        window = ReviewWindow(store, User(username="lee.s", role=Role.REVIEWER))
        qtbot.addWidget(window)
        window.show()
        assert_renders_in_korean_font(window.queue.table, "검토 대기 목록")
        assert_renders_in_korean_font(window.audit.banner, "감사 기록 무결성 정상")
        assert window.windowTitle() == "얼굴 대조 — 검토 (lee.s)"
        assert [window.tabs.tabText(i) for i in range(2)] == ["검토 대기 목록", "감사 기록"]
        q = window.queue
        headers = [q.table.horizontalHeaderItem(i).text() for i in range(q.table.columnCount())]
        assert headers[:3] == ["시각 (UTC)", "고객", "판정"] and "검토 사유" in headers
        assert q.reason.itemText(q.reason.findData("mask")) == "마스크 착용"
        _select(window, "C-REVIEW")
        assert q.view.decision.text() == "검토 필요"
        assert q.view.fields["flags"].text() == "유사도 불확실"
        assert q.view.fields["outcome"].text() == "승인"
        import pymupdf

        with pymupdf.open(q.save_report(tmp_path / "ko.pdf")) as doc:  # the report reads as the window does
            report = " ".join(doc[0].get_text().split())
        assert "검토 필요" in report and "유사도 불확실" in report and "Decision trail" not in report
        assert q.approve.text() == "같은 사람" and q.reject.text() == "같은 사람 아님"
        rec = q.state.selected
        q.reason_edit.setText("귀 모양과 헤어라인 일치")  # keyClicks types ASCII only
        qtbot.mouseClick(q.reject, Qt.MouseButton.LeftButton)
        assert q.message.text() == f"{rec.case_id[:8]} 건 결정: 같은 사람 아님."
        _select(window, "C-OWN")
        q.reason_edit.setText("본인 확인")
        qtbot.mouseClick(q.approve, Qt.MouseButton.LeftButton)
        assert q.message.text().startswith("이중 확인 원칙")
        viewer = window.audit
        assert viewer.verify().ok and viewer.banner.text().startswith("감사 기록 무결성 정상")
        assert viewer.table.item(0, 3).text() == "건 검토"
        with store._engine.begin() as conn:
            for sql in drop_ddl("sqlite", "audit_log"):
                conn.execute(text(sql))
            conn.execute(text("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2"))
            for sql in append_only_ddl("sqlite", "audit_log"):
                conn.execute(text(sql))
        assert not viewer.verify().ok
        assert (
            viewer.banner.text()
            == "감사 기록 훼손: #2 행 — 행 내용이 해시와 일치하지 않습니다 (행이 변경, 번호 변경 또는 이동됨)"
        )
        dialog = SignInDialog(store)
        qtbot.addWidget(dialog)
        buttons = dialog.findChild(QDialogButtonBox)
        assert dialog.windowTitle() == "검토자 로그인"
        assert_renders_in_korean_font(dialog.message, "사용자 이름 또는 비밀번호가 틀렸습니다.")
        assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "취소"
    finally:
        remove_translators(app, translators)


def test_the_review_command_opens_in_the_language_asked_or_the_workstations(
    qapp: Any, tmp_path: Path
) -> None:
    """``facecompare review --language ko`` signs in in Korean; without it, the workstation's
    language setting decides."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from app.gui.common.settings import WorkstationSettings, open_qsettings
    from app.gui.review.login import SignInDialog
    from app.gui.review.main import review_language, run_review

    titles: list[str] = []

    def cancel() -> None:
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, SignInDialog) and w.isVisible()]
        if dialogs:
            titles.append(dialogs[0].windowTitle())
            dialogs[0].reject()
        else:
            QTimer.singleShot(50, cancel)

    QTimer.singleShot(50, cancel)
    assert run_review(f"sqlite:///{tmp_path / 'r.sqlite3'}", language="ko") == 1
    assert titles == ["검토자 로그인"]
    assert SignInDialog(SqlCaseStore.at(tmp_path / "e.sqlite3")).windowTitle() == "Reviewer sign-in"
    qs = open_qsettings(tmp_path / "workstation.ini")
    assert review_language(None, qs) == "en"
    WorkstationSettings(language="ko").save(qs)
    assert review_language(None, qs) == "ko" and review_language("en", qs) == "en"


@pytest.mark.parametrize(
    ("problem", "korean"),
    [
        (
            "row #4..#6 is missing (deleted); the log jumps to #7",
            "#4..#6 행이 없습니다 (삭제됨). 기록이 #7 행으로 건너뜁니다",
        ),
        ("row #5 appears again or out of order after #6", "#5 행이 #6 행 뒤에 중복되거나 순서가 어긋납니다"),
        (
            "checkpoint #12 has a bad signature (forged or altered)",
            "체크포인트 #12의 서명이 올바르지 않습니다 (위조 또는 변경됨)",
        ),
        (
            "the log ends at #9 but its head records #11: the tail was cut (rows #10..#11 are gone)",
            "기록이 #9 행에서 끝나지만 헤드에는 #11 행이 기록되어 있습니다. "
            "끝부분이 잘려 나갔습니다 (#10..#11 행 없음)",
        ),
        (
            "case 0d7a1045 no longer matches audit row #7 (decision, similarity changed)",
            "0d7a1045 건이 감사 기록 #7 행과 더 이상 일치하지 않습니다 (decision, similarity 변경됨)",
        ),
        ("something new the verifier says", "something new the verifier says"),
    ],
)
def test_the_verifiers_findings_are_shown_in_korean(qapp: Any, problem: str, korean: str) -> None:
    """The chain's findings in Korean (an unknown finding keeps the verifier's own words)."""
    from app.gui.common.resources import install_translators, remove_translators
    from app.gui.review.main import CATALOGUES
    from app.gui.review.words import problem_text

    assert problem_text(problem) == problem  # English: the verifier's words
    translators = install_translators(qapp, "ko", *CATALOGUES)
    try:
        assert problem_text(problem) == korean
    finally:
        remove_translators(qapp, translators)
