"""``facecompare liveness`` as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli.main import app
from app.engine import packs
from tests.conftest import DATA, MODELS, need

runner = CliRunner()


@pytest.mark.models
def test_json_lines_one_per_image_with_errors_inline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(packs.ENV_MODELS, str(need(MODELS / "minifasnet").parent))
    images = sorted((need(DATA / "spoof-dev") / "images").glob("*.jpg"))[:2]
    bad = tmp_path / "notes.txt"
    bad.write_text("not an image")
    blank = tmp_path / "blank.png"
    import cv2
    import numpy as np

    cv2.imwrite(str(blank), np.full((200, 200, 3), 128, np.uint8))
    res = runner.invoke(app, ["liveness", *map(str, images), str(bad), str(blank), "--json"])
    assert res.exit_code == 1, res.output
    lines = [json.loads(line) for line in res.stdout.splitlines()]
    assert [line["image"] for line in lines] == [*map(str, images), str(bad), str(blank)]
    for line in lines[:2]:
        assert set(line) == {"image", "live", "score"}
        assert isinstance(line["live"], bool) and 0.0 <= line["score"] <= 1.0
        assert line["live"] == (line["score"] >= 0.5)
    assert lines[2]["errorCode"] == "UNSUPPORTED_FORMAT" and lines[2]["message"]
    assert lines[3]["errorCode"] == "FACE_NOT_FOUND"


@pytest.mark.models
def test_text_output_and_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(packs.ENV_MODELS, str(need(MODELS / "minifasnet").parent))
    image = sorted((need(DATA / "spoof-dev") / "images").glob("*.jpg"))[0]
    res = runner.invoke(app, ["liveness", str(image), "--threshold", "1.0"])
    assert res.exit_code == 0, res.output
    assert "NOT LIVE" in res.stdout and "threshold 1.00" in res.stdout


def test_missing_pack_says_where_the_files_go(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(packs.ENV_MODELS, str(tmp_path / "empty"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    res = runner.invoke(app, ["liveness", str(tmp_path / "x.jpg"), "--json"])
    assert res.exit_code == 1
    body = json.loads(res.stdout)
    assert body["errorCode"] == "INTERNAL_ERROR"
    assert "MiniFASNetV2.onnx" in body["message"] and "minifasnet" in body["message"]
