"""The kiosk, offscreen, with the real engine and MiniFASNet: the whole flow driven by file cameras.

The "live" camera is a person built from real photos who turns the way the kiosk asks
(LFW's Pervez Musharraf: a frontal photo and a turned one, mirrored for the other side, so
the challenge sees the engine's own yaw of real turned faces). The "replayed photo" is a
folder holding one still frame of the same person: it must fail the challenge.
"""

from __future__ import annotations

import json
import random
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest

pytest.importorskip("PySide6.QtWidgets", reason="the kiosk window needs PySide6 (pip install -e '.[dev]')")

from PySide6.QtCore import Qt

from app.engine import packs
from app.engine.challenge import Direction, random_steps
from tests.conftest import DATA, MODELS, need, shipped_liveness_threshold

LFW = DATA / "lfw-dev" / "images"
PERSON = "Pervez_Musharraf/Pervez_Musharraf_{}.jpg"
FRONTAL, TURNED, CARD_PHOTO = "0003", "0006", "0010"  # engine yaw about +5, +28; another photo
OTHER_PERSON = "Vicente_Fox/Vicente_Fox_0032.jpg"
TIMEOUT_MS = 40000


def photo(name: str) -> Any:
    from tools.screenshots.kiosk_demo import read

    return read(need(LFW / (PERSON.format(name) if "/" not in name else name)))


def seed_for(first: Direction) -> int:
    """A seed whose random order asks ``first`` first."""
    return next(s for s in range(100) if random_steps(random.Random(s))[0] is first)


@pytest.fixture
def card_file(tmp_path: Path) -> Callable[[str], Path]:
    from tools.screenshots.kiosk_demo import card_image

    def make(name: str = CARD_PHOTO) -> Path:
        path = tmp_path / f"card_{Path(name).stem}.png"
        cv2.imwrite(str(path), card_image(photo(name)))
        return path

    return make


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Any attempt to open an IP connection is recorded and refused (the network is unplugged)."""
    attempts: list[Any] = []
    real_connect = socket.socket.connect

    def connect(self: socket.socket, address: Any) -> Any:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            attempts.append(address)
            raise OSError("network unplugged (test)")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    return attempts


@pytest.fixture
def kiosk_engine(open_engine: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The session's ``open`` engine with its liveness pack (``../shared/models/minifasnet``) loaded."""
    monkeypatch.setenv(packs.ENV_MODELS, str(need(MODELS / "minifasnet").parent))
    open_engine.load_liveness()
    return open_engine


@pytest.fixture
def make_kiosk(qtbot: Any, tmp_path: Path, kiosk_engine: Any) -> Iterator[Callable[..., Any]]:
    """A real ``KioskWindow`` with the session's engine, a fresh case store, Korean by default;
    the customer has agreed on the consent screen unless ``agree=False``."""
    from app.cases import SqlCaseStore
    from app.gui.kiosk.options import KioskOptions
    from app.gui.kiosk.window import KioskWindow

    made: list[Any] = []

    def make(
        obeying: bool = True,
        seed: int = 0,
        store_options: dict[str, Any] | None = None,
        agree: bool = True,
        **options: Any,
    ) -> Any:
        store = SqlCaseStore.at(tmp_path / "cases.sqlite3", **(store_options or {}))
        values: dict[str, Any] = {"workstation": "kiosk-test", "result_s": 600.0, "inactivity_s": 600.0}
        opts = KioskOptions(**(values | options))
        camera = None
        if obeying:
            from tools.screenshots.kiosk_demo import ObeyingCamera

            holder: dict[str, Any] = {}
            camera = ObeyingCamera(
                photo(FRONTAL), photo(TURNED), lambda: holder["k"].machine.challenge_prompt
            )
        kiosk = KioskWindow(
            opts,
            store=store,
            engine=kiosk_engine,
            rng=random.Random(seed),
            camera=camera,
        )
        if obeying:
            holder["k"] = kiosk
        qtbot.addWidget(kiosk)
        kiosk.resize(1280, 800)
        kiosk.show()
        made.append((kiosk, store))
        if agree:
            qtbot.mouseClick(kiosk.pages.agree_button, Qt.MouseButton.LeftButton)
        return kiosk

    yield make
    for kiosk, store in made:
        kiosk.unlock()
        store.close()


