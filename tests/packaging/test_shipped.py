"""What ships (app.shipped.shipped_files) and where the program looks for it."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from app import selftest, shipped
from app.engine import packs

ROOT = Path(__file__).resolve().parents[2]


def _tree(root: Path, *names: str) -> Path:
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x", encoding="utf-8")
    return root


def test_the_repository_is_found_in_a_checkout() -> None:
    assert packs.models_dir() == ROOT / "models"
    assert shipped.find("resources") == ROOT / "resources"
    assert selftest.samples_dir() == ROOT / "packaging" / "samples"


def test_an_installed_wheels_data_comes_before_a_folder_beside_the_package(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """site-packages/app/_data/models wins over a stray site-packages/models."""
    _tree(tmp_path, "app/_data/models/manifests/open.json", "models/manifests/open.json")
    _tree(tmp_path, "app/_data/samples/card.jpg", "app/_data/samples/selfie.jpg")
    monkeypatch.setattr(shipped, "__file__", str(tmp_path / "app" / "shipped.py"))
    assert packs.models_dir() == tmp_path / "app" / "_data" / "models"
    assert selftest.samples_dir() == tmp_path / "app" / "_data" / "samples"
    assert shipped.find("resources") is None  # neither place has one


def test_a_frozen_bundle_comes_first(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _tree(tmp_path, "models/manifests/open.json", "resources/styles/00.qss", "samples/card.jpg")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert packs.models_dir() == tmp_path / "models"
    assert shipped.find("resources") == tmp_path / "resources"
    assert selftest.samples_dir() == ROOT / "packaging" / "samples"  # the bundle lacks selfie.jpg


def _copy_shipping_sources(dest: Path) -> Path:
    for name in ("models", "resources"):
        shutil.copytree(ROOT / name, dest / name)
    (dest / "packaging").mkdir()
    shutil.copytree(ROOT / "packaging" / "samples", dest / "packaging" / "samples")
    return dest


def test_only_packs_with_bundled_files_ship_and_never_sources(tmp_path: Path) -> None:
    root = _copy_shipping_sources(tmp_path)
    _tree(root, "models/buffalo_l/w600k_r50.onnx", "models/open/convert.py", "resources/fonts/.DS_Store")
    dests = {dest for _source, dest in shipped.shipped_files(root)}
    assert "models/open/face_detection_yunet_2023mar.onnx" in dests and "samples/selfie.jpg" in dests
    assert not [d for d in dests if d.startswith("models/buffalo_l/") or d.endswith((".py", ".ts", ".Store"))]
    assert "packaging/samples/make_samples.py" not in dests and "samples/make_samples.py" not in dests


def test_a_missing_bundled_file_or_sample_stops_the_build(tmp_path: Path) -> None:
    root = _copy_shipping_sources(tmp_path)
    (root / "models" / "open" / "face_detection_yunet_2023mar.onnx").unlink()
    with pytest.raises(FileNotFoundError, match=r"face_detection_yunet_2023mar\.onnx"):
        shipped.shipped_files(root)
    root = _copy_shipping_sources(tmp_path / "again")
    (root / "packaging" / "samples" / "selfie.jpg").unlink()
    with pytest.raises(FileNotFoundError, match=r"selfie\.jpg"):
        shipped.shipped_files(root)


@pytest.mark.parametrize("embedded", [True, False])
def test_a_new_embedded_or_bundled_pack_ships_without_further_changes(tmp_path: Path, embedded: bool) -> None:
    """A pack added beside YuNet (its manifest ``embedded``, or naming files of source
    ``bundled``) rides along with the licence files beside it; a missing weight stops the build."""
    root = _copy_shipping_sources(tmp_path)
    _tree(root, "models/liveness_test/a.onnx", "models/liveness_test/LICENSE")
    entry = {"name": "a.onnx"} if embedded else {"name": "a.onnx", "source": "bundled"}
    manifest = {"name": "liveness_test", "embedded": embedded, "files": [entry]}
    (root / "models" / "manifests" / "liveness_test.json").write_text(json.dumps(manifest), "utf-8")
    dests = {dest for _source, dest in shipped.shipped_files(root)}
    assert {"models/liveness_test/a.onnx", "models/liveness_test/LICENSE"} <= dests
    (root / "models" / "liveness_test" / "a.onnx").unlink()
    with pytest.raises(FileNotFoundError, match=r"a\.onnx"):
        shipped.shipped_files(root)


def test_the_share_folder_of_older_server_images_is_the_last_resort(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The 0.1 server image copied models/ to <prefix>/share/facecompare/models."""
    _tree(tmp_path, "share/facecompare/models/manifests/open.json")
    monkeypatch.setattr(sys, "prefix", str(tmp_path))
    assert packs.models_dir() == ROOT / "models"  # shipped folders win
    monkeypatch.setattr(shipped, "find", lambda name, *marks: None)
    assert packs.models_dir() == tmp_path / "share" / "facecompare" / "models"
