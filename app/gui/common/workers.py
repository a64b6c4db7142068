"""Engine work off the GUI thread: one ``Task`` per job on a ``QThreadPool``, results by signal."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class TaskSignals(QObject):
    """``progress(text)`` while running, then ``done(result)`` or ``failed(exception)``."""

    progress = Signal(str)
    done = Signal(object)
    failed = Signal(object)


class Task(QRunnable):
    """Runs ``fn(report, *args)`` on a pool thread; ``report(text)`` emits ``progress``."""

    def __init__(self, fn: Callable[..., Any], *args: Any) -> None:
        super().__init__()
        self.fn, self.args = fn, args
        self.signals = TaskSignals()
        self.setAutoDelete(False)

    def run(self) -> None:
        try:
            result = self.fn(self.signals.progress.emit, *self.args)
        except Exception as exc:  # every failure goes to the window, never kills the thread
            log.warning("background task failed: %s", "".join(traceback.format_exception_only(exc)).strip())
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


class Runner(QObject):
    """Starts tasks on its own pool and keeps them alive until they report back."""

    def __init__(self, threads: int = 2, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(threads)
        self._running: set[Task] = set()

    def start(
        self,
        fn: Callable[..., Any],
        *args: Any,
        done: Callable[[Any], None] | None = None,
        failed: Callable[[Any], None] | None = None,
        progress: Callable[[str], None] | None = None,
    ) -> Task:
        task = Task(fn, *args)
        self._running.add(task)
        if progress is not None:
            task.signals.progress.connect(progress)
        if done is not None:
            task.signals.done.connect(done)
        if failed is not None:
            task.signals.failed.connect(failed)
        task.signals.done.connect(lambda _r, t=task: self._running.discard(t))
        task.signals.failed.connect(lambda _e, t=task: self._running.discard(t))
        self.pool.start(task)
        return task

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def wait(self, ms: int = 30000) -> bool:
        return bool(self.pool.waitForDone(ms))