@pytest.fixture
def kiosk_log(log_session: Callable[..., Any]) -> Any:
    """The kiosk's log file, on for the test."""
    return log_session("kiosk")


def audit_payloads(store: Any, action: str) -> list[dict[str, Any]]:
    return [json.loads(r.payload) for r in store.audit(action=action)]


def wait_step(qtbot: Any, kiosk: Any, step: str, timeout: int = TIMEOUT_MS) -> None:
    qtbot.waitUntil(lambda: str(kiosk.machine.step) == step, timeout=timeout)


@pytest.mark.models
def test_the_demo_person_really_turns_past_the_challenge_angles(open_engine: Any) -> None:
    """The engine's own yaw of the frames the live camera shows (not numbers fed to the challenge)."""
    from app.engine.challenge import ChallengeConfig
    from tools.screenshots.kiosk_demo import camera_frame

    cfg = ChallengeConfig()

    def yaw(frame: Any) -> float:
        analysis = open_engine.analyze(frame)  # the pixels, as the kiosk analyses a frame
        assert len(analysis.faces) == 1
        return float(analysis.faces[0].pose.yaw)

    assert abs(yaw(camera_frame(photo(FRONTAL)))) <= cfg.frontal_deg
    assert yaw(camera_frame(photo(TURNED))) >= cfg.turn_deg + 5
    assert yaw(camera_frame(photo(TURNED), mirror=True)) <= -(cfg.turn_deg + 5)


@pytest.mark.models
@pytest.mark.parametrize("first", [Direction.LEFT, Direction.RIGHT])
def test_a_live_person_who_turns_as_asked_is_verified_and_the_case_holds_the_liveness(
    qtbot: Any,
    make_kiosk: Callable[..., Any],
    card_file: Callable[..., Path],
    first: Direction,
    no_network: list[Any],
    open_engine: Any,
    liveness_model: Any,
    kiosk_log: Any,
) -> None:
    from app.cases import Outcome
    from app.engine.liveness import check_image
    from app.gui.kiosk.flow import Verdict, verdict

    kiosk = make_kiosk(seed=seed_for(first), card_file=card_file())
    recorded: list[Any] = []
    kiosk.session_recorded.connect(recorded.append)
    assert str(kiosk.machine.step) == "id" and kiosk.machine.language == "ko"
    qtbot.mouseClick(kiosk.pages.scan_button, Qt.MouseButton.LeftButton)
    wait_step(qtbot, kiosk, "face")
    wait_step(qtbot, kiosk, "challenge")
    qtbot.waitUntil(lambda: kiosk.machine.challenge_prompt is not None, timeout=10000)
    assert kiosk.machine.challenge_prompt is first
    wait_step(qtbot, kiosk, "result")
    data = kiosk.machine.data
    assert data.challenge.passed and data.challenge.steps[0] is first
    assert str(data.comparison.decision) == "MATCH"
    # The passive score is the model's own on the stored photo, with the face's full context.
    frame = np.asarray(cv2.imdecode(np.frombuffer(data.face, np.uint8), cv2.IMREAD_COLOR), np.uint8)
    expected = check_image(frame, open_engine.detector, liveness_model)[1]
    assert data.liveness.score == pytest.approx(expected.score, abs=1e-6)
    assert data.liveness.live and data.liveness.context == 1.0
    assert verdict(data) is Verdict.VERIFIED
    assert kiosk.pages.result_text.text() == "인증되었습니다"
    # The case: accepted, the engine's numbers, liveness in the note and in the audit log, no images.
    (case,) = kiosk.store.list()
    assert recorded == [case]
    assert case.outcome is Outcome.ACCEPTED and case.decision == "MATCH" and case.operator == "kiosk"
    assert case.similarity == pytest.approx(data.comparison.similarity)
    assert f"Passive liveness {data.liveness.score:.3f}" in case.note and "challenge passed" in case.note
    (event,) = audit_payloads(kiosk.store, "kiosk.liveness")
    assert event["liveness_score"] == pytest.approx(data.liveness.score, abs=1e-4)
    assert event["challenge_passed"] is True and event["challenge_steps"][0] == str(first)
    assert kiosk.store.image_kinds(case.case_id) == []
    assert case.liveness_score == pytest.approx(data.liveness.score, abs=1e-4)
    assert case.challenge_passed is True and case.flag_reasons == ()
    assert case.face_geometry is not None and case.face_geometry.box == pytest.approx(
        data.comparison.face.box, abs=0.051
    )  # kept to 0.1 px
    assert len(case.face_geometry.points) == len(data.comparison.face.landmarks) >= 68
    assert no_network == []  # nothing tried to reach the network
    # Done: everything the session held is wiped.
    qtbot.mouseClick(kiosk.pages.done_button, Qt.MouseButton.LeftButton)
    assert (
        str(kiosk.machine.step) == "consent"  # the next customer is asked again
        and kiosk.machine.data.card is None
        and kiosk.machine.data.face is None
    )
    assert kiosk.machine.data.liveness is None and kiosk.pages.shown_card is None
    # The log file names the case and its scores, never an image.
    from tests.gui.conftest import assert_clean

    text = kiosk_log.path.read_text(encoding="utf-8")
    assert f"kiosk: kiosk.liveness case {case.case_id}" in text and "'challenge_passed': True" in text
    assert_clean(text)


