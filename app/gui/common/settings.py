"""The workstation's settings, kept in QSettings (one typed object, read and written in one place).

The server secret is the one setting not in QSettings (a plain file or registry key anyone who
can read the profile reads): it lives in the OS keyring (``facecompare/server-secret``), or
comes from ``FACECOMPARE_SECRET``.
"""

from __future__ import annotations

import logging
import os
import platform
from dataclasses import dataclass, fields
from pathlib import Path

from platformdirs import user_data_dir
from PySide6.QtCore import QSettings

SCHEMA_VERSION = 1
SECRET_ENV = "FACECOMPARE_SECRET"
KEYRING_SERVICE, SECRET_NAME = "facecompare", "server-secret"
log = logging.getLogger(__name__)


def load_secret() -> str:
    """``FACECOMPARE_SECRET``, else the keyring's server secret, else ""."""
    if os.environ.get(SECRET_ENV):
        return os.environ[SECRET_ENV]
    from app.cases.keys import keyring_entry

    return keyring_entry(SECRET_NAME) or ""


def store_secret(secret: str) -> bool:
    """Keep ``secret`` in the OS keyring; False when there is no usable keyring."""
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(KEYRING_SERVICE, SECRET_NAME, secret)
    except KeyringError as exc:
        log.warning("no usable OS keyring for the server secret: %s", type(exc).__name__)
        return False
    return True


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
            if f.name == "secret":
                continue
            default = getattr(out, f.name)
            value = store.value(f.name, default)
            if isinstance(default, bool):
                value = value if isinstance(value, bool) else str(value).lower() in {"1", "true", "yes"}
            setattr(out, f.name, type(default)(value))
        out.workstation = out.workstation or platform.node()
        out.cases_db = out.cases_db or default_cases_db()
        if out.engine_mode not in {"local", "remote"}:
            out.engine_mode = "local"
        if out.language not in {"en", "ko"}:
            out.language = "en"
        if not 0.5 <= out.lock_minutes <= 60:  # a lock that never comes is no lock
            out.lock_minutes = 5.0
        out.secret = load_secret()
        legacy = str(store.value("secret", "") or "")
        if legacy:  # kept in the file by an older version: moved to the keyring when there is one
            out.secret = out.secret or legacy
            if store_secret(out.secret):
                store.remove("secret")
                store.sync()
        return out

    def save(self, store: QSettings) -> bool:
        """Write the settings; the secret goes to the keyring only. False when the secret could
        not be kept there (no usable keyring): it then lasts until the program closes."""
        store.setValue("schema_version", SCHEMA_VERSION)
        for f in fields(self):
            if f.name != "secret":
                store.setValue(f.name, getattr(self, f.name))
        store.remove("secret")
        store.sync()
        if not self.secret or self.secret == load_secret():
            return True
        return store_secret(self.secret)


def open_qsettings(path: Path | None = None) -> QSettings:
    """The user's settings, or an INI file at ``path`` (tests, kiosks with a fixed profile)."""
    if path is not None:
        return QSettings(str(path), QSettings.Format.IniFormat)
    return QSettings("facecompare", "workstation")
