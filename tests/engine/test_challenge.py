"""The active challenge on synthetic yaw sequences (no camera, no models)."""

from __future__ import annotations

import random

import numpy as np
import pytest

from app.engine.challenge import (
    ActiveChallenge,
    ChallengeConfig,
    Direction,
    Failure,
    Observation,
    State,
    expected_sign,
    observe,
    random_steps,
)
from app.engine.types import Analysis, Detection, Face, Pose, Quality

LEFT, RIGHT = Direction.LEFT, Direction.RIGHT
FPS = 10.0


def run(challenge: ActiveChallenge, yaws: list[float | None], **extra: object) -> ActiveChallenge:
    """Feed one observation per yaw at 10 frames a second."""
    for i, yaw in enumerate(yaws):
        challenge.update(Observation(t=i / FPS, yaw=yaw, **extra))  # type: ignore[arg-type]
    return challenge


def turn(sign: int, deg: float = 30.0, frames: int = 3) -> list[float | None]:
    return [0.0, sign * deg / 2, *([sign * deg] * frames), sign * deg / 2, 0.0]


def test_signs_follow_the_spec() -> None:
    # The person's left is the camera's right: yaw > 0 (toward the image's right) unmirrored.
    assert expected_sign(LEFT) == 1 and expected_sign(RIGHT) == -1
    assert expected_sign(LEFT, mirrored=True) == -1 and expected_sign(RIGHT, mirrored=True) == 1


@pytest.mark.parametrize("steps", [(LEFT, RIGHT), (RIGHT, LEFT)])
def test_passes_when_the_asked_turns_are_seen_in_order(steps: tuple[Direction, ...]) -> None:
    c = ActiveChallenge(steps=steps)
    assert c.status.state is State.WAIT_FRONTAL and c.status.prompt is None
    c.update(Observation(t=0.0, yaw=1.0))
    assert c.status.prompt is steps[0]
    yaws = [y for d in steps for y in turn(expected_sign(d))]
    run(c, yaws)
    assert c.status.passed and c.status.step == 2 and c.status.failure is None


def test_mirrored_frames_expect_the_opposite_sign() -> None:
    c = run(ActiveChallenge(steps=(LEFT,), mirrored=True), turn(-1))
    assert c.status.passed
    c = run(ActiveChallenge(steps=(LEFT,), mirrored=True), turn(+1))
    assert c.status.failure is Failure.WRONG_DIRECTION


def test_wrong_direction_fails_at_once() -> None:
    c = run(ActiveChallenge(steps=(LEFT, RIGHT)), turn(-1))
    assert c.status.state is State.FAILED and c.status.failure is Failure.WRONG_DIRECTION


def test_a_still_face_times_out() -> None:
    # A photo held up to the camera: frontal, never turning.
    c = run(ActiveChallenge(steps=(LEFT, RIGHT)), [0.5] * 100)
    assert c.status.failure is Failure.TIMEOUT
    assert c.status.step == 0


def test_small_wobble_is_not_a_turn() -> None:
    c = run(ActiveChallenge(steps=(LEFT,)), [0, 8, 12, 15, 12, 8, 0] * 12)
    assert c.status.failure is Failure.TIMEOUT


def test_one_frame_spike_is_not_enough() -> None:
    cfg = ChallengeConfig(hold_frames=2)
    c = run(ActiveChallenge(steps=(LEFT,), config=cfg), [0, 30, 0, 30, 0] + [0] * 80)
    assert c.status.failure is Failure.TIMEOUT


def test_must_return_to_frontal_between_turns() -> None:
    # Asked left then right: staying turned left never starts the second step.
    c = run(ActiveChallenge(steps=(LEFT, RIGHT)), [0, 30, 30, 30] + [30] * 80)
    assert c.status.step == 1 and c.status.failure is Failure.TIMEOUT


def test_second_face_fails() -> None:
    c = ActiveChallenge(steps=(LEFT,))
    c.update(Observation(t=0, yaw=0))
    c.update(Observation(t=0.1, yaw=5, faces=2))
    assert c.status.failure is Failure.MULTIPLE_FACES