@pytest.mark.models
def test_a_photo_held_up_to_the_camera_fails_the_challenge_and_goes_to_a_reviewer(
    qtbot: Any, make_kiosk: Callable[..., Any], card_file: Callable[..., Path], tmp_path: Path
) -> None:
    from app.cases import Outcome
    from app.cases.keys import decode_key, new_key_text
    from tools.screenshots.kiosk_demo import camera_frame

    still = tmp_path / "replay"
    still.mkdir()
    cv2.imwrite(str(still / "photo.png"), camera_frame(photo(FRONTAL)))
    no_retention = {"retention_days": 0, "image_key": decode_key(new_key_text())}
    kiosk = make_kiosk(
        obeying=False, camera_file=still, card_file=card_file(), language="en", store_options=no_retention
    )
    qtbot.mouseClick(kiosk.pages.scan_button, Qt.MouseButton.LeftButton)
    wait_step(qtbot, kiosk, "challenge")
    wait_step(qtbot, kiosk, "result")
    data = kiosk.machine.data
    assert not data.challenge.passed and str(data.challenge.failure) == "timeout"
    assert kiosk.pages.result_text.text() == "A staff member will help you"
    (case,) = kiosk.store.list()
    assert case.outcome is Outcome.FLAGGED and case.decision == "MATCH"  # the right face, but not live
    assert "challenge FAILED on the second try (first: timeout): timeout" in case.note  # one retry
    assert case.customer_ref == data.reference and data.reference in kiosk.pages.result_reference.text()
    assert case.challenge_passed is False and case.liveness_score is not None
    assert [c.case_id for c in kiosk.store.queue()] == [case.case_id]  # a reviewer sees it
    # ... with the evidence: a flagged case keeps its images until reviewed, retention off or not
    assert set(kiosk.store.images(case.case_id, actor="reviewer-1")) == {"card", "face"}
    (event,) = audit_payloads(kiosk.store, "kiosk.liveness")
    assert event["challenge_passed"] is False and event["challenge_failure"] == "timeout"
    assert event["challenge_tries"] == 2 and event["reference"] == case.customer_ref


@pytest.mark.models
def test_someone_else_s_id_is_not_verified_even_when_live(
    qtbot: Any, make_kiosk: Callable[..., Any], card_file: Callable[..., Path]
) -> None:
    from app.cases import Outcome

    kiosk = make_kiosk(card_file=card_file(OTHER_PERSON), language="en")
    qtbot.mouseClick(kiosk.pages.scan_button, Qt.MouseButton.LeftButton)
    wait_step(qtbot, kiosk, "result")
    assert kiosk.machine.data.challenge.passed and kiosk.machine.data.liveness.live
    assert str(kiosk.machine.data.comparison.decision) != "MATCH"
    assert kiosk.pages.result_text.text() == "A staff member will help you"
    (case,) = kiosk.store.list()
    assert case.outcome is Outcome.FLAGGED and case.decision != "MATCH"


