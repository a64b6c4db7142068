"""``facecompare audit verify | export | add-user`` and ``compare --record``, as a user runs them."""

from __future__ import annotations

import base64
import csv
import json
import os
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from app.cases import Outcome, SqlCaseStore
from app.cases.triggers import append_only_ddl, drop_ddl, drop_head_forward_ddl
from app.cli.main import app
from tests.cases.conftest import case
from tests.conftest import DATA, need

runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'cases.sqlite3'}"
    monkeypatch.setenv("FACECOMPARE_DATABASE_URL", url)
    monkeypatch.delenv("FACECOMPARE_RETENTION_DAYS", raising=False)
    store = SqlCaseStore(url)
    for i in range(5):
        store.add(case(customer_ref=f"C-{i}", outcome=Outcome.FLAGGED if i == 2 else Outcome.ACCEPTED))
    store.close()
    return url


def _tamper(url: str, sql: str, table: str = "audit_log") -> None:
    store = SqlCaseStore(url)
    with store._engine.begin() as conn:
        for s in drop_ddl("sqlite", table):
            conn.execute(text(s))
        conn.execute(text(sql))
        for s in append_only_ddl("sqlite", table):
            conn.execute(text(s))
    store.close()


def test_verify_exits_0_when_intact_and_1_naming_the_first_bad_row(db: str) -> None:
    ok = runner.invoke(app, ["audit", "verify"])
    assert ok.exit_code == 0, ok.output
    assert "intact: 5 rows" in ok.stdout
    _tamper(db, "UPDATE audit_log SET actor = 'mallory' WHERE seq = 3")
    bad = runner.invoke(app, ["audit", "verify"])
    assert bad.exit_code == 1
    assert "BROKEN at row #3" in bad.stderr


def test_a_pdf_export_in_korean(db: str, tmp_path: Path) -> None:
    out = tmp_path / "ko.pdf"
    res = runner.invoke(app, ["audit", "export", "--format", "pdf", "--output", str(out), "--language", "ko"])
    assert res.exit_code == 0, res.output
    with pytest.importorskip("pymupdf").open(out) as doc:
        page = " ".join(doc[2].get_text().split())
    assert "감사 기록 무결성 검증됨" in page and "담당자 검토 요청" in page and "처리 이력" in page
    assert "Decision trail" not in page
    bad = runner.invoke(app, ["audit", "export", "--format", "pdf", "--output", str(out), "--language", "fr"])
    assert bad.exit_code == 2 and "--language" in bad.output


def test_exports_state_the_chain_and_head_and_serve_as_checkpoints(db: str, tmp_path: Path) -> None:
    out_csv, out_jsonl, out_pdf = tmp_path / "a.csv", tmp_path / "a.jsonl", tmp_path / "a.pdf"
    for fmt, path in (("csv", out_csv), ("jsonl", out_jsonl), ("pdf", out_pdf)):
        res = runner.invoke(app, ["audit", "export", "--format", fmt, "--output", str(path)])
        assert res.exit_code == 0, res.output
        assert "audit chain VERIFIED; head #" in res.stdout
    head = json.loads(out_jsonl.read_text().splitlines()[0])["export"]
    assert head["chain_verified"] is True and len(head["head_hash"]) == 64
    rows = [json.loads(line) for line in out_jsonl.read_text().splitlines()[1:]]
    assert [r["seq"] for r in rows] == list(range(1, head["head_seq"] + 1))
    lines = out_csv.read_text().splitlines()
    assert lines[0].startswith("# audit chain VERIFIED; head #5 sha256 ")
    assert next(csv.reader(lines[2:3])) == [
        "seq",
        "at",
        "actor",
        "action",
        "case_id",
        "payload",
        "prev_hash",
        "row_hash",
    ]
    assert len(lines) == 3 + 5
    with pytest.importorskip("pymupdf").open(out_pdf) as doc:
        assert doc.page_count == 5  # one page per case
        page = doc[2].get_text()
        assert "Audit chain VERIFIED" in page and "sent by the operator" in page and "Decision trail" in page
    # each export is itself audited; an export taken earlier still checks the log
    assert (
        runner.invoke(
            app, ["audit", "verify", "--checkpoint", str(out_csv), "--checkpoint", str(out_pdf)]
        ).exit_code
        == 0
    )
    _tamper(db, "DELETE FROM audit_log WHERE seq >= 4")
    _tamper(db, "DELETE FROM audit_checkpoints", "audit_checkpoints")
    store = SqlCaseStore(db)
    with store._engine.begin() as conn:  # rewind the head as a careful forger (the owner) would
        for s in drop_head_forward_ddl("sqlite"):
            conn.execute(text(s))
        last = conn.execute(text("SELECT row_hash FROM audit_log WHERE seq = 3")).scalar_one()
        conn.execute(text("UPDATE audit_head SET seq = 3, hash = :h"), {"h": last})
    store.close()
    res = runner.invoke(app, ["audit", "verify", "--checkpoint", str(out_jsonl)])
    assert res.exit_code == 1 and "tail was cut" in res.stderr


