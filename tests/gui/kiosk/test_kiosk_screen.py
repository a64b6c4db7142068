"""What the kiosk's screen shows of the machine's state (offscreen, no engine, no models):
the turn's progress and countdown, the retry, the session reference, the reset countdowns,
the key instruction's size and where the staff button sits."""

from __future__ import annotations

import random
from typing import Any

import numpy as np
import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.engine.challenge import ChallengeConfig, Direction, expected_sign
from app.engine.liveness import LivenessResult
from app.gui.common.guidance import Guidance, Hint
from app.gui.kiosk.actions import AnalyzeFrame, CheckCard, CheckGuidance, RunCompare, ScoreLiveness
from app.gui.kiosk.flow import Step, Verdict
from app.gui.kiosk.machine import KioskMachine
from app.gui.kiosk.pages import IDLE_WARNING_S, KioskPages
from app.gui.kiosk.style import STYLE
from tests.gui.kiosk.test_machine_state import FAR_BOX, FRAME, analysis, comparison, face, only

LIVE = LivenessResult(score=0.91, live=True, threshold=0.5, context=1.0)


def screen(qtbot: Any) -> tuple[QWidget, KioskPages]:
    """The pages inside a widget styled as the kiosk window (1280×800)."""
    root = QWidget()
    root.setObjectName("kiosk")
    root.setStyleSheet(STYLE)
    pages = KioskPages()
    QVBoxLayout(root).addWidget(pages)
    qtbot.addWidget(root)
    root.resize(1280, 800)
    root.show()
    pages.retranslate("en")
    return root, pages


def in_challenge(seed: int = 0) -> KioskMachine:
    m = KioskMachine(workstation="lobby-1", language="en", rng=random.Random(seed))
    m.start()
    m.models_ready(0.5)
    m.consent_given()
    check = only(CheckCard, m.card_presented(b"card"))
    m.card_checked(check.token, np.zeros((10, 10, 3), np.uint8))
    job = only(CheckGuidance, m.face_frame("frame", 0.0))
    m.guidance_checked(job.token, Guidance(Hint.GOOD, FAR_BOX, 0.9, True), FRAME)
    actions = m.face_captured(b"face", FRAME)
    m.compare_done(only(RunCompare, actions).token, comparison())
    m.liveness_scored(only(ScoreLiveness, actions).token, LIVE)
    return m


def analysed(m: KioskMachine, t: float, yaw: float) -> None:
    job = only(AnalyzeFrame, m.face_frame("frame", t))
    m.frame_analyzed(job.token, t, analysis(face(yaw)))


def test_the_turn_shows_how_far_to_turn_and_the_seconds_left(qtbot: Any) -> None:
    root, pages = screen(qtbot)
    m = in_challenge()
    pages.show_step(m.step)
    analysed(m, 10.0, 0.0)
    asked = m.challenge_prompt
    assert asked is not None
    turn = ChallengeConfig().turn_deg
    analysed(m, 10.5, expected_sign(asked) * turn * 0.6)
    pages.show_state(m)
    pages.show_clock(m, 12.0, None, None)
    view = pages.view
    assert view.arrow is asked and view.progress == pytest.approx(0.6)
    assert view.seconds_left == pytest.approx(ChallengeConfig().step_timeout - 2.0)
    assert pages.heading.text() == "Show us you are here"
    side = "left" if asked is Direction.LEFT else "right"
    assert pages.prompt.text() == f"Slowly turn your head to your {side} (1/2)"
    root.grab()  # paints the bar and the ring without error


def test_the_retry_is_announced(qtbot: Any) -> None:
    _root, pages = screen(qtbot)
    m = in_challenge()
    analysed(m, 1.0, 0.0)
    asked = m.challenge_prompt
    assert asked is not None
    analysed(m, 1.2, -expected_sign(asked) * 30.0)  # the wrong way
    assert m.retrying
    pages.show_state(m)
    assert pages.heading.text() == "Let's try once more"
    analysed(m, 1.4, 0.0)
    pages.show_state(m)
    assert m.challenge_prompt is asked and "(1/2)" in pages.prompt.text()


def test_the_result_shows_the_reference_the_countdown_and_a_large_key_instruction(qtbot: Any) -> None:
    _root, pages = screen(qtbot)
    m = in_challenge()
    t = 1.0
    analysed(m, t, 0.0)
    while m.step is Step.CHALLENGE:  # a photo that never turns: the retry, then staff
        t += 0.5
        analysed(m, t, 0.0)
    assert m.step is Step.RESULT and m.verdict is Verdict.STAFF
    pages.show_step(m.step)
    pages.show_state(m)
    pages.show_clock(m, t, 11.2, 500.0)
    assert pages.result_reference.text() == f"Your reference: {m.data.reference}"
    assert pages.result_reference.isVisible() and pages.result_key.isVisible()
    assert pages.result_key.text() == "Please take your ID to the counter."
    assert pages.reset_countdown.text() == "This screen starts over in 12 s."
    # readable at a metre: at least as large as the step's heading (40 px and more)
    assert pages.result_key.font().pixelSize() >= 40
    assert pages.result_key.font().pixelSize() >= pages.prompt.font().pixelSize()
    pages.show_clock(m, t, 3.9, 500.0)
    assert pages.reset_countdown.text() == "This screen starts over in 4 s."


def test_the_inactivity_reset_is_announced_with_its_countdown(qtbot: Any) -> None:
    _root, pages = screen(qtbot)
    m = KioskMachine(workstation="lobby-1", language="en")
    m.start()
    m.models_ready(0.5)
    pages.show_state(m)
    pages.show_clock(m, 0.0, None, 5.0)
    assert pages.status.text() == ""  # the consent screen has nothing to lose
    m.consent_given()
    pages.show_state(m)
    pages.show_clock(m, 0.0, None, IDLE_WARNING_S + 5)
    assert pages.status.text() == ""
    pages.show_clock(m, 0.0, None, 8.3)
    assert pages.status.text() == "Are you still there? Touch the screen to continue. Starting over in 9 s."
    pages.show_clock(m, 0.0, None, 40.0)  # touched: the timer started again
    assert pages.status.text() == ""


def test_the_staff_button_is_set_apart_from_the_language_button(qtbot: Any) -> None:
    root, pages = screen(qtbot)
    qtbot.waitExposed(root)
    lang = pages.language_button.mapTo(root, pages.language_button.rect().center())
    staff = pages.staff_button.mapTo(root, pages.staff_button.rect().center())
    assert abs(lang.x() - staff.x()) > root.width() / 2 and abs(lang.y() - staff.y()) > root.height() / 2
    assert pages.staff_button.height() < pages.language_button.height()
