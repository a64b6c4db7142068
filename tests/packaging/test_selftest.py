"""The installation self-test: ``facecompare selftest`` and the workstation's ``--self-test``."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
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


def test_cli_selftest_imports_no_qt() -> None:
    """``facecompare selftest`` runs where Qt cannot (a server or kiosk without a display)."""
    code = (
        "import sys\n"
        "from app.cli.main import app\n"
        "try:\n"
        "    app(['selftest', '--pack', 'open'])\n"
        "except SystemExit as exc:\n"
        "    qt = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "    print('exit', exc.code, 'qt', qt)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, env=_env()
    )
    line = json.loads(out.stdout.splitlines()[0])
    assert line["ok"] is True and line["case_store"] is True and "stylesheet" not in line
    assert out.stdout.splitlines()[-1] == "exit 0 qt []", out.stdout + out.stderr


def test_gui_self_test_checks_qt_resources(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from app.gui.common import resources

    monkeypatch.setattr(selftest, "check_engine", lambda pack=None, samples=None: {"decision": "MATCH"})
    result = CliRunner().invoke(cli, ["gui", "--self-test"])
    assert result.exit_code == 0, result.output
    line = json.loads(result.output.strip().splitlines()[-1])
    assert line["ok"] is True and line["stylesheet"] and line["icon"] and line["translation_ko"]
    assert line["case_store"] is True

    empty = tmp_path / "resources"
    (empty / "styles").mkdir(parents=True)
    monkeypatch.setattr(resources, "resources_dir", lambda: empty)
    result = CliRunner().invoke(cli, ["gui", "--self-test"])
    assert result.exit_code == 1
    line = json.loads(result.output.strip().splitlines()[-1])
    assert line["ok"] is False and "resources" in line["error"]
    assert not line["stylesheet"] and not line["icon"] and not line["translation_ko"]


def test_a_broken_case_store_fails_the_self_test(monkeypatch: pytest.MonkeyPatch) -> None:
    from app import cases

    def broken(*_args: object, **_kwargs: object) -> None:
        raise OSError("alembic scripts missing")

    monkeypatch.setattr(selftest, "check_engine", lambda pack=None, samples=None: {"decision": "MATCH"})
    monkeypatch.setattr(cases.SqlCaseStore, "at", broken)
    result = selftest.run()
    assert result["ok"] is False and result["case_store"] is False
    assert result["error"] == "the case store cannot be created: OSError: alembic scripts missing"


def test_the_packaged_entry_runs_the_self_test_with_qt() -> None:
    """``FaceCompare --self-test`` (what the smoke test runs on the build) checks everything."""
    entry = Path(__file__).resolve().parents[2] / "packaging" / "pyinstaller" / "workstation.py"
    out = subprocess.run(
        [sys.executable, str(entry), "--self-test"], capture_output=True, text=True, timeout=300, env=_env()
    )
    assert out.returncode == 0, out.stdout + out.stderr[-2000:]
    line = json.loads([x for x in out.stdout.splitlines() if x.startswith("{")][-1])
    assert line["decision"] == "MATCH" and line["pack"] == "open"
    assert all(line[k] is True for k in ("ok", "stylesheet", "icon", "translation_ko", "case_store"))
    assert line["qt_platform"] == "offscreen" and line["frozen"] is False


def _env() -> dict[str, str]:
    """This environment with the open pack, no display and the worktree's ``app`` importable."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    env["FACECOMPARE_MODEL_PACK"] = "open"
    env.pop("QT_QPA_PLATFORM", None)  # the self-test must choose offscreen by itself
    return env
