"""The bounded inference pool: CPU work off the event loop, 429 at once when the queue is full."""

from __future__ import annotations

import asyncio
import math
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


class QueueFull(Exception):
    """Every thread is busy and ``queue_limit`` requests already wait; retry after ``retry_after`` s."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"retry after {retry_after} s")
        self.retry_after = retry_after


class InferencePool:
    """``threads`` workers and at most ``queue_limit`` waiting jobs; more are refused, not queued.

    Admission is counted on the event loop and released when the thread's job ends (not when
    the awaiting request goes away), so an abandoned request still holds its place until its
    CPU work is done.
    """

    def __init__(self, threads: int, queue_limit: int) -> None:
        self.threads = threads
        self.queue_limit = queue_limit
        self._executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="facecompare-infer")
        self._admitted = 0
        self._running = 0
        self._lock = threading.Lock()
        #: moving average of a job's duration (seconds), for Retry-After
        self.mean_job_s = 0.3

    @property
    def admitted(self) -> int:
        return self._admitted

    @property
    def waiting(self) -> int:
        """Jobs admitted but not yet started (the queue depth)."""
        with self._lock:
            return max(0, self._admitted - self._running)

    def retry_after(self) -> int:
        """Seconds after which a slot is likely free: the queue's drain time, at least 1."""
        return max(1, math.ceil(self.mean_job_s * (self._admitted + 1) / self.threads))

    async def run(self, fn: Callable[[], T]) -> T:
        """Run ``fn`` on a pool thread, or raise :class:`QueueFull` without waiting."""
        if self._admitted >= self.threads + self.queue_limit:
            raise QueueFull(self.retry_after())
        loop = asyncio.get_running_loop()
        with self._lock:
            self._admitted += 1

        def job() -> T:
            with self._lock:
                self._running += 1
            t0 = time.perf_counter()
            try:
                return fn()
            finally:
                elapsed = time.perf_counter() - t0
                with self._lock:
                    self._running -= 1
                    self.mean_job_s = 0.9 * self.mean_job_s + 0.1 * elapsed

        def release(_: Future[T]) -> None:
            loop.call_soon_threadsafe(self._release)

        try:
            future = self._executor.submit(job)
        except BaseException:
            self._release()
            raise
        future.add_done_callback(release)
        return await asyncio.wrap_future(future)

    def _release(self) -> None:
        with self._lock:
            self._admitted -= 1

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
