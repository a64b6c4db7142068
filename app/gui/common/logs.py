"""The programs' log file: ``<program>.log`` in the user log folder, rotated, with no secrets.

The workstation, the reviewer's window and the kiosk each call :func:`start_logging` first
thing, so a build without a console (Windows) still leaves a trace: what started, which pack
and mode, each comparison's decision and time, each recorded case's id, every error and every
unhandled exception (GUI slots and threads).

Qt's own warnings are not routed here: PySide6 6.12's ``qInstallMessageHandler`` drops one
reference to ``None`` per message (measured: 100 messages, ``sys.getrefcount(None)`` down by
100), so a long-running window would end in "deallocating None" on Python 3.11.

Callers log ids and codes, never a customer reference, a note, a PIN, a password, a secret or
an image; the file's filter also turns any bytes or pixel array that reaches a record into its
size, and an exception that carries input (pydantic's) is written without it.
"""

from __future__ import annotations

import logging
import os
import platform
import sys
import threading
import traceback
from dataclasses import dataclass, field
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType
from typing import Any

from platformdirs import user_log_dir

LOG_DIR_ENV = "FACECOMPARE_LOG_DIR"
MAX_BYTES = 2_000_000
BACKUPS = 4
MAX_MESSAGE = 2000
FORMAT = "%(asctime)s %(levelname)s [%(process)d %(threadName)s] %(name)s: %(message)s"

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def log_dir() -> Path:
    """``$FACECOMPARE_LOG_DIR``, else the user log folder (Linux ``~/.local/state/facecompare/log``,
    Windows ``%LOCALAPPDATA%\\facecompare\\facecompare\\Logs``, macOS ``~/Library/Logs/facecompare``)."""
    env = os.environ.get(LOG_DIR_ENV)
    return Path(env) if env else Path(user_log_dir("facecompare", "facecompare"))


def _safe(value: Any) -> Any:
    """Bytes and pixel arrays become their size; long text is cut."""
    if isinstance(value, bytes | bytearray | memoryview):
        return f"<{len(value)} bytes>"
    if hasattr(value, "shape") and hasattr(value, "dtype"):
        return f"<array {tuple(value.shape)} {value.dtype}>"
    if isinstance(value, str) and len(value) > MAX_MESSAGE:
        return value[:MAX_MESSAGE] + "…"
    return value


class SafeRecords(logging.Filter):
    """Keeps image bytes and arrays out of the file whatever a caller passes."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = _safe(record.msg)
        if isinstance(record.args, dict):
            record.args = {k: _safe(v) for k, v in record.args.items()}
        elif record.args:
            record.args = tuple(_safe(a) for a in record.args)
        return True


class SafeFormatter(logging.Formatter):
    """Tracebacks without the input a validation error carries; messages cut at ``MAX_MESSAGE``."""

    def formatException(self, ei: Any) -> str:
        exc = ei[1]
        errors = getattr(exc, "errors", None)
        if callable(errors) and type(exc).__name__ == "ValidationError":
            frames = "".join(traceback.format_tb(ei[2]))
            try:
                detail = errors(include_input=False, include_url=False, include_context=False)
            except TypeError:
                detail = "(details withheld)"
            return f"Traceback (most recent call last):\n{frames}{type(exc).__name__}: {detail}"
        return super().formatException(ei)

    def format(self, record: logging.LogRecord) -> str:
        cached, record.exc_text = record.exc_text, None  # another handler's traceback text may hold input
        try:
            text = super().format(record)
        finally:
            record.exc_text = cached
        return text if len(text) <= 4 * MAX_MESSAGE else text[: 4 * MAX_MESSAGE] + "…"


@dataclass
class LogSession:
    """What :func:`start_logging` changed; :meth:`close` puts it back (tests, embedding hosts)."""

    path: Path
    handlers: list[logging.Handler] = field(default_factory=list)
    _excepthook: Any = None
    _threading_hook: Any = None
    _level: int = logging.WARNING

    def close(self) -> None:
        root = logging.getLogger()
        for handler in self.handlers:
            root.removeHandler(handler)
            handler.close()
        self.handlers.clear()
        root.setLevel(self._level)
        if self._excepthook is not None:
            sys.excepthook = self._excepthook
            threading.excepthook = self._threading_hook
            self._excepthook = None


def start_logging(
    program: str,
    *,
    folder: Path | None = None,
    max_bytes: int = MAX_BYTES,
    backups: int = BACKUPS,
    level: int = logging.INFO,
    console: bool = True,
) -> LogSession:
    """Log to ``<folder or log_dir()>/<program>.log`` (``max_bytes`` × ``backups + 1`` at most) and
    to stderr when there is one; route unhandled exceptions (GUI slots, threads) there too."""
    where = folder or log_dir()
    where.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    session = LogSession(path=where / f"{program}.log", _level=root.level)
    file_handler = RotatingFileHandler(
        session.path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8"
    )
    handlers: list[logging.Handler] = [file_handler]
    if console and sys.stderr is not None and not any(_is_console(h) for h in root.handlers):
        handlers.append(logging.StreamHandler(sys.stderr))
    for handler in handlers:
        handler.addFilter(SafeRecords())
        handler.setFormatter(SafeFormatter(FORMAT))
        root.addHandler(handler)
    session.handlers = handlers
    root.setLevel(level)
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)  # seven lines a start
    session._excepthook, session._threading_hook = sys.excepthook, threading.excepthook
    sys.excepthook = _log_unhandled(session._excepthook)
    threading.excepthook = _log_unhandled_in_thread(session._threading_hook)
    logging.getLogger("facecompare").info(
        "%s started: Python %s, %s, pid %d, log %s",
        program,
        platform.python_version(),
        platform.platform(terse=True),
        os.getpid(),
        session.path,
    )
    return session


def _is_console(handler: logging.Handler) -> bool:
    return type(handler) is logging.StreamHandler and getattr(handler, "stream", None) in (
        sys.stderr,
        sys.stdout,
    )


def _log_unhandled(previous: Any) -> Any:
    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if not issubclass(kind, KeyboardInterrupt):
            logging.getLogger("facecompare.crash").critical(
                "unhandled %s", kind.__name__, exc_info=(kind, exc, tb)
            )
        if sys.stderr is not None and previous is not None:
            previous(kind, exc, tb)

    return hook


def _log_unhandled_in_thread(previous: Any) -> Any:
    def hook(args: Any) -> None:
        if args.exc_type is not SystemExit and args.exc_value is not None:
            logging.getLogger("facecompare.crash").critical(
                "unhandled %s in thread %s",
                args.exc_type.__name__,
                getattr(args.thread, "name", "?"),
                exc_info=(args.exc_type, args.exc_value, args.exc_traceback),
            )
        if sys.stderr is not None and previous is not None:
            previous(args)

    return hook
