"""``facecompare models bundle`` -> ``models import`` on "another machine" (another models root).

Each machine is its own HOME, XDG data folder and FACECOMPARE_MODELS; the real round trip uses
weights from ../shared/models (linked, never copied into the repository).
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli.models import models_app
from app.engine import packs
from app.engine.packs import PackFile, PackManifest
from app.modelstore.bundle import BUNDLE_JSON, LICENCE_TEXT, read_bundle_manifest
from tests.conftest import MODELS
from tests.engine.fake_manifests import use_builtin_manifests

runner = CliRunner()
WIDE = {"COLUMNS": "250"}
DET_500M = MODELS / "insightface_buffalo_sc" / "det_500m.onnx"
MOBILEFACENET = MODELS / "mobilefacenet_128d" / "mobilefacenet.onnx"
DET = b"fake detector" * 50
REC = b"fake recogniser" * 50


def machine(tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Switch the environment to machine ``name``; returns its models root."""
    home = tmp_path / name
    root = home / "models"
    root.mkdir(parents=True, exist_ok=True)
    monkeypatch.setenv(packs.ENV_MODELS, str(root))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "xdg"))
    return root


def fake_buffalo() -> PackManifest:
    return PackManifest(
        name="buffalo_l",
        kind="insightface",
        licence=packs.INSIGHTFACE_LICENCE,
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


def use_registry(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, manifest: PackManifest) -> None:
    use_builtin_manifests(monkeypatch, tmp_path / "manifests", manifest, packs.builtin_manifests()["open"])


def install_fake_buffalo(root: Path, *, licence: bool = True) -> Path:
    folder = root / "buffalo_l"
    folder.mkdir()
    (folder / "det_10g.onnx").write_bytes(DET)
    (folder / "w600k_r50.onnx").write_bytes(REC)
    if licence:
        (folder / packs.LICENCE_FILENAME).write_text("signed grant (test)")
    return folder


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(models_app, list(args), env=WIDE)
    return result.exit_code, result.output


def test_builtin_pack_round_trip_keeps_sha256_and_licence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_registry(monkeypatch, tmp_path, fake_buffalo())
    install_fake_buffalo(machine(tmp_path, "online", monkeypatch))
    out = tmp_path / "usb" / "buffalo_l-bundle.zip"
    code, output = invoke("bundle", "buffalo_l", str(out))
    assert code == 0, output
    assert "bundled" in output and "models import" in output

    with zipfile.ZipFile(out) as archive:
        names = set(archive.namelist())
        assert {BUNDLE_JSON, "buffalo_l/det_10g.onnx", "buffalo_l/w600k_r50.onnx"} <= names
        assert f"buffalo_l/{packs.LICENCE_FILENAME}" in names
        assert "buffalo_l/pack.json" not in names  # a built-in pack's manifest ships with facecompare
        text = archive.read(f"buffalo_l/{LICENCE_TEXT}").decode()
    assert "non-commercial" in text
    doc = read_bundle_manifest(out)
    assert doc is not None and doc.pack == "buffalo_l" and doc.signed_licence
    assert {f.name: f.sha256 for f in doc.files} == {f.name: f.sha256 for f in fake_buffalo().files}

    machine(tmp_path, "kiosk", monkeypatch)
    code, output = invoke("import", str(out))
    assert code == 0, output
    installed = packs.user_models_dir() / "buffalo_l"
    assert (installed / packs.LICENCE_FILENAME).read_text() == "signed grant (test)"
    assert (installed / BUNDLE_JSON).is_file() and (installed / LICENCE_TEXT).is_file()
    code, output = invoke("verify", "buffalo_l")
    assert code == 0, output
    assert "all files verified" in output


def test_tampered_bundle_installs_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use_registry(monkeypatch, tmp_path, fake_buffalo())
    install_fake_buffalo(machine(tmp_path, "online", monkeypatch))
    good = tmp_path / "good.zip"
    assert invoke("bundle", "buffalo_l", str(good))[0] == 0
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.endswith("w600k_r50.onnx"):
                data = data[:-1] + b"X"  # same size, other bytes
            dst.writestr(info, data)
    kiosk = machine(tmp_path, "kiosk", monkeypatch)
    code, output = invoke("import", str(bad))
    assert code == 1
    assert "sha256" in output.lower() or "checksum" in output.lower()
    assert not (kiosk / "buffalo_l").exists()
    assert not (packs.user_models_dir() / "buffalo_l").exists()


def test_bundle_of_other_weights_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The kiosk's facecompare knows buffalo_l with other sha256s: the bundle cannot override them."""
    use_registry(monkeypatch, tmp_path, fake_buffalo())
    install_fake_buffalo(machine(tmp_path, "online", monkeypatch))
    out = tmp_path / "b.zip"
    assert invoke("bundle", "buffalo_l", str(out))[0] == 0
    other = fake_buffalo().model_copy(
        update={
            "files": [
                fake_buffalo().files[0],
                fake_buffalo().files[1].model_copy(update={"sha256": "0" * 64}),
            ]
        }
    )
    use_registry(monkeypatch, tmp_path, other)
    kiosk = machine(tmp_path, "kiosk", monkeypatch)
    code, output = invoke("import", str(out))
    assert code == 1 and "other weights" in output
    assert not (kiosk / "buffalo_l").exists()
    assert not (packs.user_models_dir() / "buffalo_l").exists()


def test_bundle_refuses_a_corrupt_pack_and_an_existing_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_registry(monkeypatch, tmp_path, fake_buffalo())
    folder = install_fake_buffalo(machine(tmp_path, "online", monkeypatch))
    out = tmp_path / "b.zip"
    out.write_bytes(b"keep me")
    code, output = invoke("bundle", "buffalo_l", str(out))
    assert code == 1 and "--force" in output
    assert out.read_bytes() == b"keep me"
    (folder / "det_10g.onnx").write_bytes(DET[:-1] + b"Z")
    code, output = invoke("bundle", "buffalo_l", str(out), "--force")
    assert code == 1 and "fails verification" in output
    assert out.read_bytes() == b"keep me"
    assert not list(tmp_path.glob(".b.zip.*"))  # no temporary file left behind


def test_embedded_packs_are_not_bundled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    machine(tmp_path, "online", monkeypatch)
    for name in ("open", "minifasnet"):
        code, output = invoke("bundle", name, str(tmp_path / f"{name}.zip"))
        assert code == 1 and "every facecompare install" in output, output
        assert not (tmp_path / f"{name}.zip").exists()


@pytest.mark.models
@pytest.mark.skipif(not (DET_500M.is_file() and MOBILEFACENET.is_file()), reason="needs ../shared/models")
def test_real_weights_round_trip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A custom pack of real ONNX weights from ../shared/models survives bundle -> import, verified."""
    source = tmp_path / "src"
    source.mkdir()
    (source / "det_500m.onnx").symlink_to(DET_500M)
    (source / "mobilefacenet.onnx").symlink_to(MOBILEFACENET)
    pack_json = {
        "name": "mobile128",
        "kind": "custom",
        "licence": "test only (see ../shared/models/SOURCES.md)",
        "embedding_dim": 128,
        "files": [
            {"name": "det_500m.onnx", "role": "detector", "size": DET_500M.stat().st_size,
             "sha256": packs.sha256_file(DET_500M)},
            {"name": "mobilefacenet.onnx", "role": "recognizer", "size": MOBILEFACENET.stat().st_size,
             "sha256": packs.sha256_file(MOBILEFACENET)},
        ],
    }  # fmt: skip
    (source / packs.PACK_JSON).write_text(json.dumps(pack_json))
    machine(tmp_path, "online", monkeypatch)
    assert invoke("import", str(source))[0] == 0
    out = tmp_path / "usb" / "mobile128.zip"
    code, output = invoke("bundle", "mobile128", str(out))
    assert code == 0, output

    machine(tmp_path, "kiosk", monkeypatch)
    code, output = invoke("import", str(out))
    assert code == 0, output
    pack = packs.resolve_pack("mobile128")
    assert pack.root == packs.user_models_dir() / "mobile128"
    assert all(check.ok for check in packs.verify_pack(pack))
    assert packs.sha256_file(pack.path("recognizer")) == packs.sha256_file(MOBILEFACENET)
    code, output = invoke("list")
    assert code == 0 and "mobile128" in output


def test_list_names_the_calibration_file_in_use(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    machine(tmp_path, "kiosk", monkeypatch)
    monkeypatch.delenv("FACECOMPARE_CALIBRATION", raising=False)
    code, output = invoke("list")
    assert code == 0, output
    assert "calibration" in output
    assert "open.json (shipped)" in output
    broken = tmp_path / "broken.json"
    broken.write_text("{}")
    monkeypatch.setenv("FACECOMPARE_CALIBRATION", str(broken))
    code, output = invoke("list")
    assert code == 0 and "unusable" in output
