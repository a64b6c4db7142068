"""Cases: the outcome an operator records for one comparison (no images, only their hashes).

``CaseRecord`` is the interface; ``CaseStore`` is the protocol every backend implements
(``SqlCaseStore`` here; the review queue, PostgreSQL and the audit log build on the same two).
"""

from app.cases.models import CaseRecord, Outcome, image_sha256
from app.cases.sql import SqlCaseStore
from app.cases.store import CaseStore

__all__ = ["CaseRecord", "CaseStore", "Outcome", "SqlCaseStore", "image_sha256"]
