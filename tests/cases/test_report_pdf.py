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


def _words(page: pymupdf.Page) -> str:
    return " ".join(page.get_text().split())


def test_the_trail_is_whole_says_who_exported_and_reads_in_words(tmp_path: Path) -> None:
    """Every trail row and its every detail is on the page (wrapped, never cut with "…"), the
    footer names the exporter and the time, and the values read as words with the one score."""
    from app.cases import Role, Verdict

    store = SqlCaseStore(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    store.add_user("boss", Role.ADMIN, "admin-password")
    store.add_user("lee.s", Role.REVIEWER, "reviewer-pw", actor="boss")
    rec = store.add(case(decision="REVIEW", similarity=0.7534, match_threshold=0.8, review_threshold=0.7))
    reason = "the ears and the chin match the card; the card photo is nine years old " * 3
    store.review(rec.case_id, "lee.s", Verdict.APPROVED, reason.strip())
    for i in range(30):  # a long trail: it goes on over the next page, row by row
        store.audit_event("lee.s", "case.printed", {"copy": i}, case_id=rec.case_id)
    out = tmp_path / "r.pdf"
    export(store, "pdf", out, actor="lee.s", case_ids=[rec.case_id])
    with pymupdf.open(out) as doc:
        pages = [_words(p) for p in doc]
    text = " ".join(pages)
    assert len(pages) >= 2 and "Decision trail (continued)" in pages[1]
    assert reason.split()[-1] in text and text.count("nine years old") >= 6  # in the table and trail
    for row in store.audit(case_id=rec.case_id)[:-1]:  # the export's own row comes after
        assert f"#{row.seq}" in text and row.row_hash[:12] in text
    assert "…" not in text and "..." not in text
    assert "Exported by lee.s on 20" in pages[0] and " UTC" in pages[0]
    assert "75.3 / 100 (check again)" in pages[0] and "0.7534" not in text
    assert "same person (by lee.s)" in pages[0] and "APPROVED" not in text and "review_band" not in text
    assert "uncertain similarity" in pages[0]
    store.close()


def test_a_korean_report_reads_in_korean_throughout(tmp_path: Path) -> None:
    """``language="ko"``: every label, value word and sentence is Korean (the identifiers, hashes
    and typed text stay as they are), in words the reviewer's window uses."""
    from app.cases import Role, Verdict
    from app.cases.report_words import KO

    store = SqlCaseStore(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    store.add_user("boss", Role.ADMIN, "admin-password")
    store.add_user("lee.s", Role.REVIEWER, "reviewer-pw", actor="boss")
    rec = store.add(case(decision="REVIEW", similarity=0.7534, match_threshold=0.8, review_threshold=0.7))
    store.review(rec.case_id, "lee.s", Verdict.REJECTED, "귀 모양이 다름")
    for i in range(30):
        store.audit_event("lee.s", "case.printed", {"copy": i}, case_id=rec.case_id)
    out = tmp_path / "r.pdf"
    export(store, "pdf", out, actor="lee.s", case_ids=[rec.case_id], language="ko")
    with pymupdf.open(out) as doc:
        pages = [_words(p) for p in doc]
        title = doc.metadata["title"]
    text = " ".join(pages)
    assert title == "Face Compare 건 보고서"
    assert "처리 이력 (계속)" in pages[1] and "감사 기록 무결성 검증됨" in pages[0]
    assert "75.3 / 100 (다시 확인)" in pages[0] and "검토 필요" in pages[0]
    assert "같은 사람 아님 (검토자 lee.s): 귀 모양이 다름" in pages[0]
    assert "유사도 불확실" in pages[0] and "담당자 처리" in pages[0] and "내보낸 사람 lee.s" in pages[0]
    english = [s for s in KO if "{" not in s and len(s) > 4 and s in text and s not in KO.values()]
    assert english == [], english  # no English label or sentence is left on the Korean pages
    for words in ("Decision trail", "similarity", "Operator", "not measured", "Exported by", "CHECK AGAIN"):
        assert words not in text, words
    store.close()


def test_a_report_in_a_language_without_its_words_is_refused(tmp_path: Path) -> None:
    import pytest

    store = SqlCaseStore(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    with pytest.raises(ValueError, match="language"):
        export(store, "pdf", tmp_path / "r.pdf", actor="x", language="fr")
    assert not (tmp_path / "r.pdf").exists()
    store.close()
