"""Paths are checked before any model loads: a missing input or an unwritable output is one line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from app.cli.main import app
from tests.cli.cli_tree import SAMPLES, run_cli

runner = CliRunner()
CARD, SELFIE = SAMPLES / "card.jpg", SAMPLES / "selfie.jpg"


@pytest.fixture
def no_models(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    """Records (and refuses) every engine and worker pool a command starts."""
    import app.cli.batch
    import app.engine.engine
    import app.evaluation.embed

    started: list[str] = []

    def refuse(what: str) -> Any:
        def start(*args: object, **kwargs: object) -> None:
            started.append(what)
            raise RuntimeError(f"{what} started")

        return start

    monkeypatch.setattr(app.engine.engine.Engine, "__init__", refuse("engine"))
    monkeypatch.setattr(app.cli.batch, "process_pool", refuse("batch pool"))
    monkeypatch.setattr(app.evaluation.embed, "process_pool", refuse("evaluation pool"))
    monkeypatch.setenv("FACECOMPARE_DATABASE_URL", f"sqlite:///{tmp_path / 'cases.db'}")
    return started


def _scratch(tmp: Path) -> dict[str, Path]:
    pairs = tmp / "pairs.csv"
    pairs.write_text(f"card,selfie,same\n{CARD},{SELFIE},1\n")
    (tmp / "a-file").write_text("x")
    (tmp / "a-folder").mkdir()
    return {
        "pairs": pairs,
        "missing": tmp / "missing.jpg",
        "under_a_file": tmp / "a-file" / "out.csv",
        "folder": tmp / "a-folder",
    }


CASES: dict[str, tuple[list[str], str]] = {
    # name: (arguments with {placeholders}, what the one line names)
    "compare missing card": (["compare", "{missing}", str(SELFIE)], "missing.jpg"),
    "compare missing selfie": (["compare", str(CARD), "{missing}"], "faceImage"),
    "compare card is a folder": (["compare", "{folder}", str(SELFIE)], "a-folder"),
    "compare --record, database folder missing": (
        ["compare", str(CARD), str(SELFIE), "--record", "--operator", "a", "--customer", "c", "--consent"],
        "does not exist",
    ),
    "liveness one missing image": (["liveness", str(SELFIE), "{missing}"], "missing.jpg"),
    "liveness image is a folder": (["liveness", "{folder}"], "a-folder"),
    "analyze one missing image": (["analyze", str(CARD), "{missing}", str(SELFIE)], "missing.jpg"),
    "batch missing CSV": (["batch", "{missing}", "--out", "{folder}/s.csv"], "missing.jpg"),
    "batch --out under a file": (["batch", "{pairs}", "--out", "{under_a_file}"], "'--out'"),
    "batch --out is a folder": (["batch", "{pairs}", "--out", "{folder}"], "is a folder"),
    "evaluate missing CSV": (["evaluate", "{missing}", "--report", "{folder}"], "missing.jpg"),
    "evaluate --report under a file": (["evaluate", "{pairs}", "--report", "{under_a_file}"], "'--report'"),
    "calibrate missing CSV": (["calibrate", "{missing}", "--out", "{folder}/c.json"], "missing.jpg"),
    "calibrate --out under a file": (["calibrate", "{pairs}", "--out", "{under_a_file}"], "'--out'"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_one_line_and_no_model_loaded(
    name: str, no_models: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    template, names = CASES[name]
    paths = _scratch(tmp_path)
    if "database" in name:
        monkeypatch.setenv("FACECOMPARE_DATABASE_URL", f"sqlite:///{tmp_path / 'no' / 'such' / 'c.db'}")
    res = runner.invoke(app, [arg.format(**paths) for arg in template])
    assert res.exit_code != 0
    (line,) = res.stderr.splitlines()
    assert names in line and "Traceback" not in res.output
    assert no_models == []


def test_compare_json_answers_a_missing_file_in_the_error_envelope(
    no_models: list[str], tmp_path: Path
) -> None:
    res = runner.invoke(
        app, ["compare", str(tmp_path / "gone.png"), str(SELFIE), "--json", "--request-id", "r1"]
    )
    assert res.exit_code == 1 and res.stderr == ""
    body = json.loads(res.stdout)
    assert body["result"] == "ERROR" and body["errorCode"] == "INVALID_REQUEST" and body["requestId"] == "r1"
    assert "cardImage" in body["message"] and "gone.png" in body["message"]
    assert no_models == []


def test_a_subprocess_names_the_path_not_the_pack(tmp_path: Path) -> None:
    """With a pack that does not exist, the error is still the path: it was checked first."""
    env = {"FACECOMPARE_MODEL_PACK": "no-such-pack", "FACECOMPARE_MODELS": str(tmp_path)}
    res = run_cli(["compare", tmp_path / "missing.jpg", SELFIE], env=env, timeout=120)
    assert res.returncode == 1
    missing = tmp_path / "missing.jpg"
    assert res.stderr.splitlines() == [
        f"ERROR INVALID_REQUEST: cardImage ({missing}) could not be read: No such file or directory"
    ]
    res = run_cli(["batch", tmp_path / "pairs.csv", "--out", tmp_path / "x" / "y.csv"], env=env, timeout=120)
    assert res.returncode == 2 and len(res.stderr.splitlines()) == 1
    assert "pairs.csv' does not exist" in res.stderr
