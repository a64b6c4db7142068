"""``AuditViewer``: the audit log, its verification and the exports (CSV, JSON Lines, PDF)."""

from __future__ import annotations

import json
import logging
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.cases import SqlCaseStore, User
from app.cases.chain import ChainReport
from app.cases.export import EXPORT_FORMATS, export
from app.gui.review.state import AuditFilters
from app.gui.review.words import ACTIONS, action_text, chain_text, field_text, report_language, value_text

log = logging.getLogger(__name__)


class AuditViewer(QWidget):
    """Newest rows first; ``verify`` colours the banner green or red and names the first bad row."""

    def __init__(self, store: SqlCaseStore, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.user = store, user
        self.banner = QLabel("")
        self.banner.setWordWrap(True)
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.banner.setAccessibleName(self.tr("Chain status"))
        self.action = QComboBox()
        self.action.addItem(self.tr("All actions"), "")
        for action in ACTIONS:
            self.action.addItem(action_text(action), action)
        self.action.currentIndexChanged.connect(self.refresh)
        self.actor = QLineEdit()
        self.actor.setPlaceholderText(self.tr("Actor"))
        self.actor.returnPressed.connect(self.refresh)
        self.since, self.until = self._date_edit(), self._date_edit()
        self.since.setToolTip(self.tr("Rows from this day (UTC)"))
        self.until.setToolTip(self.tr("Rows up to and including this day (UTC)"))
        verify = QPushButton(self.tr("Verify chain"))
        verify.setObjectName("primary")
        verify.clicked.connect(self.verify)
        bar = QHBoxLayout()
        bar.addWidget(self.action)
        bar.addWidget(self.actor)
        bar.addWidget(QLabel(self.tr("from")))
        bar.addWidget(self.since)
        bar.addWidget(QLabel(self.tr("to")))
        bar.addWidget(self.until)
        bar.addStretch(1)
        bar.addWidget(verify)
        self.export_buttons: dict[str, QPushButton] = {}
        for fmt, kind in EXPORT_FORMATS.items():
            button = QPushButton(self.tr("Export %1").replace("%1", kind.label))
            button.clicked.connect(lambda _c=False, f=fmt: self.export_to(f))
            bar.addWidget(button)
            self.export_buttons[fmt] = button
        columns = [
            "#",
            self.tr("Time (UTC)"),
            self.tr("Actor"),
            self.tr("Action"),
            self.tr("Case"),
            self.tr("Details"),
            self.tr("Row hash"),
        ]
        self.table = QTableWidget(0, len(columns))
        self.table.setHorizontalHeaderLabels(columns)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.refresh()

    def _date_edit(self) -> QDateEdit:
        """A day, or "any" (its lowest value) for an open end of the range."""
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setMinimumDate(ANY_DAY)
        edit.setSpecialValueText(self.tr("any"))
        edit.setDate(ANY_DAY)
        edit.dateChanged.connect(self.refresh)
        return edit

    def filters(self) -> AuditFilters:
        """The filters as the widgets show them (the export writes the same selection)."""
        return AuditFilters(
            action=self.action.currentData() or "",
            actor=self.actor.text(),
            since=_day(self.since.date()),
            until=_day(self.until.date()),
        )

    def refresh(self) -> ChainReport:
        """Reload the rows under the filters and verify the whole chain again (the banner must
        describe the log as it is now, not as it was when the window opened)."""
        rows = self.store.audit(**self.filters().query(), limit=1000, newest_first=True)
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            payload = json.loads(r.payload)
            details = ", ".join(
                f"{field_text(k)}={value_text(k, v)}"
                for k, v in sorted(payload.items())
                if k in _SHOWN and v not in (None, "", [])
            )
            cells = (
                str(r.seq),
                r.at[:19].replace("T", " "),
                r.actor,
                action_text(r.action),
                (r.case_id or "")[:8],
                details,
                r.row_hash[:16],
            )
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if j == ACTION_COLUMN:  # the log's own identifier, for a search or the CLI
                    item.setData(Qt.ItemDataRole.UserRole, r.action)
                    item.setToolTip(r.action)
                self.table.setItem(i, j, item)
        return self.verify()

    def verify(self) -> ChainReport:
        """Verify the whole chain; the banner says the result and the first bad row turns red."""
        report = self.store.verify_audit()
        ok = report.ok
        for i in range(self.table.rowCount()):
            first = self.table.item(i, 0)
            bad = report.bad_seq is not None and first is not None and first.text() == str(report.bad_seq)
            for j in range(self.table.columnCount()):
                item = self.table.item(i, j)
                if item is not None:
                    item.setBackground(QColor("#f9d6d2") if bad else QColor(0, 0, 0, 0))
        self.banner.setText(chain_text(report))
        self.banner.setStyleSheet(
            "padding:8px;border-radius:4px;font-weight:600;"
            + ("background:#e6f4ea;color:#1e7b46;" if ok else "background:#fce8e6;color:#b3261e;")
        )
        return report

    def export_to(self, fmt: str, path: Path | None = None) -> Path | None:
        """Export through a file dialog (or to ``path``); the banner then shows the export's header."""
        if path is None:
            kind = EXPORT_FORMATS[fmt]
            name, _ = QFileDialog.getSaveFileName(
                self, self.tr("Export audit log"), f"audit{kind.suffix}", f"{kind.label} (*{kind.suffix})"
            )
            if not name:
                return None
            path = Path(name)
        header = export(
            self.store,
            fmt,
            path,
            actor=self.user.username,
            language=report_language(),
            **self.filters().export(),
        )
        log.info("audit log exported (%s)", fmt)
        self.refresh()
        self.banner.setText(
            self.banner.text()
            + "\n"
            + self.tr("Exported %1: %2").replace("%1", path.name).replace("%2", header.line())
        )
        return path


ACTION_COLUMN = 3
ANY_DAY = QDate(2000, 1, 1)  # the date edits' "any": no bound on that side


def _day(day: QDate) -> date | None:
    return None if day <= ANY_DAY else date(day.year(), day.month(), day.day())


_SHOWN = {
    "customer_ref",
    "decision",
    "outcome",
    "verdict",
    "reason",
    "username",
    "role",
    "format",
    "purged",
    "kinds",
    "flag_reasons",
    "head_seq",
}
