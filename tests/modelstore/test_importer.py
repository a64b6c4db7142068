"""import_pack from zips and folders: inference of the pack, zip safety, verification."""

from __future__ import annotations

import hashlib
import json
import stat
import zipfile
from pathlib import Path

import pytest

from app.engine import packs
from app.engine.errors import ModelPackError
from app.engine.packs import PackFile, PackManifest
from app.modelstore import importer
from app.modelstore.importer import PARTIAL_DIR, import_pack, infer_manifest
from tests.engine.fake_manifests import use_builtin_manifests

SHARED_MODELS = Path(__file__).resolve().parents[2].parent / "shared" / "models"
DET_500M = SHARED_MODELS / "insightface_buffalo_sc" / "det_500m.onnx"
MOBILEFACENET = SHARED_MODELS / "mobilefacenet_128d" / "mobilefacenet.onnx"

DATA = {
    "det_a.onnx": b"detector A" * 100,
    "det_b.onnx": b"detector B" * 100,
    "rec.onnx": b"shared recogniser" * 100,
    "lmk.onnx": b"landmarks" * 100,
}


def entry(name: str, role: str) -> PackFile:
    data = DATA[name]
    return PackFile(name=name, role=role, sha256=hashlib.sha256(data).hexdigest(), size=len(data))


def manifest(name: str, files: list[PackFile]) -> PackManifest:
    return PackManifest(name=name, kind="insightface", licence="test", files=files, embedding_dim=512)


REGISTRY = {
    # pack_big = pack_small + landmarks, like buffalo_s vs buffalo_sc
    "pack_small": manifest("pack_small", [entry("det_a.onnx", "detector"), entry("rec.onnx", "recognizer")]),
    "pack_big": manifest(
        "pack_big",
        [
            entry("det_a.onnx", "detector"),
            entry("lmk.onnx", "landmarks_2d106"),
            entry("rec.onnx", "recognizer"),
        ],
    ),
    "pack_other": manifest("pack_other", [entry("det_b.onnx", "detector"), entry("rec.onnx", "recognizer")]),
}


@pytest.fixture(autouse=True)
def registry(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, PackManifest]:
    use_builtin_manifests(monkeypatch, tmp_path / "manifests", *REGISTRY.values())
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv(packs.ENV_MODELS, str(tmp_path / "dest"))
    return REGISTRY


@pytest.fixture
def dest(tmp_path: Path) -> Path:
    return tmp_path / "dest"


def write_folder(folder: Path, names: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_bytes(DATA[name])
    return folder


def write_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def no_leftovers(dest: Path) -> bool:
    partial = dest / PARTIAL_DIR
    return not partial.exists() or not any(partial.iterdir())


# ------------------------------------------------------------------ inference


def test_infer_prefers_the_pack_with_most_files() -> None:
    assert infer_manifest({"det_a.onnx", "rec.onnx", "lmk.onnx"}).name == "pack_big"
    assert infer_manifest({"det_a.onnx", "rec.onnx"}).name == "pack_small"
    assert infer_manifest({"det_b.onnx", "rec.onnx", "README"}).name == "pack_other"
    with pytest.raises(ModelPackError, match="do not match any known pack"):
        infer_manifest({"rec.onnx"})


def test_infer_uses_the_name_hint_on_a_tie() -> None:
    names = {"det_a.onnx", "rec.onnx"}
    assert infer_manifest(names, hint="pack_small").name == "pack_small"


# ------------------------------------------------------------------ folders and zips


def test_import_folder_infers_name_and_copies_licence(tmp_path: Path, dest: Path) -> None:
    source = write_folder(tmp_path / "download" / "whatever", ["det_a.onnx", "rec.onnx", "lmk.onnx"])
    (source / packs.LICENCE_FILENAME).write_text("{}")
    folder = import_pack(source, dest_root=dest)
    assert folder == dest / "pack_big"
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["det_a.onnx", "rec.onnx", "lmk.onnx", packs.LICENCE_FILENAME]
    )
    assert not (folder / packs.PACK_JSON).exists()  # built-in packs carry no pack.json
    assert no_leftovers(dest)
    assert packs.resolve_pack("pack_big").root == folder


