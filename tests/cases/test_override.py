"""An operator who goes against the engine (accepts a NO_MATCH, rejects a MATCH) must say why:
the store itself refuses an override without a written reason, whatever program writes it (the
counter's confirmation is one guard, this one holds for the command line and any other caller).
SQLite and a real PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from app.cases import CaseError, Outcome, SqlCaseStore
from app.cases.flags import refusal
from tests.cases.conftest import case

Make = Callable[..., SqlCaseStore]
OVERRIDES = [
    {"outcome": Outcome.ACCEPTED, "decision": "NO_MATCH", "similarity": 0.2},
    {"outcome": Outcome.REJECTED, "decision": "MATCH", "similarity": 0.97},
]


@pytest.mark.parametrize("override", OVERRIDES)
@pytest.mark.parametrize("note", ["", "   ", "\n\t"])
def test_an_override_without_a_reason_is_refused_and_leaves_no_row(
    make_store: Make, override: dict[str, object], note: str
) -> None:
    store = make_store()
    with pytest.raises(CaseError, match="reason"):
        store.add(case(note=note, **override))
    assert store.count() == 0 and store.audit() == []  # neither the case nor its log row


@pytest.mark.parametrize("override", OVERRIDES)
def test_an_override_with_a_reason_is_recorded_flagged_override_and_queued(
    make_store: Make, override: dict[str, object]
) -> None:
    store = make_store()
    rec = store.add(case(note="ID photo 9 years old; checked the signature", **override))
    assert "override" in rec.flag_reasons
    assert [c.case_id for c in store.queue(reason="override")] == [rec.case_id]


def test_following_the_engine_needs_no_reason() -> None:
    for outcome, decision in [
        (Outcome.ACCEPTED, "MATCH"),
        (Outcome.REJECTED, "NO_MATCH"),
        (Outcome.FLAGGED, "NO_MATCH"),
        (Outcome.FLAGGED, "MATCH"),
        (Outcome.REJECTED, "REVIEW"),
    ]:
        assert refusal(case(outcome=outcome, decision=decision, similarity=0.5)) is None
