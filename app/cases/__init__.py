"""Cases: what was compared, what the engine said, what people decided, and the audit log.

``CaseRecord`` is the record; ``CaseStore`` the protocol; ``SqlCaseStore`` the SQLite/PostgreSQL
store with users, four-eyes reviews, encrypted image retention and the hash-chained audit log.
"""

from app.cases.errors import AccessDenied, CaseError
from app.cases.models import CaseRecord, Outcome, Review, Role, User, Verdict, image_sha256
from app.cases.sql import SqlCaseStore
from app.cases.store import CaseStore

__all__ = [
    "AccessDenied",
    "CaseError",
    "CaseRecord",
    "CaseStore",
    "Outcome",
    "Review",
    "Role",
    "SqlCaseStore",
    "User",
    "Verdict",
    "image_sha256",
]
