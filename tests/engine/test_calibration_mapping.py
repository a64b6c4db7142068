"""The calibrated score: the mapping's guarantees, version 2 files, and how the engine applies it."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
from pydantic import ValidationError

from app.engine import calibration as cal_mod
from app.engine import packs
from app.engine.calibration import ENV_CALIBRATION, CalibrationError, load_calibration, save_calibration
from app.engine.scoremap import (
    MATCH_SCORE,
    REVIEW_SCORE,
    ScoreKnot,
    ScoreMapping,
    build_mapping,
    from_thresholds,
)
from app.evaluation.calibrate import CalibrationDataError, build_calibration
from tests.conftest import need
from tests.engine.test_calibration import make_calibration


def _scored(genuine: np.ndarray, impostors: np.ndarray) -> SimpleNamespace:
    """What ``build_calibration`` reads of a scored pairs file."""
    pairs = SimpleNamespace(sha256="b" * 64, identity_source="folder")
    labels = np.array([1] * len(genuine) + [0] * 10)
    return SimpleNamespace(
        genuine=genuine,
        all_impostors=impostors,
        labels=labels,
        pairs=pairs,
        extra=SimpleNamespace(scores=impostors[10:]),
        fte=np.zeros(len(labels), dtype=bool),
    )


def _calibrate(seed: int, imp_mean: float, imp_sd: float, n_imp: int = 60_000) -> object:
    rng = np.random.default_rng(seed)
    genuine = np.clip(rng.normal(0.95, 0.02, 900), 0, 1)
    impostors = np.clip(rng.normal(imp_mean, imp_sd, n_imp), 0, 1)
    return build_calibration(
        [_scored(genuine, impostors)],  # type: ignore[list-item]
        ["pairs.csv"],
        packs.builtin_manifests()["open"],
        far=0.001,
        review_far=0.01,
        app_version="0.1.0",
        engine="facecompare/0.1.0",
        command="facecompare calibrate pairs.csv",
        created=dt.datetime(2026, 12, 3, tzinfo=dt.UTC),
    )


def test_a_recalibration_moves_the_knots_not_the_thresholds(tmp_path: Path) -> None:
    """Two banks' data: different knots, the same thresholds 0.70 / 0.80 on the calibrated scale."""
    a, b = _calibrate(1, 0.83, 0.03), _calibrate(2, 0.80, 0.04)
    for cal in (a, b):
        assert cal.schema_version == 2  # type: ignore[attr-defined]
        assert (cal.review.threshold, cal.match.threshold) == (REVIEW_SCORE, MATCH_SCORE)  # type: ignore[attr-defined]
    assert a.mapping != b.mapping  # type: ignore[attr-defined]
    assert a.raw_thresholds() != b.raw_thresholds()  # type: ignore[attr-defined]
    assert a.mapping.scale_id != b.mapping.scale_id  # type: ignore[attr-defined]
    path = tmp_path / "a.json"
    save_calibration(a, path)  # type: ignore[arg-type]
    assert load_calibration(path) == a


def test_the_documented_far_points_land_on_their_numbers() -> None:
    """FAR 10% -> 0.5, 1% -> 0.7, 0.1% -> 0.8, 0.01% -> 0.9 (60,000 impostors can show it), and
    the median impostor reads at most 0.5."""
    cal = _calibrate(3, 0.83, 0.03)
    rng = np.random.default_rng(3)
    rng.normal(0.95, 0.02, 900)
    impostors = np.clip(rng.normal(0.83, 0.03, 60_000), 0, 1)
    m = cal.mapping  # type: ignore[attr-defined]
    fars = {k.far: k.similarity for k in m.knots if k.far is not None}
    assert fars == {0.1: 0.5, 0.01: 0.7, 0.001: 0.8, 0.0001: 0.9}
    calibrated = np.array([m.apply(x) for x in impostors])
    for far, value in fars.items():
        assert np.mean(calibrated >= value) <= far
    assert m.apply(float(np.median(impostors))) <= 0.5
    assert any("median impostor pair" in n for n in cal.notes)  # type: ignore[attr-defined]


def test_far_points_the_impostors_cannot_show_are_left_out() -> None:
    cal = _calibrate(4, 0.83, 0.03, n_imp=5_000)  # FAR 0.01% needs 30,000
    fars = [k.far for k in cal.mapping.knots]  # type: ignore[attr-defined]
    assert 0.0001 not in fars and 0.001 in fars


def test_fars_that_give_one_raw_threshold_are_refused() -> None:
    impostors = np.full(10_000, 0.8)
    with pytest.raises(CalibrationDataError, match="must differ"):
        build_calibration(
            [_scored(np.full(10, 0.95), impostors)],  # type: ignore[list-item]
            ["p.csv"],
            packs.builtin_manifests()["open"],
            far=0.001,
            review_far=0.01,
            app_version="0",
            engine="e",
            command="c",
        )


def test_the_mapping_is_strictly_increasing_and_exact_on_its_knots() -> None:
    m = from_thresholds(0.9261, 0.9072, "test")
    xs = np.linspace(0, 1, 2001)
    ys = [m.apply(x) for x in xs]
    assert all(b > a for a, b in itertools.pairwise(ys))
    assert (m.apply(0.9072), m.apply(0.9261), m.apply(0.0), m.apply(1.0)) == (0.7, 0.8, 0.0, 1.0)
    assert m.apply(np.nextafter(0.9261, 0)) < 0.8 <= m.apply(0.9261)
    assert m.apply(-3) == 0.0 and m.apply(7) == 1.0
    for y in (0.0, 0.33, 0.7, 0.75, 0.8, 0.99, 1.0):
        assert m.apply(m.inverse(y)) == pytest.approx(y, abs=1e-12)


