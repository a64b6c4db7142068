"""A flagged case keeps its evidence: sealed even with retention off, held until a reviewer
decides it, then kept for the review period after the decision and purged."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from app.cases import Role, SqlCaseStore, Verdict
from app.cases.retention import DEFAULT_REVIEW_DAYS, REVIEW_DAYS_ENV, keep_days, review_days
from tests.cases.conftest import case

Make = Callable[..., SqlCaseStore]
KEY = os.urandom(32)
IMAGES = {"card_crop": b"card-crop", "face_crop": b"face-crop"}


def _flagged_store(make_store: Make, now: list[datetime], **kwargs: object) -> SqlCaseStore:
    store = make_store(image_key=KEY, clock=lambda: now[0], **kwargs)
    store.add_user("boss", Role.ADMIN, "admin-password")
    store.add_user("lee.s", Role.REVIEWER, "reviewer-pw", actor="boss")
    return store


def test_a_flagged_case_keeps_its_images_sealed_with_retention_off(make_store: Make) -> None:
    now = [datetime(2026, 1, 1, tzinfo=UTC)]
    store = _flagged_store(make_store, now)  # retention_days=0: the counter's default
    flagged = store.add(case(decision="REVIEW", similarity=0.75), images=IMAGES)
    plain = store.add(case(customer_ref="PLAIN"), images=IMAGES)
    assert store.image_kinds(plain.case_id) == []  # an unflagged case keeps nothing, as before
    assert store.image_kinds(flagged.case_id) == ["card_crop", "face_crop"]
    with store._engine.connect() as conn:
        blobs = [bytes(r[0]) for r in conn.execute(text("SELECT ciphertext FROM case_images"))]
    assert blobs and not any(b"crop" in b for b in blobs)  # encrypted, not the bytes
    (row,) = store.audit(case_id=flagged.case_id)
    assert '"images_retained":["card_crop","face_crop"]' in row.payload
    assert store.images(flagged.case_id, actor="lee.s") == IMAGES


def test_the_evidence_waits_for_the_reviewer_then_goes_after_the_period(make_store: Make) -> None:
    now = [datetime(2026, 1, 1, tzinfo=UTC)]
    store = _flagged_store(make_store, now)
    rec = store.add(case(decision="REVIEW", similarity=0.75, operator="kim.j"), images=IMAGES)
    now[0] += timedelta(days=365)  # nobody reviewed it for a year: still there
    assert store.purge_images() == 0 and store.image_kinds(rec.case_id) == ["card_crop", "face_crop"]
    store.review(rec.case_id, "lee.s", Verdict.APPROVED, "same person on both photos")
    now[0] += timedelta(days=DEFAULT_REVIEW_DAYS - 1)
    assert store.purge_images() == 0 and store.images(rec.case_id, actor="lee.s") == IMAGES
    now[0] += timedelta(days=2)
    assert store.purge_images(actor="retention") == 2
    assert store.image_kinds(rec.case_id) == []
    assert rec.case_id in store.audit(action="images.purged")[0].payload
    assert store.verify_audit().ok


def test_retention_on_counts_the_longer_of_both_periods(make_store: Make) -> None:
    now = [datetime(2026, 1, 1, tzinfo=UTC)]
    store = _flagged_store(make_store, now, retention_days=90)
    rec = store.add(case(decision="REVIEW", similarity=0.75, operator="kim.j"), images=IMAGES)
    now[0] += timedelta(days=10)
    store.review(rec.case_id, "lee.s", Verdict.REJECTED, "different ears")
    now[0] += timedelta(days=85)  # 95 days after recording, 85 after the review: kept
    assert store.purge_images() == 0
    now[0] += timedelta(days=6)
    assert store.purge_images() == 2


def test_without_an_image_key_a_flagged_case_is_recorded_without_images(make_store: Make) -> None:
    store = make_store()
    rec = store.add(case(decision="REVIEW", similarity=0.75), images=IMAGES)
    assert store.get(rec.case_id) == rec and store.image_kinds(rec.case_id) == []


def test_the_review_period_reads_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(REVIEW_DAYS_ENV, raising=False)
    assert review_days(0) == DEFAULT_REVIEW_DAYS and review_days(7) == 7
    assert keep_days(0, flagged=False) == 0 and keep_days(0, flagged=True) == DEFAULT_REVIEW_DAYS
    monkeypatch.setenv(REVIEW_DAYS_ENV, "5")
    assert review_days(90) == 5 and keep_days(90, flagged=True) == 90
