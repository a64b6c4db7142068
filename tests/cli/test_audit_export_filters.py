"""``facecompare audit export --from/--to/--action/--by``: an export holds the rows asked for,
says which, who exported it and when, and a PDF reports the cases those rows name."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from app.cases import Role, SqlCaseStore, Verdict
from app.cases.report_pdf import read_pdf_header
from app.cli.main import app
from tests.cases.conftest import case

runner = CliRunner()
DAYS = [datetime(2026, 1, d, 10, tzinfo=UTC) for d in (1, 2, 3)]


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """One case a day on 1, 2 and 3 January 2026 by op-1, op-2, op-1; the second is flagged
    and reviewed by lee.s on the 3rd."""
    url = f"sqlite:///{tmp_path / 'cases.sqlite3'}"
    monkeypatch.setenv("FACECOMPARE_DATABASE_URL", url)
    monkeypatch.delenv("FACECOMPARE_RETENTION_DAYS", raising=False)
    now = [DAYS[0]]
    store = SqlCaseStore(url, clock=lambda: now[0])
    store.add_user("boss", Role.ADMIN, "admin-password")
    store.add_user("lee.s", Role.REVIEWER, "reviewer-pw", actor="boss")
    for i, day in enumerate(DAYS):
        now[0] = day
        decision = "REVIEW" if i == 1 else "MATCH"
        store.add(case(customer_ref=f"C-{i}", decision=decision, operator=f"op-{1 + i % 2}", created_at=day))
    flagged = store.queue()[0]
    store.review(flagged.case_id, "lee.s", Verdict.APPROVED, "same person")
    store.close()
    return url


def _jsonl(path: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    return lines[0]["export"], lines[1:]


def _export(tmp_path: Path, name: str, *args: str) -> Path:
    out = tmp_path / name
    fmt = out.suffix.lstrip(".")
    res = runner.invoke(app, ["audit", "export", "--format", fmt, "--output", str(out), *args])
    assert res.exit_code == 0, res.output
    return out


def test_from_to_is_a_date_range_with_the_last_day_included(db: str, tmp_path: Path) -> None:
    header, rows = _jsonl(_export(tmp_path, "day2.jsonl", "--from", "2026-01-02", "--to", "2026-01-02"))
    assert [r["at"][:10] for r in rows] == ["2026-01-02"] and rows[0]["action"] == "case.recorded"
    assert header["since"].startswith("2026-01-02") and header["until"].startswith("2026-01-03")
    _, rows = _jsonl(_export(tmp_path, "from2.jsonl", "--from", "2026-01-02"))
    assert {r["at"][:10] for r in rows if r["action"] != "audit.exported"} >= {"2026-01-02", "2026-01-03"}
    assert all(r["at"][:10] != "2026-01-01" for r in rows)


def test_action_and_author_filters_and_who_exported(db: str, tmp_path: Path) -> None:
    header, rows = _jsonl(_export(tmp_path, "reviews.jsonl", "--action", "case.reviewed"))
    assert [r["action"] for r in rows] == ["case.reviewed"] and header["action"] == "case.reviewed"
    assert header["exported_by"] and header["exported_at"][:4] == str(datetime.now(UTC).year)
    _, rows = _jsonl(_export(tmp_path, "op1.jsonl", "--by", "op-1", "--action", "case.recorded"))
    assert [r["payload"]["customer_ref"] for r in rows] == ["C-0", "C-2"]


def test_a_filtered_pdf_reports_the_cases_its_rows_name(db: str, tmp_path: Path) -> None:
    import pymupdf

    pdf = _export(tmp_path, "reviewed.pdf", "--action", "case.reviewed")
    with pymupdf.open(pdf) as doc:
        pages = [page.get_text() for page in doc]
    assert len(pages) == 1 and "C-1" in pages[0]
    assert read_pdf_header(pdf)["action"] == "case.reviewed"
    nothing = _export(tmp_path, "none.pdf", "--by", "nobody")
    with pymupdf.open(nothing) as doc:
        assert doc.page_count == 1 and "No cases" in doc[0].get_text()
