"""Liveness calibration files: where the engine finds them, what it refuses, and that the
threshold in force is the calibration's (the shipped one on a fresh install)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import app.engine.calibration as face_cal
from app.engine import packs
from app.engine.calibration import CalibrationError
from app.engine.engine import Engine
from app.engine.liveness import LivenessModel
from app.engine.liveness_calibration import (
    ENV_LIVENESS_CALIBRATION,
    LivenessCalibration,
    LivenessDataset,
    MeasuredRate,
    find_liveness_calibration,
    liveness_threshold,
    load_liveness_calibration,
    save_liveness_calibration,
)

REPO = Path(__file__).resolve().parents[2]
SHIPPED = REPO / "models" / "calibration" / "minifasnet.json"


def manifest():  # type: ignore[no-untyped-def]
    return packs.resolve_liveness_pack(packs.LIVENESS_PACK).manifest


def make(
    threshold: float = 0.3, pack: str = "minifasnet", shas: dict[str, str] | None = None
) -> LivenessCalibration:
    rate = MeasuredRate(target=0.01, errors=1, trials=148, rate=1 / 148, ci95=(0.0002, 0.037))
    return LivenessCalibration(
        pack=pack,
        pack_version="1",
        pack_files=shas or {f.role: f.sha256 for f in manifest().files},
        threshold=threshold,
        rule="test",
        apcer=rate,
        bpcer=MeasuredRate(target=0.05, errors=3, trials=143, rate=3 / 143, ci95=(0.004, 0.06)),
        feasible=True,
        scoring="test",
        datasets=[LivenessDataset(name="x.csv", sha256="a" * 64, live=143, attacks=148, faces_not_found=0)],
        created=dt.datetime(2026, 12, 3, tzinfo=dt.UTC),
        app_version="0.1.0",
    )


@pytest.fixture
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No env file, an empty user folder and an empty shipped folder."""
    monkeypatch.delenv(ENV_LIVENESS_CALIBRATION, raising=False)
    # the folders the shared lookup (app.engine.calibration.candidate_paths) reads
    monkeypatch.setattr(face_cal, "user_calibration_dir", lambda: tmp_path / "user")
    monkeypatch.setattr(face_cal, "shipped_calibration_dir", lambda: tmp_path / "shipped")
    return tmp_path


def test_round_trip_and_summary(tmp_path: Path) -> None:
    cal = make()
    save_liveness_calibration(cal, tmp_path / "c.json")
    assert load_liveness_calibration(tmp_path / "c.json") == cal
    assert "P(live) >= 0.3000; APCER 0.7% (1/148, 95% CI 0.0%-3.7%)" in cal.summary()


def test_lookup_order_env_then_user_then_shipped(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    m = manifest()
    assert find_liveness_calibration(m) is None
    assert liveness_threshold(m, 0.5) == float(m.thresholds["live"])  # the manifest's, without files
    save_liveness_calibration(make(0.31), isolated / "shipped" / "minifasnet.json")
    assert liveness_threshold(m, 0.5) == 0.31
    save_liveness_calibration(make(0.32), isolated / "user" / "minifasnet.json")
    found = find_liveness_calibration(m)
    assert found is not None and found[0].threshold == 0.32 and found[2] == "user data folder"
    save_liveness_calibration(make(0.33), isolated / "env.json")
    monkeypatch.setenv(ENV_LIVENESS_CALIBRATION, str(isolated / "env.json"))
    assert liveness_threshold(m, 0.5) == 0.33


def test_unusable_files_are_errors_never_skipped(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Attacker: a broken or foreign file in a higher place must not let a lower one through."""
    m = manifest()
    save_liveness_calibration(make(0.31), isolated / "shipped" / "minifasnet.json")
    user = isolated / "user" / "minifasnet.json"
    user.parent.mkdir(parents=True)
    user.write_text("{not json")
    with pytest.raises(CalibrationError, match="not valid JSON"):
        liveness_threshold(m, 0.5)
    save_liveness_calibration(make(0.32, pack="other"), user)
    with pytest.raises(CalibrationError, match="is for pack other"):
        liveness_threshold(m, 0.5)
    save_liveness_calibration(make(0.32, shas={f.role: "b" * 64 for f in m.files}), user)
    with pytest.raises(CalibrationError, match="other weight files"):
        liveness_threshold(m, 0.5)
    doc = json.loads(make().model_dump_json())
    doc["schema_version"] = 2
    user.write_text(json.dumps(doc))
    with pytest.raises(CalibrationError, match="schema version 2"):
        liveness_threshold(m, 0.5)
    doc["schema_version"], doc["threshold"] = 1, 1.5
    user.write_text(json.dumps(doc))
    with pytest.raises(CalibrationError, match="threshold"):
        liveness_threshold(m, 0.5)
    monkeypatch.setenv(ENV_LIVENESS_CALIBRATION, str(isolated / "missing.json"))
    with pytest.raises(CalibrationError, match="does not exist"):
        liveness_threshold(m, 0.5)


@pytest.mark.models
def test_the_model_and_the_engine_decide_at_the_calibrated_threshold(
    isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert LivenessModel.load().threshold == 0.5  # no calibration: the manifest's
    env = isolated / "env.json"
    save_liveness_calibration(make(0.2345), env)
    monkeypatch.setenv(ENV_LIVENESS_CALIBRATION, str(env))
    assert LivenessModel.load().threshold == 0.2345
    assert LivenessModel.load(threshold=0.7).threshold == 0.7  # an explicit one still wins
    engine = Engine("open", warm_up=False)
    assert engine.load_liveness().threshold == 0.2345  # the kiosk's path (the model registry)


def test_the_shipped_calibration_is_for_the_embedded_weights_and_in_force(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fresh install (empty user data folder, no env) decides at the shipped threshold."""
    monkeypatch.delenv(ENV_LIVENESS_CALIBRATION, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    cal = load_liveness_calibration(SHIPPED)
    m = manifest()
    found = find_liveness_calibration(m)
    assert found is not None and found[2] == "shipped" and found[1].resolve() == SHIPPED.resolve()
    assert cal.pack == "minifasnet" and cal.pack_files == {f.role: f.sha256 for f in m.files}
    assert liveness_threshold(m, 0.5) == cal.threshold != 0.5
    assert cal.apcer.target == 0.01 and cal.apcer.rate <= 0.01  # the APCER target holds on its data
    assert cal.datasets[0].live + cal.datasets[0].attacks == cal.apcer.trials + cal.bpcer.trials


def test_the_shipped_calibration_ships_in_the_wheel_and_the_bundle() -> None:
    from app.shipped import shipped_files

    assert "models/calibration/minifasnet.json" in {dest for _src, dest in shipped_files(REPO)}
