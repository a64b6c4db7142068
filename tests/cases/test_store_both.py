"""The store on SQLite and on a real PostgreSQL: cases, flags, users, four eyes, retention."""

from __future__ import annotations

import base64
import os
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from app.cases import AccessDenied, CaseError, CaseStore, Outcome, Role, SqlCaseStore, Verdict
from tests.cases.conftest import case

Make = Callable[..., SqlCaseStore]
KEY = os.urandom(32)


def test_round_trip_and_audit_row_in_one_transaction(make_store: Make) -> None:
    """A case reads back equal, and its audit row carries the record without image bytes."""
    store = make_store()
    assert isinstance(store, CaseStore)
    rec = store.add(case(note="old photo", face_yaw=3.5, face_mask=False, request_id="r-1"))
    assert store.get(rec.case_id) == rec
    (row,) = store.audit(case_id=rec.case_id)
    assert row.action == "case.recorded" and row.actor == "op-1"
    assert '"card_sha256":"' + rec.card_sha256 in row.payload
    with pytest.raises(ValueError, match="already recorded"):
        store.add(rec)
    assert store.count() == 1 and len(store.audit()) == 1  # the refused add left no row


@pytest.mark.parametrize(
    ("overrides", "reasons"),
    [
        ({}, ()),
        ({"decision": "REVIEW", "similarity": 0.91}, ("review_band",)),
        ({"face_mask": True}, ("mask",)),
        ({"face_yaw": -31.0}, ("strong_pose",)),
        ({"face_sharpness": 0.1}, ("poor_quality",)),
        ({"face_size_px": 20.0}, ("poor_quality",)),
        ({"decision": "NO_MATCH", "similarity": 0.2, "note": "signature checked"}, ("override",)),
        ({"outcome": Outcome.FLAGGED}, ("operator_flag",)),
        ({"challenge_passed": False, "liveness_score": 0.31}, ("liveness",)),
        ({"challenge_passed": True, "liveness_score": 0.97}, ()),
    ],
)
def test_flag_rules_fill_the_queue(
    make_store: Make, overrides: dict[str, object], reasons: tuple[str, ...]
) -> None:
    """Grey band, mask, strong pose, poor quality, an override and the operator's flag each queue a case."""
    store = make_store()
    rec = store.add(case(**overrides))
    assert rec.flag_reasons == reasons
    queued = [r.case_id for r in store.queue()]
    assert queued == ([rec.case_id] if reasons else [])
    if reasons:
        assert [r.case_id for r in store.queue(reason=reasons[0])] == [rec.case_id]
        assert store.queue(reason="nothing-like-this") == []


def test_roles_and_four_eyes_are_enforced_in_the_store(make_store: Make) -> None:
    """Only admins add users; operators cannot review; nobody reviews their own case; a reason is required."""
    store = make_store()
    with pytest.raises(AccessDenied, match="first user"):
        store.add_user("rev", Role.REVIEWER, "long-enough-pw")
    store.add_user("boss", Role.ADMIN, "admin-password")
    with pytest.raises(AccessDenied, match="only an admin"):
        store.add_user("x", Role.REVIEWER, "long-enough-pw", actor="nobody")
    store.add_user("rev", Role.REVIEWER, "long-enough-pw", actor="boss")
    store.add_user("op-1", Role.OPERATOR, "operator-pw", actor="boss")
    store.add_user("rev2", Role.REVIEWER, "another-password", actor="boss")
    with pytest.raises(AccessDenied, match="only an admin"):
        store.add_user("y", Role.REVIEWER, "long-enough-pw", actor="rev")
    with pytest.raises(ValueError, match="8 characters"):
        store.add_user("z", Role.REVIEWER, "short", actor="boss")

    flagged = store.add(case(outcome=Outcome.FLAGGED))
    own = store.add(case(outcome=Outcome.FLAGGED, operator="REV"))
    plain = store.add(case())
    with pytest.raises(AccessDenied, match="not a reviewer"):
        store.review(flagged.case_id, "op-1", Verdict.APPROVED, "looks fine")
    with pytest.raises(AccessDenied, match="four eyes"):
        store.review(own.case_id, "rev", Verdict.APPROVED, "mine")  # case-insensitive
    with pytest.raises(CaseError, match="reason"):
        store.review(flagged.case_id, "rev", Verdict.APPROVED, "   ")
    with pytest.raises(CaseError, match="not flagged"):
        store.review(plain.case_id, "rev", Verdict.APPROVED, "why not")
    done = store.review(flagged.case_id, "rev", Verdict.REJECTED, "different ear shape")
    assert store.review_of(flagged.case_id) == done
    with pytest.raises(CaseError, match="already reviewed"):
        store.review(flagged.case_id, "rev2", Verdict.APPROVED, "second opinion")
    store.review(own.case_id, "rev2", "APPROVED", "same person")
    assert store.queue() == []
    assert len(store.queue(include_reviewed=True)) == 2
    actions = [r.action for r in store.audit()]
    assert actions.count("case.reviewed") == 2 and actions.count("user.added") == 4
    assert all("hash" not in r.payload and "pw" not in r.payload for r in store.audit())


