"""The fixed sets of values the command line takes, as enums typer lists in ``--help`` and validates.

They are spelled here rather than imported because their owners load SQLAlchemy (``app.cases``)
or Qt (``app.gui``) on import; ``tests/cli/test_choices.py`` fails when one drifts from its owner
(``app.cases.export.EXPORT_FORMATS``, ``app.cases.Outcome`` and ``Role``, the shipped translations).
"""

from __future__ import annotations

from enum import StrEnum


class Language(StrEnum):
    """A language of the windows and the PDF report: English (the source text) or a shipped translation."""

    en = "en"
    ko = "ko"


class OutcomeChoice(StrEnum):
    """The operator's decision given with ``compare --record --outcome``."""

    accept = "accept"
    reject = "reject"
    flag = "flag"

    @property
    def outcome(self) -> str:
        """The ``app.cases.Outcome`` value it records."""
        return {"accept": "ACCEPTED", "reject": "REJECTED", "flag": "FLAGGED"}[self.value]


class ExportChoice(StrEnum):
    """A format of ``audit export`` (one entry of ``app.cases.export.EXPORT_FORMATS`` each)."""

    csv = "csv"
    jsonl = "jsonl"
    pdf = "pdf"


class RoleChoice(StrEnum):
    """A user's role (``app.cases.Role``)."""

    operator = "operator"
    reviewer = "reviewer"
    admin = "admin"


class KeyKind(StrEnum):
    """What ``audit keygen`` makes a key for: retained images or checkpoint signatures."""

    image = "image"
    audit = "audit"


class LogLevel(StrEnum):
    """How much ``serve`` logs (the standard library's levels, which uvicorn takes too)."""

    critical = "critical"
    error = "error"
    warning = "warning"
    info = "info"
    debug = "debug"
