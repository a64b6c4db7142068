"""The connection guard's limits (``app.api.connections``), apart from it so that the settings
can build them without importing the guard: timeouts, and a cap from the open-file limit."""

from __future__ import annotations

import resource
from dataclasses import dataclass

#: open files a server process keeps for itself (model files, SQLite, pipes, the listening socket)
FILE_RESERVE = 128
#: the default cap never goes above this many connections per process
MAX_CONNECTIONS_CEILING = 4096


def open_file_limit() -> int:
    """The soft limit of open files of this process."""
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def raise_open_file_limit() -> tuple[int, int]:
    """Raise the soft open-file limit to the hard one (as far as allowed); (before, after)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = hard if hard != resource.RLIM_INFINITY else max(soft, 1 << 20)
    if target > soft:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        except (ValueError, OSError):
            return soft, soft
    return soft, resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def default_max_connections(files: int | None = None) -> int:
    """Connections one process may hold: its open-file limit minus a reserve, within [16, 4096]."""
    files = open_file_limit() if files is None else files
    return max(16, min(MAX_CONNECTIONS_CEILING, files - FILE_RESERVE))


@dataclass(frozen=True)
class ConnectionLimits:
    """The guard's settings (``FACECOMPARE_*`` through :class:`app.api.settings.ApiSettings`)."""

    header_timeout_s: float = 10.0
    body_timeout_s: float = 10.0
    body_deadline_s: float = 120.0
    max_connections: int = 0  # 0 = from the open-file limit

    @property
    def cap(self) -> int:
        return self.max_connections or default_max_connections()
