"""The kiosk's step machine, Qt-free: events in, actions out.

The window tells :class:`KioskMachine` what happened (an ID presented, a worker's result, a
camera frame, a timer, a tap) and performs the :mod:`~app.gui.kiosk.actions` it returns
(show a step, run the engine on these pixels, record the case, wipe). The machine holds the
session: its step, the busy flags that keep one engine job of each kind running, the token
every job carries (results of a wiped session are dropped here), the challenge, the guidance
shown and the staff PIN lock. Times are the caller's (``time.monotonic()`` in the window).
"""

from __future__ import annotations

import random
from enum import StrEnum
from typing import Any

from app.engine.challenge import ActiveChallenge, ChallengeConfig, Direction, observe, random_steps
from app.engine.liveness import LivenessResult
from app.engine.types import Analysis, Image
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
from app.gui.kiosk.flow import (
    MIN_CONTEXT,
    SessionData,
    Step,
    Verdict,
    case_record,
    check_pin,
    liveness_context,
    liveness_summary,
    verdict,
)
from app.gui.kiosk.pin import PIN_FAILED, PIN_LOCKED, PIN_OK, PinLock

#: Document-camera checks in a row that must see a face before the ID counts as presented.
CARD_FRAME_HITS = 3


class Notice(StrEnum):
    """The line at the bottom of the screen (none most of the time)."""

    STARTING = "starting"  # the models are loading
    OUT_OF_SERVICE = "out_of_service"  # the models or the camera failed
    PIN_LOCKED = "pin_locked"  # too many wrong PINs: the pad is locked for a while
    DECLINED = "declined"  # the last customer did not agree: nothing was recorded