def test_face_lost_too_long_fails_but_a_short_gap_is_tolerated() -> None:
    c = run(ActiveChallenge(steps=(LEFT,)), [0, 10, None, None, 20, 30, 30])
    assert c.status.passed
    c = run(ActiveChallenge(steps=(LEFT,)), [0, 10] + [None] * 10 + [30, 30])
    assert c.status.failure is Failure.FACE_LOST


def test_another_person_fails_by_embedding_on_frontal_frames() -> None:
    rng = np.random.default_rng(0)
    me, other = (v / np.linalg.norm(v) for v in rng.normal(size=(2, 128)).astype(np.float32))
    cfg = ChallengeConfig(min_similarity=0.5)
    # Swapped while turned: the turned frame is not judged by embedding (unreliable there) ...
    c = ActiveChallenge(steps=(LEFT, RIGHT), config=cfg)
    for i, (yaw, emb) in enumerate([(0, me), (15, me), (30, other), (30, other)]):
        c.update(Observation(t=i / FPS, yaw=yaw, embedding=emb))
    assert c.status.state is State.RETURN
    # ... but the next frontal frame is.
    c.update(Observation(t=0.4, yaw=0, embedding=other))
    assert c.status.failure is Failure.FACE_CHANGED
    c = ActiveChallenge(steps=(LEFT, RIGHT), config=cfg)
    for i, yaw in enumerate([0, 15, 30, 30, 5, -15, -30, -30]):
        c.update(Observation(t=i / FPS, yaw=yaw, embedding=me))
    assert c.status.passed
    # Without min_similarity (the default) embeddings are not compared at all.
    c = ActiveChallenge(steps=(LEFT,))
    for i, (yaw, emb) in enumerate([(0, me), (5, other), (30, other), (30, other)]):
        c.update(Observation(t=i / FPS, yaw=yaw, embedding=emb))
    assert c.status.passed


def test_a_jump_of_the_face_box_fails_without_embeddings() -> None:
    c = ActiveChallenge(steps=(LEFT,))
    c.update(Observation(t=0, yaw=0, box=(100, 100, 200, 200)))
    c.update(Observation(t=0.1, yaw=15, box=(110, 100, 210, 200)))
    c.update(Observation(t=0.2, yaw=30, box=(400, 100, 500, 200)))
    assert c.status.failure is Failure.FACE_CHANGED


def test_done_is_final() -> None:
    c = run(ActiveChallenge(steps=(LEFT,)), turn(1))
    assert c.status.passed
    c.update(Observation(t=99, yaw=None, faces=3))
    assert c.status.passed


def test_random_order_uses_both_turns() -> None:
    seen = {random_steps(random.Random(seed)) for seed in range(20)}
    assert seen == {(LEFT, RIGHT), (RIGHT, LEFT)}
    assert set(ActiveChallenge().steps) == {LEFT, RIGHT}
    with pytest.raises(ValueError):
        ActiveChallenge(steps=())


def test_observe_takes_the_first_face_of_an_analysis() -> None:
    assert observe(1.0, Analysis(640, 480, "jpg")) == Observation(t=1.0, yaw=None, faces=0)


def _face(box: tuple[float, float, float, float], yaw: float) -> Face:
    det = Detection(box=box, score=0.9, kps5=np.zeros((5, 2), np.float32))
    return Face(
        detection=det,
        polygon=[],
        landmarks=[],
        aligned=np.zeros((112, 112, 3), np.uint8),
        pose=Pose(pitch=0.0, roll=0.0, yaw=yaw, label="front"),
        mask_probability=0.0,
        is_wearing_mask=False,
        quality=Quality(face_size_px=40.0, sharpness=0.5, brightness=0.5),
        embedding=np.ones(4, np.float32) / 2,
    )