@pytest.mark.models
def test_inactivity_resets_and_wipes_the_session(
    qtbot: Any, make_kiosk: Callable[..., Any], card_file: Callable[..., Path], tmp_path: Path
) -> None:
    empty = tmp_path / "nobody"
    empty.mkdir()
    cv2.imwrite(str(empty / "room.png"), cv2.GaussianBlur(camera_frame_blank(), (0, 0), 3))
    kiosk = make_kiosk(obeying=False, camera_file=empty, card_file=card_file(), inactivity_s=1.5)
    qtbot.mouseClick(kiosk.pages.scan_button, Qt.MouseButton.LeftButton)
    wait_step(qtbot, kiosk, "face")
    assert kiosk.machine.data.card is not None and kiosk.pages.shown_card is not None
    first_session = kiosk.machine.data.session_id
    wait_step(qtbot, kiosk, "consent", timeout=8000)
    assert kiosk.machine.data.card is None and kiosk.machine.data.session_id != first_session
    assert kiosk.pages.shown_card is None
    assert kiosk.store.list() == []  # nothing was compared: no case
    (event,) = audit_payloads(kiosk.store, "kiosk.abandoned")
    assert event == {"step": "face", "session": first_session}


def camera_frame_blank() -> Any:
    frame = np.zeros((480, 640, 3), np.uint8)
    frame[:] = (90, 110, 130)
    return frame


@pytest.mark.models
def test_only_the_staff_pin_leaves_the_kiosk(
    qtbot: Any, make_kiosk: Callable[..., Any], kiosk_log: Any
) -> None:
    from PySide6.QtCore import QTimer

    from app.gui.kiosk.flow import hash_pin

    kiosk = make_kiosk(obeying=False, camera_file=None, pin_hash=hash_pin("2468"))
    kiosk.enter_full_screen()
    assert kiosk.isFullScreen()
    kiosk.close()
    assert kiosk.isVisible() and not kiosk.unlocked  # closing without the PIN is refused
    kiosk.showNormal()
    qtbot.waitUntil(kiosk.isFullScreen, timeout=3000)  # and so is leaving full screen

    veiled: list[bool] = []  # the backdrop covers the kiosk while the pad is open

    def type_pin(pin: str, then_cancel: bool = False) -> Callable[[], None]:
        def go() -> None:
            dialog = kiosk._pin_dialog
            veiled.append(kiosk.backdrop.isVisible() and kiosk.backdrop.geometry() == kiosk.rect())
            for digit in pin:
                dialog._key(digit)
            dialog._key("OK")
            if then_cancel and kiosk._pin_dialog is not None:
                dialog.reject()

        return go

    for delay in (50, 150):  # two wrong PINs, then the pad is closed: the count stands
        QTimer.singleShot(delay, type_pin("1111", then_cancel=delay == 150))
    assert kiosk.ask_pin() is False and kiosk.machine.pin_lock.failures == 2
    assert veiled == [True, True] and not kiosk.backdrop.isVisible()  # modal, and gone after
    # a restarted kiosk on the same database reads the two wrong PINs back from the audit log
    kiosk = make_kiosk(obeying=False, camera_file=None, pin_hash=hash_pin("2468"))
    assert kiosk.machine.pin_lock.failures == 2
    QTimer.singleShot(50, type_pin("1111"))  # the third closes the pad and locks it
    assert kiosk.ask_pin() is False
    assert kiosk.isVisible() and audit_payloads(kiosk.store, "kiosk.pin_failed") == [
        {"failures": 1},
        {"failures": 2},
        {"failures": 3},
    ]
    assert audit_payloads(kiosk.store, "kiosk.pin_locked") == [{"failures": 3, "seconds": 60.0}]
    opened: list[bool] = []

    def close_pad_if_open() -> None:
        if kiosk._pin_dialog is not None:
            opened.append(True)
            kiosk._pin_dialog.reject()

    QTimer.singleShot(300, close_pad_if_open)
    assert kiosk.ask_pin() is False  # locked: not even the pad opens
    qtbot.wait(400)
    assert opened == [] and kiosk.pages.status.text() == "직원 메뉴가 잠겼습니다. 잠시 후 다시 시도하세요."
    kiosk.machine.pin_lock.last_failure -= 60  # a minute later
    QTimer.singleShot(50, type_pin("2468"))
    assert kiosk.ask_pin() is True
    assert kiosk.unlocked and not kiosk.isVisible()
    assert audit_payloads(kiosk.store, "kiosk.unlocked")
    lines = kiosk_log.path.read_text(encoding="utf-8").splitlines()
    text = "\n".join(line.split("] ", 1)[1] for line in lines if " started: " not in line)  # no pid
    assert "kiosk: kiosk.pin_locked {'failures': 3, 'seconds': 60.0}" in text
    assert "kiosk: kiosk.pin_failed {'failures': 1}" in text and "kiosk: kiosk.unlocked" in text
    assert "1111" not in text and "2468" not in text and "argon2" not in text  # the refusals, no PIN


