"""The case store where people sign in (the workstation, the reviewer's window, the command
line): :meth:`SqlCaseStore.from_env` plus the bank's directory, when ``FACECOMPARE_LDAP_URL``
names one. The kiosk, where nobody signs in, opens its store without it and so never reaches
``ldap3`` or a socket (``tests/gui/kiosk/test_offline_contract.py``).
"""

from __future__ import annotations

import os
from typing import Any

from app.cases.sql import SqlCaseStore

#: a directory (LDAP / Active Directory) is asked only when this is set (app.cases.directory)
DIRECTORY_URL_ENV = "FACECOMPARE_LDAP_URL"


def open_store(url: str | None = None, **kwargs: Any) -> SqlCaseStore:
    """``SqlCaseStore.from_env(url, ...)`` with the configured directory (people without a local
    account sign in there); ldap3 is imported only when a directory is configured."""
    if "directory" not in kwargs and os.environ.get(DIRECTORY_URL_ENV):
        from app.cases.directory import configured_directory

        kwargs["directory"] = configured_directory()
    return SqlCaseStore.from_env(url, **kwargs)