def test_export_filters_by_time(db: str, tmp_path: Path) -> None:
    out = tmp_path / "none.jsonl"
    res = runner.invoke(
        app, ["audit", "export", "--format", "jsonl", "--output", str(out), "--until", "2000-01-01"]
    )
    assert res.exit_code == 0, res.output
    assert len(out.read_text().splitlines()) == 1  # only the header
    bad = runner.invoke(app, ["audit", "export", "--format", "xml", "--output", str(out)])
    assert bad.exit_code != 0


def test_add_user_needs_an_admin(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FACECOMPARE_NEW_PASSWORD", raising=False)
    monkeypatch.delenv("FACECOMPARE_ADMIN_PASSWORD", raising=False)
    first = runner.invoke(
        app, ["audit", "add-user", "boss", "--role", "admin"], input="admin-password\nadmin-password\n"
    )
    assert first.exit_code == 0, first.output
    args = ["audit", "add-user", "rev", "--role", "reviewer", "--as", "boss"]
    denied = runner.invoke(app, args, input="wrong-password\nreviewer-pw\nreviewer-pw\n")
    assert denied.exit_code == 2
    added = runner.invoke(app, args, input="admin-password\nreviewer-pw\nreviewer-pw\n")
    assert added.exit_code == 0, added.output
    store = SqlCaseStore(db)
    assert store.user("rev") is not None
    assert all("reviewer-pw" not in r.payload and "admin-password" not in r.payload for r in store.audit())
    store.close()


@pytest.mark.models
def test_compare_record_keeps_a_case_and_its_encrypted_images(tmp_path: Path) -> None:
    """The real command line in a subprocess: a REVIEW pair is recorded, flagged and its images sealed."""
    card, selfie = (
        need(DATA / "idcard-dev" / "cards/c_000268.jpg"),
        DATA / "idcard-dev" / "selfies/s_000268.jpg",
    )
    url = f"sqlite:///{tmp_path / 'rec.sqlite3'}"
    key = base64.b64encode(os.urandom(32)).decode()
    env = os.environ | {
        "FACECOMPARE_DATABASE_URL": url,
        "FACECOMPARE_RETENTION_DAYS": "30",
        "FACECOMPARE_IMAGE_KEY": key,
        "FACECOMPARE_PASSWORD": "operator-pw",
    }
    users = SqlCaseStore(url)
    users.add_user("boss", "admin", "admin-password")
    users.add_user("kim.j", "operator", "operator-pw", actor="boss")
    users.close()
    cmd = [
        str(Path(os.sys.executable).with_name("facecompare")),
        "compare", str(card), str(selfie), "--pack", "open", "--record", "--consent",
        "--operator", "kim.j", "--customer", "CUST-77", "--outcome", "flag",
    ]  # fmt: skip
    res = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    assert "recorded case" in res.stderr
    store = SqlCaseStore(url, retention_days=30, image_key=base64.b64decode(key))
    (rec,) = store.list()
    assert rec.operator == "kim.j" and rec.customer_ref == "CUST-77" and rec.outcome is Outcome.FLAGGED
    assert rec.consent is True and [r.action for r in store.audit()][-2:] == [
        "user.signed_in",
        "case.recorded",
    ]
    assert "operator_flag" in rec.flag_reasons and rec.face_sharpness is not None
    assert rec.card_geometry is not None and len(rec.card_geometry.points) >= 5
    assert sorted(store.image_kinds(rec.case_id)) == ["card", "card_crop", "face", "face_crop"]
    assert store.images(rec.case_id, actor="t")["card"] == card.read_bytes()
    assert store.verify_audit().ok
    store.close()
    refused = runner.invoke(app, ["compare", str(card), str(selfie), "--record", "--operator", "x"])
    assert refused.exit_code != 0


def test_keygen_prints_a_usable_key() -> None:
    from app.cases.keys import decode_key

    res = runner.invoke(app, ["audit", "keygen", "image"])
    assert res.exit_code == 0 and len(decode_key(res.stdout.strip())) == 32


def test_checkpoint_show_and_purge(db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    point = tmp_path / "head.json"
    res = runner.invoke(app, ["audit", "checkpoint", "--output", str(point)])
    assert res.exit_code == 0, res.output
    assert json.loads(point.read_text())["head_seq"] == 5
    assert runner.invoke(app, ["audit", "verify", "--checkpoint", str(point)]).exit_code == 0
    shown = runner.invoke(app, ["audit", "show", "--last", "2"])
    assert shown.exit_code == 0 and shown.stdout.count("case.recorded") == 2 and "#5 " in shown.stdout
    purged = runner.invoke(app, ["audit", "purge"])
    assert purged.exit_code == 0 and "purged 0 image(s)" in purged.stdout