class KioskMachine:
    """One kiosk's sessions, one after the other; every event method returns the actions to do.

    ``workstation`` names the kiosk in its cases; the card and photo go with every case to the
    store, which keeps them (encrypted) under retention and for a flagged case until a reviewer
    decides it; ``rng`` orders the challenge's turns; ``pin_hash``
    is the staff PIN's hash, ``turn_s`` the seconds for each step of the head turn, and
    ``pin_lock`` the wrong PINs so far (read back from the audit log
    by :func:`~app.gui.kiosk.pin.pin_lock_from_audit`, so a restart does not reset them).
    """

    def __init__(
        self,
        *,
        workstation: str,
        language: str = "ko",
        rng: random.Random | None = None,
        pin_hash: str | None = None,
        pin_lock: PinLock | None = None,
        turn_s: float = ChallengeConfig().step_timeout,
    ) -> None:
        self.workstation = workstation
        self.language = language
        self.rng = rng
        self.data = SessionData()
        self.step = Step.CONSENT
        self.ready = False  # the engine (and liveness pack) are loaded
        self.review_threshold = 0.0  # the pack's thresholds.review (the challenge's same-person check)
        self.notice: Notice | None = None
        self.card_unreadable = False  # the last presented ID had no face that could be found
        self.challenge: ActiveChallenge | None = None
        self.guidance: Guidance | None = None
        self.context_ok = True  # the face is far enough back for the liveness model's context
        self.turn_s = float(turn_s)  # seconds for each step of the head turn
        self.pin_hash = pin_hash
        self.pin_lock = pin_lock or PinLock()
        self._busy_card = False
        self._busy_guidance = False
        self._busy_analyze = False
        self._card_hits = 0

    # ---- what the window shows ---------------------------------------------------------------

    @property
    def token(self) -> str:
        """The current session's token (its id)."""
        return self.data.session_id

    @property
    def awaiting_card(self) -> bool:
        """The ID step (the customer agreed) waits for an ID and nothing is checking one."""
        return (
            self.ready
            and self.data.consent
            and self.step is Step.ID
            and self.data.card is None
            and not self._busy_card
        )

    @property
    def challenge_prompt(self) -> Direction | None:
        """The turn being asked now (None when none is)."""
        if self.challenge is None or self.step is not Step.CHALLENGE:
            return None
        return self.challenge.status.prompt

    @property
    def retrying(self) -> bool:
        """The head turn is being tried a second (and last) time."""
        return self.step is Step.CHALLENGE and self.data.first_try_failure is not None

    @property
    def preview_box(self) -> tuple[float, float, float, float] | None:
        """The face outline to draw on the camera picture."""
        return self.guidance.box if self.guidance is not None else None

    @property
    def preview_ok(self) -> bool:
        """The outline is green: a good face (framed for liveness), or any face in the challenge."""
        g = self.guidance
        good = g is not None and g.hint is Hint.GOOD and self.context_ok
        return good or self.step is Step.CHALLENGE

    @property
    def verdict(self) -> Verdict:
        return verdict(self.data)

    # ---- start-up ----------------------------------------------------------------------------

    def start(self) -> list[Action]:
        """The kiosk opened: the consent screen."""
        return self._go(Step.CONSENT)

    def models_loading(self) -> list[Action]:
        """The engine and the liveness pack are loading in the background."""
        self.notice = Notice.STARTING
        return []

    def models_ready(self, review_threshold: float) -> list[Action]:
        """The engine and the liveness pack are loaded; ``review_threshold`` is the pack's."""
        self.ready = True
        self.review_threshold = float(review_threshold)
        if self.notice is Notice.STARTING:
            self.notice = None
        return []

    def out_of_service(self) -> list[Action]:
        """The models or the face camera failed: the kiosk cannot serve anyone."""
        self.notice = Notice.OUT_OF_SERVICE
        return []

    # ---- step 0: consent -------------------------------------------------------------------

    def consent_given(self) -> list[Action]:
        """*I agree* on the consent screen: on to the ID."""
        if self.step is not Step.CONSENT:
            return []
        self.data.consent = True
        if self.notice is Notice.DECLINED:
            self.notice = None
        return self._go(Step.ID)

    def consent_declined(self) -> list[Action]:
        """*I do not agree*: nothing is captured or recorded; the consent screen for the next."""
        if self.step is not Step.CONSENT:
            return []
        actions = self.reset()
        self.notice = Notice.DECLINED
        return actions

    # ---- step 1: the ID ----------------------------------------------------------------------

    def card_presented(self, data: bytes) -> list[Action]:
        """An ID was presented (scan button, scanner folder or document camera)."""
        if not self.awaiting_card:
            return []
        self._busy_card = True
        self.data.card = data
        self.card_unreadable = False
        return [CheckCard(self.token, data)]

    def card_checked(self, token: str, pixels: Image) -> list[Action]:
        """The ID decoded and a face was found on it: on to the camera."""
        self._busy_card = False
        if token != self.token:
            return []
        self.data.card_pixels = pixels
        self.guidance = None
        return [ShowCard(pixels), ResetGuidance(), *self._go(Step.FACE)]

    def card_refused(self, token: str) -> list[Action]:
        """No face could be found on the ID (or it did not decode): ask for it again."""
        self._busy_card = False
        if token != self.token:
            return []
        self.data.card = None
        self.card_unreadable = True
        return []

    def card_frame(self, frame: object) -> list[Action]:
        """A document-camera frame."""
        if not self.awaiting_card:
            return []
        self._busy_card = True
        return [FindCardFace(self.token, frame)]

    def card_frame_checked(self, token: str, found: bool, pixels: Image) -> list[Action]:
        """Whether a document-camera frame showed a face; the third in a row is the ID."""
        self._busy_card = False
        if token != self.token:
            return []
        self._card_hits = self._card_hits + 1 if found else 0
        if self._card_hits < CARD_FRAME_HITS:
            return []
        self._card_hits = 0
        return [TakeCardPhoto(pixels)]

    def card_frame_failed(self, token: str) -> list[Action]:
        self._busy_card = False
        return []

    # ---- steps 2 and 3: the camera -----------------------------------------------------------

    def face_frame(self, frame: object, t: float) -> list[Action]:
        """A face-camera frame taken at ``t``: guidance in the camera step, analysis in the challenge."""
        if self.step is Step.FACE and self.ready and not self._busy_guidance:
            self._busy_guidance = True
            return [CheckGuidance(self.token, frame, t)]
        if (
            self.step is Step.CHALLENGE
            and not self._busy_analyze
            and self.challenge is not None
            and not self.challenge.status.done
        ):
            self._busy_analyze = True
            return [AnalyzeFrame(self.token, frame, t)]
        return []

    def guidance_checked(self, token: str, guidance: Guidance, pixels: Image) -> list[Action]:
        """The guidance of a frame: show it; a face good for long enough (and far enough back
        for the liveness model) is captured."""
        self._busy_guidance = False
        if token != self.token or self.step is not Step.FACE:
            return []
        self.guidance = guidance
        h, w = pixels.shape[:2]
        self.context_ok = guidance.box is None or liveness_context(w, h, guidance.box) >= MIN_CONTEXT
        actions: list[Action] = []
        if guidance.hint is not Hint.NO_FACE:
            actions.append(StartTimer(Timer.INACTIVITY))  # somebody is there
        if not self.context_ok:
            actions.append(ResetGuidance())
        elif guidance.ready:
            actions.append(CaptureFace(pixels))
        return actions

    def guidance_failed(self, token: str) -> list[Action]:
        self._busy_guidance = False
        return []

    def face_captured(self, face: bytes, pixels: Image) -> list[Action]:
        """The photo is taken (``face`` encoded, ``pixels`` decoded from it): compare it and score
        its liveness while the customer turns as asked."""
        if self.step is not Step.FACE or self.data.card_pixels is None or not self.data.consent:
            return []
        self.data.face = face
        config = ChallengeConfig(min_similarity=self.review_threshold, step_timeout=self.turn_s)
        self.challenge = ActiveChallenge(steps=random_steps(self.rng), config=config)
        token = self.token
        return [
            RunCompare(token, self.data.card_pixels, pixels),
            ScoreLiveness(token, pixels),
            *self._go(Step.CHALLENGE),
        ]

    def frame_analyzed(self, token: str, t: float, analysis: Analysis) -> list[Action]:
        """The engine's analysis of a challenge frame taken at ``t``: the challenge goes on."""
        self._busy_analyze = False
        if token != self.token or self.challenge is None or self.step is not Step.CHALLENGE:
            return []
        status = self.challenge.update(observe(t, analysis))
        self.guidance = Guidance(Hint.GOOD, analysis.faces[0].box) if analysis.faces else None
        actions: list[Action] = []
        if analysis.faces:
            actions.append(StartTimer(Timer.INACTIVITY))
        if status.retryable and self.data.first_try_failure is None:
            # one more try, the same turns in the same order (app.engine.challenge: the odds)
            self.data.first_try_failure = str(status.failure)
            self.challenge = self.challenge.retry()
            return actions
        if status.done:
            self.data.challenge = status
            actions += self._go(Step.CHECKING)
            actions += self._maybe_finish()
        return actions

    def analysis_failed(self, token: str) -> list[Action]:
        self._busy_analyze = False
        return []

    # ---- the results -------------------------------------------------------------------------

    def compare_done(self, token: str, comparison: Any) -> list[Action]:
        if token != self.token:
            return []
        self.data.comparison = comparison
        return self._maybe_finish()

    def compare_failed(self, token: str, code: str) -> list[Action]:
        """The engine refused the images (``code`` is its error code)."""
        if token != self.token:
            return []
        self.data.compare_error = code
        return self._maybe_finish()

    def liveness_scored(self, token: str, result: LivenessResult) -> list[Action]:
        if token != self.token:
            return []
        self.data.liveness = result
        return self._maybe_finish()

    def liveness_failed(self, token: str, code: str) -> list[Action]:
        if token != self.token:
            return []
        self.data.liveness_error = code
        return self._maybe_finish()

    def _maybe_finish(self) -> list[Action]:
        """After the challenge, once the comparison and the score are back: the case, the result."""
        if self.step is not Step.CHECKING or not self.data.complete:
            return []
        data = self.data
        record = case_record(data, workstation=self.workstation)
        summary = liveness_summary(data)
        if record is not None and data.card is not None and data.face is not None:
            images = {"card": data.card, "face": data.face}  # the store decides what it keeps
            done = RecordCase(record, images, Audit("kiosk.liveness", summary, record.case_id))
        else:
            done = RecordCase(None, None, Audit("kiosk.session", summary | {"error": data.compare_error}))
        return [done, *self._go(Step.RESULT)]

    # ---- reset, timers, staff, language ------------------------------------------------------

    def reset(self) -> list[Action]:
        """Forget the session (card, photo, scores, challenge) and go back to the start."""
        self.data.wipe()
        self.challenge = None
        self.guidance = None
        self.context_ok = True
        self.card_unreadable = False
        self._card_hits = 0
        return [Wipe(), *self._go(Step.CONSENT)]

    def touched(self) -> list[Action]:
        """A touch, click or key anywhere: somebody is there."""
        return [StartTimer(Timer.INACTIVITY)]

    def inactivity_elapsed(self) -> list[Action]:
        """No touch and no face for the inactivity time: a started session is abandoned (one that
        only agreed goes back to the consent screen: the next person is asked again)."""
        if self.step is Step.CONSENT:
            return [StartTimer(Timer.INACTIVITY)]  # nobody started anything
        if self.step is Step.ID and self.data.card is None:
            return self.reset()  # agreed, then left: nothing was captured
        actions: list[Action] = []
        if self.step in (Step.FACE, Step.CHALLENGE, Step.ID):
            actions.append(Audit("kiosk.abandoned", {"step": str(self.step), "session": self.token}))
        return actions + self.reset()

    def result_elapsed(self) -> list[Action]:
        """The result has been shown long enough."""
        return self.reset()

    def staff_requested(self, now: float) -> list[Action]:
        """*Staff* was tapped at ``now`` (wall-clock seconds): the PIN pad, unless it is locked."""
        if self.pin_lock.locked(now):
            self.notice = Notice.PIN_LOCKED
            return []
        if self.notice is Notice.PIN_LOCKED:
            self.notice = None
        return [AskPin()]

    def pin_entered(self, pin: str, now: float) -> list[Action]:
        """A PIN was entered on the pad at ``now``. The right one unlocks the kiosk; a wrong one is
        counted and audited, and past the free attempts locks the pad (closed) for longer each
        time. While locked, no PIN is even checked."""
        lock = self.pin_lock
        if lock.locked(now):
            self.notice = Notice.PIN_LOCKED
            return [ClosePin()]
        if check_pin(self.pin_hash, pin):
            lock.succeeded()
            return [Audit(PIN_OK, {"session": self.token}), ClosePin(), Unlock()]
        seconds = lock.failed(now)
        actions: list[Action] = [Audit(PIN_FAILED, {"failures": lock.failures}), PinWrong()]
        if seconds:
            self.notice = Notice.PIN_LOCKED
            actions += [Audit(PIN_LOCKED, {"failures": lock.failures, "seconds": seconds}), ClosePin()]
        return actions

    def pin_cancelled(self) -> list[Action]:
        """The pad was closed without the right PIN: the count stands."""
        return []

    def toggle_language(self) -> list[Action]:
        """Korean ↔ English."""
        self.language = "en" if self.language == "ko" else "ko"
        return [SetLanguage(self.language)]

    def _go(self, step: Step) -> list[Action]:
        self.step = step
        result_timer = StartTimer(Timer.RESULT) if step is Step.RESULT else StopTimer(Timer.RESULT)
        return [ShowStep(step), result_timer, StartTimer(Timer.INACTIVITY)]


__all__ = ["CARD_FRAME_HITS", "KioskMachine", "Notice"]
