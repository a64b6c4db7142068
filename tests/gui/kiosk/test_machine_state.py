"""The kiosk's step machine without Qt or models: whole sessions driven by events.

This file runs in the headless test step (no Qt installed), which also proves the machine
needs no Qt; the import-linter contract ``kiosk-state-is-qt-free`` keeps it so.

Engine results are plain values (the engine's own result types where they are plain data,
namespaces shaped like them elsewhere); the machine's answers are checked as the actions a
window would perform.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any, TypeVar

import numpy as np

from app.cases import Outcome
from app.engine.challenge import ChallengeConfig, expected_sign
from app.engine.liveness import LivenessResult
from app.engine.types import Detection, Landmark, Pose, Quality
from app.gui.common.guidance import Guidance, Hint
from app.gui.kiosk.actions import (
    Action,
    AnalyzeFrame,
    AskPin,
    Audit,
    CaptureFace,
    CheckCard,
    CheckGuidance,
    ClosePin,
    FindCardFace,
    PinWrong,
    RecordCase,
    ResetGuidance,
    RunCompare,
    ScoreLiveness,
    SetLanguage,
    ShowCard,
    ShowStep,
    StartTimer,
    StopTimer,
    TakeCardPhoto,
    Timer,
    Unlock,
    Wipe,
)
from app.gui.kiosk.flow import Step, Verdict, hash_pin
from app.gui.kiosk.machine import KioskMachine, Notice

A = TypeVar("A")

FRAME = np.zeros((480, 640, 3), np.uint8)  # a 640x480 camera frame
CARD_PIXELS = np.full((638, 1012, 3), 200, np.uint8)
FACE_PIXELS = np.full((480, 640, 3), 100, np.uint8)
FAR_BOX = (280.0, 200.0, 360.0, 300.0)  # its 4x liveness box fits in the frame
CLOSE_BOX = (220.0, 140.0, 420.0, 380.0)  # too close: the 4x box does not fit
LIVE = LivenessResult(score=0.91, live=True, threshold=0.5, context=1.0)
SPOOF = LivenessResult(score=0.08, live=False, threshold=0.5, context=1.0)
TURN = ChallengeConfig().turn_deg + 5


def only(kind: type[A], actions: Sequence[Action]) -> A:
    """The one action of ``kind`` among ``actions``."""
    found = [a for a in actions if isinstance(a, kind)]
    assert len(found) == 1, (kind.__name__, actions)
    return found[0]


def steps_shown(actions: Sequence[Action]) -> list[Step]:
    return [a.step for a in actions if isinstance(a, ShowStep)]


def face(yaw: float = 0.0, box: tuple[float, float, float, float] = FAR_BOX) -> Any:
    """An analysed face shaped like the engine's ``Face``."""
    return SimpleNamespace(
        detection=Detection(box=box, score=0.9, kps5=np.zeros((5, 2), np.float32)),
        box=box,
        pose=Pose(pitch=1.0, roll=0.0, yaw=yaw, label="front"),
        embedding=np.ones(8, np.float32) / np.sqrt(8),
        landmarks=[Landmark("nose", 320.0, 250.0)],
        is_wearing_mask=False,
        quality=Quality(face_size_px=40.0, sharpness=0.5, brightness=0.5),
    )


def analysis(*faces: Any) -> Any:
    return SimpleNamespace(width=640, height=480, format="raw", faces=list(faces))


def comparison(decision: str = "MATCH") -> Any:
    """A result shaped like the engine's ``Comparison``."""
    return SimpleNamespace(
        decision=decision,
        similarity=0.96 if decision == "MATCH" else 0.2,
        thresholds=SimpleNamespace(match=0.93, review=0.91),
        pack="open",
        card=face(box=(40.0, 140.0, 340.0, 440.0)),
        face=face(),
        elapsed_ms=110.0,
    )


def ready(seed: int = 0, **options: Any) -> KioskMachine:
    """A kiosk whose models have loaded, showing the ID step."""
    m = KioskMachine(workstation="lobby-1", rng=random.Random(seed), **options)
    assert steps_shown(m.start()) == [Step.CONSENT]
    m.models_ready(0.5)
    assert steps_shown(m.consent_given()) == [Step.ID]  # (consent: test_consent.py)
    return m


def present_card(m: KioskMachine) -> list[Action]:
    check = only(CheckCard, m.card_presented(b"card-bytes"))
    return m.card_checked(check.token, CARD_PIXELS)


