"""The verify session without Qt: which comparison runs when, what is shown, what is recorded.

Runs in the headless step too (``make headless``); the window tests check the same rules
through the real screen.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import cv2
import numpy as np
import pytest

from app.engine.types import Landmark, Pose, Quality, Thresholds
from app.gui.common.backends import CompareFailed, CompareView, FaceView
from app.gui.workstation.session import CompareJob, Panel, VerifySession


def face_view(x: float, colour: int, quality: Quality | None = None) -> FaceView:
    return FaceView(
        aligned=np.full((112, 112, 3), colour, np.uint8),
        box=(x, 20.04, x + 100.0, 140.0),
        polygon=[(x, 20.0), (x + 100, 20.0), (x + 100, 140.0), (x, 140.0)],
        landmarks=[
            Landmark("LEFT_EYE", x + 30.0, 60.0),
            Landmark("LEFT_EYE", x + 40.0, 58.0),
            Landmark("RIGHT_PUPIL", x + 70.0, 60.0),
        ],
        pose=Pose(pitch=-3.0, roll=1.5, yaw=12.25, label="Front"),
        mask_probability=0.02,
        is_wearing_mask=False,
        quality=quality,
    )


def view(similarity: float = 0.95, decision: str = "MATCH", mode: str = "local") -> CompareView:
    return CompareView(
        similarity=similarity,
        decision=decision,
        thresholds=Thresholds(match=0.93, review=0.91),
        card=face_view(10.0, 40),
        face=face_view(200.0, 200, Quality(face_size_px=88.5, sharpness=0.41, brightness=0.52)),
        elapsed_ms=812.0,
        pack="open",
        licence="open: test",
        mode=mode,
        request_id="fc-1" if mode == "remote" else None,
        uid="u-1" if mode == "remote" else None,
    )


@dataclass
class FakeBackend:
    mode: str = "local"
    calls: list[tuple[bytes, bytes]] = field(default_factory=list)

    def compare(self, card: bytes, face: bytes) -> CompareView:
        self.calls.append((card, face))
        return view(mode=self.mode)


def ready_session(card: bytes = b"card-1", face: bytes = b"face-1") -> tuple[VerifySession, CompareJob]:
    """A session with a backend, a card and a face: the comparison has started."""
    s = VerifySession()
    assert s.backend_ready(FakeBackend()) is None
    assert s.card_loaded(card) is None
    job = s.face_captured(face)
    assert job is not None
    return s, job


@pytest.mark.parametrize(
    "order", [("backend", "card", "face"), ("card", "face", "backend"), ("face", "backend", "card")]
)
def test_the_comparison_starts_when_the_last_of_card_face_and_backend_arrives(order: tuple[str, ...]) -> None:
    s = VerifySession()
    backend = FakeBackend()
    events = {
        "backend": lambda: s.backend_ready(backend),
        "card": lambda: s.card_loaded(b"card"),
        "face": lambda: s.face_captured(b"face"),
    }
    jobs = [events[name]() for name in order]
    assert jobs[:2] == [None, None] and isinstance(jobs[2], CompareJob)
    assert (jobs[2].card, jobs[2].face) == (b"card", b"face")
    assert s.comparing and s.panel is Panel.COMPARING and not s.can_compare
    assert s.start_compare() is None  # one comparison at a time
    assert jobs[2].run().mode == "local" and backend.calls == [(b"card", b"face")]


def test_nothing_compares_without_a_backend() -> None:
    s = VerifySession()
    assert s.card_loaded(b"card") is None and s.face_captured(b"face") is None
    assert not s.can_compare and s.start_compare() is None and s.panel is Panel.EMPTY
    s, job = ready_session()
    s.compare_finished(job, job.run())
    s.backend_gone()  # settings changed: the next backend is loading
    assert not s.can_compare and s.start_compare() is None and s.panel is Panel.RESULT


def test_a_result_shows_and_can_be_recorded_once() -> None:
    s, job = ready_session()
    result = job.run()
    assert s.compare_finished(job, result) is result
    assert s.result is result and s.panel is Panel.RESULT and not s.comparing
    assert s.can_record and s.can_compare  # Compare repeats it
    record = s.case_record("ACCEPTED", "CUST-1", "", workstation="w", operator="o", consent=True)
    assert record is not None
    s.case_recorded(record)
    assert not s.can_record
    assert s.case_record("ACCEPTED", "CUST-1", "", workstation="w", operator="o", consent=True) is None
    again = s.start_compare()  # the operator compares the same pair again: a new result, a new case
    assert again is not None and s.compare_finished(again, again.run()) is not None and s.can_record


def test_a_result_for_inputs_that_changed_meanwhile_is_dropped_and_the_new_pair_compared() -> None:
    s, job = ready_session()
    assert s.face_captured(b"face-2") is None  # busy: waits for the running comparison
    assert s.panel is Panel.EMPTY and s.result is None
    nxt = s.compare_finished(job, job.run())
    assert isinstance(nxt, CompareJob) and nxt.face == b"face-2"
    assert s.result is None and s.panel is Panel.COMPARING


def test_a_failure_for_inputs_that_changed_meanwhile_is_dropped_too() -> None:
    s, job = ready_session()
    s.card_loaded(b"card-2")
    nxt = s.compare_failed(job, CompareFailed("TRANSPORT", "old request"))
    assert isinstance(nxt, CompareJob) and nxt.card == b"card-2" and s.failure is None
    s.new_customer()  # everything cleared while the next one ran: nothing to start again
    assert s.compare_failed(nxt, RuntimeError("late")) is None and s.panel is Panel.EMPTY


def test_a_refused_comparison_says_why_in_the_backend_s_code() -> None:
    s, job = ready_session()
    failure = s.compare_failed(job, CompareFailed("FACE_NOT_FOUND", "no face in faceImage"))
    assert isinstance(failure, CompareFailed) and failure.code == "FACE_NOT_FOUND"
    assert s.panel is Panel.FAILED and s.failure_detail == "no face in faceImage"
    assert not s.comparing and s.can_compare and not s.can_record
    job = s.start_compare()
    assert job is not None
    failure = s.compare_failed(job, ValueError("a bug"))
    assert isinstance(failure, CompareFailed) and failure.code == "INTERNAL_ERROR"
    assert failure.message == "a bug" and s.failure_detail == ""  # no internals on screen


def test_a_refused_card_stays_explained_until_another_card_loads() -> None:
    s = VerifySession()
    s.backend_ready(FakeBackend())
    failure = s.card_refused("a two-page PDF")
    assert (failure.code, failure.message) == ("CARD", "a two-page PDF")
    assert s.card is None and s.panel is Panel.CARD_REFUSED
    assert s.face_captured(b"face") is None and s.panel is Panel.CARD_REFUSED
    job = s.card_loaded(b"card")
    assert job is not None and s.card_error is None and s.panel is Panel.COMPARING


def test_next_customer_forgets_everything() -> None:
    s, job = ready_session()
    s.compare_finished(job, job.run())
    s.card_refused("bad")
    s.new_customer()
    assert (s.card, s.face, s.result, s.card_error, s.recorded) == (None, None, None, None, None)
    assert s.panel is Panel.EMPTY and not s.can_record and s.needs_warm_up


def test_an_engine_that_cannot_load_is_shown_until_something_happens() -> None:
    s = VerifySession()
    s.engine_failed("no pack named x")
    assert s.panel is Panel.ENGINE_FAILED and s.engine_error == "no pack named x"
    s.card_loaded(b"card")
    assert s.panel is Panel.EMPTY


def test_the_engine_warms_up_only_while_nothing_waits_to_be_compared() -> None:
    s = VerifySession()
    assert s.needs_warm_up
    s.card_loaded(b"card")
    assert s.needs_warm_up
    s.face_captured(b"face")
    assert not s.needs_warm_up


@dataclass
class Settings:
    engine_mode: str = "local"
    server_url: str = "http://a"
    secret: str = "s"
    pack: str = "auto"
    camera_device: str = "cam-0"
    language: str = "en"


@pytest.mark.parametrize(
    ("new", "camera_file", "expected"),
    [
        (Settings(language="ko"), False, (False, False, False)),
        (Settings(camera_device="cam-1"), False, (True, False, False)),
        (Settings(camera_device="cam-1"), True, (False, False, False)),  # a file stays the camera
        (Settings(pack="open"), False, (False, True, True)),
        (Settings(engine_mode="remote"), False, (False, True, False)),
        (Settings(secret="new"), False, (False, True, False)),
    ],
)
def test_settings_restart_only_what_they_change(
    new: Settings, camera_file: bool, expected: tuple[bool, bool, bool]
) -> None:
    s = VerifySession()
    s.backend_ready(FakeBackend())
    change = s.settings_changed(Settings(), new, camera_file=camera_file)
    assert (change.restart_camera, change.restart_engine, change.reload_engine) == expected
    assert (s.backend is None) == change.restart_engine


def test_a_remote_pack_change_is_the_server_s_business() -> None:
    s = VerifySession()
    change = s.settings_changed(
        Settings(engine_mode="remote"), Settings(engine_mode="remote", pack="x"), camera_file=False
    )
    assert not change.restart_engine and not change.reload_engine


def test_the_case_holds_the_comparison_with_quality_geometry_and_where_it_ran() -> None:
    from app.cases import Outcome, image_sha256

    s = VerifySession()
    s.backend_ready(FakeBackend(mode="remote"))
    s.card_loaded(b"card-bytes")
    job = s.face_captured(b"face-bytes")
    assert job is not None
    shown = job.run()
    s.compare_finished(job, shown)
    rec = s.case_record(
        "FLAGGED", "CUST-9", "older photo", workstation="BR-1", operator="kim.j", consent=True
    )
    assert rec is not None
    assert (rec.outcome, rec.customer_ref, rec.note) == (Outcome.FLAGGED, "CUST-9", "older photo")
    assert (rec.workstation, rec.operator, rec.engine_mode) == ("BR-1", "kim.j", "remote")
    assert (rec.request_id, rec.uid, rec.model_pack) == ("fc-1", "u-1", "open")
    assert (rec.decision, rec.similarity) == ("MATCH", pytest.approx(0.95))
    assert (rec.match_threshold, rec.review_threshold) == (0.93, 0.91)
    assert rec.card_sha256 == image_sha256(b"card-bytes") and rec.face_sha256 == image_sha256(b"face-bytes")
    assert (rec.face_pose, rec.face_yaw, rec.face_pitch, rec.face_roll) == ("Front", 12.25, -3.0, 1.5)
    assert rec.face_mask is False and rec.elapsed_ms == 812.0
    assert (rec.face_size_px, rec.face_sharpness, rec.face_brightness) == (88.5, 0.41, 0.52)
    assert rec.card_geometry is not None and rec.face_geometry is not None
    assert rec.card_geometry.box == pytest.approx(shown.card.box, abs=0.05)
    assert rec.face_geometry.points == ((230.0, 60.0), (240.0, 58.0), (270.0, 60.0))


def test_a_server_without_the_quality_extension_gives_a_case_without_quality() -> None:
    s, job = ready_session()
    s.compare_finished(job, replace(view(), face=face_view(5.0, 90)))
    rec = s.case_record("ACCEPTED", "C", "", workstation="w", operator="o", consent=True)
    assert rec is not None and (rec.face_size_px, rec.face_sharpness, rec.face_brightness) == (
        None,
        None,
        None,
    )


def test_retained_images_are_both_originals_and_both_crops_as_png() -> None:
    s, job = ready_session(card=b"card-original", face=b"face-original")
    assert s.retained_images() == {}
    shown = job.run()
    s.compare_finished(job, shown)
    images = s.retained_images()
    assert set(images) == {"card", "face", "card_crop", "face_crop"}
    assert (images["card"], images["face"]) == (b"card-original", b"face-original")
    for kind, crop in (("card_crop", shown.card.aligned), ("face_crop", shown.face.aligned)):
        decoded = cv2.imdecode(np.frombuffer(images[kind], np.uint8), cv2.IMREAD_COLOR)
        assert images[kind][:8] == b"\x89PNG\r\n\x1a\n" and np.array_equal(decoded, crop)


def test_a_face_view_groups_its_landmarks_into_contours_for_drawing() -> None:
    face = face_view(0.0, 0)
    assert face.contours == {"LEFT_EYE": [(30.0, 60.0), (40.0, 58.0)], "RIGHT_PUPIL": [(70.0, 60.0)]}


def test_the_next_step_follows_what_the_session_holds() -> None:
    """The hint under the gauge is driven by this: it never says "load a card" once one is in."""
    from app.gui.workstation.session import Step

    s = VerifySession()
    assert s.step is Step.PLACE_CARD
    s.card_refused("damaged")
    assert s.step is Step.FIX_CARD
    s.card_loaded(b"card")
    assert s.step is Step.CAPTURE_FACE
    s.face_captured(b"face")
    assert s.step is Step.WAIT_ENGINE  # no backend yet
    job = s.backend_ready(FakeBackend())
    assert job is not None and s.step is Step.COMPARING
    s.compare_finished(job, job.run())
    assert s.step is Step.DECIDE
    record = s.case_record("ACCEPTED", "C-1", "", workstation="W", operator="kim", consent=True)
    assert record is not None
    s.case_recorded(record)
    assert s.step is Step.NEXT_CUSTOMER
    s.new_customer()
    assert s.step is Step.PLACE_CARD
    s.face_captured(b"face")
    assert s.step is Step.ADD_CARD
    job = s.card_loaded(b"card2")  # the backend is there: the comparison starts at once
    assert job is not None and s.step is Step.COMPARING
    failed = s.compare_failed(job, CompareFailed("FACE_NOT_FOUND", "x"))
    assert isinstance(failed, CompareFailed) and s.step is Step.RETRY
    s.engine_failed("broken")
    assert s.step is Step.ENGINE_FAILED
