"""Summary, report and calibration on synthetic scored sets (no models needed)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from app.engine import packs
from app.engine.calibration import load_calibration, save_calibration
from app.evaluation.calibrate import CalibrationDataError, build_calibration, round_up
from app.evaluation.impostors import Impostors
from app.evaluation.metrics import WORST
from app.evaluation.pairs import load_pairs
from app.evaluation.report import write_report
from app.evaluation.scoring import ScoredSet
from app.evaluation.summary import summarize


def scored_set(tmp_path: Path, n_extra: int = 5000) -> ScoredSet:
    """20 pairs: 10 genuine (one a PDF card that failed to enrol), 10 impostors; extra impostors."""
    rows = ["card,selfie,same"]
    for i in range(10):
        ext = "pdf" if i == 0 else ("png" if i < 3 else "jpg")
        rows.append(f"c{i}.{ext},s{i}.jpg,1")
    rows += [f"d{i}.jpg,t{i}.jpg,0" for i in range(10)]
    (tmp_path / "pairs.csv").write_text("\n".join(rows) + "\n")
    ps = load_pairs(tmp_path / "pairs.csv")
    rng = np.random.default_rng(0)
    scores = np.concatenate([[WORST], np.linspace(0.85, 0.99, 9), rng.uniform(0.5, 0.8, 10)])
    labels = np.array([1] * 10 + [0] * 10)
    errors = ["FACE_NOT_FOUND"] + [""] * 19
    extra = Impostors(rng.uniform(0.4, 0.9, n_extra), 10, 10, 10, n_extra, False)
    return ScoredSet(ps, scores, labels, errors, extra)


def test_summary_counts_fte_and_formats(tmp_path: Path) -> None:
    s = summarize(scored_set(tmp_path), context={"pack": "open"})
    assert s["pack"] == "open"
    assert s["counts"]["impostors_total"] == 5010 and s["counts"]["impostors_extra"] == 5000
    assert s["fte"]["pairs"]["count"] == 1 and s["fte"]["genuine"] == 1
    assert s["fte"]["reasons"] == {"FACE_NOT_FOUND": 1}
    assert set(s["per_format"]) == {"pdf", "png", "jpg"}
    assert s["per_format"]["pdf"]["fte"]["count"] == 1
    fars = {t["far"]: t for t in s["tar_at_far"]}
    assert fars[0.001]["measurable"] and not fars[0.0001]["measurable"]
    assert fars[0.1]["tar"] <= 0.9  # the FTE genuine pair is a false reject
    listed = {t["far"]: t for t in s["listed_only_tar_at_far"]}
    assert not listed[0.01]["measurable"]  # 10 listed impostors cannot show 1%
    json.dumps(s)  # JSON-ready


def test_report_files(tmp_path: Path) -> None:
    scored = scored_set(tmp_path)
    s = summarize(scored)
    page = write_report(tmp_path / "rep", scored, s)
    html = page.read_text()
    assert html.count("data:image/png;base64,") == 3 and "not measurable" in html
    assert json.loads((tmp_path / "rep" / "summary.json").read_text())["counts"]["pairs"] == 20
    assert all((tmp_path / "rep" / n).stat().st_size > 1000 for n in ("histogram.png", "roc.png", "det.png"))
    lines = (tmp_path / "rep" / "scores.csv").read_text().splitlines()
    assert lines[0] == "card,selfie,same,similarity,errorCode,fold" and len(lines) == 21
    assert lines[1] == "c0.pdf,s0.jpg,1,,FACE_NOT_FOUND,"


def test_round_up_never_lowers() -> None:
    assert round_up(0.92341) == 0.9235
    assert round_up(0.9234) == 0.9234
    assert round_up(0.923400001) == 0.9235
    x = float(np.nextafter(0.9234, 1.0))
    assert round_up(x) == 0.9235 and round_up(x) >= x


def test_calibration_thresholds_keep_the_far_asked(tmp_path: Path) -> None:
    scored = scored_set(tmp_path)
    manifest = packs.builtin_manifests()["open"]
    cal = build_calibration(
        [scored],
        ["pairs.csv"],
        manifest,
        far=0.001,
        review_far=0.01,
        app_version="x",
        engine="y",
        command="z",
    )
    imp = scored.all_impostors
    for t, far in ((cal.match, 0.001), (cal.review, 0.01)):  # scores are raw cosines
        assert int((imp >= t.raw_threshold).sum()) <= far * len(imp)
        assert t.false_accepts == int((imp >= t.raw_threshold).sum())
        assert t.raw_threshold == round(t.raw_threshold, 4)
    assert cal.review.threshold <= cal.match.threshold
    assert cal.match.tar == pytest.approx(np.mean(scored.genuine >= cal.match.raw_threshold))
    assert cal.datasets[0].fte_pairs == 1 and cal.impostors == 5010
    save_calibration(cal, tmp_path / "c.json")
    assert load_calibration(tmp_path / "c.json") == cal


def test_calibration_refuses_unmeasurable_fars(tmp_path: Path) -> None:
    scored = scored_set(tmp_path, n_extra=1000)
    manifest = packs.builtin_manifests()["open"]
    kw = {"app_version": "x", "engine": "y", "command": "z"}
    with pytest.raises(CalibrationDataError, match="needs at least 3,000"):
        build_calibration([scored], ["p"], manifest, far=0.001, review_far=0.01, **kw)
    with pytest.raises(CalibrationDataError, match="at least --far"):
        build_calibration([scored], ["p"], manifest, far=0.01, review_far=0.001, **kw)
