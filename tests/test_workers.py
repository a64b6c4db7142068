"""Workers of ``batch`` and ``evaluate`` start clean, whatever the parent's threads hold."""

from __future__ import annotations

import threading

from app.workers import process_pool
from tests import held_lock


def test_a_worker_does_not_inherit_a_lock_another_thread_holds() -> None:
    """The attack on a forked pool: a thread of the parent holds a lock at the instant the
    worker starts, and the worker needs it. A forked worker gets the lock held for ever (its
    holder is not copied) and hangs; a spawned one imports a free lock."""
    holding, release = threading.Event(), threading.Event()

    def hold() -> None:
        with held_lock.LOCK:
            holding.set()
            release.wait(30)

    holder = threading.Thread(target=hold)
    holder.start()
    holding.wait(5)
    try:
        with process_pool(1) as pool:
            assert pool.submit(held_lock.can_take_the_lock).result(timeout=60) is True
    finally:
        release.set()
        holder.join()
