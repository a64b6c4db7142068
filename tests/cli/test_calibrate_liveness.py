"""``facecompare calibrate-liveness`` as a bank runs it on its own labelled captures."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli.main import app
from app.engine import packs
from app.engine.liveness_calibration import ENV_LIVENESS_CALIBRATION, load_liveness_calibration
from app.evaluation.liveness_point import choose_operating_point
from tests.conftest import DATA, need

runner = CliRunner()


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh install with its user data folder in tmp, and no calibration in the environment."""
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv(packs.ENV_MODELS, str(empty))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    for name in ("FACECOMPARE_LIVENESS_PACK", "FACECOMPARE_MODEL_PACK", ENV_LIVENESS_CALIBRATION):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def captures_folder(root: Path, n: int = 5) -> Path:
    """``n`` live and ``n`` attack images of spoof-dev in live/ and attack/ subfolders."""
    spoof = need(DATA / "spoof-dev")
    with (spoof / "index.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    folder = root / "captures"
    for label, sub in (("1", "live"), ("0", "attack")):
        (folder / sub).mkdir(parents=True)
        for row in [r for r in rows if r["live"] == label][:n]:
            shutil.copy(spoof / row["file"], folder / sub / Path(row["file"]).name)
    return folder


@pytest.mark.models
def test_a_folder_of_captures_gives_a_calibration_the_engine_then_uses(
    fresh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = captures_folder(fresh)
    out, scores = fresh / "cal.json", fresh / "scores.csv"
    res = runner.invoke(
        app, ["calibrate-liveness", str(folder), "--pack", "open", "--out", str(out), "--scores", str(scores)]
    )
    assert res.exit_code == 0, res.output
    cal = load_liveness_calibration(out)
    assert cal.pack == "minifasnet" and cal.datasets[0].live == 5 and cal.datasets[0].attacks == 5
    assert f"written: {out}" in res.stdout and "APCER" in res.stdout
    with scores.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 10 and {r["file"].split("/")[0] for r in rows} == {"live", "attack"}
    live = [float(r["score"]) for r in rows if r["live"] == "1"]
    attacks = [float(r["score"]) for r in rows if r["live"] == "0"]
    point = choose_operating_point(live, attacks, 0.01, 0.05)  # the file follows the rule on its scores
    assert cal.threshold == point.threshold and cal.apcer.errors == point.apcer.errors
    assert cal.bpcer.errors == point.bpcer.errors and cal.feasible == point.feasible
    # the engine now decides at the new threshold: every image's verdict follows it
    monkeypatch.setenv(ENV_LIVENESS_CALIBRATION, str(out))
    images = sorted((folder / "live").iterdir())[:2]
    res = runner.invoke(app, ["liveness", *map(str, images), "--json", "--pack", "open"])
    assert res.exit_code == 0, res.output
    for line in map(json.loads, res.stdout.splitlines()):
        assert line["live"] == (line["score"] >= cal.threshold)


@pytest.mark.models
def test_a_broken_calibration_does_not_stop_the_one_that_replaces_it(fresh: Path) -> None:
    """Attacker: a corrupt file in the user data folder. Scoring must not read it (the engine
    refuses it, rightly), or a bank could never recalibrate out of it."""
    user = fresh / "xdg" / "facecompare" / "calibration" / "minifasnet.json"
    user.parent.mkdir(parents=True)
    user.write_text("{broken")
    folder = captures_folder(fresh, n=2)
    res = runner.invoke(app, ["calibrate-liveness", str(folder), "--pack", "open"])
    assert res.exit_code == 0, res.output
    assert load_liveness_calibration(user).datasets[0].live == 2  # the default place, replaced


def test_bad_captures_lists_are_one_line_errors(fresh: Path) -> None:
    folder = fresh / "list"
    folder.mkdir()
    (folder / "a.csv").write_text("file,live\nmissing.jpg,1\n")
    res = runner.invoke(app, ["calibrate-liveness", str(folder / "a.csv")])
    assert res.exit_code != 0 and "missing.jpg does not exist" in res.output
    (folder / "b.csv").write_text("file,label\nx.jpg,1\n")
    res = runner.invoke(app, ["calibrate-liveness", str(folder / "b.csv")])
    assert res.exit_code != 0 and "columns file and live" in res.output
    (folder / "x.jpg").write_bytes(b"")
    (folder / "c.csv").write_text("file,live\nx.jpg,maybe\n")
    res = runner.invoke(app, ["calibrate-liveness", str(folder / "c.csv")])
    assert res.exit_code != 0 and "live must be 1 or 0" in res.output
    res = runner.invoke(app, ["calibrate-liveness", str(folder / "c.csv"), "--apcer", "1.5"])
    assert res.exit_code != 0 and "--apcer" in res.output
    (fresh / "empty_folder").mkdir()
    res = runner.invoke(app, ["calibrate-liveness", str(fresh / "empty_folder")])
    assert res.exit_code != 0 and "holds no images" in res.output


@pytest.mark.models
def test_one_class_only_is_refused(fresh: Path) -> None:
    folder = captures_folder(fresh, n=1)
    shutil.rmtree(folder / "attack")
    res = runner.invoke(app, ["calibrate-liveness", str(folder)])
    assert res.exit_code != 0 and "needs live faces and attacks" in res.output
