"""``ReviewWindow``: the reviewer's window — the review queue and the audit viewer in two tabs."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget, QVBoxLayout, QWidget

from app.cases import SqlCaseStore, User
from app.gui.common.resources import load_fonts
from app.gui.review.audit_viewer import AuditViewer
from app.gui.review.queue import ReviewQueue
from app.gui.review.words import role_text


class ReviewWindow(QMainWindow):
    """Opened by ``facecompare review`` after sign-in; separate from the operator's verify screen."""

    def __init__(self, store: SqlCaseStore, user: User, parent: QWidget | None = None) -> None:
        load_fonts()  # before any widget exists: a styled widget keeps the font it was made with
        super().__init__(parent)
        self.setWindowTitle(self.tr("Face Compare — review (%1)").replace("%1", user.username))
        self.queue = ReviewQueue(store, user)
        self.audit = AuditViewer(store, user)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.queue, self.tr("Review queue"))
        self.tabs.addTab(self.audit, self.tr("Audit log"))
        self.queue.reviewed.connect(lambda *_: self.audit.refresh())
        self.tabs.currentChanged.connect(lambda i: self.audit.refresh() if i == 1 else self.queue.refresh())
        header = QLabel(
            self.tr("Signed in as %1 (%2) · database: %3")
            .replace("%1", user.username)
            .replace("%2", role_text(user.role.value))
            .replace("%3", store.dialect)
        )
        header.setObjectName("muted")
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(header)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(body)
        self.resize(1660, 1000)
