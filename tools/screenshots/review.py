"""Screenshots of the reviewer's window and the audit viewer, and a rendered PDF report page.

``python -m tools.screenshots.review docs/screenshots [--language ko]`` under Xvfb: cases come
from the real engine on the public-domain samples of ``packaging/samples`` (never research
data), recorded into a temporary store as the counter records them (retention off, a throwaway
image key: flagged cases keep their images for the reviewer). In Korean the files end in
``_ko`` and the notes and the reviewer's reasons are Korean too.
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

SAMPLES = Path(__file__).resolve().parents[2] / "packaging" / "samples"
# (selfie, operator outcome, note, hand the images over): the card is always card.jpg
CASES = [
    ("selfie", "ACCEPTED", "", True),
    ("low_res", "FLAGGED", "Camera image blurred, customer wore glasses", True),
    ("other", "ACCEPTED", "Customer known to the branch", True),
    ("other", "REJECTED", "", True),
    ("selfie", "FLAGGED", "Customer kept looking away", False),
    ("low_res", "FLAGGED", "Second visit, same doubt", True),
]

# the operators' notes above as a Korean counter would write them
NOTES_KO = {
    "Camera image blurred, customer wore glasses": "카메라 이미지 흐림, 고객이 안경 착용",
    "Customer known to the branch": "지점에서 아는 고객",
    "Customer kept looking away": "고객이 계속 시선을 피함",
    "Second visit, same doubt": "두 번째 방문, 같은 의문",
}


def sample_faces() -> dict[str, bytes]:
    """The live photos, all public domain (``packaging/samples/README.md``): ``selfie`` (the
    card's person), ``other`` (a second person) and ``low_res``, the selfie as a poor camera
    would deliver it (scaled down to 56 px and back up): the same person, an uncertain score."""
    import cv2

    selfie = cv2.imread(str(SAMPLES / "selfie.jpg"))
    if selfie is None:
        raise FileNotFoundError(SAMPLES / "selfie.jpg")
    small = cv2.resize(selfie, (56, 56), interpolation=cv2.INTER_AREA)
    low_res = cv2.resize(small, selfie.shape[1::-1], interpolation=cv2.INTER_LINEAR)
    return {
        "selfie": (SAMPLES / "selfie.jpg").read_bytes(),
        "other": (SAMPLES / "other.jpg").read_bytes(),
        "low_res": cv2.imencode(".jpg", low_res, [cv2.IMWRITE_JPEG_QUALITY, 90])[1].tobytes(),
    }


def demo_store(folder: Path, language: str = "en") -> Any:
    """A branch store as the counter runs it (retention off, an image key), with users and the
    cases above recorded from real comparisons: flagged cases keep their images for review."""
    from app.cases import CaseRecord, Outcome, Role, SqlCaseStore
    from app.cases.from_engine import comparison_fields, retained_images
    from app.engine.engine import Engine

    engine = Engine("auto")
    start = datetime.now(UTC) - timedelta(hours=3)
    store = SqlCaseStore.at(folder / "cases.sqlite3", retention_days=0, image_key=os.urandom(32))
    store.add_user("park.admin", Role.ADMIN, "admin-password")
    store.add_user("lee.s", Role.REVIEWER, "reviewer-pw", actor="park.admin")
    store.add_user("kim.j", Role.OPERATOR, "operator-pw", actor="park.admin")
    card, faces = (SAMPLES / "card.jpg").read_bytes(), sample_faces()
    for i, (selfie, outcome, note, hand_over) in enumerate(CASES):
        face = faces[selfie]
        r = engine.compare(card, face, None, None)
        rec = CaseRecord(
            created_at=start + timedelta(minutes=17 * i),
            workstation=f"BRANCH-0112-W{1 + i % 3}",
            operator="kim.j" if i != 5 else "choi.m",
            customer_ref=f"CUST-2026-{42 + i:04d}",
            outcome=Outcome(outcome),
            note=NOTES_KO.get(note, note) if language == "ko" else note,
            engine_mode="local",
            request_id=f"req-{1000 + i}",
            consent=True,
            **comparison_fields(r, card, face),
        )
        store.add(rec, images=retained_images(r, card, face) if hand_over else None)
    return store


# (English name, Korean name) of each screenshot; None: English only
NAMES = {
    "queue": ("review_queue", "review_queue_ko"),
    "originals": ("review_originals", "review_originals_ko"),
    "zoom": ("review_zoom", "review_zoom_ko"),
    "not_retained": ("review_case_not_retained", "review_case_ko"),
    "audit": ("audit_log", "audit_viewer_ko"),
    "tampered": ("audit_tampered", "audit_tampered_ko"),
}
REASONS = {
    "en": ("Ears and hairline match", "Same eyebrows, nose and chin; the camera image is poor"),
    "ko": ("귀 모양과 헤어라인 일치", "눈썹, 코, 턱이 같음; 카메라 이미지가 나쁨"),
}


def shoot(out: Path, language: str = "en") -> list[Path]:
    from PySide6.QtWidgets import QApplication

    from app.cases import Role, User
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
        store = demo_store(tmp, language)
        reviewer = User(username="lee.s", role=Role.REVIEWER)
        first = store.queue()[0]
        approved_reason, typed_reason = REASONS[language]
        store.review(first.case_id, "lee.s", "APPROVED", approved_reason)
        window = ReviewWindow(store, reviewer)
        window.resize(1660, 1000)
        window.show()
        q = window.queue
        row = next((i for i, r in enumerate(q.state.cases) if r.decision == "REVIEW"), 0)
        q.table.selectRow(row)
        q.reason_edit.setText(typed_reason)
        grab(window, "queue")
        q.view.originals.setChecked(True)
        grab(window, "originals")
        q.view.face_image.view.zoom_by(2.5)  # the reviewer zooms in on the live face's landmarks
        dialog = q.view.card_image.enlarge()
        if dialog is not None:
            dialog.resize(760, 760)
            dialog.view.zoom_by(2.0)
            grab(dialog, "zoom")
            dialog.close()
        q.view.originals.setChecked(False)
        q.reason_edit.clear()
        row = next(i for i, r in enumerate(q.state.cases) if not store.image_kinds(r.case_id))
        q.table.selectRow(row)
        grab(window, "not_retained")
        window.tabs.setCurrentIndex(1)
        grab(window, "audit")
        pdf = tmp / "report.pdf"
        reviewed = store.queue(include_reviewed=True)[0]
        q.include_reviewed.setChecked(True)  # the report is saved as a reviewer saves it: from the queue
        q.table.selectRow(next(i for i, r in enumerate(q.state.cases) if r.case_id == reviewed.case_id))
        assert q.save_report(pdf) == pdf
        _tamper(store)
        window.audit.refresh()
        window.audit.verify()
        grab(window, "tampered")
        window.close()
        store.close()
        saved.append(_render_pdf(pdf, out / ("audit_report_ko" if korean else "audit_report")))
    return saved


def _render_pdf(pdf: Path, stem: Path) -> Path:
    """The report's first page as a PNG: pdftoppm when installed, else PyMuPDF's renderer."""
    png = stem.with_suffix(".png")
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "90", "-singlefile", str(pdf), str(stem)], check=True)
    else:
        import pymupdf

        with pymupdf.open(pdf) as doc:
            doc[0].get_pixmap(dpi=90).save(str(png))
    return png


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
    parser.add_argument("--language", choices=["en", "ko"], default="en")
    args = parser.parse_args(argv)
    for path in shoot(args.out, args.language):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
