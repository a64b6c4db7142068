"""The kiosk asks for consent before anything is captured: no ID is read, no frame looked at and
no case recorded until the customer agrees on the consent screen; a refusal records nothing; the
next customer (or the one who left) is asked again; kiosk cases carry consent=True.

No Qt (the headless step runs it too).
"""

from __future__ import annotations

import random

from app.gui.kiosk.actions import Audit, CheckCard, RecordCase
from app.gui.kiosk.flow import SessionData, Step, case_record
from app.gui.kiosk.machine import KioskMachine, Notice
from tests.gui.kiosk.test_machine_state import (
    LIVE,
    capture,
    comparison,
    only,
    present_card,
    steps_shown,
    turn_as_asked,
)


def kiosk() -> KioskMachine:
    """A kiosk with its models loaded, showing the consent screen."""
    m = KioskMachine(workstation="lobby-1", rng=random.Random(0))
    assert steps_shown(m.start()) == [Step.CONSENT]
    m.models_ready(0.5)
    return m


def test_nothing_is_read_before_the_customer_agrees() -> None:
    m = kiosk()
    assert not m.awaiting_card
    assert m.card_presented(b"card-bytes") == []  # the scan button, the scanner folder
    assert m.card_frame("document-camera-frame") == []  # the document camera
    assert m.face_frame("frame", 0.0) == []  # the face camera
    assert m.data.card is None and m.step is Step.CONSENT
    assert steps_shown(m.consent_given()) == [Step.ID] and m.data.consent
    assert isinstance(m.card_presented(b"card-bytes")[0], CheckCard)


def test_a_customer_who_declines_is_not_captured_and_nothing_is_recorded() -> None:
    m = kiosk()
    actions = m.consent_declined()
    assert steps_shown(actions) == [Step.CONSENT] and m.notice is Notice.DECLINED
    assert not any(isinstance(a, Audit | RecordCase) for a in actions)
    assert m.card_presented(b"card-bytes") == [] and m.card_frame("frame") == []
    m.consent_given()
    assert m.notice is None


def test_every_customer_is_asked_again() -> None:
    m = kiosk()
    m.consent_given()
    present_card(m)
    compare, score = capture(m)
    m.compare_done(compare.token, comparison())
    m.liveness_scored(score.token, LIVE)
    done = only(RecordCase, turn_as_asked(m))
    assert done.record is not None and done.record.consent is True
    assert steps_shown(m.result_elapsed()) == [Step.CONSENT] and not m.data.consent
    # a customer who agreed and walked away: the next one is not covered by that consent
    m.consent_given()
    assert steps_shown(m.inactivity_elapsed()) == [Step.CONSENT] and not m.data.consent
    assert m.card_presented(b"card-bytes") == []


def test_a_session_without_consent_makes_no_case() -> None:
    data = SessionData(card=b"card", face=b"face", comparison=comparison())
    assert case_record(data, workstation="k") is None
    data.consent = True
    rec = case_record(data, workstation="k")
    assert rec is not None and rec.consent is True
