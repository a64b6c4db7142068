"""The workstation's settings, kept in QSettings (one typed object, read and written in one place)."""

from __future__ import annotations

import socket
from dataclasses import dataclass, fields
from pathlib import Path

from platformdirs import user_data_dir
from PySide6.QtCore import QSettings

SCHEMA_VERSION = 1


def default_cases_db() -> str:
    return str(Path(user_data_dir("facecompare", "facecompare")) / "cases.sqlite3")


@dataclass(slots=True)
class WorkstationSettings:
    """Everything the settings dialog edits. ``secret`` is stored but never shown back."""

    engine_mode: str = "local"  # local | remote
    server_url: str = "http://127.0.0.1:8000"
    secret: str = ""
    pack: str = "auto"
    camera_device: str = ""
    language: str = "en"  # en | ko
    auto_capture: bool = True
    watch_folder: str = ""
    lock_minutes: float = 5.0  # the session locks after this long without input (set in the file)
    workstation: str = ""
    cases_db: str = ""

    @classmethod
    def load(cls, store: QSettings) -> WorkstationSettings:
        out = cls()
        for f in fields(cls):
            default = getattr(out, f.name)
            value = store.value(f.name, default)
            if isinstance(default, bool):
                value = value if isinstance(value, bool) else str(value).lower() in {"1", "true", "yes"}
            setattr(out, f.name, type(default)(value))
        out.workstation = out.workstation or socket.gethostname()
        out.cases_db = out.cases_db or default_cases_db()
        if out.engine_mode not in {"local", "remote"}:
            out.engine_mode = "local"
        if out.language not in {"en", "ko"}:
            out.language = "en"
        if not 0.5 <= out.lock_minutes <= 60:  # a lock that never comes is no lock
            out.lock_minutes = 5.0
        return out

    def save(self, store: QSettings) -> None:
        store.setValue("schema_version", SCHEMA_VERSION)
        for f in fields(self):
            store.setValue(f.name, getattr(self, f.name))
        store.sync()


def open_qsettings(path: Path | None = None) -> QSettings:
    """The user's settings, or an INI file at ``path`` (tests, kiosks with a fixed profile)."""
    if path is not None:
        return QSettings(str(path), QSettings.Format.IniFormat)
    return QSettings("facecompare", "workstation")
