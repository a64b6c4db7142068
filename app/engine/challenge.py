"""Active liveness challenge: "turn your head to the left / right", checked with the pose yaw.

Pure logic, no camera and no clock: the caller feeds one :class:`Observation` per analysed
frame (its own monotonic time in seconds, the engine's yaw, how many faces the frame had and,
when known, the face's box and embedding) and shows :attr:`ChallengeStatus.prompt`.

Signs (spec, :mod:`app.engine.pose`): yaw > 0 means the face turned toward the image's right.
A person turning to *their* left turns toward the camera's right, i.e. the image's right in an
unmirrored camera frame, so "left" expects yaw > 0 there; ``mirrored=True`` (frames flipped
like a selfie preview before analysis) expects the opposite sign.

The challenge passes only when every asked turn is seen, in the asked order, each beyond
``turn_deg`` for ``hold_frames`` frames in a row, with the face back near frontal in between,
while one face stays in view and stays the same track (its box overlaps the previous one) and,
on near-frontal frames, the same person (embedding similarity to the starting frame, when
``min_similarity`` is set). A turn the wrong way, a lost face, a
second face, a different person or a step taking longer than ``step_timeout`` fails it.

The status also says how far the asked turn has got (:attr:`ChallengeStatus.progress`, live
from the last frame's yaw) and when the current step times out (:attr:`ChallengeStatus.deadline`,
on the caller's clock), so a screen can show both. :meth:`ActiveChallenge.retry` gives one
more try at the *same* turns in the same order: a replayed video that turned the wrong way
first fails the retry the same way, so a retry does not raise its odds (a fresh random order
would: 1/2 + 1/4). A second face or a different person is not retried (:data:`RETRYABLE`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np

from app.engine.types import Analysis, FloatArray


class Direction(StrEnum):
    """A turn in the person's own terms (what the kiosk says)."""

    LEFT = "left"
    RIGHT = "right"


class State(StrEnum):
    WAIT_FRONTAL = "wait_frontal"  # look straight at the camera to start
    TURN = "turn"  # turn as prompted
    RETURN = "return"  # back to the centre before the next turn
    PASSED = "passed"
    FAILED = "failed"


class Failure(StrEnum):
    TIMEOUT = "timeout"
    WRONG_DIRECTION = "wrong_direction"
    FACE_LOST = "face_lost"
    MULTIPLE_FACES = "multiple_faces"
    FACE_CHANGED = "face_changed"


#: Failures a customer may have caused alone (too slow, stepped aside, turned the wrong way);
#: a second face or a changed person is never retried.
RETRYABLE = frozenset({Failure.TIMEOUT, Failure.FACE_LOST, Failure.WRONG_DIRECTION})


@dataclass(frozen=True, slots=True)
class ChallengeConfig:
    """Thresholds in degrees and seconds."""

    turn_deg: float = 20.0  # |yaw| that counts as a turn
    frontal_deg: float = 10.0  # |yaw| that counts as looking straight
    hold_frames: int = 2  # consecutive frames past turn_deg
    step_timeout: float = 6.0  # seconds allowed per step (start, each turn, each return)
    max_gap: float = 0.7  # seconds without exactly one face before failing
    #: embedding cosine to the reference, checked on near-frontal frames only (where the
    #: recogniser is reliable); None = no check. Cosines differ between packs (dlib's
    #: same-person values sit near 0.95), so the kiosk passes its engine's
    #: ``thresholds.review``.
    min_similarity: float | None = None
    min_iou: float = 0.3  # box overlap with the previous frame with a face (the same track)


@dataclass(frozen=True, slots=True)
class Observation:
    """One analysed frame. ``yaw`` is None when no face was found; ``faces`` counts the faces
    that could be the customer (see :func:`observe`)."""

    t: float
    yaw: float | None
    faces: int = 1
    box: tuple[float, float, float, float] | None = None
    embedding: FloatArray | None = None


@dataclass(frozen=True, slots=True)
class ChallengeStatus:
    """What to show: the state, the turn being asked (if any), progress and why it failed.

    ``progress`` is how far the asked turn has got (0 = straight, 1 = far enough; 0 when no turn
    is asked, 1 once passed); ``deadline`` is when the current step times out, on the clock of
    the observations (None before the first one and once done).
    """

    state: State
    prompt: Direction | None
    step: int
    steps: tuple[Direction, ...]
    failure: Failure | None = None
    progress: float = 0.0
    deadline: float | None = None

    @property
    def done(self) -> bool:
        return self.state in (State.PASSED, State.FAILED)

    @property
    def passed(self) -> bool:
        return self.state is State.PASSED

    @property
    def retryable(self) -> bool:
        """Failed in a way a customer alone can cause (:data:`RETRYABLE`)."""
        return self.state is State.FAILED and self.failure in RETRYABLE

    def time_left(self, now: float) -> float | None:
        """Seconds until the current step times out at ``now`` (None without a deadline)."""
        return None if self.deadline is None else max(0.0, self.deadline - now)


#: A second face counts (and fails the challenge) only when at least this share of the main
#: face's box area: someone walking past far behind the customer does not.
RIVAL_AREA = 0.5


def observe(t: float, analysis: Analysis, *, rival_area: float = RIVAL_AREA) -> Observation:
    """The observation of one frame the engine analysed (its most prominent face first).

    ``faces`` counts the main face and every other face at least ``rival_area`` times its size.
    """
    if not analysis.faces:
        return Observation(t=t, yaw=None, faces=0)
    face = analysis.faces[0]
    main_area = face.detection.area
    rivals = sum(1 for f in analysis.faces[1:] if f.detection.area >= rival_area * main_area)
    return Observation(t=t, yaw=face.pose.yaw, faces=1 + rivals, box=face.box, embedding=face.embedding)