def test_import_nested_zip_with_explicit_name(tmp_path: Path, dest: Path) -> None:
    zip_path = write_zip(
        tmp_path / "download.zip",
        {
            "pack_big/pack_big/det_a.onnx": DATA["det_a.onnx"],
            "pack_big/pack_big/rec.onnx": DATA["rec.onnx"],
            "pack_big/pack_big/lmk.onnx": DATA["lmk.onnx"],
            "pack_big/readme.txt": b"hello",
            "__MACOSX/pack_big/pack_big/._det_a.onnx": b"resource fork",
        },
    )
    folder = import_pack(zip_path, name="pack_small", dest_root=dest)
    assert folder == dest / "pack_small"
    assert sorted(p.name for p in folder.iterdir()) == ["det_a.onnx", "rec.onnx"]


def test_import_zip_name_from_file_name_hint(tmp_path: Path, dest: Path) -> None:
    zip_path = write_zip(tmp_path / "pack_small.zip", {n: DATA[n] for n in ("det_a.onnx", "rec.onnx")})
    assert import_pack(zip_path, dest_root=dest).name == "pack_small"


def test_import_with_bad_checksum_installs_nothing(tmp_path: Path, dest: Path) -> None:
    source = write_folder(tmp_path / "src", ["det_a.onnx", "rec.onnx"])
    (source / "rec.onnx").write_bytes(b"X" * len(DATA["rec.onnx"]))
    with pytest.raises(ModelPackError, match="checksum"):
        import_pack(source, name="pack_small", dest_root=dest)
    assert not (dest / "pack_small").exists()
    assert no_leftovers(dest)


def test_import_with_oversized_file_installs_nothing(tmp_path: Path, dest: Path) -> None:
    source = write_folder(tmp_path / "src", ["det_a.onnx", "rec.onnx"])
    (source / "rec.onnx").write_bytes(DATA["rec.onnx"] + b"extra")
    with pytest.raises(ModelPackError, match="larger"):
        import_pack(source, name="pack_small", dest_root=dest)
    assert not (dest / "pack_small").exists()


def test_reimport_replaces_existing_pack(tmp_path: Path, dest: Path) -> None:
    source = write_folder(tmp_path / "src", ["det_a.onnx", "rec.onnx"])
    first = import_pack(source, name="pack_small", dest_root=dest)
    (first / "stale.txt").write_text("old")
    second = import_pack(source, name="pack_small", dest_root=dest)
    assert second == first
    assert not (second / "stale.txt").exists()
    assert no_leftovers(dest)


def test_unknown_name_and_missing_path(tmp_path: Path, dest: Path) -> None:
    source = write_folder(tmp_path / "src", ["det_a.onnx", "rec.onnx"])
    with pytest.raises(ModelPackError, match="Unknown pack"):
        import_pack(source, name="nope", dest_root=dest)
    with pytest.raises(ModelPackError, match="does not exist"):
        import_pack(tmp_path / "nowhere", dest_root=dest)
    (tmp_path / "notzip.bin").write_bytes(b"plain")
    with pytest.raises(ModelPackError, match="neither a folder nor a zip"):
        import_pack(tmp_path / "notzip.bin", dest_root=dest)


# ------------------------------------------------------------------ zip safety


@pytest.mark.parametrize(
    "evil", ["../det_a.onnx", "pack/../../det_a.onnx", "/abs/det_a.onnx", "C:/det_a.onnx"]
)
def test_zip_slip_is_rejected(tmp_path: Path, dest: Path, evil: str) -> None:
    zip_path = write_zip(tmp_path / "evil.zip", {evil: DATA["det_a.onnx"], "rec.onnx": DATA["rec.onnx"]})
    with pytest.raises(ModelPackError, match="unsafe path"):
        import_pack(zip_path, name="pack_small", dest_root=dest)
    assert not (dest / "pack_small").exists()
    assert not (tmp_path / "det_a.onnx").exists()
    assert no_leftovers(dest)


def test_zip_symlink_is_rejected(tmp_path: Path, dest: Path) -> None:
    zip_path = tmp_path / "link.zip"
    with zipfile.ZipFile(zip_path, "w") as archive:
        link = zipfile.ZipInfo("det_a.onnx")
        link.create_system = 3
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
        archive.writestr("rec.onnx", DATA["rec.onnx"])
    with pytest.raises(ModelPackError, match="symbolic link"):
        import_pack(zip_path, name="pack_small", dest_root=dest)
    assert not (dest / "pack_small").exists()


