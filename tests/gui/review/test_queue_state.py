"""The review queue's state without Qt, on a real SQLite case store: filters, selection, verdicts.

Runs in the headless step too (``make headless``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from app.cases import Outcome, Role, SqlCaseStore, Verdict
from app.cases.chain import AuditRow
from app.gui.review.state import QueueFilters, ReviewQueueState, shown_image, trail_line
from tests.cases.conftest import case


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqlCaseStore]:
    s = SqlCaseStore.at(tmp_path / "cases.sqlite3")
    s.add_user("boss", Role.ADMIN, "admin-password")
    s.add_user("lee.s", Role.REVIEWER, "reviewer-pw", actor="boss")
    s.add(
        case(decision="REVIEW", similarity=0.915, customer_ref="C-REVIEW", operator="kim.j", workstation="W1")
    )
    s.add(case(face_mask=True, customer_ref="C-MASK", operator="kim.j", workstation="W2"))
    s.add(case(outcome=Outcome.FLAGGED, customer_ref="C-OWN", operator="lee.s", workstation="W1"))
    s.add(case(customer_ref="C-PLAIN"))  # not flagged
    old = datetime.now(UTC) - timedelta(days=40)
    s.add(case(outcome=Outcome.FLAGGED, customer_ref="C-OLD", operator="kim.j", created_at=old))
    yield s
    s.close()


def refs(state: ReviewQueueState) -> list[str]:
    return [c.customer_ref for c in state.cases]


def test_the_filters_become_the_store_s_query() -> None:
    f = QueueFilters(reason="mask", operator="  kim.j ", workstation="", since=date(2026, 11, 3))
    assert f.query() == {
        "reason": "mask",
        "operator": "kim.j",
        "workstation": None,
        "since": datetime(2026, 11, 3, tzinfo=UTC),
        "include_reviewed": False,
    }
    assert QueueFilters().query()["since"] is None and QueueFilters().query()["reason"] is None


def test_the_queue_lists_flagged_cases_by_filter(store: SqlCaseStore) -> None:
    state = ReviewQueueState(store, "lee.s")
    assert state.refresh(QueueFilters()) == 0
    assert sorted(refs(state)) == ["C-MASK", "C-OLD", "C-OWN", "C-REVIEW"]
    state.refresh(QueueFilters(since=date.today() - timedelta(days=30)))
    assert sorted(refs(state)) == ["C-MASK", "C-OWN", "C-REVIEW"]
    state.refresh(QueueFilters(reason="mask"))
    assert refs(state) == ["C-MASK"]
    state.refresh(QueueFilters(operator="lee.s"))
    assert refs(state) == ["C-OWN"]
    state.refresh(QueueFilters(workstation=" W1 "))
    assert sorted(refs(state)) == ["C-OWN", "C-REVIEW"]
    assert state.refresh(QueueFilters(operator="nobody")) == -1 and state.selected is None


def test_the_selection_stays_on_the_same_case_while_it_is_listed(store: SqlCaseStore) -> None:
    state = ReviewQueueState(store, "lee.s")
    state.refresh(QueueFilters())
    row = refs(state).index("C-MASK")
    assert state.select(row) is not None and state.selected is not None
    assert state.selected.customer_ref == "C-MASK"
    index = state.refresh(QueueFilters(reason="mask"))  # other cases leave the list
    assert state.cases[index].customer_ref == "C-MASK"
    state.refresh(QueueFilters(reason="review_band"))  # the selected case leaves: the first row
    assert state.index == 0 and state.selected is not None and state.selected.customer_ref == "C-REVIEW"


def test_a_verdict_needs_a_selected_open_case_and_a_reason(store: SqlCaseStore) -> None:
    state = ReviewQueueState(store, "lee.s")
    state.refresh(QueueFilters())
    assert state.decide(Verdict.APPROVED, "x") is not None  # row 0 is selected after a refresh
    state.select(-1)
    assert not state.can_decide("a reason") and state.decide(Verdict.APPROVED, "a reason") is None
    state.refresh(QueueFilters())
    state.select(refs(state).index("C-REVIEW"))
    assert not state.can_decide("   ") and state.can_decide("Same person, older photo")
    decided = state.decide(Verdict.APPROVED, "Same person, older photo")
    assert decided is not None and decided.recorded and decided.verdict is Verdict.APPROVED
    review = store.review_of(decided.case_id)
    assert review is not None and review.reviewer == "lee.s"
    state.refresh(QueueFilters())
    assert "C-REVIEW" not in refs(state)


def test_reviewed_cases_are_listed_with_their_verdict_and_cannot_be_decided_again(
    store: SqlCaseStore,
) -> None:
    state = ReviewQueueState(store, "lee.s")
    state.refresh(QueueFilters(reason="mask"))
    decided = state.decide(Verdict.REJECTED, "a photo of a photo")
    assert decided is not None and decided.recorded
    state.refresh(QueueFilters(reason="mask", include_reviewed=True))
    rec = state.selected
    assert rec is not None and rec.customer_ref == "C-MASK"
    assert state.cells(rec, waiting="waiting")[6] == "REJECTED" and not state.can_decide("again")
    state.refresh(QueueFilters(include_reviewed=True))
    other = next(c for c in state.cases if c.customer_ref == "C-OWN")
    cells = state.cells(other, waiting="…")
    # short columns first (operator, workstation never pushed off by long flag reasons), flags last
    assert cells[1:] == ("C-OWN", "MATCH", "95.0", "lee.s", "W1", "…", "operator_flag")


def test_the_store_s_refusals_are_reported_not_raised(
    store: SqlCaseStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = ReviewQueueState(store, "lee.s")
    state.refresh(QueueFilters(operator="lee.s"))
    decided = state.decide(Verdict.REJECTED, "fine")
    assert decided is not None and not decided.recorded and "four eyes" in decided.refused
    assert store.review_of(decided.case_id) is None
    state.refresh(QueueFilters(reason="mask"))
    decided = state.decide(Verdict.APPROVED, " ")  # the store refuses it without a reason too
    assert decided is not None and "reason is required" in decided.refused

    def lost(*_args: object) -> None:
        raise OperationalError("UPDATE", {}, Exception("database is locked"))

    monkeypatch.setattr(store, "review", lost)  # not recorded, and said so
    decided = state.decide(Verdict.APPROVED, "ok")
    assert decided is not None and decided.failed and not decided.refused and not decided.recorded


def test_the_case_view_shows_crops_first_and_originals_when_asked() -> None:
    kept = {"card": b"C", "face": b"F", "card_crop": b"c", "face_crop": b"f"}
    assert shown_image(kept, "card", originals=False) == b"c"
    assert shown_image(kept, "face", originals=True) == b"F"
    assert shown_image({"card": b"C"}, "card", originals=False) == b"C"  # only the original was kept
    assert shown_image({}, "face", originals=False) is None


def test_the_trail_says_who_decided_what() -> None:
    def row(seq: int, action: str, payload: dict[str, str]) -> AuditRow:
        return AuditRow(
            seq=seq,
            at="2026-11-03T09:15:02.123456+00:00",
            actor="kim.j",
            action=action,
            case_id="c1",
            payload=json.dumps(payload),
            prev_hash="0" * 64,
            row_hash="1" * 64,
        )

    recorded = row(7, "case.recorded", {"decision": "REVIEW", "outcome": "FLAGGED"})
    assert trail_line(recorded) == "#7 2026-11-03 09:15:02  kim.j  case.recorded  REVIEW → FLAGGED"
    reviewed = trail_line(row(9, "case.reviewed", {"verdict": "APPROVED", "reason": "same"}))
    assert reviewed.endswith("case.reviewed  APPROVED: same")
    assert trail_line(row(3, "images.viewed", {})).endswith("images.viewed  ")