def capture(m: KioskMachine, t: float = 0.0) -> tuple[RunCompare, ScoreLiveness]:
    """A good, well framed face held long enough: the photo is taken."""
    job = only(CheckGuidance, m.face_frame("frame", t))
    shot = only(CaptureFace, m.guidance_checked(job.token, Guidance(Hint.GOOD, FAR_BOX, 0.9, True), FRAME))
    actions = m.face_captured(b"face-jpeg", FACE_PIXELS)
    assert steps_shown(actions) == [Step.CHALLENGE] and shot.pixels is FRAME
    return only(RunCompare, actions), only(ScoreLiveness, actions)


def frame(m: KioskMachine, t: float, *faces: Any) -> list[Action]:
    """One challenge frame taken at ``t`` and analysed with ``faces``."""
    job = only(AnalyzeFrame, m.face_frame("frame", t))
    assert job.t == t
    return m.frame_analyzed(job.token, t, analysis(*faces))


def turn_as_asked(m: KioskMachine, t: float = 1.0) -> list[Action]:
    """Look straight, then make each asked turn (two frames past the angle), back in between."""
    assert m.challenge is not None
    actions = frame(m, t, face(0.0))
    for direction in m.challenge.steps:
        assert m.challenge_prompt is direction
        yaw = expected_sign(direction) * TURN
        actions = frame(m, t + 0.2, face(yaw)) + frame(m, t + 0.4, face(yaw))
        t += 0.4
        if not m.challenge.status.done:
            t += 0.2
            actions += frame(m, t, face(0.0))
    return actions


def test_a_live_customer_with_their_own_id_is_verified_and_the_case_recorded() -> None:
    m = ready()
    assert m.awaiting_card and m.step is Step.ID
    actions = present_card(m)
    assert only(ShowCard, actions).pixels is CARD_PIXELS
    assert ResetGuidance() in actions and steps_shown(actions) == [Step.FACE]
    token = m.token
    compare, score = capture(m)
    assert compare.card is CARD_PIXELS and compare.face is FACE_PIXELS and score.face is FACE_PIXELS
    assert compare.token == score.token == token and m.data.face == b"face-jpeg"
    # The comparison and the score come back while the customer turns.
    assert m.compare_done(token, comparison()) == []
    assert m.liveness_scored(token, LIVE) == []
    actions = turn_as_asked(m)
    assert steps_shown(actions) == [Step.CHECKING, Step.RESULT]
    assert m.data.challenge.passed and m.verdict is Verdict.VERIFIED
    record = only(RecordCase, actions)
    assert record.record is not None and record.record.outcome is Outcome.ACCEPTED
    assert record.record.workstation == "lobby-1" and record.record.liveness_score == 0.91
    assert record.images == {"card": b"card-bytes", "face": b"face-jpeg"}  # the store decides
    assert record.audit.action == "kiosk.liveness" and record.audit.case_id == record.record.case_id
    assert record.audit.payload["challenge_passed"] is True
    assert StartTimer(Timer.RESULT) in actions
    # Done: the session is wiped and the next customer starts at the consent screen.
    actions = m.reset()
    assert (
        actions[0] == Wipe() and steps_shown(actions) == [Step.CONSENT] and StopTimer(Timer.RESULT) in actions
    )
    assert m.data.card is None and m.data.face is None and m.data.card_pixels is None
    assert m.data.comparison is None and m.challenge is None and m.token != token


def test_the_checking_step_waits_for_results_still_running_after_the_last_turn() -> None:
    m = ready()
    present_card(m)
    compare, score = capture(m)
    actions = turn_as_asked(m)
    assert steps_shown(actions) == [Step.CHECKING] and not any(isinstance(a, RecordCase) for a in actions)
    assert m.liveness_scored(score.token, LIVE) == []
    actions = m.compare_done(compare.token, comparison())
    assert steps_shown(actions) == [Step.RESULT] and m.verdict is Verdict.VERIFIED
    assert only(RecordCase, actions).images == {"card": b"card-bytes", "face": b"face-jpeg"}


def test_an_id_without_a_face_is_refused_at_once() -> None:
    m = ready()
    check = only(CheckCard, m.card_presented(b"blank card"))
    assert not m.awaiting_card and m.card_presented(b"again") == []  # one check at a time
    assert m.card_refused(check.token) == []
    assert m.step is Step.ID and m.data.card is None and m.card_unreadable and m.awaiting_card
    only(CheckCard, m.card_presented(b"card-bytes"))
    assert not m.card_unreadable  # a new ID is being read


