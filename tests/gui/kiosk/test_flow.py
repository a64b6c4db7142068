"""The kiosk's rules without Qt or models: the verdict, the case it records, the framing check, the PIN."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from app.cases import Outcome
from app.engine.challenge import ChallengeStatus, Direction, Failure, State
from app.engine.liveness import LivenessResult
from app.engine.types import Landmark, Pose, Quality
from app.gui.kiosk.flow import (
    MIN_CONTEXT,
    PIN_HASH_ENV,
    SessionData,
    Verdict,
    case_note,
    case_record,
    check_pin,
    hash_pin,
    liveness_context,
    pin_hash,
    verdict,
)

STEPS = (Direction.LEFT, Direction.RIGHT)
PASSED = ChallengeStatus(State.PASSED, None, 2, STEPS)
TIMED_OUT = ChallengeStatus(State.FAILED, Direction.LEFT, 0, STEPS, Failure.TIMEOUT)
LIVE = LivenessResult(score=0.91, live=True, threshold=0.5, context=1.0)
SPOOF = LivenessResult(score=0.12, live=False, threshold=0.5, context=1.0)


def face(box: tuple[float, float, float, float] = (10.0, 20.0, 110.0, 140.0)) -> Any:
    return SimpleNamespace(
        box=box,
        landmarks=[Landmark("jaw", 12.0, 30.0), Landmark("nose", 60.0, 80.0)],
        pose=Pose(pitch=2.0, roll=-1.0, yaw=3.0, label="front"),
        is_wearing_mask=False,
        quality=Quality(face_size_px=45.0, sharpness=0.4, brightness=0.5),
    )


def comparison(decision: str = "MATCH", similarity: float = 0.95) -> Any:
    return SimpleNamespace(
        decision=decision,
        similarity=similarity,
        thresholds=SimpleNamespace(match=0.93, review=0.91),
        pack="open",
        card=face(),
        face=face((200.0, 150.0, 300.0, 270.0)),
        elapsed_ms=120.0,
    )


def session(**values: Any) -> SessionData:
    data = SessionData(card=b"card-bytes", face=b"face-bytes", consent=True)  # the customer agreed
    for key, value in values.items():
        setattr(data, key, value)
    return data


@pytest.mark.parametrize(
    ("decision", "liveness", "challenge", "expected"),
    [
        ("MATCH", LIVE, PASSED, Verdict.VERIFIED),
        ("REVIEW", LIVE, PASSED, Verdict.STAFF),
        ("NO_MATCH", LIVE, PASSED, Verdict.STAFF),
        ("MATCH", SPOOF, PASSED, Verdict.STAFF),  # the passive score alone can refuse
        ("MATCH", LIVE, TIMED_OUT, Verdict.STAFF),  # and so can the challenge alone
        ("MATCH", None, PASSED, Verdict.STAFF),  # no score is no evidence of life
    ],
)
def test_verified_needs_a_match_a_live_score_and_a_passed_challenge(
    decision: str, liveness: Any, challenge: Any, expected: Verdict
) -> None:
    data = session(comparison=comparison(decision), liveness=liveness, challenge=challenge)
    assert verdict(data) is expected
    record = case_record(data, workstation="k1")
    assert record is not None
    assert record.outcome is (Outcome.ACCEPTED if expected is Verdict.VERIFIED else Outcome.FLAGGED)
    assert record.decision == decision and record.operator == "kiosk" and record.workstation == "k1"
    assert record.liveness_score == (round(liveness.score, 4) if liveness else None)
    assert record.challenge_passed is challenge.passed
    assert record.face_geometry is not None and record.face_geometry.box == (200.0, 150.0, 300.0, 270.0)
    assert "card-bytes" not in record.model_dump_json() and record.card_sha256 != record.face_sha256


def test_a_refused_comparison_makes_no_case_but_the_session_still_ends_with_staff() -> None:
    data = session(compare_error="FACE_TOO_SMALL", liveness=LIVE, challenge=PASSED)
    assert data.complete and verdict(data) is Verdict.STAFF
    assert case_record(data, workstation="k1") is None


def test_the_session_waits_for_every_result() -> None:
    data = session(comparison=comparison(), challenge=PASSED)
    assert not data.complete  # the passive score has not come back
    data.liveness_error = "FACE_NOT_FOUND"
    assert data.complete and verdict(data) is Verdict.STAFF
    assert "not scored (FACE_NOT_FOUND)" in case_note(data)


def test_the_note_tells_a_reviewer_what_happened() -> None:
    note = case_note(session(comparison=comparison(), liveness=SPOOF, challenge=TIMED_OUT))
    assert "Passive liveness 0.120 (NOT live at 0.5000, context 1.00)." in note
    assert "Head-turn challenge FAILED: timeout (asked: left, right)." in note


def test_wipe_forgets_everything() -> None:
    data = session(comparison=comparison(), liveness=LIVE, challenge=PASSED, compare_error="X")
    old = data.session_id
    data.wipe()
    assert (data.card, data.face, data.comparison, data.liveness, data.challenge) == (None,) * 5
    assert data.compare_error is None and data.session_id != old


def test_the_liveness_context_fits_only_a_face_far_enough_back() -> None:
    # 640x480: the 4x box of a face 100 px tall needs 400 px; one 160 px tall does not fit.
    assert liveness_context(640, 480, (270.0, 190.0, 350.0, 290.0)) == 1.0
    assert liveness_context(640, 480, (240.0, 160.0, 400.0, 320.0)) < MIN_CONTEXT
    # A face near the edge loses context too.
    assert liveness_context(640, 480, (0.0, 190.0, 80.0, 290.0)) < MIN_CONTEXT


def test_pin_hash_comes_from_the_environment_first(monkeypatch: pytest.MonkeyPatch) -> None:
    stored = hash_pin("1357")
    assert stored.startswith("$argon2") and "1357" not in stored
    assert check_pin(stored, "1357") and not check_pin(stored, "1358") and not check_pin(None, "1357")
    assert not check_pin("not a hash", "1357")
    with pytest.raises(ValueError):
        hash_pin("12")
    monkeypatch.delenv(PIN_HASH_ENV, raising=False)
    assert pin_hash("from-settings") == "from-settings" and pin_hash("") is None
    monkeypatch.setenv(PIN_HASH_ENV, stored)
    assert pin_hash("from-settings") == stored
