"""A lock the parent process of :mod:`tests.test_workers` holds while its pool starts workers."""

from __future__ import annotations

import threading

LOCK = threading.Lock()


def can_take_the_lock() -> bool:
    """Whether this process can take :data:`LOCK` within 2 s (a forked copy of a held lock cannot)."""
    took = LOCK.acquire(timeout=2.0)
    if took:
        LOCK.release()
    return took
