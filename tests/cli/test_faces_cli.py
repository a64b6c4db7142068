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
