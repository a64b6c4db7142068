"""The per-case PDF: Korean text is legible (embedded CJK subset) and the file stays small."""

from __future__ import annotations

from pathlib import Path

import pymupdf

from app.cases import Outcome, SqlCaseStore
from app.cases.export import export, read_checkpoint
from tests.cases.conftest import case


def test_korean_notes_and_names_survive_into_the_pdf(tmp_path: Path) -> None:
    store = SqlCaseStore(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    rec = store.add(case(outcome=Outcome.FLAGGED, note="신분증 사진이 9년 전 것임", operator="김지수"))
    out = tmp_path / "r.pdf"
    header = export(store, "pdf", out, actor="검토자", case_ids=[rec.case_id])
    assert header.chain_verified
    with pymupdf.open(out) as doc:
        text = doc[0].get_text()
    assert "신분증 사진이 9년 전 것임" in text and "김지수" in text
    assert out.stat().st_size < 200_000  # the font is subset, not the 3.5 MB original
    assert read_checkpoint(out).hash == header.head_hash
    store.close()
