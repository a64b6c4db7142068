"""The auditor's flow: the bank signs checkpoints and exports; an auditor on another machine checks
an export with nothing but the public key (no database, no secret)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cases import SqlCaseStore
from app.cli.main import app
from tests.cases.conftest import case

runner = CliRunner()


@pytest.fixture
def bank(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workstation with a signing key and a publish folder that recorded cases and exported."""
    url = f"sqlite:///{tmp_path / 'cases.sqlite3'}"
    for name in ("FACECOMPARE_AUDIT_KEY", "FACECOMPARE_RETENTION_DAYS", "FACECOMPARE_AUDIT_PUBLIC_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("FACECOMPARE_DATABASE_URL", url)
    res = runner.invoke(
        app,
        [
            "audit",
            "signing-key",
            "--output",
            str(tmp_path / "keys/audit.pem"),
            "--public",
            str(tmp_path / "pub.pem"),
        ],
    )
    assert res.exit_code == 0, res.output
    assert (tmp_path / "keys/audit.pem").stat().st_mode & 0o777 == 0o600
    monkeypatch.setenv("FACECOMPARE_AUDIT_SIGNING_KEY", str(tmp_path / "keys/audit.pem"))
    monkeypatch.setenv("FACECOMPARE_AUDIT_PUBLISH_DIR", str(tmp_path / "published"))
    monkeypatch.setenv("FACECOMPARE_AUDIT_CHECKPOINT_EVERY", "2")
    store = SqlCaseStore.from_env()
    for i in range(5):
        store.add(case(customer_ref=f"C-{i}"))
    store.close()
    res = runner.invoke(
        app, ["audit", "export", "--format", "jsonl", "--output", str(tmp_path / "log.jsonl")]
    )
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["audit", "checkpoint", "--output", str(tmp_path / "cp.json")])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "cp.json").stat().st_mode & 0o777 == 0o600
    # the auditor's machine: no key, no database
    monkeypatch.delenv("FACECOMPARE_AUDIT_SIGNING_KEY")
    monkeypatch.setenv("FACECOMPARE_DATABASE_URL", f"sqlite:///{tmp_path / 'nowhere' / 'none.sqlite3'}")
    return tmp_path


def _verify(*args: str) -> tuple[int, str]:
    res = runner.invoke(app, ["audit", "verify", *args])
    return res.exit_code, res.output + (res.stderr if res.stderr_bytes else "")


def test_an_export_verifies_with_only_the_public_key(bank: Path) -> None:
    code, out = _verify(
        "--export",
        str(bank / "log.jsonl"),
        "--public-key",
        str(bank / "pub.pem"),
        "--published",
        str(bank / "published"),
    )
    assert code == 0, out
    assert "signatures checked" in out and not (bank / "nowhere").exists()


def test_an_export_fails_with_another_key_or_without_one(bank: Path) -> None:
    runner.invoke(
        app,
        ["audit", "signing-key", "--output", str(bank / "other.pem"), "--public", str(bank / "other.pub")],
    )
    code, out = _verify("--export", str(bank / "log.jsonl"), "--public-key", str(bank / "other.pub"))
    assert code == 1 and "another key" in out
    code, out = _verify("--export", str(bank / "log.jsonl"))
    assert code == 2 and "--public-key" in out


def test_an_edited_export_fails(bank: Path) -> None:
    path = bank / "log.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    row = json.loads(lines[3])
    row["payload"]["customer_ref"] = "C-X"
    lines[3] = json.dumps(row)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out = _verify("--export", str(path), "--public-key", str(bank / "pub.pem"))
    assert code == 1 and "does not match its hash" in out


def test_an_export_whose_signed_head_was_replaced_fails(bank: Path) -> None:
    """Cut the last rows and write an unsigned header for the shorter log."""
    path = bank / "log.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = json.loads(lines[0])
    last = json.loads(lines[-2])
    header["export"].update(head_seq=last["seq"], head_hash=last["row_hash"], signature="")
    path.write_text("\n".join([json.dumps(header), *lines[1:-1]]) + "\n", encoding="utf-8")
    code, out = _verify("--export", str(path), "--public-key", str(bank / "pub.pem"))
    assert code == 1 and "unsigned" in out


def test_the_database_verifies_with_a_public_key_and_no_secret(
    bank: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FACECOMPARE_DATABASE_URL", f"sqlite:///{bank / 'cases.sqlite3'}")
    assert "FACECOMPARE_AUDIT_SIGNING_KEY" not in os.environ
    code, out = _verify(
        "--public-key",
        str(bank / "pub.pem"),
        "--checkpoint",
        str(bank / "cp.json"),
        "--published",
        str(bank / "published"),
    )
    assert code == 0, out


def test_pg_roles_prints_the_setup_and_the_grants() -> None:
    res = runner.invoke(app, ["audit", "pg-roles", "--app", "fc_app", "--owner", "fc_owner"])
    assert res.exit_code == 0, res.output
    assert "CREATE ROLE fc_app LOGIN NOSUPERUSER" in res.output
    assert "GRANT SELECT, UPDATE ON public.audit_head TO fc_app;" in res.output
    assert "GRANT SELECT, INSERT ON public.audit_log, public.audit_checkpoints, public.cases, " in res.output
    assert "DELETE ON public.audit" not in res.output and "UPDATE ON public.cases" not in res.output
    bad = runner.invoke(app, ["audit", "pg-roles", "--app", "x; DROP TABLE cases"])
    assert bad.exit_code == 2


def test_public_key_exports_the_configured_keys_public_half(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    res = runner.invoke(
        app,
        ["audit", "signing-key", "--output", str(tmp_path / "k.pem"), "--public", str(tmp_path / "k.pub")],
    )
    assert res.exit_code == 0, res.output
    monkeypatch.setenv("FACECOMPARE_AUDIT_SIGNING_KEY", str(tmp_path / "k.pem"))
    res = runner.invoke(app, ["audit", "public-key", "--output", str(tmp_path / "again.pub")])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "again.pub").read_bytes() == (tmp_path / "k.pub").read_bytes()
    os.chmod(tmp_path / "k.pem", 0o644)  # a key others may read is refused, not used
    res = runner.invoke(app, ["audit", "public-key"])
    assert res.exit_code == 1 and "chmod 600" in res.stderr
    again = runner.invoke(app, ["audit", "signing-key", "--output", str(tmp_path / "k.pem")])
    assert again.exit_code == 1 and "not replaced" in again.stderr


def test_a_selection_of_the_log_is_not_passed_off_as_a_verified_chain(bank: Path) -> None:
    """An export filtered by action or account has gaps by design: the auditor is told it is a
    selection, not shown a chain "broken" by missing rows, nor a pass."""
    out = bank / "recorded.jsonl"
    monkey_url = f"sqlite:///{bank / 'cases.sqlite3'}"
    res = runner.invoke(
        app,
        ["audit", "export", "--format", "jsonl", "--output", str(out), "--action", "case.recorded",
         "--database", monkey_url],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    code, text = _verify("--export", str(out), "--public-key", str(bank / "pub.pem"))
    assert code == 1 and "a selection of the log (action case.recorded)" in text
