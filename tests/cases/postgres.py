"""A real PostgreSQL server for the tests: pgserver's, or Debian's own binaries where it has no wheel.

pgserver (PyPI) bundles PostgreSQL for Python 3.11 and 3.12; on 3.13 the machine's
``postgresql`` package (``/usr/lib/postgresql/<v>/bin``) runs as the ``postgres`` user instead.
Either way the server listens on a Unix socket in a temporary folder and is removed afterwards.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import socket
import subprocess
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _debian_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return found[-1].parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def _pgserver() -> Iterator[str]:
    import pgserver  # type: ignore[import-not-found]

    os.environ.setdefault("XDG_RUNTIME_DIR", tempfile.gettempdir())
    folder = tempfile.mkdtemp(prefix="fc-pg-")
    # xdist workers start one server each; as root the first start runs `useradd pgserver`, and
    # two at once on a new machine would race (the second useradd fails), so starts take turns
    lock_path = Path(tempfile.gettempdir()) / "facecompare-pgserver.lock"
    with lock_path.open("w") as lock, warnings.catch_warnings():
        fcntl.flock(lock, fcntl.LOCK_EX)
        warnings.simplefilter("ignore")
        server = pgserver.get_server(folder, cleanup_mode="delete")
    try:
        yield server.get_uri().replace("postgresql://", "postgresql+psycopg://", 1)
    finally:
        server.cleanup()


@contextmanager
def _debian(bin_dir: Path) -> Iterator[str]:
    """initdb + pg_ctl as the ``postgres`` user (PostgreSQL refuses to run as root)."""
    folder = Path(tempfile.mkdtemp(prefix="fc-pg-"))
    data = folder / "data"
    port = _free_port()
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")

    def pg(tool: str, *args: str, check: bool = True) -> None:
        command = [*as_postgres, str(bin_dir / tool), "-D", str(data), *args]
        subprocess.run(command, check=check, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    pg("initdb", "-A", "trust", "-U", "postgres")
    # the server's own output goes to a log file: a pipe it inherited would never close
    options = f"-k {folder} -p {port} -c listen_addresses=''"
    pg("pg_ctl", "-l", str(folder / "server.log"), "-o", options, "-w", "start")
    try:
        yield f"postgresql+psycopg://postgres@/postgres?host={folder}&port={port}"
    finally:
        pg("pg_ctl", "-m", "immediate", "stop", check=False)
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def postgres_server() -> Iterator[str]:
    """The admin URL (SQLAlchemy, psycopg 3) of a PostgreSQL server started for the caller."""
    try:
        import pgserver  # type: ignore[import-not-found]  # noqa: F401
    except ImportError:
        bin_dir = _debian_bin()
        if bin_dir is None:
            raise RuntimeError(
                "no PostgreSQL for the tests: pgserver has no wheel for this Python, and Debian's "
                "postgresql package is not installed (apt-get install -y postgresql)"
            ) from None
        with _debian(bin_dir) as url:
            yield url
        return
    with _pgserver() as url:
        yield url
