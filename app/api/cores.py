"""How many CPU cores the server may use, and how it divides them among processes and threads.

The rule (measured in ``docs/api.md``, *Load*): one server process per usable core, each with
one inference thread and one thread for OpenCV and onnxruntime, and a queue of two requests
per inference thread. A process serves its requests without contending for the GIL or the
detector's lock with another, so N processes keep N cores busy.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

CGROUP_V2 = Path("/sys/fs/cgroup/cpu.max")
CGROUP_V1 = Path("/sys/fs/cgroup/cpu/cpu.cfs_quota_us"), Path("/sys/fs/cgroup/cpu/cpu.cfs_period_us")


def _cgroup_quota() -> float | None:
    """The cores a container's CPU quota allows (``docker run --cpus``), or None when unlimited."""
    try:
        if CGROUP_V2.is_file():
            quota, _, period = CGROUP_V2.read_text().strip().partition(" ")
            if quota != "max":
                return int(quota) / int(period or "100000")
        elif CGROUP_V1[0].is_file():
            quota_us, period_us = (int(p.read_text().strip()) for p in CGROUP_V1)
            if quota_us > 0 and period_us > 0:
                return quota_us / period_us
    except (OSError, ValueError):
        pass
    return None


def usable_cores() -> int:
    """Cores this process may run on: its CPU affinity, capped by a container's CPU quota."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    quota = _cgroup_quota()
    if quota is not None:
        cores = min(cores, max(1, math.ceil(quota)))
    return max(1, cores)


def per_process(processes: int, cores: int | None = None) -> int:
    """The cores each of ``processes`` server processes gets (at least one)."""
    return max(1, (cores or usable_cores()) // max(1, processes))