def test_nobody_in_front_of_the_camera_abandons_the_session() -> None:
    m = ready()
    present_card(m)
    token = m.token
    job = only(CheckGuidance, m.face_frame("frame", 0.0))
    assert m.guidance_checked(job.token, Guidance(Hint.NO_FACE), FRAME) == []  # nobody: no timer restart
    assert m.step is Step.FACE and m.preview_box is None and not m.preview_ok
    actions = m.inactivity_elapsed()
    assert only(Audit, actions) == Audit("kiosk.abandoned", {"step": "face", "session": token})
    assert Wipe() in actions and steps_shown(actions) == [Step.CONSENT]
    assert m.data.card is None and m.token != token


def test_somebody_there_keeps_the_session_alive() -> None:
    m = ready()
    present_card(m)
    job = only(CheckGuidance, m.face_frame("frame", 0.0))
    actions = m.guidance_checked(job.token, Guidance(Hint.LOOK_AT_CAMERA, FAR_BOX), FRAME)
    assert actions == [StartTimer(Timer.INACTIVITY)] and m.preview_box == FAR_BOX and not m.preview_ok
    assert m.touched() == [StartTimer(Timer.INACTIVITY)]


def test_an_empty_id_step_is_not_an_abandoned_session() -> None:
    """(Nothing was captured: no audit row; the next person is asked for consent again.)"""
    m = ready()
    actions = m.inactivity_elapsed()
    assert not any(isinstance(a, Audit) for a in actions) and steps_shown(actions) == [Step.CONSENT]
    assert m.inactivity_elapsed() == [StartTimer(Timer.INACTIVITY)] and m.step is Step.CONSENT


def test_a_face_too_close_for_the_liveness_model_is_asked_to_step_back() -> None:
    m = ready()
    present_card(m)
    job = only(CheckGuidance, m.face_frame("frame", 0.0))
    actions = m.guidance_checked(job.token, Guidance(Hint.GOOD, CLOSE_BOX, 1.0, True), FRAME)
    assert ResetGuidance() in actions and not any(isinstance(a, CaptureFace) for a in actions)
    assert not m.context_ok and not m.preview_ok and m.step is Step.FACE


def test_a_spoof_score_sends_the_customer_to_staff_and_the_case_to_a_reviewer() -> None:
    m = ready()
    present_card(m)
    compare, score = capture(m)
    m.compare_done(compare.token, comparison())
    m.liveness_scored(score.token, SPOOF)
    actions = turn_as_asked(m)
    assert m.data.challenge.passed and m.verdict is Verdict.STAFF
    record = only(RecordCase, actions).record
    assert record is not None and record.outcome is Outcome.FLAGGED and "NOT live" in record.note


def test_a_photo_that_never_turns_times_out_and_goes_to_staff() -> None:
    m = ready()
    present_card(m)
    compare, score = capture(m)
    m.compare_done(compare.token, comparison())
    m.liveness_scored(score.token, LIVE)
    frame(m, 1.0, face(0.0))
    assert m.challenge_prompt is not None
    t, actions = 1.0, []
    while m.step is Step.CHALLENGE:
        t += 0.5
        actions = frame(m, t, face(0.0))
    assert t > 1.0 + 2 * ChallengeConfig().step_timeout  # timed out twice: one retry, then staff
    assert str(m.data.challenge.failure) == "timeout" and m.verdict is Verdict.STAFF
    assert m.face_frame("frame", t + 0.1) == []  # no analysis after the challenge
    record = only(RecordCase, actions)
    assert record.record is not None and record.record.challenge_passed is False
    assert record.audit.payload["challenge_failure"] == "timeout"
    assert record.audit.payload["challenge_tries"] == 2
    assert "FAILED on the second try (first: timeout)" in record.record.note


def test_one_retry_of_the_head_turn_with_the_same_turns() -> None:
    m = ready(seed=3)
    present_card(m)
    compare, score = capture(m)
    m.compare_done(compare.token, comparison())
    m.liveness_scored(score.token, LIVE)
    assert m.challenge is not None
    first = m.challenge
    asked = first.steps
    frame(m, 1.0, face(0.0))
    wrong = -expected_sign(asked[0]) * TURN  # the customer turns the wrong way (a mirror mix-up)
    actions = frame(m, 1.2, face(wrong))
    assert m.step is Step.CHALLENGE and m.retrying and not steps_shown(actions)
    assert m.challenge is not first and m.challenge.steps == asked and not m.challenge.status.done
    actions = turn_as_asked(m, t=2.0)
    assert steps_shown(actions) == [Step.CHECKING, Step.RESULT] and m.verdict is Verdict.VERIFIED
    record = only(RecordCase, actions)
    assert record.record is not None
    assert "passed on the second try (first: wrong_direction)" in record.record.note
    assert record.audit.payload["challenge_tries"] == 2
    assert record.audit.payload["challenge_first_failure"] == "wrong_direction"
    m.reset()
    assert not m.retrying and m.data.first_try_failure is None


