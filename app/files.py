"""Files only this account may read: 0600 files and 0700 folders, whatever the umask.

The case database (and SQLite's -wal/-shm beside it, which take the database file's mode), the
request-id database, exports and checkpoints hold customers' references, image digests and the
audit log. On Windows the modes mean little: the files live in the user's profile, whose ACL
keeps other accounts out.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700


def private_dir(path: Path) -> Path:
    """``path`` made (with its missing parents) as 0700 folders; an existing folder is left as it
    is, except that the ones this creates are 0700 whatever the umask."""
    missing = []
    here = path
    while not here.exists() and here != here.parent:
        missing.append(here)
        here = here.parent
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=DIR_MODE)
        os.chmod(folder, DIR_MODE)
    return path


def own_dir(path: Path) -> Path:
    """The program's own folder (the user data folder): made if missing, and 0700 either way."""
    private_dir(path)
    with contextlib.suppress(OSError):
        os.chmod(path, DIR_MODE)
    return path


def private_file(path: Path, *, truncate: bool = False) -> Path:
    """``path`` as a 0600 file: created empty when missing (emptied when ``truncate``), an existing
    one's mode tightened. Done before anything is written, so no reader catches it open."""
    private_dir(path.parent)
    flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if truncate else 0)
    fd = os.open(path, flags, FILE_MODE)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, FILE_MODE)
    finally:
        os.close(fd)
    return path


def write_private(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` as a 0600 file."""
    private_file(path, truncate=True)
    path.write_text(text, encoding="utf-8")


def sqlite_file(url: str) -> Path | None:
    """The file of a ``sqlite:///path`` URL (None for another database or an in-memory one)."""
    if not url.startswith("sqlite") or "///" not in url:
        return None
    path = url.split("///", 1)[1].split("?", 1)[0]
    return Path(path) if path and path != ":memory:" else None
