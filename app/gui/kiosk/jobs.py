"""The kiosk's engine work, off the GUI thread: each job the step machine asks for runs on a
:class:`~app.gui.common.workers.Runner` and its result goes back to the machine as an event
carrying the job's token; what the machine answers is handed to ``perform``."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import numpy as np
from PySide6.QtCore import QObject
from PySide6.QtGui import QImage

from app.engine.imageio import load_image
from app.gui.common.guidance import GuidanceChecker, GuidanceLimits
from app.gui.common.images import encode_jpeg, qimage_to_bgr
from app.gui.common.workers import Runner
from app.gui.kiosk.actions import (
    Action,
    AnalyzeFrame,
    CheckCard,
    CheckGuidance,
    FindCardFace,
    RunCompare,
    ScoreLiveness,
)
from app.gui.kiosk.machine import KioskMachine

log = logging.getLogger(__name__)

#: Kiosk guidance: "come closer" a little later than at the counter, so a customer can stand
#: far enough back for the liveness model's 4x context to fit in a 640x480 frame.
KIOSK_LIMITS = GuidanceLimits(min_eye_share=0.045)


def frame_pixels(frame: object) -> np.ndarray:
    """The BGR pixels of a camera frame (the cameras deliver QImages)."""
    assert isinstance(frame, QImage)
    return qimage_to_bgr(frame)


def error_code(exc: Exception) -> str:
    """The engine's error code of ``exc`` (else its type's name)."""
    return str(getattr(exc, "code", type(exc).__name__))


class KioskJobs:
    """The engine and the guidance checker of one kiosk, and the jobs that use them. ``engine``
    may be given (tests, demos: its liveness pack then loads on first use); otherwise
    :meth:`load` builds it and loads its liveness pack."""

    def __init__(
        self,
        machine: KioskMachine,
        perform: Callable[[list[Action]], None],
        *,
        engine: Any = None,
        parent: QObject | None = None,
    ) -> None:
        self.machine = machine
        self.perform = perform
        self.engine = engine
        self.checker: GuidanceChecker | None = None
        self.runner = Runner(threads=2, parent=parent)

    def load(self, pack: str) -> None:
        """Load the engine of ``pack`` and its liveness pack in the background (unless given):
        a kiosk without either is out of service."""
        if self.engine is not None:
            self._ready()
            return
        self.perform(self.machine.models_loading())

        def load(report: Any, pack: str) -> Any:
            from app.engine.engine import Engine

            engine = Engine(pack)
            engine.load_liveness()
            return engine

        def done(engine: Any) -> None:
            self.engine = engine
            self._ready()

        def failed(exc: Exception) -> None:
            log.error("kiosk models failed to load: %s", exc)
            self.perform(self.machine.out_of_service())

        self.runner.start(load, pack, done=done, failed=failed)

    def _ready(self) -> None:
        self.checker = GuidanceChecker(self.engine.preview_models(), KIOSK_LIMITS)
        # raw: the challenge's same-person check compares raw embedding cosines
        self.perform(self.machine.models_ready(float(self.engine.raw_thresholds.review)))

    def reset_guidance(self) -> None:
        if self.checker is not None:
            self.checker.reset()

    # ---- the jobs ------------------------------------------------------------------------------

    def check_card(self, job: CheckCard) -> None:
        """Decode the ID and find a face on it."""
        engine, m = self.engine, self.machine

        def check(report: Any, raw: bytes) -> np.ndarray:
            pixels = load_image(raw, None, label="card", max_pixels=engine.settings.max_pixels).pixels
            if not engine.find_faces(pixels):
                raise ValueError("no face on the card")
            return pixels

        self.runner.start(
            check,
            job.data,
            done=lambda pixels: self.perform(m.card_checked(job.token, pixels)),
            failed=lambda _exc: self.perform(m.card_refused(job.token)),
        )

    def find_card_face(self, job: FindCardFace) -> None:
        """Whether a document-camera frame shows a face."""
        engine, m = self.engine, self.machine
        bgr = frame_pixels(job.frame)

        def detect(report: Any, frame: np.ndarray) -> bool:
            return bool(engine.find_faces(frame))

        self.runner.start(
            detect,
            bgr,
            done=lambda found: self.perform(m.card_frame_checked(job.token, found, bgr)),
            failed=lambda _exc: self.perform(m.card_frame_failed(job.token)),
        )

    def guide(self, job: CheckGuidance) -> None:
        """The guidance check of a face-camera frame."""
        checker, m = self.checker, self.machine
        assert checker is not None
        bgr = frame_pixels(job.frame)

        def run(report: Any, frame: np.ndarray) -> Any:
            return checker.check(frame, job.t)

        self.runner.start(
            run,
            bgr,
            done=lambda g: self.perform(m.guidance_checked(job.token, g, bgr)),
            failed=lambda _exc: self.perform(m.guidance_failed(job.token)),
        )

    def capture(self, bgr: np.ndarray) -> None:
        """Keep ``bgr`` as the photo: the JPEG the case names, and the pixels decoded from it
        (what the comparison and the passive score see)."""
        jpeg = encode_jpeg(bgr)
        pixels = load_image(jpeg, "jpeg", label="face", max_pixels=self.engine.settings.max_pixels).pixels
        self.perform(self.machine.face_captured(jpeg, pixels))

    def compare(self, job: RunCompare) -> None:
        """The engine's comparison of the ID's face with the photo's."""
        engine, m = self.engine, self.machine

        def compare(report: Any, card: np.ndarray, face: np.ndarray) -> Any:
            return engine.compare(card, face)

        self.runner.start(
            compare,
            job.card,
            job.face,
            done=lambda view: self.perform(m.compare_done(job.token, view)),
            failed=lambda exc: self.perform(m.compare_failed(job.token, error_code(exc))),
        )

    def score(self, job: ScoreLiveness) -> None:
        """The passive liveness score of the photo (its most prominent face)."""
        engine, m = self.engine, self.machine

        def score(report: Any, frame: np.ndarray) -> Any:
            return engine.liveness(frame)

        self.runner.start(
            score,
            job.face,
            done=lambda result: self.perform(m.liveness_scored(job.token, result)),
            failed=lambda exc: self.perform(m.liveness_failed(job.token, error_code(exc))),
        )

    def analyze(self, job: AnalyzeFrame) -> None:
        """The engine's analysis of a challenge frame (pose, box, embedding)."""
        engine, m = self.engine, self.machine

        def run(report: Any, frame: np.ndarray) -> Any:
            return engine.analyze(frame, label="frame")

        self.runner.start(
            run,
            frame_pixels(job.frame),
            done=lambda analysis: self.perform(m.frame_analyzed(job.token, job.t, analysis)),
            failed=lambda _exc: self.perform(m.analysis_failed(job.token)),
        )

    def wait(self, ms: int) -> bool:
        """Wait for running jobs (closing)."""
        return self.runner.wait(ms)