def test_zip_too_large_is_rejected(tmp_path: Path, dest: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importer, "MAX_UNCOMPRESSED_BYTES", 1500)
    zip_path = write_zip(tmp_path / "big.zip", {n: DATA[n] for n in ("det_a.onnx", "rec.onnx")})
    with pytest.raises(ModelPackError, match="expands to more than"):
        import_pack(zip_path, name="pack_small", dest_root=dest)
    assert not (dest / "pack_small").exists()


def test_zip_with_ambiguous_duplicates_is_rejected(tmp_path: Path, dest: Path) -> None:
    zip_path = write_zip(
        tmp_path / "dup.zip",
        {
            "a/det_a.onnx": DATA["det_a.onnx"],
            "b/det_a.onnx": DATA["det_a.onnx"],
            "rec.onnx": DATA["rec.onnx"],
        },
    )
    with pytest.raises(ModelPackError, match="more than once"):
        import_pack(zip_path, name="pack_small", dest_root=dest)


# ------------------------------------------------------------------ custom packs


@pytest.mark.skipif(
    not (DET_500M.is_file() and MOBILEFACENET.is_file()), reason="../shared/models is not available"
)
def test_import_custom_pack_folder_of_symlinks(tmp_path: Path, dest: Path) -> None:
    source = tmp_path / "custom-src"
    source.mkdir()
    (source / "det_500m.onnx").symlink_to(DET_500M)
    (source / "mobilefacenet.onnx").symlink_to(MOBILEFACENET)
    custom = {
        "name": "mobile128",
        "kind": "custom",
        "licence": "test only",
        "embedding_dim": 128,
        "files": [
            {
                "name": "det_500m.onnx",
                "role": "detector",
                "sha256": "5e4447f50245bbd7966bd6c0fa52938c61474a04ec7def48753668a9d8b4ea3a",
                "size": 2524817,
            },
            {
                "name": "mobilefacenet.onnx",
                "role": "recognizer",
                "sha256": "f055d9c9a4d826d198c42666590fdefa0fdc1374a75ccb6306c3d1b1bf8f74c5",
                "size": 3973728,
            },
        ],
    }
    (source / packs.PACK_JSON).write_text(json.dumps(custom))
    folder = import_pack(source, dest_root=dest)
    assert folder == dest / "mobile128"
    assert not (folder / "det_500m.onnx").is_symlink()  # the files are copied, not linked
    assert packs.load_manifest(folder / packs.PACK_JSON).name == "mobile128"
    pack = packs.resolve_pack("mobile128")
    assert pack.kind == "custom"
    assert all(check.ok for check in packs.verify_pack(pack))

    renamed = import_pack(source, name="mobile128-copy", dest_root=dest)
    assert packs.load_manifest(renamed / packs.PACK_JSON).name == "mobile128-copy"


def test_custom_pack_json_cannot_take_a_builtin_name(tmp_path: Path, dest: Path) -> None:
    source = write_folder(tmp_path / "src", ["det_a.onnx", "rec.onnx"])
    fake = manifest("pack_small", [entry("det_a.onnx", "detector"), entry("rec.onnx", "recognizer")])
    (source / packs.PACK_JSON).write_text(fake.model_copy(update={"kind": "custom"}).model_dump_json())
    with pytest.raises(ModelPackError, match="built-in pack name"):
        import_pack(source, dest_root=dest)


def test_the_liveness_pack_is_recognised_from_its_files(tmp_path: Path) -> None:
    """A kiosk imports the two MiniFASNet files it was given without naming the pack."""
    source = SHARED_MODELS / "minifasnet"
    if not (source / "MiniFASNetV2.onnx").is_file():
        pytest.skip("needs ../shared/models/minifasnet")
    folder = import_pack(source, dest_root=tmp_path / "models")
    assert folder == tmp_path / "models" / "minifasnet"
    assert {p.name for p in folder.iterdir()} >= {"MiniFASNetV2.onnx", "MiniFASNetV1SE.onnx"}
