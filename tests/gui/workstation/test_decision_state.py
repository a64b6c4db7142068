"""The counter's decision without Qt: no case without the customer's consent, no override without
a written reason, and the outcome that agrees with the engine is the one the screen puts forward.

Runs in the headless step too; ``test_decision_screen.py`` drives the same rules through the window.
"""

from __future__ import annotations

import pytest

from app.gui.workstation.session import AGREEING, VerifySession, is_override
from tests.gui.workstation.test_session_state import ready_session, view


def shown(decision: str) -> VerifySession:
    s, job = ready_session()
    s.compare_finished(
        job, view(similarity={"MATCH": 0.96, "REVIEW": 0.92}.get(decision, 0.3), decision=decision)
    )
    return s


def record(s: VerifySession, outcome: str, note: str = "", consent: bool = True) -> object:
    return s.case_record(outcome, "CUST-1", note, workstation="w", operator="o", consent=consent)


@pytest.mark.parametrize("decision", ["MATCH", "REVIEW", "NO_MATCH"])
def test_no_case_without_the_customer_s_consent(decision: str) -> None:
    s = shown(decision)
    assert record(s, AGREEING[decision], consent=False) is None
    rec = record(s, AGREEING[decision])
    assert rec is not None and rec.consent is True  # type: ignore[attr-defined]


@pytest.mark.parametrize(("decision", "outcome"), [("NO_MATCH", "ACCEPTED"), ("MATCH", "REJECTED")])
@pytest.mark.parametrize("note", ["", "  \n "])
def test_an_override_without_a_written_reason_makes_no_case(decision: str, outcome: str, note: str) -> None:
    s = shown(decision)
    assert s.is_override(outcome) and is_override(decision, outcome)
    assert record(s, outcome, note) is None
    rec = record(s, outcome, "ID photo 9 years old; signature and address checked")
    assert rec is not None and "override" in rec.flag_reasons  # type: ignore[attr-defined]


def test_the_agreeing_outcome_follows_the_engine_and_only_going_against_it_is_an_override() -> None:
    assert AGREEING == {"MATCH": "ACCEPTED", "REVIEW": "FLAGGED", "NO_MATCH": "REJECTED"}
    assert VerifySession().agreeing_outcome is None  # no result: nothing is put forward
    for decision, agreeing in AGREEING.items():
        s = shown(decision)
        assert s.agreeing_outcome == agreeing and not s.is_override(agreeing)
        assert not s.is_override("FLAGGED")  # sending it to a reviewer never overrides
    assert not is_override("REVIEW", "ACCEPTED") and not is_override("REVIEW", "REJECTED")
