"""The case record and the SQLite case store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from app.cases import CaseRecord, CaseStore, Outcome, SqlCaseStore
from tests.cases.conftest import case


@pytest.fixture
def store(tmp_path: Path) -> Any:
    s = SqlCaseStore.at(tmp_path / "sub" / "cases.sqlite3")
    yield s
    s.close()


def test_sqlite_store_is_a_case_store(store: SqlCaseStore) -> None:
    """The SQLite implementation satisfies the protocol the review queue will use."""
    assert isinstance(store, CaseStore)


def test_round_trip_keeps_every_field(store: SqlCaseStore) -> None:
    """What is read back equals what was added, time zone included."""
    rec = case(note="ID photo is old", face_yaw=3.5, face_mask=False, request_id="r-1")
    store.add(rec)
    back = store.get(rec.case_id)
    assert back == rec
    assert back is not None and back.created_at.tzinfo is not None


def test_the_same_case_cannot_be_added_twice(store: SqlCaseStore) -> None:
    """A case is append-only: a second add with its id is refused."""
    rec = case()
    store.add(rec)
    with pytest.raises(ValueError, match="already recorded"):
        store.add(rec)


def test_list_is_newest_first_and_filters_by_outcome(store: SqlCaseStore) -> None:
    """``list`` orders by time, newest first, and keeps only the asked outcome."""
    now = datetime.now(UTC)
    old = store.add(case(created_at=now - timedelta(minutes=5)))
    flagged = store.add(case(created_at=now - timedelta(minutes=1), outcome=Outcome.FLAGGED))
    new = store.add(case(created_at=now))
    assert [r.case_id for r in store.list()] == [new.case_id, flagged.case_id, old.case_id]
    assert [r.case_id for r in store.list(outcome=Outcome.FLAGGED)] == [flagged.case_id]
    assert len(store.list(limit=1)) == 1
    assert store.get("0" * 32) is None


def test_records_persist_across_connections(tmp_path: Path) -> None:
    """A reopened database file still holds the cases."""
    path = tmp_path / "cases.sqlite3"
    first = SqlCaseStore.at(path)
    rec = first.add(case())
    first.close()
    second = SqlCaseStore.at(path)
    assert second.get(rec.case_id) == rec
    second.close()


@pytest.mark.parametrize(
    "bad",
    [
        {"customer_ref": "  "},
        {"card_sha256": "not-a-digest"},
        {"similarity": 1.5},
        {"decision": "MAYBE"},
        {"created_at": datetime(2026, 1, 1)},  # no time zone
        {"image": b"raw bytes"},  # images are never part of a case
    ],
)
def test_invalid_records_are_refused(bad: dict[str, Any]) -> None:
    """Blank references, non-digests, out-of-range scores, naive times and extra fields fail."""
    with pytest.raises(ValidationError):
        case(**bad)


def test_records_are_frozen() -> None:
    """A record cannot be changed after it is made."""
    rec = case()
    with pytest.raises(ValidationError):
        rec.outcome = Outcome.REJECTED  # type: ignore[misc]


def test_override_is_when_the_operator_goes_against_the_engine() -> None:
    """Accepting a NO_MATCH or rejecting a MATCH is an override; following the engine is not."""
    assert case(outcome=Outcome.ACCEPTED, decision="NO_MATCH").overridden
    assert case(outcome=Outcome.REJECTED, decision="MATCH").overridden
    assert not case(outcome=Outcome.ACCEPTED, decision="MATCH").overridden
    assert not case(outcome=Outcome.FLAGGED, decision="REVIEW").overridden


def test_the_schema_has_no_place_for_images() -> None:
    """Only sha256 digests of the images are fields of a case."""
    names = set(CaseRecord.model_fields)
    assert {"card_sha256", "face_sha256"} <= names
    assert not any("image" in n or "bytes" in n or "photo" in n for n in names)
