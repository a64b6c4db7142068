"""``ReviewQueue``: flagged cases with filters, the selected case, and approve / reject with a reason."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.cases import CaseError, SqlCaseStore, User, Verdict
from app.cases.export import export
from app.cases.flags import REASONS
from app.gui.common.messages import decision_text
from app.gui.review.case_view import ReviewCaseView
from app.gui.review.state import QueueFilters, ReviewQueueState
from app.gui.review.words import flag_reason_text, refusal_text, report_language, verdict_text

log = logging.getLogger(__name__)
STATUS_COLUMN = 6  # "Status" in the queue's table (the columns are listed in ReviewQueue.__init__)


class ReviewQueue(QWidget):
    """The reviewer's work list; ``reviewed(case_id, verdict)`` after each decision."""

    reviewed = Signal(str, str)

    def __init__(self, store: SqlCaseStore, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.user = store, user
        self.state = ReviewQueueState(store, user.username)

        self.reason = QComboBox()
        self.reason.addItem(self.tr("Any reason"), "")
        for reason in REASONS:
            self.reason.addItem(flag_reason_text(reason), reason)
        self.operator = QLineEdit()
        self.operator.setPlaceholderText(self.tr("Operator"))
        self.workstation = QLineEdit()
        self.workstation.setPlaceholderText(self.tr("Workstation"))
        self.since = QDateEdit(QDate.currentDate().addDays(-30))
        self.since.setCalendarPopup(True)
        self.since.setDisplayFormat("yyyy-MM-dd")
        self.include_reviewed = QCheckBox(self.tr("Show reviewed"))
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(self.refresh)
        for w in (self.reason, self.include_reviewed):
            (w.currentIndexChanged if isinstance(w, QComboBox) else w.toggled).connect(self.refresh)
        for edit in (self.operator, self.workstation):
            edit.returnPressed.connect(self.refresh)
        self.since.dateChanged.connect(self.refresh)
        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("Filters:")))
        for widget in (self.reason, self.operator, self.workstation, QLabel(self.tr("since")), self.since):
            filters.addWidget(widget)
        filters.addWidget(self.include_reviewed)
        filters.addStretch(1)
        filters.addWidget(refresh)

        # short columns first, sized to their contents; the flag reasons take what is left
        # (elided there, whole in the tooltip), so Operator and Workstation are never cut
        columns = [
            self.tr("Time (UTC)"),
            self.tr("Customer"),
            self.tr("Decision"),
            self.tr("Score"),
            self.tr("Operator"),
            self.tr("Workstation"),
            self.tr("Status"),
            self.tr("Flags"),  # short, so the header is not cut; its tooltip says it whole
        ]
        self.table = QTableWidget(0, len(columns))
        self.table.setHorizontalHeaderLabels(columns)
        flags_header = QTableWidgetItem(columns[-1])
        flags_header.setToolTip(self.tr("Flagged because"))
        self.table.setHorizontalHeaderItem(len(columns) - 1, flags_header)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(columns) - 1, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(48)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.itemSelectionChanged.connect(self._selected)
        # a case clicked, or Return on it: the cursor goes to the reason (arrows keep browsing)
        self.table.clicked.connect(lambda _index: self._to_reason())
        self.table.activated.connect(lambda _index: self._to_reason())
        self.count = QLabel("")
        self.count.setObjectName("muted")
        left = QVBoxLayout()
        left.addWidget(self.table, 1)
        left.addWidget(self.count)
        left_box = QWidget()
        left_box.setLayout(left)

        self.view = ReviewCaseView()
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText(self.tr("Reason (required)"))
        self.reason_edit.setAccessibleName(self.tr("Reason"))
        self.reason_edit.setMaxLength(4000)
        self.reason_edit.textChanged.connect(self._update_buttons)
        # the reviewer decides whether the two photos show one person: the buttons say so
        self.approve = QPushButton(self.tr("Same person"))
        self.approve.setObjectName("accept")
        self.approve.setToolTip(self.tr("The ID card and the live photo show the same person"))
        self.reject = QPushButton(self.tr("Not the same person"))
        self.reject.setObjectName("reject")
        self.reject.setToolTip(self.tr("The ID card and the live photo show different people"))
        self.approve.clicked.connect(lambda: self._decide(Verdict.APPROVED))
        self.reject.clicked.connect(lambda: self._decide(Verdict.REJECTED))
        # the whole decision from the keyboard: Alt+S same person, Alt+N not the same person
        self.tips = {self.approve: self.approve.toolTip(), self.reject: self.reject.toolTip()}
        for button, keys in ((self.approve, "Alt+S"), (self.reject, "Alt+N")):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(button.click)  # does nothing while the button is disabled
            self.tips[button] += f" ({QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)})"
        self.report = QPushButton(self.tr("PDF report"))
        self.report.setToolTip(self.tr("Save this case's report (crops, gauge, pose, mask, decision trail)"))
        self.report.clicked.connect(lambda: self.save_report())
        self.message = QLabel("")
        self.message.setWordWrap(True)
        actions = QHBoxLayout()
        actions.addWidget(self.reason_edit, 1)
        actions.addWidget(self.approve)
        actions.addWidget(self.reject)
        actions.addWidget(self.report)
        right = QVBoxLayout()
        right.addWidget(self.view, 1)
        right.addLayout(actions)
        right.addWidget(self.message)
        right_box = QWidget()
        right_box.setLayout(right)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left_box)
        split.addWidget(right_box)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setSizes([690, 970])  # the case view needs about 950 px (two 270 px images, the gauge)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(split, 1)
        self.refresh()

    def filters(self) -> QueueFilters:
        """The filters as the widgets show them."""
        day = self.since.date()
        return QueueFilters(
            reason=self.reason.currentData() or "",
            operator=self.operator.text(),
            workstation=self.workstation.text(),
            since=date(day.year(), day.month(), day.day()),
            include_reviewed=self.include_reviewed.isChecked(),
        )

    def refresh(self) -> None:
        """Reload the queue with the current filters (keeps the selection when it is still listed)."""
        index = self.state.refresh(self.filters())
        cases = self.state.cases
        self.table.setRowCount(len(cases))
        for i, rec in enumerate(cases):
            cells = self.state.cells(
                rec,
                waiting=self.tr("waiting"),
                decision=decision_text,
                reason=flag_reason_text,
                verdict=verdict_text,
            )
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(i, j, item)
        self.count.setText(self.tr("%1 case(s)").replace("%1", str(len(cases))))
        # every listed case waits unless reviewed ones are shown: the Status column only says so
        # then, and its width goes to the flag reasons
        self.table.setColumnHidden(STATUS_COLUMN, not self.include_reviewed.isChecked())
        if index >= 0:
            self.table.selectRow(index)
        else:
            self.view.clear()
        self._update_buttons()

    def _selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        rec = self.state.select(rows[0].row() if rows else -1)
        self.message.setText("")
        if rec is None:
            self.view.clear()
        else:
            try:
                images = (
                    self.store.images(rec.case_id, actor=self.user.username)
                    if self.store.image_kinds(rec.case_id)
                    else {}
                )
            except (CaseError, ValueError) as exc:  # no key here, or an altered image
                images = {}
                self._say(str(exc), error=True)
            self.view.show_case(
                rec, images, self.store.review_of(rec.case_id), self.store.audit(case_id=rec.case_id)
            )
        self._update_buttons()

    def save_report(self, path: Path | None = None) -> Path | None:
        """The selected case's PDF report (through a file dialog unless ``path`` is given)."""
        rec = self.state.selected
        if rec is None:
            return None
        if path is None:
            name, _ = QFileDialog.getSaveFileName(
                self, self.tr("Save case report"), f"case-{rec.case_id[:8]}.pdf", "PDF (*.pdf)"
            )
            if not name:
                return None
            path = Path(name)
        header = export(
            self.store,
            "pdf",
            path,
            actor=self.user.username,
            case_ids=[rec.case_id],
            language=report_language(),
        )
        log.info("case %s report saved", rec.case_id)
        self._say(self.tr("Saved %1: %2").replace("%1", path.name).replace("%2", header.line()))
        return path

    def _update_buttons(self) -> None:
        self.report.setEnabled(self.state.selected is not None)
        has_reason = bool(self.reason_edit.text().strip())
        for button in (self.approve, self.reject):
            button.setEnabled(self.state.can_decide(self.reason_edit.text()))
            button.setToolTip(self.tips[button] if has_reason else self.tr("Write the reason first"))

    def _to_reason(self) -> None:
        if self.state.selected is not None:
            self.reason_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"color:{'#b3261e' if error else '#1e7b46'};")

    def _decide(self, verdict: Verdict) -> None:
        decided = self.state.decide(verdict, self.reason_edit.text())
        if decided is None:
            return
        if decided.refused:
            log.info("review of case %s refused", decided.case_id)
            self._say(refusal_text(decided.refused), error=True)
            return
        if decided.failed:
            self._say(self.tr("Not recorded: %1").replace("%1", decided.failed), error=True)
            return
        log.info("case %s reviewed: %s", decided.case_id, verdict.value)
        self.reason_edit.clear()
        self._say(
            self.tr("Case %2 decided: %1.")
            .replace("%1", verdict_text(verdict.value))
            .replace("%2", decided.case_id[:8])
        )
        self.reviewed.emit(decided.case_id, verdict.value)
        self.refresh()
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)  # on to the next case
