"""Calibration files: round trip, where the engine finds them, hostile files, and their effect."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from app.engine import calibration as cal_mod
from app.engine import packs
from app.engine.calibration import (
    ENV_CALIBRATION,
    CalibratedThreshold,
    Calibration,
    CalibrationDataset,
    CalibrationError,
    find_calibration,
    load_calibration,
    manifest_sha256,
    pack_file_shas,
    save_calibration,
)
from tests.conftest import DATA, need

SHA = "a" * 64


def make_calibration(match: float = 0.92, review: float = 0.9, pack: str = "open") -> Calibration:
    """A version 1 file (raw thresholds, no mapping), as written before the calibrated score."""
    manifest = packs.builtin_manifests()[pack]
    return Calibration(
        schema_version=1,
        pack=pack,
        pack_version=manifest.version,
        pack_manifest_sha256=manifest_sha256(manifest),
        pack_files=pack_file_shas(manifest),
        match=CalibratedThreshold(
            far_target=0.001,
            threshold=match,
            tar=0.9,
            tar_ci95=(0.88, 0.92),
            far_measured=0.001,
            false_accepts=5,
        ),
        review=CalibratedThreshold(
            far_target=0.01,
            threshold=review,
            tar=0.95,
            tar_ci95=(0.93, 0.96),
            far_measured=0.01,
            false_accepts=50,
        ),
        genuine=900,
        impostors=5000,
        datasets=[
            CalibrationDataset(
                name="pairs.csv",
                sha256=SHA,
                pairs=1000,
                genuine=900,
                impostors_listed=100,
                impostors_extra=4900,
                identity_source="folder",
                fte_pairs=0,
            )
        ],
        created=dt.datetime(2026, 11, 25, tzinfo=dt.UTC),
        app_version="0.1.0",
        engine="facecompare/0.1.0",
    )


@pytest.fixture
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No env calibration, an empty user folder and an empty shipped folder."""
    monkeypatch.delenv(ENV_CALIBRATION, raising=False)
    user, shipped = tmp_path / "user", tmp_path / "shipped"
    monkeypatch.setattr(cal_mod, "user_calibration_dir", lambda: user)
    monkeypatch.setattr(cal_mod, "shipped_calibration_dir", lambda: shipped)
    return tmp_path


def test_round_trip(tmp_path: Path) -> None:
    cal = make_calibration()
    path = tmp_path / "c.json"
    save_calibration(cal, path)
    assert load_calibration(path) == cal
    doc = json.loads(path.read_text())
    assert doc["kind"] == "facecompare.calibration" and doc["schema_version"] == 1 and "mapping" in doc
    assert "match 0.9200" in cal.summary()


def test_lookup_order_env_then_user_then_shipped(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    manifest = packs.builtin_manifests()["open"]
    assert find_calibration(manifest) is None
    save_calibration(make_calibration(0.95, 0.9), isolated / "shipped" / "open.json")
    assert find_calibration(manifest)[0].match.threshold == 0.95  # type: ignore[index]
    save_calibration(make_calibration(0.96, 0.9), isolated / "user" / "open.json")
    found = find_calibration(manifest)
    assert found is not None and found[0].match.threshold == 0.96 and found[2] == "user data folder"
    env_file = isolated / "env.json"
    save_calibration(make_calibration(0.97, 0.9), env_file)
    monkeypatch.setenv(ENV_CALIBRATION, str(env_file))
    found = find_calibration(manifest)
    assert found is not None and found[0].match.threshold == 0.97 and found[2] == ENV_CALIBRATION


def test_env_naming_a_missing_file_is_an_error(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_CALIBRATION, str(isolated / "nope.json"))
    with pytest.raises(CalibrationError, match="does not exist"):
        find_calibration(packs.builtin_manifests()["open"])


def test_calibration_of_another_pack_or_other_weights_is_refused(isolated: Path) -> None:
    manifest = packs.builtin_manifests()["open"]
    other = make_calibration(pack="buffalo_l")
    save_calibration(other, isolated / "user" / "open.json")
    with pytest.raises(CalibrationError, match="is for pack buffalo_l"):
        find_calibration(manifest)
    tampered = make_calibration().model_copy(update={"pack_files": {"recognizer_dlib": SHA}})
    save_calibration(tampered, isolated / "user" / "open.json")
    with pytest.raises(CalibrationError, match="other weight files"):
        find_calibration(manifest)


def _valid_doc() -> dict:  # type: ignore[type-arg]
    return json.loads(make_calibration().model_dump_json())


def _mutate(**changes: object) -> bytes:
    doc = _valid_doc()
    for key, value in changes.items():
        section, _, field = key.partition("__")
        if field:
            doc[section][field] = value
        else:
            doc[section] = value
    return json.dumps(doc).encode()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "not valid JSON"),
        (b"\xff\xfe\x00garbage", "not valid JSON"),
        (b"[1, 2, 3]", "JSON object"),
        (b"[" * 100_000 + b"]" * 100_000, "not valid JSON|too large"),
        (b'{"kind": "something else"}', "not a facecompare calibration"),
        (_mutate(schema_version=3), "schema version 3"),
        (_mutate(schema_version=2), "mapping"),
        (_mutate(match__threshold=1.5), "match.threshold"),
        (_mutate(match__threshold=0.5, review__threshold=0.8), "must not exceed"),
        (_mutate(match__threshold="high"), "match.threshold"),
        (_mutate(pack_manifest_sha256="not-a-sha"), "sha256"),
        (_mutate(surprise="field"), "surprise"),
        (_mutate(datasets=[]), "datasets"),
        (_mutate(genuine=-3), "genuine"),
        (json.dumps(_valid_doc()).replace("0.92", "NaN").encode(), "not valid JSON|NaN"),
        (b" " * (2 * 1024 * 1024), "too large"),
    ],
)
def test_hostile_calibration_files_give_a_clear_error(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "c.json"
    path.write_bytes(content)
    with pytest.raises(CalibrationError, match=message) as info:
        load_calibration(path)
    assert str(path) in str(info.value)


def test_a_folder_instead_of_a_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CalibrationError, match="not a file"):
        load_calibration(tmp_path)


