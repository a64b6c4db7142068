"""The kiosk's head-turn same-person check compares raw embedding cosines, so it must get the
pack's raw review threshold, not the calibrated 0.70 (a dlib impostor's raw cosine is ~0.85)."""

from __future__ import annotations

import random
from types import SimpleNamespace
from typing import Any

from app.engine.types import Thresholds
from app.gui.kiosk.jobs import KioskJobs
from app.gui.kiosk.machine import KioskMachine


def test_the_challenge_gets_the_raw_review_threshold(qtbot: Any) -> None:
    machine = KioskMachine(workstation="lobby-1", rng=random.Random(0))
    machine.start()
    models = SimpleNamespace(find_faces=lambda pixels: [], mask=SimpleNamespace(predict=lambda crops: []))
    engine = SimpleNamespace(
        thresholds=Thresholds(match=0.8, review=0.7),
        raw_thresholds=Thresholds(match=0.9261, review=0.9072),
        preview_models=lambda: models,
    )
    jobs = KioskJobs(machine, lambda actions: None, engine=engine)
    jobs._ready()
    assert machine.review_threshold == 0.9072
