"""``facecompare evaluate`` and ``facecompare calibrate`` end to end on a small real subset."""

from __future__ import annotations

import base64
import csv
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli.main import app
from app.engine.calibration import load_calibration
from tests.conftest import DATA, need

runner = CliRunner()
PNG = b"\x89PNG\r\n\x1a\n"

pytestmark = [pytest.mark.models, pytest.mark.data]


def lfw_subset(tmp_path: Path, n: int = 40) -> Path:
    """``n`` rows of lfw-dev (half matched, half mismatched, from both sets), absolute paths."""
    root = need(DATA / "lfw-dev")
    with (root / "pairs.csv").open() as fh:
        rows = list(csv.DictReader(fh))
    half = n // 4
    chosen = rows[:half] + rows[300 : 300 + half] + rows[600 : 600 + half] + rows[900 : 900 + half]
    path = tmp_path / "pairs.csv"
    with path.open("w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["card", "selfie", "same"])
        w.writeheader()
        for r in chosen:
            w.writerow({"card": str(root / r["card"]), "selfie": str(root / r["selfie"]), "same": r["same"]})
    return path


@pytest.fixture(scope="module")
def subset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return lfw_subset(tmp_path_factory.mktemp("lfw40"))


def test_evaluate_writes_html_pngs_and_json(subset: Path, tmp_path: Path) -> None:
    report = tmp_path / "report"
    res = runner.invoke(
        app,
        [
            "evaluate",
            str(subset),
            "--report",
            str(report),
            "--pack",
            "open",
            "--workers",
            "2",
            "--identity-from-folder",
        ],
    )
    assert res.exit_code == 0, res.output
    summary = json.loads((report / "summary.json").read_text())
    c = summary["counts"]
    assert (c["pairs"], c["genuine"], c["impostors_listed"]) == (40, 20, 20)
    assert c["impostors_extra"] > 500 and c["impostors_total"] == 20 + c["impostors_extra"]
    assert summary["input"]["identity_source"] == "folder" and summary["pack"] == "open"
    assert summary["fte"]["pairs"]["count"] == 0
    fars = {t["far"]: t for t in summary["tar_at_far"]}
    assert fars[0.01]["measurable"] and 0.5 < fars[0.01]["tar"] <= 1.0
    assert not fars[0.0001]["measurable"] and fars[0.0001]["tar"] is None
    assert 0.9 <= summary["accuracy"]["at_best_threshold"] <= 1.0
    assert summary["accuracy"]["kfold"]["folds"] == 10
    assert set(summary["per_format"]) == {"jpg"}
    for name in ("histogram.png", "roc.png", "det.png"):
        assert (report / name).read_bytes().startswith(PNG)
    html = (report / "report.html").read_text()
    inlined = re.findall(r"data:image/png;base64,([A-Za-z0-9+/=]+)", html)
    assert len(inlined) == 3 and all(base64.b64decode(b).startswith(PNG) for b in inlined)
    assert "not measurable" in html and "src='http" not in html
    assert "TAR" in res.stdout and "not measurable" in res.stdout


def test_calibrate_writes_a_file_the_engine_accepts(subset: Path, tmp_path: Path) -> None:
    out = tmp_path / "cal" / "open.json"
    args = ["calibrate", str(subset), "--far", "0.01", "--review-far", "0.05", "--pack", "open"]
    res = runner.invoke(app, [*args, "--workers", "2", "--identity-from-folder", "--out", str(out)])
    assert res.exit_code == 0, res.output
    cal = load_calibration(out)
    assert cal.pack == "open" and cal.match.far_target == 0.01 and cal.review.far_target == 0.05
    # version 2: the thresholds sit on the calibrated scale, the raw ones beside them on the knots
    assert cal.schema_version == 2 and (cal.match.threshold, cal.review.threshold) == (0.8, 0.7)
    raw_match, raw_review = cal.raw_thresholds()
    assert cal.mapping is not None and 0 < raw_review < raw_match < 1
    knots = {k.far: (k.raw, k.similarity) for k in cal.mapping.knots if k.far}
    assert knots[0.05] == (raw_review, 0.7) and knots[0.01] == (raw_match, 0.8) and knots[0.1][1] == 0.5
    assert f"= raw {raw_match:.4f}" in res.stdout
    assert cal.match.far_measured <= 0.01 and cal.review.far_measured <= 0.05
    assert cal.genuine == 20 and cal.impostors > 500
    assert cal.datasets[0].identity_source == "folder" and len(cal.datasets[0].sha256) == 64
    assert "--identity-from-folder" in cal.command


def test_calibrate_refuses_a_far_the_pairs_cannot_show(subset: Path, tmp_path: Path) -> None:
    out = tmp_path / "open.json"
    res = runner.invoke(
        app, ["calibrate", str(subset), "--far", "0.001", "--pack", "open", "--out", str(out)]
    )
    assert res.exit_code == 1
    assert "needs at least 3,000 impostor pairs" in res.output
    assert not out.exists()


def test_batch_scores_csv_carries_labels_into_evaluate(tmp_path: Path) -> None:
    root = need(DATA / "lfw-dev")
    src = lfw_subset(tmp_path, 8)
    rows = list(csv.DictReader(src.open()))
    pairs = tmp_path / "pairs.csv"
    with pairs.open("w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["card", "selfie", "same", "fold"])
        w.writeheader()
        for i, r in enumerate(rows):
            w.writerow({**r, "fold": str(i % 2)})
    scores = tmp_path / "scores.csv"
    res = runner.invoke(app, ["batch", str(pairs), "--out", str(scores), "--pack", "open", "--workers", "2"])
    assert res.exit_code == 0, res.output
    out_rows = list(csv.DictReader(scores.open()))
    assert list(out_rows[0])[-2:] == ["same", "fold"] and out_rows[0]["same"] == rows[0]["same"]
    report = tmp_path / "rep"
    res = runner.invoke(app, ["evaluate", str(scores), "--report", str(report)])
    assert res.exit_code == 0, res.output
    summary = json.loads((report / "summary.json").read_text())
    assert summary["input"]["kind"] == "scores" and summary["counts"]["pairs"] == 8
    assert summary["accuracy"]["kfold"]["method"] == "the CSV's fold column"
    assert root.exists()


def test_version_names_the_calibration_in_use(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "missing.json"
    monkeypatch.setenv("FACECOMPARE_CALIBRATION", str(missing))
    res = runner.invoke(app, ["--version"])
    assert res.exit_code == 0
    assert "calibration unusable" in res.stdout and "missing.json" in res.stdout