def test_a_second_face_in_the_turn_is_not_retried() -> None:
    m = ready()
    present_card(m)
    compare, score = capture(m)
    m.compare_done(compare.token, comparison())
    m.liveness_scored(score.token, LIVE)
    frame(m, 1.0, face(0.0))
    actions = frame(m, 1.2, face(0.0), face(0.0, box=(100.0, 200.0, 180.0, 300.0)))
    assert steps_shown(actions) == [Step.CHECKING, Step.RESULT] and not m.retrying
    assert str(m.data.challenge.failure) == "multiple_faces" and m.verdict is Verdict.STAFF
    assert only(RecordCase, actions).audit.payload["challenge_tries"] == 1


def test_the_session_reference_is_on_the_case_and_new_for_each_customer() -> None:
    m = ready()
    ref = m.data.reference
    assert re.fullmatch(r"K-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{2}", ref)
    present_card(m)
    compare, score = capture(m)
    m.compare_done(compare.token, comparison())
    m.liveness_scored(score.token, LIVE)
    record = only(RecordCase, turn_as_asked(m))
    assert record.record is not None and record.record.customer_ref == ref
    assert record.audit.payload["reference"] == ref and f"Kiosk session {ref}." in record.record.note
    m.reset()
    assert m.data.reference != ref


def test_someone_else_s_id_is_not_verified_even_when_live() -> None:
    m = ready()
    present_card(m)
    compare, score = capture(m)
    m.compare_done(compare.token, comparison("NO_MATCH"))
    m.liveness_scored(score.token, LIVE)
    record = only(RecordCase, turn_as_asked(m)).record
    assert m.verdict is Verdict.STAFF and record is not None and record.outcome is Outcome.FLAGGED


def test_a_refused_comparison_records_no_case_but_audits_the_session() -> None:
    m = ready()
    present_card(m)
    compare, score = capture(m)
    m.compare_failed(compare.token, "FACE_TOO_SMALL")
    m.liveness_failed(score.token, "FACE_NOT_FOUND")
    actions = turn_as_asked(m)
    done = only(RecordCase, actions)
    assert done.record is None and done.images is None
    assert done.audit.action == "kiosk.session" and done.audit.payload["error"] == "FACE_TOO_SMALL"
    assert steps_shown(actions)[-1] is Step.RESULT and m.verdict is Verdict.STAFF


def test_results_of_a_wiped_session_are_dropped() -> None:
    m = ready()
    present_card(m)
    old_compare, old_score = capture(m)
    analyze = only(AnalyzeFrame, m.face_frame("frame", 1.0))
    m.inactivity_elapsed()  # the customer walked away mid-challenge
    assert m.step is Step.CONSENT and m.token != old_compare.token
    assert m.compare_done(old_compare.token, comparison()) == []
    assert m.liveness_scored(old_score.token, LIVE) == []
    assert m.frame_analyzed(analyze.token, 1.0, analysis(face(0.0))) == []
    assert m.data.comparison is None and m.data.liveness is None and m.challenge is None
    # The next customer's session is not disturbed by the old one's late work.
    m.consent_given()
    old_check = only(CheckCard, m.card_presented(b"next card"))
    m.inactivity_elapsed()
    assert m.card_checked(old_check.token, CARD_PIXELS) == [] and m.step is Step.CONSENT
    m.consent_given()
    assert m.data.card is None and m.awaiting_card  # the busy flag was released
    present_card(m)
    guide = only(CheckGuidance, m.face_frame("frame", 5.0))
    m.reset()
    m.consent_given()
    present_card(m)
    assert m.guidance_checked(guide.token, Guidance(Hint.GOOD, FAR_BOX, 1.0, True), FRAME) == []
    assert m.guidance is None and m.step is Step.FACE
    only(CheckGuidance, m.face_frame("frame", 6.0))  # and the next frame is checked


def test_one_engine_job_of_each_kind_at_a_time() -> None:
    m = ready()
    present_card(m)
    job = only(CheckGuidance, m.face_frame("frame", 0.0))
    assert m.face_frame("frame", 0.1) == []  # still checking the last one
    m.guidance_failed(job.token)
    only(CheckGuidance, m.face_frame("frame", 0.2))
    m = ready()
    present_card(m)
    capture(m)
    job2 = only(AnalyzeFrame, m.face_frame("frame", 1.0))
    assert m.face_frame("frame", 1.1) == []
    m.analysis_failed(job2.token)
    only(AnalyzeFrame, m.face_frame("frame", 1.2))