@pytest.mark.models
def test_korean_by_default_and_english_one_tap_away(qtbot: Any, make_kiosk: Callable[..., Any]) -> None:
    """Korean in the shipped font (the PIN pad too), English one tap away and back."""
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication, QPushButton

    from app.gui.kiosk.views import PinDialog

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setFont(QFont("DejaVu Sans"))  # as before any window registered the shipped font
    kiosk = make_kiosk(obeying=False, camera_file=None, agree=False)
    from tests.gui.conftest import assert_renders_in_korean_font

    pages = kiosk.pages
    for label in (pages.progress, pages.heading, pages.consent_text, pages.consent_question):
        assert_renders_in_korean_font(label, label.text())
    assert kiosk.pages.heading.text() == "환영합니다" and kiosk.pages.language_button.text() == "English"
    assert "생체" in pages.consent_text.text() and pages.agree_button.text() == "동의합니다"
    assert pages.decline_button.text() == "동의하지 않습니다"
    pad = PinDialog(None)
    qtbot.addWidget(pad)
    keys = {b.text() for b in pad.findChildren(QPushButton)}
    assert pad.label.text() == "직원 PIN" and {"확인", "취소", "0", "⌫"} <= keys
    assert_renders_in_korean_font(pad.label, "직원 PIN이 틀렸습니다")
    qtbot.mouseClick(kiosk.pages.language_button, Qt.MouseButton.LeftButton)
    assert kiosk.pages.heading.text() == "Welcome" and kiosk.pages.language_button.text() == "한국어"
    assert "biometric check" in pages.consent_text.text() and pages.agree_button.text() == "I agree"
    qtbot.mouseClick(pages.agree_button, Qt.MouseButton.LeftButton)
    assert kiosk.pages.id_text.text() == "Place your ID card on the scanner, photo side up."
    qtbot.mouseClick(kiosk.pages.language_button, Qt.MouseButton.LeftButton)
    assert kiosk.pages.heading.text() == "신분증"
    assert_renders_in_korean_font(pages.id_text, pages.id_text.text())


@pytest.mark.models
@pytest.mark.parametrize("source", ["scanner_folder", "document_camera"])
def test_the_id_comes_from_the_scanner_folder_or_the_document_camera(
    qtbot: Any, make_kiosk: Callable[..., Any], card_file: Callable[..., Path], tmp_path: Path, source: str
) -> None:
    card = card_file()
    folder = tmp_path / source
    folder.mkdir()
    old = folder / "left_from_yesterday.png"
    old.write_bytes(card.read_bytes())
    if source == "scanner_folder":
        kiosk = make_kiosk(obeying=False, camera_file=None, scanner_folder=folder)
        qtbot.wait(800)
        # files already there are not an ID
        assert str(kiosk.machine.step) == "id" and kiosk.machine.data.card is None
        (folder / "scan_0001.png").write_bytes(card.read_bytes())
    else:
        kiosk = make_kiosk(obeying=False, camera_file=None, card_camera_file=folder)
    wait_step(qtbot, kiosk, "face", timeout=15000)
    assert kiosk.machine.data.card is not None and kiosk.pages.shown_card is not None
    assert not kiosk.pages.scan_button.isVisible()


