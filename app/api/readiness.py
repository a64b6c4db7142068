"""Readiness across the server's processes: each one that has loaded its model pack leaves a
file named after its pid in a folder they share; ``/ready`` counts the files of living pids.

Without the folder (one process, or an app built by a test) a process answers for itself.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class ProcessReadiness:
    """``expected`` processes mark themselves ready in ``folder``; a dead process's mark is ignored."""

    def __init__(self, folder: Path | None, expected: int) -> None:
        self.folder = folder
        self.expected = expected
        self._mark = folder / str(os.getpid()) if folder is not None else None

    def mark_ready(self) -> None:
        if self._mark is not None:
            self._mark.parent.mkdir(parents=True, exist_ok=True)
            self._mark.touch()

    def clear(self) -> None:
        if self._mark is not None:
            self._mark.unlink(missing_ok=True)

    def ready_count(self) -> int:
        """Processes that are alive and have loaded their pack."""
        if self.folder is None:
            return 1
        count = 0
        with contextlib.suppress(OSError):
            for mark in self.folder.iterdir():
                if mark.name.isdigit() and _alive(int(mark.name)):
                    count += 1
        return count

    def waiting_for(self) -> str | None:
        """None when every process is ready, else what /ready should say."""
        if self.folder is None:
            return None
        ready = self.ready_count()
        if ready >= self.expected:
            return None
        return f"{ready} of {self.expected} server processes have loaded the model pack."
