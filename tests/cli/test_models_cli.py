"""``facecompare models`` sub-app through typer's CliRunner (no network)."""

from __future__ import annotations

import hashlib
import os
import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli.models import models_app
from app.engine import packs
from app.engine.packs import PackFile, PackManifest
from tests.engine.fake_manifests import use_builtin_manifests

runner = CliRunner()
WIDE = {"COLUMNS": "250"}

DET = b"fake detector" * 50
REC = b"fake recogniser" * 50


def fake_manifest(url: str | None = None) -> PackManifest:
    return PackManifest(
        name="buffalo_l",
        kind="insightface",
        licence=packs.INSIGHTFACE_LICENCE,
        url=url,
        files=[
            PackFile(
                name="det_10g.onnx", role="detector", sha256=hashlib.sha256(DET).hexdigest(), size=len(DET)
            ),
            PackFile(
                name="w600k_r50.onnx",
                role="recognizer",
                sha256=hashlib.sha256(REC).hexdigest(),
                size=len(REC),
            ),
        ],
        embedding_dim=512,
    )


@pytest.fixture
def models_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "models"
    root.mkdir()
    monkeypatch.setenv(packs.ENV_MODELS, str(root))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    return root


def use_fake_registry(monkeypatch: pytest.MonkeyPatch, folder: Path, url: str | None = None) -> None:
    use_builtin_manifests(
        monkeypatch, folder / "manifests", fake_manifest(url), packs.builtin_manifests()["open"]
    )


def test_list_shows_packs_and_ibug_terms(models_root: Path) -> None:
    result = runner.invoke(models_app, ["list"], env=WIDE)
    assert result.exit_code == 0, result.output
    for name in ("buffalo_l", "buffalo_m", "buffalo_s", "buffalo_sc", "antelopev2", "open"):
        assert name in result.output
    assert "iBUG 300-W" in result.output
    assert "non-commercial" in result.output
    assert str(models_root) in result.output


def test_verify_open_pack(models_root: Path) -> None:
    result = runner.invoke(models_app, ["verify", "open", "--quick"], env=WIDE)
    assert result.exit_code == 0, result.output
    assert "all files verified" in result.output
    result = runner.invoke(models_app, ["verify"], env=WIDE)  # auto -> open here
    assert result.exit_code == 0, result.output
    assert "detector_yunet" in result.output


def test_verify_fails_on_mismatch(models_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use_fake_registry(monkeypatch, models_root.parent)
    folder = models_root / "buffalo_l"
    folder.mkdir()
    (folder / "det_10g.onnx").write_bytes(DET)
    (folder / "w600k_r50.onnx").write_bytes(b"Y" * len(REC))
    result = runner.invoke(models_app, ["verify", "buffalo_l"], env=WIDE)
    assert result.exit_code == 1
    assert "sha mismatch" in result.output
    (folder / "w600k_r50.onnx").write_bytes(REC)
    result = runner.invoke(models_app, ["verify", "buffalo_l"], env=WIDE)
    assert result.exit_code == 0, result.output


def test_verify_missing_pack_is_an_error(models_root: Path) -> None:
    result = runner.invoke(models_app, ["verify", "buffalo_l"], env=WIDE)
    assert result.exit_code == 1
    assert "facecompare models install buffalo_l" in result.output


def test_import_then_list(models_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use_fake_registry(monkeypatch, models_root.parent)
    source = tmp_path / "download"
    source.mkdir()
    (source / "det_10g.onnx").write_bytes(DET)
    (source / "w600k_r50.onnx").write_bytes(REC)
    result = runner.invoke(models_app, ["import", str(source), "--dest", str(models_root)], env=WIDE)
    assert result.exit_code == 0, result.output
    assert (models_root / "buffalo_l" / "det_10g.onnx").is_file()
    result = runner.invoke(models_app, ["list"], env=WIDE)
    assert result.exit_code == 0
    line = next(line for line in result.output.splitlines() if "buffalo_l" in line)
    assert "yes" in line
    assert packs.resolve_pack().name == "buffalo_l"


def test_install_offline_prints_how_to_import(models_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/buffalo_l.zip"
    use_fake_registry(monkeypatch, models_root.parent, url)
    result = runner.invoke(
        models_app, ["install", "buffalo_l", "--dest", str(models_root), "--no-progress"], env=WIDE
    )
    assert result.exit_code == 1
    flat = " ".join(result.output.split())
    assert "facecompare models import buffalo_l.zip" in flat
    assert not (models_root / "buffalo_l").exists()


def test_help_lists_commands() -> None:
    result = runner.invoke(
        models_app, ["--help"], env={**WIDE, "NO_COLOR": "1", "TERM": os.environ.get("TERM", "")}
    )
    assert result.exit_code == 0
    for command in ("list", "install", "import", "verify"):
        assert command in result.output