def test_the_challenge_analyses_frames_and_shows_the_asked_turn() -> None:
    m = ready(seed=3)
    present_card(m)
    capture(m)
    assert m.challenge is not None and m.challenge.config.min_similarity == 0.5  # the pack's review
    assert m.challenge_prompt is None  # look straight first
    actions = frame(m, 1.0, face(0.0))
    assert actions == [StartTimer(Timer.INACTIVITY)]
    assert m.challenge_prompt is m.challenge.steps[0] and m.preview_ok and m.preview_box == FAR_BOX
    assert frame(m, 1.2) == [] and m.guidance is None  # no face: no timer restart


def test_the_document_camera_presents_the_id_after_three_frames_with_a_face() -> None:
    m = KioskMachine(workstation="k", rng=random.Random(0))
    assert m.card_frame("frame") == []  # the models are not loaded yet
    m.models_ready(0.5)
    assert m.card_frame("frame") == []  # no consent yet
    m.consent_given()
    hits = []
    for found in (True, True, False, True, True, True):
        job = only(FindCardFace, m.card_frame("frame"))
        hits.append(m.card_frame_checked(job.token, found, CARD_PIXELS))
    assert hits[:5] == [[]] * 5  # a miss starts the count again
    assert only(TakeCardPhoto, hits[5]).pixels is CARD_PIXELS
    job = only(FindCardFace, m.card_frame("frame"))
    m.card_frame_failed(job.token)
    only(CheckCard, m.card_presented(b"jpeg of the frame"))
    assert m.card_frame("frame") == []  # an ID is being read


def test_the_staff_pin_unlocks_and_three_wrong_ones_lock_the_pad_for_a_minute() -> None:
    """(The attacks on the PIN: ``test_pin.py``.)"""
    m = ready(pin_hash=hash_pin("2468"))
    assert m.staff_requested(100.0) == [AskPin()]
    assert m.pin_entered("1111", 101.0) == [Audit("kiosk.pin_failed", {"failures": 1}), PinWrong()]
    assert m.pin_cancelled() == []
    assert m.staff_requested(102.0) == [AskPin()]
    m.pin_entered("1111", 103.0)
    assert m.pin_entered("1111", 110.0)[-2:] == [
        Audit("kiosk.pin_locked", {"failures": 3, "seconds": 60.0}),
        ClosePin(),
    ]
    assert m.staff_requested(110.0 + 59) == [] and m.notice is Notice.PIN_LOCKED
    assert m.staff_requested(110.0 + 60) == [AskPin()] and m.notice is None
    assert m.pin_entered("2468", 200.0) == [
        Audit("kiosk.unlocked", {"session": m.token}),
        ClosePin(),
        Unlock(),
    ]


def test_korean_first_and_english_one_tap_away() -> None:
    m = KioskMachine(workstation="k")
    assert m.language == "ko"
    assert m.toggle_language() == [SetLanguage("en")] and m.language == "en"
    assert m.toggle_language() == [SetLanguage("ko")]


def test_nothing_is_read_before_the_models_load_and_out_of_service_stays() -> None:
    m = KioskMachine(workstation="k")
    assert m.notice is None and not m.awaiting_card and m.card_presented(b"card") == []
    m.models_loading()
    assert m.notice is Notice.STARTING
    m.models_ready(0.6)
    m.consent_given()
    assert m.notice is None and m.awaiting_card and m.review_threshold == 0.6
    m.out_of_service()  # e.g. the camera cannot open
    m.models_ready(0.6)
    assert m.notice is Notice.OUT_OF_SERVICE


def test_the_result_screen_resets_itself_without_an_abandoned_audit() -> None:
    m = ready()
    present_card(m)
    compare, score = capture(m)
    m.compare_done(compare.token, comparison())
    m.liveness_scored(score.token, LIVE)
    turn_as_asked(m)
    assert m.step is Step.RESULT
    assert not any(isinstance(a, Audit) for a in m.inactivity_elapsed()) and m.step is Step.CONSENT
    m = ready()
    assert steps_shown(m.result_elapsed()) == [Step.CONSENT]


def test_the_turn_time_is_a_setting() -> None:
    m = ready(turn_s=9.0)
    present_card(m)
    capture(m)
    assert m.challenge is not None and m.challenge.config.step_timeout == 9.0
    frame(m, 1.0, face(0.0))
    assert m.challenge.status.time_left(2.0) == 8.0
    assert ready().turn_s == ChallengeConfig().step_timeout == 6.0