@pytest.mark.models
def test_a_changed_calibration_changes_decisions(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same real genuine pair: MATCH under a lenient (version 1) calibration, NO_MATCH under a
    strict one; the raw score is the same, the calibrated thresholds are 0.80 / 0.70 in both, and
    the environment's threshold settings (on the calibrated scale) still win over the file."""
    from app.engine.engine import Engine
    from app.engine.types import Decision

    root = need(DATA / "lfw-dev")
    card = (root / "images/Abel_Pacheco/Abel_Pacheco_0001.jpg").read_bytes()
    selfie = (root / "images/Abel_Pacheco/Abel_Pacheco_0004.jpg").read_bytes()
    file_a, file_b = isolated / "a.json", isolated / "b.json"
    save_calibration(make_calibration(match=0.5, review=0.4), file_a)
    save_calibration(make_calibration(match=0.999, review=0.998), file_b)

    monkeypatch.setenv(ENV_CALIBRATION, str(file_a))
    engine_a = Engine("open", warm_up=False)
    monkeypatch.setenv(ENV_CALIBRATION, str(file_b))
    engine_b = Engine("open", warm_up=False)
    a, b = engine_a.compare(card, selfie), engine_b.compare(card, selfie)
    assert a.raw_similarity == pytest.approx(b.raw_similarity)
    assert a.raw_similarity is not None and 0.5 < a.raw_similarity < 0.998
    assert a.similarity > b.similarity
    assert (a.decision, b.decision) == (Decision.MATCH, Decision.NO_MATCH)
    assert (
        (a.thresholds.match, a.thresholds.review) == (b.thresholds.match, b.thresholds.review) == (0.8, 0.7)
    )
    assert engine_a.raw_thresholds.match == pytest.approx(0.5)
    assert engine_b.raw_thresholds.match == pytest.approx(0.999)
    assert engine_b.calibration is not None and str(file_b) in engine_b.thresholds_source
    assert "version 1" in engine_b.thresholds_source

    monkeypatch.setenv("FACECOMPARE_MATCH_THRESHOLD", "0.1")
    monkeypatch.setenv("FACECOMPARE_REVIEW_THRESHOLD", "0.05")
    engine_env = Engine("open", warm_up=False)
    assert engine_env.thresholds.match == 0.1 and engine_env.compare(card, selfie).decision == Decision.MATCH


def test_shipped_open_calibration_is_valid_and_used() -> None:
    """The repository's models/calibration/open.json loads and matches the open pack's weights."""
    shipped = cal_mod.shipped_calibration_dir()
    assert shipped is not None
    path = shipped / "open.json"
    assert path.is_file(), "models/calibration/open.json must ship with the repository"
    cal = load_calibration(path)
    cal_mod.check_for_pack(cal, packs.builtin_manifests()["open"], path)
    assert cal.match.far_target == 0.001 and cal.review.far_target == 0.01
    assert cal.schema_version == 2 and (cal.match.threshold, cal.review.threshold) == (0.8, 0.7)
    raw_match, raw_review = cal.raw_thresholds()
    assert raw_review < raw_match