@pytest.mark.parametrize(
    "knots",
    [
        [(0.0, 0.0), (0.5, 0.6), (0.4, 0.7), (1.0, 1.0)],  # raw goes back
        [(0.0, 0.0), (0.5, 0.6), (0.6, 0.6), (1.0, 1.0)],  # flat
        [(0.0, 0.0), (0.5, 0.8), (0.6, 0.7), (1.0, 1.0)],  # similarity goes back
        [(0.1, 0.0), (1.0, 1.0)],  # does not start at raw 0
        [(0.0, 0.0), (1.0, 0.9)],  # does not end at 1
    ],
)
def test_a_mapping_that_is_not_monotone_is_refused(knots: list[tuple[float, float]]) -> None:
    with pytest.raises(ValidationError, match="knots"):
        ScoreMapping(knots=[ScoreKnot(raw=r, similarity=s) for r, s in knots])


def test_a_version_2_file_whose_thresholds_are_not_on_its_mapping_is_refused(tmp_path: Path) -> None:
    doc = json.loads(_calibrate(1, 0.83, 0.03).model_dump_json())  # type: ignore[attr-defined]
    doc["match"]["raw_threshold"] = doc["review"]["raw_threshold"]
    path = tmp_path / "c.json"
    path.write_text(json.dumps(doc))
    with pytest.raises(CalibrationError, match="not where the mapping puts"):
        load_calibration(path)


def test_a_version_1_file_loads_with_a_mapping_from_its_two_thresholds() -> None:
    v1 = make_calibration(match=0.9261, review=0.9072)
    m = v1.score_mapping()
    assert (m.apply(0.9072), m.apply(0.9261)) == (0.7, 0.8)
    assert v1.raw_thresholds() == (0.9261, 0.9072)


def test_build_mapping_drops_points_that_do_not_rise() -> None:
    m = build_mapping(
        [
            ScoreKnot(raw=0.0, similarity=0.5),
            ScoreKnot(raw=0.9, similarity=0.7),
            ScoreKnot(raw=0.95, similarity=0.8),
        ]
    )
    assert [k.similarity for k in m.knots] == [0.0, 0.7, 0.8, 1.0]


@pytest.fixture
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv(ENV_CALIBRATION, raising=False)
    for name in ("FACECOMPARE_MATCH_THRESHOLD", "FACECOMPARE_REVIEW_THRESHOLD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(cal_mod, "user_calibration_dir", lambda: tmp_path / "user")
    monkeypatch.setattr(cal_mod, "shipped_calibration_dir", lambda: tmp_path / "shipped")
    return tmp_path


def test_engine_thresholds_are_calibrated_and_the_raw_ones_stay_known(
    isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No models loaded: version 2 file, then no file (the manifest's thresholds), then env overrides."""
    from app.engine.engine import Engine

    cal = _calibrate(1, 0.83, 0.03)
    save_calibration(cal, isolated / "user" / "open.json")  # type: ignore[arg-type]
    engine = Engine("open", warm_up=False)
    assert (engine.thresholds.match, engine.thresholds.review) == (0.8, 0.7)
    raw_match, raw_review = cal.raw_thresholds()  # type: ignore[attr-defined]
    assert engine.raw_thresholds.match == pytest.approx(raw_match)
    assert engine.raw_thresholds.review == pytest.approx(raw_review)
    assert engine.score_mapping == cal.mapping  # type: ignore[attr-defined]

    (isolated / "user" / "open.json").unlink()
    bare = Engine("open", warm_up=False)
    manifest = packs.builtin_manifests()["open"].thresholds or {}
    assert "mapping derived" in bare.thresholds_source
    if manifest:
        assert (bare.thresholds.match, bare.thresholds.review) == (0.8, 0.7)
        assert bare.raw_thresholds.match == pytest.approx(manifest["match"])

    monkeypatch.setenv("FACECOMPARE_MATCH_THRESHOLD", "0.85")
    env = Engine("open", warm_up=False)
    assert env.thresholds.match == 0.85 and env.raw_thresholds.match == pytest.approx(
        env.score_mapping.inverse(0.85)
    )


@pytest.mark.models
def test_with_the_shipped_calibration_different_people_read_at_most_half(open_engine: Any) -> None:
    """Real LFW pairs through the engine and the shipped mapping: the median impostor pair reads at
    most 0.5 (it read ~0.83 as a raw cosine), the median genuine pair at least the MATCH 0.80, and
    each pair's decision is the raw score's decision at the file's raw thresholds."""
    from tests.engine.test_engine import LFW, _pairs

    need(LFW)
    cal = load_calibration(cal_mod.shipped_calibration_dir() / "open.json")  # type: ignore[operator]
    raw_match, raw_review = cal.raw_thresholds()
    diff = [open_engine.compare(a.read_bytes(), b.read_bytes()) for a, b in _pairs(LFW, 0, 6)]
    same = [open_engine.compare(a.read_bytes(), b.read_bytes()) for a, b in _pairs(LFW, 1, 6)]
    assert np.median([r.similarity for r in diff]) <= 0.5 < np.median([r.raw_similarity for r in diff])
    assert np.median([r.similarity for r in same]) >= 0.8
    for r in diff + same:
        want = (
            "MATCH"
            if r.raw_similarity >= raw_match
            else "REVIEW"
            if r.raw_similarity >= raw_review
            else "NO_MATCH"
        )
        assert str(r.decision) == want and r.score_scale == cal.score_mapping().scale_id