@pytest.mark.models
def test_the_models_load_in_the_background_and_the_id_step_waits_for_them(
    qtbot: Any, tmp_path: Path, card_file: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.cases import SqlCaseStore
    from app.gui.kiosk.options import KioskOptions
    from app.gui.kiosk.window import KioskWindow

    monkeypatch.setenv(packs.ENV_MODELS, str(need(MODELS / "minifasnet").parent))
    store = SqlCaseStore.at(tmp_path / "cases.sqlite3")
    kiosk = KioskWindow(KioskOptions(card_file=card_file(), pack="open", language="en"), store=store)
    qtbot.addWidget(kiosk)
    kiosk.show()
    try:
        assert str(kiosk.machine.step) == "consent"
        qtbot.mouseClick(kiosk.pages.agree_button, Qt.MouseButton.LeftButton)
        # the window is up before the engine
        assert not kiosk.machine.ready and not kiosk.pages.scan_button.isEnabled()
        qtbot.waitUntil(lambda: kiosk.machine.ready, timeout=60000)
        assert kiosk.pages.scan_button.isEnabled() and kiosk.jobs.checker is not None
        # loaded with the engine, deciding at the shipped liveness calibration's threshold
        assert kiosk.jobs.engine.load_liveness().threshold == shipped_liveness_threshold()
    finally:
        kiosk.unlock()
        store.close()


@pytest.mark.models
def test_with_retention_on_the_reviewer_sees_the_kiosk_case_with_its_images_and_liveness(
    qtbot: Any, make_kiosk: Callable[..., Any], card_file: Callable[..., Path]
) -> None:
    from app.cases.keys import decode_key, new_key_text
    from app.gui.review.case_view import ReviewCaseView

    retention = {"retention_days": 7, "image_key": decode_key(new_key_text())}
    kiosk = make_kiosk(seed=seed_for(Direction.RIGHT), card_file=card_file(), store_options=retention)
    qtbot.mouseClick(kiosk.pages.scan_button, Qt.MouseButton.LeftButton)
    wait_step(qtbot, kiosk, "result")
    store = kiosk.store
    (case,) = store.list()
    images = store.images(case.case_id, actor="reviewer-1")
    assert images == {
        "card": kiosk.machine.data.card,
        "face": kiosk.machine.data.face,
    }  # kept, encrypted, only under retention
    view = ReviewCaseView()
    qtbot.addWidget(view)
    view.show_case(case, images, None, store.audit(case_id=case.case_id))
    assert "Head-turn challenge passed (right, left)" in view.fields["note"].text()
    assert view.originals.isEnabled()  # the overlays can be drawn from the recorded geometry


@pytest.mark.models
def test_nothing_is_captured_before_the_customer_agrees_and_a_refusal_records_nothing(
    qtbot: Any, make_kiosk: Callable[..., Any], card_file: Callable[..., Path], tmp_path: Path
) -> None:
    card = card_file()
    folder = tmp_path / "scanner"
    folder.mkdir()
    kiosk = make_kiosk(scanner_folder=folder, language="en", agree=False)
    assert (
        str(kiosk.machine.step) == "consent" and kiosk.pages.stack.currentWidget() is kiosk.pages.consent_page
    )
    (folder / "scan_0001.png").write_bytes(card.read_bytes())  # an ID placed before agreeing
    qtbot.wait(1200)  # the scanner folder is polled, the camera runs: nothing is read
    assert str(kiosk.machine.step) == "consent" and kiosk.machine.data.card is None
    assert kiosk.machine.data.face is None and kiosk.pages.shown_card is None
    qtbot.mouseClick(kiosk.pages.decline_button, Qt.MouseButton.LeftButton)
    assert str(kiosk.machine.step) == "consent"
    assert (
        kiosk.pages.status.text() == "Nothing was captured or recorded. Staff at the counter will help you."
    )
    assert kiosk.store.list() == [] and kiosk.store.audit() == []  # nothing recorded, not even a row
    qtbot.mouseClick(kiosk.pages.agree_button, Qt.MouseButton.LeftButton)
    assert kiosk.pages.status.text() == "" and str(kiosk.machine.step) == "id"
    (folder / "scan_0002.png").write_bytes(card.read_bytes())
    wait_step(qtbot, kiosk, "face", timeout=15000)  # now the ID is read
    wait_step(qtbot, kiosk, "result")
    (case,) = kiosk.store.list()
    assert case.consent is True