def test_observe_counts_only_faces_that_could_be_the_customer() -> None:
    main = _face((100, 100, 300, 300), yaw=12.0)
    passer_by = _face((500, 50, 560, 110), yaw=0.0)  # far behind: 9% of the main face's area
    obs = observe(2.0, Analysis(640, 480, "jpg", faces=[main, passer_by]))
    assert obs.faces == 1 and obs.yaw == 12.0 and obs.box == main.box
    assert obs.embedding is not None
    rival = _face((350, 100, 530, 280), yaw=0.0)  # about as close as the customer
    assert observe(2.0, Analysis(640, 480, "jpg", faces=[main, rival])).faces == 2


def test_progress_follows_the_asked_turn_live() -> None:
    c = ActiveChallenge(steps=(LEFT, RIGHT))
    c.update(Observation(t=0.0, yaw=0.0))
    assert c.status.prompt is LEFT and c.status.progress == 0.0
    turn_deg = c.config.turn_deg
    c.update(Observation(t=0.1, yaw=expected_sign(LEFT) * turn_deg / 2))
    assert c.status.progress == pytest.approx(0.5)
    c.update(Observation(t=0.2, yaw=-expected_sign(LEFT) * turn_deg / 4))  # a little the other way
    assert c.status.progress == 0.0 and not c.status.done
    c.update(Observation(t=0.3, yaw=expected_sign(LEFT) * turn_deg * 2))
    assert c.status.progress == 1.0  # capped; one frame is not yet the turn
    c.update(Observation(t=0.4, yaw=None, faces=0))
    assert c.status.progress == 0.0  # no face: nothing to show
    assert run(ActiveChallenge(steps=(RIGHT,)), turn(expected_sign(RIGHT))).status.progress == 1.0


def test_the_deadline_is_the_current_step_s_timeout() -> None:
    c = ActiveChallenge(steps=(LEFT, RIGHT))
    assert c.status.deadline is None and c.status.time_left(5.0) is None
    timeout = c.config.step_timeout
    c.update(Observation(t=10.0, yaw=0.0))  # frontal: the first turn starts now
    assert c.status.deadline == pytest.approx(10.0 + timeout)
    assert c.status.time_left(12.0) == pytest.approx(timeout - 2.0)
    for t in (10.1, 10.2):
        c.update(Observation(t=t, yaw=expected_sign(LEFT) * 30.0))
    assert c.status.state is State.RETURN and c.status.deadline == pytest.approx(10.2 + timeout)
    c.update(Observation(t=10.2 + timeout + 0.1, yaw=expected_sign(LEFT) * 30.0))
    assert c.status.failure is Failure.TIMEOUT and c.status.deadline is None
    assert c.status.time_left(99.0) is None


def test_what_may_be_retried() -> None:
    slow = run(ActiveChallenge(steps=(LEFT,)), [0.0] * 80)
    assert slow.status.failure is Failure.TIMEOUT and slow.status.retryable
    wrong = run(ActiveChallenge(steps=(LEFT,)), turn(expected_sign(RIGHT)))
    assert wrong.status.failure is Failure.WRONG_DIRECTION and wrong.status.retryable
    two = ActiveChallenge(steps=(LEFT,))
    two.update(Observation(t=0.0, yaw=0.0, faces=2))
    assert two.status.failure is Failure.MULTIPLE_FACES and not two.status.retryable
    assert not run(ActiveChallenge(steps=(LEFT,)), turn(expected_sign(LEFT))).status.retryable  # passed
    again = slow.retry()
    assert again.status.state is State.WAIT_FRONTAL and again.config is slow.config
    assert run(again, turn(expected_sign(LEFT))).status.passed


def test_a_retry_does_not_raise_a_replayed_video_s_odds() -> None:
    """Attack: a recorded video that turns left then right, played to a challenge that asked
    right first. The retry asks the same order, so the video fails it again (a fresh random
    order would let it through one time in two)."""
    video = turn(expected_sign(LEFT)) + turn(expected_sign(RIGHT))
    for _ in range(20):
        first = run(ActiveChallenge(steps=(RIGHT, LEFT)), video)
        assert first.status.failure is Failure.WRONG_DIRECTION and first.status.retryable
        second = first.retry()
        assert second.steps == (RIGHT, LEFT)
        assert run(second, video).status.failure is Failure.WRONG_DIRECTION
