"""``facecompare compare``, ``analyze``, ``batch`` and ``--version`` as a user runs them."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli.main import app
from tests.conftest import DATA, need

pytestmark = pytest.mark.models
runner = CliRunner()
CARDS = DATA / "idcard-dev"


def _first_pair(same: int = 1) -> tuple[Path, Path]:
    with (need(CARDS) / "pairs.csv").open() as fh:
        row = next(r for r in csv.DictReader(fh) if int(r["same"]) == same)
    return CARDS / row["card"], CARDS / row["selfie"]


def test_compare_json_is_the_api_response() -> None:
    card, selfie = _first_pair()
    res = runner.invoke(
        app, ["compare", str(card), str(selfie), "--json", "--pack", "open", "--request-id", "r-1"]
    )
    assert res.exit_code == 0, res.output
    body = json.loads(res.stdout)
    assert body["result"] == "SUCCESS" and body["requestId"] == "r-1"
    assert len(body["uid"]) == 32 and isinstance(body["timestamp"], int)
    assert [f["source"] for f in body["faces"]] == ["cardImage", "faceImage"]
    assert body["similarityPercentage"] == pytest.approx(body["similarity"] * 100)
    assert body["verification"]["modelPack"] == "open"


def test_compare_summary_names_decision_and_licence() -> None:
    card, selfie = _first_pair()
    res = runner.invoke(app, ["compare", str(card), str(selfie), "--pack", "open"])
    assert res.exit_code == 0, res.output
    assert any(word in res.stdout for word in ("MATCH", "REVIEW", "NO_MATCH"))
    assert "licence" in res.stdout and "pose" in res.stdout


def test_compare_error_is_the_error_envelope_with_a_failing_exit() -> None:
    _, selfie = _first_pair()
    bad = need(CARDS / "bad" / "two_pages.pdf")
    res = runner.invoke(app, ["compare", str(bad), str(selfie), "--json", "--pack", "open"])
    assert res.exit_code == 1
    body = json.loads(res.stdout)
    assert body["result"] == "ERROR" and body["errorCode"] == "MULTIPAGE_NOT_SUPPORTED"
    assert "cardImage" in body["message"]


def test_analyze_prints_one_json_line_per_image(tmp_path: Path) -> None:
    card, selfie = _first_pair()
    text = tmp_path / "notes.jpg"
    text.write_text("not an image")
    res = runner.invoke(app, ["analyze", str(card), str(text), str(selfie), "--json", "--pack", "open"])
    assert res.exit_code == 1  # one image failed
    lines = [json.loads(line) for line in res.stdout.splitlines()]
    assert [line["image"] for line in lines] == [str(card), str(text), str(selfie)]
    assert lines[0]["faces"] and lines[2]["faces"]
    assert lines[1]["errorCode"] == "UNSUPPORTED_FORMAT" and "notes.jpg" in lines[1]["message"]


def test_batch_scores_every_pair_with_its_own_time(tmp_path: Path) -> None:
    (a, b), (c, d) = _first_pair(1), _first_pair(0)
    for p in (a, b, c, d):
        shutil.copy(p, tmp_path / p.name)
    shutil.copy(need(CARDS / "bad" / "truncated.jpg"), tmp_path / "truncated.jpg")
    pairs = tmp_path / "pairs.csv"
    pairs.write_text(f"card,selfie\n{a.name},{b.name}\n{c.name},{d.name}\ntruncated.jpg,{b.name}\n")
    out = tmp_path / "out" / "scores.csv"
    res = runner.invoke(app, ["batch", str(pairs), "--out", str(out), "--pack", "open", "--workers", "2"])
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(out.open()))
    assert list(rows[0]) == ["card", "selfie", "similarity", "decision", "errorCode", "ms"]
    assert [r["card"] for r in rows] == [a.name, c.name, "truncated.jpg"]
    assert float(rows[0]["similarity"]) > float(rows[1]["similarity"])
    assert rows[2]["errorCode"] == "IMAGE_DECODE_FAILED" and rows[2]["decision"] == "ERROR"
    assert all(float(r["ms"]) > 0 for r in rows)


def test_version_names_app_engine_and_pack() -> None:
    res = subprocess.run(
        [sys.executable, "-m", "app.cli", "--version"], capture_output=True, text=True, check=True, timeout=60
    )
    assert "facecompare 0.1.0" in res.stdout and "engine facecompare/0.1.0" in res.stdout
    assert "model pack" in res.stdout


# ---- compare --record when the case database will not take the case (issue 17) ----------------


def _record_cli(
    db: Path, *extra: str, fsize: int | None = None, **env: str
) -> tuple[subprocess.Popen[bytes], list[str]]:
    import os
    import resource

    card, selfie = _first_pair()
    args = [str(card), str(selfie), "--pack", "open", "--record", "--operator", "op", "--customer", "c-1"]
    args.append("--consent")
    inherited = {k: v for k, v in os.environ.items() if k != "FACECOMPARE_DB_BUSY_TIMEOUT_S"}
    signed = {"FACECOMPARE_DATABASE_URL": f"sqlite:///{db}", "FACECOMPARE_PASSWORD": OP_PASSWORD}
    full_env = inherited | signed | env

    def limit() -> None:
        if fsize is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    cmd = [sys.executable, "-m", "app.cli", "compare", *args, *extra]
    proc = subprocess.Popen(
        cmd, env=full_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=limit
    )
    return proc, cmd


OP_PASSWORD = "op-password-1"


def _new_db(db: Path) -> None:
    """A case database whose one user ``op`` signs in with ``OP_PASSWORD``."""
    from app.cases import Role, SqlCaseStore

    store = SqlCaseStore(f"sqlite:///{db}")
    store.add_user("op", Role.ADMIN, OP_PASSWORD)  # the first user is an admin, who may record
    store.close()


def _cases(db: Path) -> int:
    from app.cases import SqlCaseStore

    store = SqlCaseStore(f"sqlite:///{db}")
    try:
        return len(store.list())
    finally:
        store.close()


def _holds_open(pid: int, path: Path) -> bool:
    import os

    try:
        return any(os.readlink(f"/proc/{pid}/fd/{fd}") == str(path) for fd in os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return False


def _assert_not_recorded(
    out: bytes, err: bytes, code: int, *, reason: str | tuple[str, ...], json_out: bool
) -> None:
    reasons = (reason,) if isinstance(reason, str) else reason
    assert code == 3, (code, out[-500:], err[-500:])
    assert b"Traceback" not in err and b"Traceback" not in out
    if json_out:
        body = json.loads(out)
        assert body["result"] == "ERROR" and body["errorCode"] == "INTERNAL_ERROR", body
        said = body["message"]
        assert "not recorded" in said.lower() and any(r in said for r in reasons), body
        assert not err.strip()
    else:
        assert not out.strip()
        lines = err.decode().strip().splitlines()
        assert len(lines) == 1 and "ERROR INTERNAL_ERROR" in lines[0], lines
        assert "not recorded" in lines[0] and any(r in lines[0] for r in reasons), lines


@pytest.mark.parametrize("json_out", [True, False], ids=["json", "text"])
def test_record_while_another_program_holds_the_write_lock(tmp_path: Path, json_out: bool) -> None:
    """The issue's lock, taken once the command has opened the database (it then loads the
    models): before, exit 1 after 37.5 s with a traceback (later one 'internal error' line) and
    nothing on stdout."""
    import sqlite3
    import time

    db = tmp_path / "cases.sqlite3"
    _new_db(db)
    t0 = time.monotonic()
    proc, _ = _record_cli(db, *(["--json"] if json_out else []))
    while not _holds_open(proc.pid, db):  # opened (and migrated): now take the lock
        assert proc.poll() is None and time.monotonic() - t0 < 60, proc.communicate()
        time.sleep(0.05)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        out, err = proc.communicate(timeout=120)
        took = time.monotonic() - t0
    finally:
        holder.rollback()
        holder.close()
    _assert_not_recorded(out, err, proc.returncode, reason="locked by another program", json_out=json_out)
    assert took < 30, took  # waits 5 s for the lock, not 30
    assert _cases(db) == 0


def test_record_with_the_lock_held_from_the_start_says_nothing_was_recorded(tmp_path: Path) -> None:
    import sqlite3

    db = tmp_path / "cases.sqlite3"
    _new_db(db)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        proc, _ = _record_cli(db, "--json", FACECOMPARE_DB_BUSY_TIMEOUT_S="1")
        out, err = proc.communicate(timeout=120)
    finally:
        holder.rollback()
        holder.close()
    _assert_not_recorded(out, err, proc.returncode, reason="waited 1 s", json_out=True)
    assert "could not be opened" in json.loads(out)["message"]


def test_record_on_a_full_disk_answers_the_envelope_and_records_nothing(tmp_path: Path) -> None:
    """No file of the command may grow past 40 KiB (RLIMIT_FSIZE: the kernel refuses the write,
    as on a full disk): the database opens, the case's write fails. Before: exit 1 with a
    traceback (later one 'internal error' line), nothing on stdout."""

    db = tmp_path / "cases.sqlite3"
    _new_db(db)
    proc, _ = _record_cli(db, "--json", fsize=40 * 1024)
    out, err = proc.communicate(timeout=120)
    full = ("could not be written", "disk of the case database is full")
    _assert_not_recorded(out, err, proc.returncode, reason=full, json_out=True)
    assert _cases(db) == 0


def test_the_lock_taken_between_opening_and_signing_in_is_not_recorded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The race CI met: another program takes the write lock after the command has opened the
    database but before the operator's sign-in is audited. Before: an 'internal error' line and
    exit 1, not the not-recorded envelope and exit 3."""
    import sqlite3

    from app.cli.record import NotRecorded, open_case_store, sign_in_operator

    db = tmp_path / "cases.sqlite3"
    _new_db(db)
    monkeypatch.setenv("FACECOMPARE_DATABASE_URL", f"sqlite:///{db}")
    monkeypatch.setenv("FACECOMPARE_PASSWORD", OP_PASSWORD)
    monkeypatch.setenv("FACECOMPARE_DB_BUSY_TIMEOUT_S", "0.2")
    store = open_case_store()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(NotRecorded) as caught:
            sign_in_operator(store, "op")
    finally:
        holder.rollback()
        holder.close()
        store.close()
    said = caught.value.message
    assert said.startswith("The case was not recorded") and "locked by another program" in said, said
    assert "waited 0.2 s" in said
