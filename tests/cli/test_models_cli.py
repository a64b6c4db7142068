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
from tests.conftest import shipped_liveness_threshold
from tests.engine.fake_manifests import use_builtin_manifests, without_embedded_copies
from tests.modelstore.test_download import Server

runner = CliRunner()
WIDE = {"COLUMNS": "250"}
EMBEDDED = Path(__file__).resolve().parents[2] / "models" / "minifasnet"

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


def test_list_shows_the_embedded_liveness_pack_and_its_licence(models_root: Path) -> None:
    result = runner.invoke(models_app, ["list"], env=WIDE)
    assert result.exit_code == 0, result.output
    line = next(line for line in result.output.splitlines() if "minifasnet" in line)
    assert "liveness" in line and "yes" in line and str(EMBEDDED) in line
    flat = " ".join(result.output.split())
    # the threshold in force: the shipped liveness calibration's, and where it is
    assert "Apache-2.0" in line and f"P(live) >= {shipped_liveness_threshold():g}" in flat
    assert "minifasnet.json (shipped)" in flat
    assert str(EMBEDDED / "LICENSE") in flat and str(EMBEDDED / "NOTICE") in flat


def test_verify_checks_the_embedded_liveness_pack(
    models_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = runner.invoke(models_app, ["verify", "minifasnet"], env=WIDE)
    assert result.exit_code == 0, result.output
    assert result.output.count(" ok ") == 2 and "all files verified" in result.output
    assert str(EMBEDDED / "MiniFASNetV2.onnx") in result.output
    # a damaged shipped copy (same size, one byte changed) fails its sha256, with the right advice
    damaged = tmp_path / "shipped" / "minifasnet"
    damaged.mkdir(parents=True)
    for source in EMBEDDED.glob("*.onnx"):
        (damaged / source.name).write_bytes(source.read_bytes())
    data = bytearray((damaged / "MiniFASNetV1SE.onnx").read_bytes())
    data[-1] ^= 0xFF
    (damaged / "MiniFASNetV1SE.onnx").write_bytes(bytes(data))
    without_embedded_copies(monkeypatch, damaged.parent)  # the shipped copy is this one
    result = runner.invoke(models_app, ["verify", "minifasnet"], env=WIDE)
    assert result.exit_code == 1
    flat = " ".join(result.output.split())
    assert "sha mismatch" in flat and "ships with facecompare" in flat


def test_install_of_an_embedded_pack_says_which_copy_is_used(
    models_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``models install minifasnet`` still downloads (per file, sha256-checked) for installs
    without the embedded copy; with it, the command says that the embedded copy stays in use."""
    server = Server()
    server.thread.start()
    try:
        manifest = packs.liveness_manifests()["minifasnet"]
        files = []
        for entry in manifest.files:
            server.serve(f"/weights/{entry.name}", (EMBEDDED / entry.name).read_bytes())
            files.append(entry.model_copy(update={"url": f"{server.base}/weights/{entry.name}"}))
        mirrored = manifest.model_copy(update={"files": files})
        use_builtin_manifests(monkeypatch, models_root.parent, packs.builtin_manifests()["open"], mirrored)
        result = runner.invoke(models_app, ["install", "minifasnet", "--no-progress"], env=WIDE)
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()
    assert result.exit_code == 0, result.output
    assert all(len(served.requests) == 1 for served in server.routes.values())  # from the mirror
    installed = packs.user_models_dir() / "minifasnet"
    assert all(c.ok for c in packs.verify_pack(packs.pack_at(mirrored, installed)))
    flat = " ".join(result.output.split())
    assert f"installed minifasnet in {installed}" in flat
    assert f"note: the copy in {EMBEDDED} comes first" in flat
    assert packs.resolve_liveness_pack().root == EMBEDDED
    without_embedded_copies(monkeypatch, tmp_path / "slim")
    assert packs.resolve_liveness_pack().root == installed


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
