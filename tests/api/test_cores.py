"""How ``facecompare serve`` divides the machine: processes, threads and the cores it may use."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.api import cores
from app.api.settings import ApiSettings


@pytest.fixture(autouse=True)
def _no_shape_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("WORKERS", "INFERENCE_THREADS", "NATIVE_THREADS", "QUEUE_SIZE"):
        monkeypatch.delenv(f"FACECOMPARE_{name}", raising=False)


def _affinity() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@pytest.mark.parametrize(
    ("cpu_max", "expected"),
    [("max 100000", None), ("150000 100000", 2), ("50000 100000", 1), ("garbage", None)],
)
def test_a_container_cpu_quota_caps_the_usable_cores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cpu_max: str, expected: int | None
) -> None:
    (tmp_path / "cpu.max").write_text(cpu_max + "\n")
    monkeypatch.setattr(cores, "CGROUP_V2", tmp_path / "cpu.max")
    assert cores.usable_cores() == (_affinity() if expected is None else min(_affinity(), expected))


def test_without_settings_every_core_gets_a_process_with_one_thread() -> None:
    settings = ApiSettings(secrets=["s"])
    assert settings.processes == cores.usable_cores()
    assert (settings.threads, settings.library_threads, settings.queue_limit) == (1, 1, 2)


def test_fewer_processes_get_more_threads_each_and_settings_win() -> None:
    one = ApiSettings(secrets=["s"], workers=1)
    assert one.threads == one.library_threads == cores.usable_cores()
    assert one.queue_limit == 2 * cores.usable_cores()
    set_by_hand = ApiSettings(secrets=["s"], workers=3, inference_threads=2, native_threads=4, queue_size=5)
    assert (set_by_hand.processes, set_by_hand.threads, set_by_hand.library_threads) == (3, 2, 4)
    assert set_by_hand.queue_limit == 5
    with pytest.raises(ValueError, match="greater than or equal to 0"):
        ApiSettings(secrets=["s"], workers=-1)
