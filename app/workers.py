"""Process pools for work spread over the cores (``facecompare batch``, ``evaluate``): their
workers are started by *spawn*, never by *fork*.

A forked child inherits every lock in the state it had in the parent at that instant: a lock
another thread held then (malloc's, an import's, a thread pool's) is held in the child for
ever. The parent has threads (onnxruntime's pools, a progress bar, a test runner's), so a
forked worker could hang before its first job; Python 3.13 in CI left one waiting on a lock
on the first line of its initializer. A spawned worker is a fresh interpreter that imports
what it needs (Python 3.14 makes this the default on Linux).
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any


def process_pool(
    workers: int, initializer: Callable[..., Any] | None = None, initargs: tuple[Any, ...] = ()
) -> ProcessPoolExecutor:
    """``workers`` spawned processes, each running ``initializer(*initargs)`` once first."""
    return ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("spawn"), initializer=initializer, initargs=initargs
    )
