"""Structured JSON logs (structlog), one line per event; tracebacks are reduced to their type.

Everything logs through the standard library, uvicorn included, so every line is JSON. No
log line holds a request body, an image, a header value or a stack trace: exceptions are
logged as ``error_type`` and ``error_where`` (the innermost frame's module:function:line).
"""

from __future__ import annotations

import logging
import os
import sys
import traceback
from typing import IO, Any

import structlog
from structlog.typing import EventDict, WrappedLogger


def _exception_summary(_: WrappedLogger, __: str, event: EventDict) -> EventDict:
    exc_info = event.pop("exc_info", None)
    event.pop("exception", None)
    event.pop("stack", None)
    if exc_info:
        if exc_info is True:
            exc_info = sys.exc_info()
        elif isinstance(exc_info, BaseException):
            exc_info = (type(exc_info), exc_info, exc_info.__traceback__)
        exc_type, _exc, tb = exc_info
        if exc_type is not None:
            event["error_type"] = exc_type.__name__
        frames = traceback.extract_tb(tb) if tb is not None else []
        if frames:
            last = frames[-1]
            module = last.filename.rsplit("/", 1)[-1]
            event["error_where"] = f"{module}:{last.name}:{last.lineno}"
    return event


def _drop_record(_: WrappedLogger, __: str, event: EventDict) -> EventDict:
    event.pop("_record", None)
    event.pop("_from_structlog", None)
    event.pop("color_message", None)
    return event


def _add_pid(_: WrappedLogger, __: str, event: EventDict) -> EventDict:
    event["pid"] = os.getpid()
    return event


_HANDLER_NAME = "facecompare-json"


def _is_default(handler: logging.Handler) -> bool:
    """A plain stderr handler (basicConfig's); test-capture handlers are left alone."""
    return type(handler) is logging.StreamHandler and getattr(handler, "stream", None) is sys.stderr


SHARED: list[Any] = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_logger_name,
    structlog.stdlib.add_log_level,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
    _add_pid,
    _exception_summary,
]


def configure_logging(level: str = "info", stream: IO[str] | None = None) -> None:
    """Route structlog and the standard library (uvicorn) to one JSON-lines handler."""
    structlog.configure(
        processors=[*SHARED, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=False,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=SHARED,
        processors=[_drop_record, structlog.processors.JSONRenderer()],
    )
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(formatter)
    handler.set_name(_HANDLER_NAME)
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == _HANDLER_NAME or _is_default(h)]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        lg = logging.getLogger(name)
        lg.handlers.clear()
        lg.propagate = True
    # one line per request is logged by the app itself (with uid and latency)
    logging.getLogger("uvicorn.access").setLevel(logging.WARNING)


def get_logger(name: str = "facecompare.api") -> Any:
    return structlog.stdlib.get_logger(name)
