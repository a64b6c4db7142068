"""The workstation's engine in a child process: the same comparison, and a window that never
stalls while the models load (in a thread they hold the GIL for up to seconds)."""

from __future__ import annotations

import time
from typing import Any

import pytest

from app.gui.common.backends import CompareFailed
from app.gui.common.engine_loader import EngineProcess, start_engine_process
from tests.conftest import DATA, need
from tests.gui.conftest import MATCH, data_file

pytestmark = [pytest.mark.models, pytest.mark.data]


def test_the_child_compares_as_the_engine_does(open_engine: Any) -> None:
    card, face = data_file(MATCH[0]).read_bytes(), data_file(MATCH[1]).read_bytes()
    child = start_engine_process(lambda _stage: None, "open")
    try:
        assert child.pack.name == open_engine.pack.name
        assert child.thresholds == open_engine.thresholds
        there, here = child.compare(card, face), open_engine.compare(card, face)
        assert there.similarity == pytest.approx(here.similarity, abs=1e-6)
        assert str(there.decision) == str(here.decision) == "MATCH"
        assert there.card.aligned.shape == here.card.aligned.shape
        bad = need(DATA / "idcard-dev" / "bad" / "truncated.jpg").read_bytes()
        with pytest.raises(CompareFailed) as refused:
            child.compare(bad, face)
        assert refused.value.code == "IMAGE_DECODE_FAILED"
    finally:
        child.close()
    assert not child._process.is_alive()


def test_a_pack_that_cannot_load_is_reported() -> None:
    with pytest.raises(RuntimeError):
        EngineProcess("no-such-pack").wait_ready()


def test_the_window_never_stalls_while_the_engine_loads(qtbot: Any, make_window: Any) -> None:
    """From the window's first paint until the engine is ready the event loop keeps turning
    (FACECOMPARE_ENGINE_PROCESS=0 loads it on a thread and this fails: 0.7-4 s here)."""
    from PySide6.QtCore import QTimer

    from app.gui.workstation.main import preload_engine_modules

    preload_engine_modules()
    window = make_window(None, engine=None)
    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(10)
    with qtbot.waitSignal(window.ready, timeout=120000):
        pass
    timer.stop()
    assert len(gaps) > 10 and max(gaps) < 0.5, sorted(gaps)[-5:]
    assert isinstance(window.engine, EngineProcess)
