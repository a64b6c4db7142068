"""The installation self-test: ``facecompare selftest`` and the workstation's ``--self-test``."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app import selftest
from app.cli.main import app as cli

SAMPLES = Path(__file__).resolve().parents[2] / "packaging" / "samples"


def test_samples_are_the_committed_renderings() -> None:
    """The shipped samples are exactly what packaging/samples/SHA256SUMS records."""
    import hashlib

    for line in (SAMPLES / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split()
        assert hashlib.sha256((SAMPLES / name).read_bytes()).hexdigest() == digest, name
    assert selftest.samples_dir() == SAMPLES


def test_cli_selftest_passes_with_the_open_pack(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACECOMPARE_MODEL_PACK", "open")
    result = CliRunner().invoke(cli, ["selftest"])
    assert result.exit_code == 0, result.output
    line = json.loads(result.output.strip().splitlines()[-1])
    assert line["ok"] is True and line["decision"] == "MATCH" and line["pack"] == "open"
    assert line["similarity"] > 0.95


def test_selftest_fails_when_the_samples_differ(tmp_path: Path) -> None:
    """Two different images (a card with no face) must not pass: exit 1 with the reason."""
    shutil.copy(SAMPLES / "card.jpg", tmp_path / "card.jpg")
    import cv2
    import numpy as np

    cv2.imwrite(str(tmp_path / "selfie.jpg"), np.full((300, 300, 3), 127, np.uint8))
    result = selftest.run("open", samples=tmp_path)
    assert result["ok"] is False
    assert "FaceNotFound" in result["error"]


def test_selftest_without_samples_reports_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(selftest, "samples_dir", lambda: None)
    result = selftest.run("open")
    assert result["ok"] is False and "not found" in result["error"]


def test_gui_self_test_checks_qt_resources(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from app.gui.common import resources
    from app.gui.workstation.main import main

    monkeypatch.setattr(selftest, "run", lambda pack=None: {"ok": True, "decision": "MATCH"})
    assert main(["--self-test"]) == 0
    line = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert line["stylesheet"] and line["icon"] and line["translation_ko"]

    empty = tmp_path / "resources"
    (empty / "styles").mkdir(parents=True)
    monkeypatch.setattr(resources, "resources_dir", lambda: empty)
    assert main(["--self-test"]) == 1
    line = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert line["ok"] is False and "resources" in line["error"]
