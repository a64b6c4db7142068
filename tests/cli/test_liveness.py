"""``facecompare liveness`` as a user runs it, on a fresh install: the embedded pack."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest
from typer.testing import CliRunner

from app.cli.main import app
from app.engine import packs
from app.engine.engine import Engine
from app.engine.liveness import LivenessModel
from tests.conftest import DATA, need, shipped_liveness_threshold
from tests.engine.fake_manifests import without_embedded_copies

runner = CliRunner()
SELFIE = Path(__file__).resolve().parents[2] / "packaging" / "samples" / "selfie.jpg"


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh install: FACECOMPARE_MODELS -> an empty folder, HOME and XDG data in tmp."""
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv(packs.ENV_MODELS, str(empty))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    for name in ("FACECOMPARE_LIVENESS_PACK", "FACECOMPARE_MODEL_PACK"):
        monkeypatch.delenv(name, raising=False)
    return empty


@pytest.mark.models
def test_a_fresh_install_scores_the_sample_selfie(
    fresh: Path, open_engine: Engine, liveness_model: LivenessModel
) -> None:
    res = runner.invoke(app, ["liveness", str(SELFIE), "--json"])
    assert res.exit_code == 0, res.output
    (line,) = [json.loads(text) for text in res.stdout.splitlines()]
    assert set(line) == {"image", "live", "score"} and line["image"] == str(SELFIE)
    pixels = cv2.imread(str(SELFIE))
    expected = liveness_model.score(pixels, open_engine.find_faces(pixels)[0])
    assert line["score"] == round(expected.score, 4) and line["live"] == expected.live
    res = runner.invoke(app, ["liveness", str(SELFIE)])
    assert res.exit_code == 0, res.output
    assert f"P(live) {expected.score:.3f} (threshold {shipped_liveness_threshold():.4f})" in res.stdout


@pytest.mark.models
def test_json_lines_one_per_image_with_errors_inline(fresh: Path, tmp_path: Path) -> None:
    images = sorted((need(DATA / "spoof-dev") / "images").glob("*.jpg"))[:2]
    bad = tmp_path / "notes.txt"
    bad.write_text("not an image")
    blank = tmp_path / "blank.png"
    cv2.imwrite(str(blank), np.full((200, 200, 3), 128, np.uint8))
    res = runner.invoke(app, ["liveness", *map(str, images), str(bad), str(blank), "--json"])
    assert res.exit_code == 1, res.output
    lines = [json.loads(line) for line in res.stdout.splitlines()]
    assert [line["image"] for line in lines] == [*map(str, images), str(bad), str(blank)]
    for line in lines[:2]:
        assert set(line) == {"image", "live", "score"}
        assert isinstance(line["live"], bool) and 0.0 <= line["score"] <= 1.0
        assert line["live"] == (line["score"] >= shipped_liveness_threshold())
    assert lines[2]["errorCode"] == "UNSUPPORTED_FORMAT" and lines[2]["message"]
    assert lines[3]["errorCode"] == "FACE_NOT_FOUND"


@pytest.mark.models
def test_text_output_and_threshold(fresh: Path) -> None:
    image = sorted((need(DATA / "spoof-dev") / "images").glob("*.jpg"))[0]
    res = runner.invoke(app, ["liveness", str(image), "--threshold", "1.0"])
    assert res.exit_code == 0, res.output
    assert "NOT LIVE" in res.stdout and "threshold 1.0000" in res.stdout
    # a calibrated threshold is shown whole: "0.44" beside a LIVE 0.436 would contradict itself
    res = runner.invoke(app, ["liveness", str(image), "--threshold", "0.4354"])
    assert res.exit_code == 0 and "(threshold 0.4354)" in res.stdout


def test_missing_pack_says_where_the_files_go(
    fresh: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An install that left models/minifasnet out, with nothing installed."""
    without_embedded_copies(monkeypatch, tmp_path / "slim")
    res = runner.invoke(app, ["liveness", str(SELFIE), "--json"])
    assert res.exit_code == 1
    body = json.loads(res.stdout)
    assert body["errorCode"] == "INTERNAL_ERROR"
    assert "MiniFASNetV2.onnx" in body["message"]
    assert "facecompare models install minifasnet" in body["message"]
