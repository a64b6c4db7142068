"""Screenshots of the reviewer's window and the audit viewer, and a rendered PDF report page.

``python -m tools.screenshots.review docs/screenshots [--language ko]`` under Xvfb: cases come
from the real engine on idcard-dev pairs, recorded with retention on (a throwaway key) into a
temporary store. In Korean the files are ``review_queue_ko.png``, ``review_case_ko.png`` (a case
without retained images) and ``audit_viewer_ko.png``; the reviewer's reason is Korean too.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

DEFAULT_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "idcard-dev"
# (card, selfie, operator outcome, note, keep images)
CASES = [
    ("cards/c_000087.png", "selfies/s_000087.jpg", "ACCEPTED", "", True),
    ("cards/c_000268.jpg", "selfies/s_000268.jpg", "FLAGGED", "ID photo is 9 years old", True),
    ("cards/c_000034.jpg", "selfies/s_000034.jpg", "ACCEPTED", "Customer known to the branch", True),
    ("cards/c_000142.jpg", "selfies/s_000142.jpg", "FLAGGED", "Customer kept looking away", False),
    ("cards/c_000268.jpg", "selfies/s_000268.jpg", "FLAGGED", "Second visit, same doubt", True),
]


# the operators' notes above as a Korean counter would write them
NOTES_KO = {
    "ID photo is 9 years old": "신분증 사진이 9년 전 사진임",
    "Customer known to the branch": "지점에서 아는 고객",
    "Customer kept looking away": "고객이 계속 시선을 피함",
    "Second visit, same doubt": "두 번째 방문, 같은 의문",
}


def demo_store(folder: Path, data: Path, language: str = "en") -> Any:
    """A store with users and the cases above, recorded from real comparisons."""
    from app.cases import CaseRecord, Outcome, Role, SqlCaseStore
    from app.cases.from_engine import comparison_fields, retained_images
    from app.engine.engine import Engine

    engine = Engine("auto")
    start = datetime.now(UTC) - timedelta(hours=3)
    store = SqlCaseStore.at(folder / "cases.sqlite3", retention_days=90, image_key=os.urandom(32))
    store.add_user("park.admin", Role.ADMIN, "admin-password")
    store.add_user("lee.s", Role.REVIEWER, "reviewer-pw", actor="park.admin")
    store.add_user("kim.j", Role.OPERATOR, "operator-pw", actor="park.admin")
    for i, (card_rel, selfie_rel, outcome, note, keep) in enumerate(CASES):
        card, face = (data / card_rel).read_bytes(), (data / selfie_rel).read_bytes()
        r = engine.compare(card, face, None, None)
        rec = CaseRecord(
            created_at=start + timedelta(minutes=17 * i),
            workstation=f"BRANCH-0112-W{1 + i % 3}",
            operator="kim.j" if i != 4 else "choi.m",
            customer_ref=f"CUST-2026-{42 + i:04d}",
            outcome=Outcome(outcome),
            note=NOTES_KO.get(note, note) if language == "ko" else note,
            engine_mode="local",
            request_id=f"req-{1000 + i}",
            consent=True,
            **comparison_fields(r, card, face),
        )
        store.add(rec, images=retained_images(r, card, face) if keep else None)
    return store


# (English name, Korean name) of each screenshot; None: English only
NAMES = {
    "queue": ("review_queue", "review_queue_ko"),
    "originals": ("review_originals", None),
    "not_retained": ("review_case_not_retained", "review_case_ko"),
    "audit": ("audit_log", "audit_viewer_ko"),
    "tampered": ("audit_tampered", "audit_tampered_ko"),
}
REASONS = {
    "en": ("Same person: ears and hairline match", "Same person: scar above the left eyebrow on both"),
    "ko": ("동일인: 귀 모양과 헤어라인 일치", "동일인: 양쪽 모두 왼쪽 눈썹 위 흉터"),
}


def shoot(out: Path, data: Path, language: str = "en") -> list[Path]:
    from PySide6.QtWidgets import QApplication

    from app.cases import Role, User
    from app.cases.export import export
    from app.gui.common.resources import install_translators, load_fonts, stylesheet
    from app.gui.review.main import CATALOGUES
    from app.gui.review.window import ReviewWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setStyle("Fusion")
    app.setStyleSheet(stylesheet())
    load_fonts(app)
    install_translators(app, language, *CATALOGUES)
    korean = language == "ko"
    out.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []

    def grab(window: Any, shot: str) -> None:
        name = NAMES[shot][1 if korean else 0]
        if name is None:
            return
        for _ in range(20):
            app.processEvents()
        path = out / f"{name}.png"
        window.grab().save(str(path))
        saved.append(path)

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        store = demo_store(tmp, data, language)
        reviewer = User(username="lee.s", role=Role.REVIEWER)
        first = store.queue()[0]
        approved_reason, typed_reason = REASONS[language]
        store.review(first.case_id, "lee.s", "APPROVED", approved_reason)
        window = ReviewWindow(store, reviewer)
        window.resize(1500, 940)
        window.show()
        q = window.queue
        row = next(i for i, r in enumerate(q.state.cases) if r.decision == "REVIEW")
        q.table.selectRow(row)
        q.reason_edit.setText(typed_reason)
        grab(window, "queue")
        q.view.originals.setChecked(True)
        grab(window, "originals")
        q.view.originals.setChecked(False)
        q.reason_edit.clear()
        row = next(i for i, r in enumerate(q.state.cases) if not store.image_kinds(r.case_id))
        q.table.selectRow(row)
        grab(window, "not_retained")
        window.tabs.setCurrentIndex(1)
        grab(window, "audit")
        pdf = tmp / "report.pdf"
        export(
            store, "pdf", pdf, actor="lee.s", case_ids=[q.state.cases[0].case_id] if q.state.cases else None
        )
        _tamper(store)
        window.audit.refresh()
        window.audit.verify()
        grab(window, "tampered")
        window.close()
        store.close()
        if shutil.which("pdftoppm") and not korean:
            subprocess.run(
                ["pdftoppm", "-png", "-r", "90", "-singlefile", str(pdf), str(out / "audit_report")],
                check=True,
            )
            saved.append(out / "audit_report.png")
    return saved


def _tamper(store: Any) -> None:
    """What a DBA could do with the triggers dropped: change one past decision."""
    from sqlalchemy import text

    from app.cases.triggers import append_only_ddl, drop_ddl

    with store._engine.begin() as conn:
        for sql in drop_ddl(store.dialect, "audit_log"):
            conn.execute(text(sql))
        sql = "UPDATE audit_log SET payload = replace(payload, 'APPROVED', 'REJECTED') WHERE action = :a"
        conn.execute(text(sql), {"a": "case.reviewed"})
        for sql in append_only_ddl(store.dialect, "audit_log"):
            conn.execute(text(sql))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--language", choices=["en", "ko"], default="en")
    args = parser.parse_args(argv)
    for path in shoot(args.out, args.data, args.language):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