def expected_sign(direction: Direction, *, mirrored: bool = False) -> int:
    """Sign of the yaw a turn to the person's ``direction`` produces (spec: + = image right)."""
    sign = 1 if direction is Direction.LEFT else -1
    return -sign if mirrored else sign


def random_steps(rng: random.Random | None = None) -> tuple[Direction, ...]:
    """Both turns in a random order (unpredictable for a pre-recorded video)."""
    steps = [Direction.LEFT, Direction.RIGHT]
    (rng or random.SystemRandom()).shuffle(steps)
    return tuple(steps)


def _iou(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    iw = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    ih = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = iw * ih
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


@dataclass
class ActiveChallenge:
    """The state machine; call :meth:`update` with each frame's observation, in time order."""

    steps: tuple[Direction, ...] = field(default_factory=random_steps)
    config: ChallengeConfig = field(default_factory=ChallengeConfig)
    mirrored: bool = False
    _state: State = field(default=State.WAIT_FRONTAL, init=False)
    _step: int = field(default=0, init=False)
    _failure: Failure | None = field(default=None, init=False)
    _since: float | None = field(default=None, init=False)  # when the current state began
    _last_ok: float | None = field(default=None, init=False)  # last frame with exactly one face
    _held: int = field(default=0, init=False)
    _reference: FloatArray | None = field(default=None, init=False)
    _last_box: tuple[float, float, float, float] | None = field(default=None, init=False)
    _yaw: float | None = field(default=None, init=False)  # the last frame's yaw

    def __post_init__(self) -> None:
        if not self.steps:
            raise ValueError("a challenge needs at least one turn")

    @property
    def status(self) -> ChallengeStatus:
        prompt = self.steps[self._step] if self._state is State.TURN else None
        progress = 1.0 if self._state is State.PASSED else 0.0
        if prompt is not None and self._yaw is not None:
            sign = expected_sign(prompt, mirrored=self.mirrored)
            progress = min(1.0, max(0.0, sign * self._yaw / self.config.turn_deg))
        done = self._state in (State.PASSED, State.FAILED)
        deadline = None if done or self._since is None else self._since + self.config.step_timeout
        return ChallengeStatus(self._state, prompt, self._step, self.steps, self._failure, progress, deadline)

    def retry(self) -> ActiveChallenge:
        """A fresh challenge asking the same turns in the same order (see the module's note)."""
        return ActiveChallenge(steps=self.steps, config=self.config, mirrored=self.mirrored)

    def _fail(self, why: Failure) -> ChallengeStatus:
        self._state, self._failure = State.FAILED, why
        return self.status

    def _enter(self, state: State, t: float) -> None:
        self._state, self._since, self._held = state, t, 0

    def _same_person(self, obs: Observation) -> bool:
        """Same track (box overlap with the last face) and, when frontal, the same person."""
        cfg = self.config
        if obs.box is not None and self._last_box is not None and _iou(obs.box, self._last_box) < cfg.min_iou:
            return False
        frontal = obs.yaw is not None and abs(obs.yaw) <= cfg.frontal_deg
        if cfg.min_similarity is not None and frontal and obs.embedding is not None:
            if self._reference is None:
                return True
            a = np.asarray(obs.embedding, dtype=np.float64).ravel()
            b = np.asarray(self._reference, dtype=np.float64).ravel()
            cos = float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b) + 1e-12))
            return cos >= cfg.min_similarity
        return True

    def update(self, obs: Observation) -> ChallengeStatus:
        """Advance with one frame; returns the new status (unchanged once passed or failed)."""
        if self.status.done:
            return self.status
        cfg = self.config
        if self._since is None:
            self._since = obs.t
        if self._last_ok is None:
            self._last_ok = obs.t
        self._yaw = obs.yaw if obs.faces == 1 else None
        if obs.faces > 1:
            return self._fail(Failure.MULTIPLE_FACES)
        if obs.yaw is None or obs.faces < 1:
            if obs.t - self._last_ok > cfg.max_gap and self._state is not State.WAIT_FRONTAL:
                return self._fail(Failure.FACE_LOST)
            self._held = 0
        elif self._state is not State.WAIT_FRONTAL and not self._same_person(obs):
            return self._fail(Failure.FACE_CHANGED)
        else:
            self._last_ok = obs.t
            if obs.box is not None:
                self._last_box = obs.box
            self._advance(obs)
            if self.status.done:
                return self.status
        if obs.t - self._since > cfg.step_timeout:
            return self._fail(Failure.TIMEOUT)
        return self.status

    def _advance(self, obs: Observation) -> None:
        cfg = self.config
        yaw = float(obs.yaw or 0.0)
        if self._state is State.WAIT_FRONTAL:
            if abs(yaw) <= cfg.frontal_deg:
                self._reference = obs.embedding
                self._enter(State.TURN, obs.t)
            return
        if self._state is State.RETURN:
            if abs(yaw) <= cfg.frontal_deg:
                self._enter(State.TURN, obs.t)
            return
        sign = expected_sign(self.steps[self._step], mirrored=self.mirrored)
        if -sign * yaw >= cfg.turn_deg:
            self._fail(Failure.WRONG_DIRECTION)
            return
        self._held = self._held + 1 if sign * yaw >= cfg.turn_deg else 0
        if self._held >= cfg.hold_frames:
            self._step += 1
            if self._step == len(self.steps):
                self._state = State.PASSED
            else:
                self._enter(State.RETURN, obs.t)


__all__ = [
    "RETRYABLE",
    "RIVAL_AREA",
    "ActiveChallenge",
    "ChallengeConfig",
    "ChallengeStatus",
    "Direction",
    "Failure",
    "Observation",
    "State",
    "expected_sign",
    "observe",
    "random_steps",
]