def test_passwords_are_hashed_and_sign_in_is_audited(make_store: Make) -> None:
    store = make_store()
    store.add_user("boss", Role.ADMIN, "admin-password")
    assert store.authenticate("boss", "admin-password") is not None
    assert store.authenticate("boss", "wrong-password") is None
    assert store.authenticate("ghost", "admin-password") is None
    assert [r.action for r in store.audit()][-3:] == [
        "user.signed_in",
        "user.sign_in_failed",
        "user.sign_in_failed",
    ]
    assert all("admin-password" not in r.payload for r in store.audit())


def test_tables_are_append_only_in_the_database(make_store: Make) -> None:
    """Triggers refuse UPDATE and DELETE on cases and audit_log even for raw SQL."""
    from sqlalchemy import text

    store = make_store()
    rec = store.add(case())
    for sql in (
        "UPDATE audit_log SET actor = 'mallory'",
        "DELETE FROM audit_log",
        f"UPDATE cases SET outcome = 'REJECTED' WHERE case_id = '{rec.case_id}'",
        "DELETE FROM cases",
    ):
        with pytest.raises(Exception, match="append-only"), store._engine.begin() as conn:
            conn.execute(text(sql))
    assert store.get(rec.case_id) == rec and store.verify_audit().ok


def test_images_are_encrypted_kept_and_purged_with_an_audit_row(make_store: Make) -> None:
    """Under retention images are stored sealed (AES-GCM), opened by key only, and purged when due."""
    from sqlalchemy import text

    now = [datetime(2026, 1, 1, tzinfo=UTC)]
    store = make_store(retention_days=30, image_key=KEY, clock=lambda: now[0])
    rec = store.add(case(), images={"card": b"card", "face": b"face", "face_crop": b"crop-bytes"})
    with store._engine.connect() as conn:
        blobs = [bytes(r[0]) for r in conn.execute(text("SELECT ciphertext FROM case_images"))]
    assert len(blobs) == 3 and not any(b"card" in b or b"face" in b or b"crop" in b for b in blobs)
    assert store.images(rec.case_id, actor="rev") == {
        "card": b"card",
        "face": b"face",
        "face_crop": b"crop-bytes",
    }
    with pytest.raises(ValueError, match="does not match"):
        store.add(case(), images={"card": b"another card"})
    other = SqlCaseStore(store.url, image_key=os.urandom(32))
    with pytest.raises(ValueError, match="does not decrypt"):
        other.images(rec.case_id, actor="rev")
    other.close()
    now[0] += timedelta(days=29)
    assert store.purge_images() == 0
    now[0] += timedelta(days=2)
    assert store.purge_images(actor="retention-job") == 3
    assert store.images(rec.case_id, actor="rev") == {}
    purge = store.audit(action="images.purged")[0]
    assert purge.actor == "retention-job" and rec.case_id in purge.payload and '"purged":3' in purge.payload
    assert store.verify_audit().ok


def test_no_images_without_retention(make_store: Make) -> None:
    store = make_store()
    rec = store.add(case(), images={"card": b"card"})
    assert store.image_kinds(rec.case_id) == []
    with pytest.raises(ValueError, match="needs a key"):
        make_store(retention_days=7)


def test_key_text_forms() -> None:
    from app.cases.keys import decode_key

    assert decode_key(KEY.hex()) == KEY == decode_key(base64.b64encode(KEY).decode())
    with pytest.raises(ValueError):
        decode_key("abcd")


@pytest.mark.parametrize(
    "payload",
    [{"password": "x"}, {"nested": {"secret": "x"}}, {"list": [{"image": "x"}]}, {"raw": b"\xff\xd8"}],
)
def test_secrets_and_image_bytes_never_enter_the_log(make_store: Make, payload: dict[str, Any]) -> None:
    store = make_store()
    with pytest.raises(ValueError, match="audit log"):
        store.audit_event("someone", "note", payload)
    assert store.audit() == []


@pytest.mark.parametrize("consent", [None, False])
def test_a_case_without_the_customers_consent_is_not_recorded(make_store: Make, consent: bool | None) -> None:
    """Attacker: a caller (a script, an old client) adds a case the customer never agreed to."""
    store = make_store()
    with pytest.raises(CaseError, match="consent"):
        store.add(case(consent=consent))
    assert store.count() == 0 and store.audit() == []  # nothing recorded, no log row
