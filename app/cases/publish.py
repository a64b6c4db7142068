"""Checkpoints published outside the database: one new file each in an append-only folder.

A file is created, never replaced (``O_EXCL``), 0600 in a 0700 folder. Make the folder
append-only where it lives (``chattr +a`` on Linux, a WORM share, a folder on another machine the
workstation account may create in but not change or delete); then whoever rewrites the whole
database, head included, still meets a signed checkpoint it cannot touch. Each is also sent to
syslog (facility ``local0``) when ``FACECOMPARE_AUDIT_SYSLOG`` is set.
"""

from __future__ import annotations

import contextlib
import json
import logging
import logging.handlers
import os
from pathlib import Path

from app.cases.chain import Checkpoint
from app.cases.export_header import recorded_checkpoint
from app.cases.signing import write_new_file

PUBLISH_DIR_ENV = "FACECOMPARE_AUDIT_PUBLISH_DIR"
EVERY_ENV = "FACECOMPARE_AUDIT_CHECKPOINT_EVERY"
SYSLOG_ENV = "FACECOMPARE_AUDIT_SYSLOG"  # "1" (the local /dev/log) or host:port
DEFAULT_EVERY = 100
_log = logging.getLogger("facecompare.audit.checkpoint")


def body(point: Checkpoint, source: str) -> dict[str, object]:
    return {
        "head_seq": point.seq,
        "head_hash": point.hash,
        "checkpoint_at": point.at,
        "signature": point.signature,
        "source": source,
    }


class Publisher:
    """Writes each checkpoint it is given to ``folder`` (and syslog when configured)."""

    def __init__(self, folder: Path, *, source: str = "", syslog: str = "") -> None:
        self.folder = folder
        self.source = source
        self._syslog = _syslog_handler(syslog) if syslog else None

    @classmethod
    def from_env(cls, source: str) -> Publisher | None:
        folder = os.environ.get(PUBLISH_DIR_ENV)
        return cls(Path(folder), source=source, syslog=os.environ.get(SYSLOG_ENV, "")) if folder else None

    def publish(self, point: Checkpoint) -> Path:
        """The new file of ``point`` (named by seq, time and source; never an existing one)."""
        stamp = "".join(ch for ch in point.at if ch.isdigit())[:20]
        source = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in self.source)[:40]
        name = f"checkpoint-{point.seq:012d}-{stamp}{'-' + source if source else ''}.json"
        path = self.folder / name
        data = json.dumps(body(point, self.source), sort_keys=True).encode() + b"\n"
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not self.folder.is_dir():
            raise NotADirectoryError(f"{self.folder} is not a folder")
        with contextlib.suppress(FileExistsError):  # the same head at the same microsecond: keep the first
            write_new_file(path, data, 0o600)
        if self._syslog is not None:
            record = _log.makeRecord(
                _log.name, logging.INFO, __file__, 0, "%s", (data.decode().strip(),), None
            )
            self._syslog.handle(record)
        return path


def _syslog_handler(target: str) -> logging.Handler:
    if target == "1":
        address: str | tuple[str, int] = "/dev/log"
    else:
        host, _, port = target.rpartition(":")
        address = (host, int(port))
    handler = logging.handlers.SysLogHandler(
        address=address, facility=logging.handlers.SysLogHandler.LOG_LOCAL0
    )
    handler.setFormatter(logging.Formatter("facecompare-audit: %(message)s"))
    return handler


def read_folder(folder: Path) -> list[Checkpoint]:
    """Every checkpoint published in ``folder``, oldest seq first."""
    points = []
    for path in sorted(folder.glob("checkpoint-*.json")):
        point = recorded_checkpoint(json.loads(path.read_text(encoding="utf-8")))
        if point is None:
            raise ValueError(f"{path.name} holds no checkpoint")
        points.append(point)
    return points
