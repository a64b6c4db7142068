"""Model pack manifests, discovery order, licence status and verification (no network)."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from pydantic import ValidationError

from app.engine import packs
from app.engine.errors import ModelPackError
from app.engine.packs import PackFile, PackManifest
from app.engine.packs import licence as pack_licence
from tests.engine.fake_manifests import use_builtin_manifests

SHARED_MODELS = Path(__file__).resolve().parents[2].parent / "shared" / "models"
DET_500M = SHARED_MODELS / "insightface_buffalo_sc" / "det_500m.onnx"
MOBILEFACENET = SHARED_MODELS / "mobilefacenet_128d" / "mobilefacenet.onnx"
needs_shared = pytest.mark.skipif(
    not (DET_500M.is_file() and MOBILEFACENET.is_file()), reason="../shared/models is not available"
)

# Official values from ../shared/models/SOURCES.md.
OFFICIAL = {
    "det_10g.onnx": ("5838f7fe053675b1c7a08b633df49e7af5495cee0493c7dcf6697200b85b5b91", 16923827),
    "scrfd_10g_bnkps.onnx": ("5838f7fe053675b1c7a08b633df49e7af5495cee0493c7dcf6697200b85b5b91", 16923827),
    "det_2.5g.onnx": ("041f73f47371333d1d17a6fee6c8ab4e6aecabefe398ff32cca4e2d5eaee0af9", 3292009),
    "det_500m.onnx": ("5e4447f50245bbd7966bd6c0fa52938c61474a04ec7def48753668a9d8b4ea3a", 2524817),
    "w600k_mbf.onnx": ("9cc6e4a75f0e2bf0b1aed94578f144d15175f357bdc05e815e5c4a02b319eb4f", 13616099),
    "w600k_r50.onnx": ("4c06341c33c2ca1f86781dab0e829f88ad5b64be9fba56e56bc9ebdefc619e43", 174383860),
    "2d106det.onnx": ("f001b856447c413801ef5c42091ed0cd516fcd21f2d6b79635b1e733a7109dbf", 5030888),
    "genderage.onnx": ("4fde69b1c810857b88c64a335084f1c3fe8f01246c9a191b48c7bb756d6652fb", 1322532),
    "1k3d68.onnx": ("df5c06b8a0c12e422b2ed8947b8869faa4105387f199c477af038aa01f9a45cc", 143607619),
    "glintr100.onnx": ("4ab1d6435d639628a6f3e5008dd4f929edf4c4124b1a7169e1048f9fef534cdf", 260665334),
    "face_detection_yunet_2023mar.onnx": (
        "8f2383e4dd3cfbb4553ea8718107fc0423210dc964f9f4280604804ed2552fa4",
        232589,
    ),
}


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
    """FACECOMPARE_MODELS -> two empty folders; HOME and XDG_DATA_HOME -> tmp."""
    first = tmp_path / "env1"
    second = tmp_path / "env2"
    first.mkdir()
    second.mkdir()
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv(packs.ENV_MODELS, os.pathsep.join([str(first), str(second)]))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    return SimpleNamespace(
        first=first,
        second=second,
        user=tmp_path / "xdg" / "facecompare" / "models",
        insightface=home / ".insightface" / "models",
    )


def _blob(tag: str, size: int = 64) -> bytes:
    return (tag.encode() * size)[:size]


def _entry(name: str, role: str, data: bytes) -> PackFile:
    return PackFile(name=name, role=role, sha256=hashlib.sha256(data).hexdigest(), size=len(data))


FAKE_FILES: dict[str, dict[str, bytes]] = {
    "buffalo_l": {
        "det_10g.onnx": _blob("L-det"),
        "w600k_r50.onnx": _blob("L-rec"),
        "2d106det.onnx": _blob("lm"),
    },
    "buffalo_s": {
        "det_500m.onnx": _blob("S-det"),
        "w600k_mbf.onnx": _blob("S-rec"),
        "2d106det.onnx": _blob("lm"),
    },
}
ROLES = {
    "det_10g.onnx": "detector",
    "det_500m.onnx": "detector",
    "w600k_r50.onnx": "recognizer",
    "w600k_mbf.onnx": "recognizer",
    "2d106det.onnx": "landmarks_2d106",
}


def _fake_manifest(name: str) -> PackManifest:
    return PackManifest(
        name=name,
        kind="insightface",
        licence=packs.INSIGHTFACE_LICENCE,
        files=[_entry(fname, ROLES[fname], data) for fname, data in FAKE_FILES[name].items()],
        embedding_dim=512,
    )


@pytest.fixture
def fake_registry(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, PackManifest]:
    real_open = packs.builtin_manifests()["open"]
    registry = {
        "buffalo_l": _fake_manifest("buffalo_l"),
        "buffalo_s": _fake_manifest("buffalo_s"),
        "open": real_open,
    }
    use_builtin_manifests(monkeypatch, tmp_path / "manifests", *registry.values())
    return registry


def _write_pack(folder: Path, name: str, *, skip: tuple[str, ...] = (), nested: bool = False) -> Path:
    target = folder / name / name if nested else folder / name
    target.mkdir(parents=True)
    for fname, data in FAKE_FILES[name].items():
        if fname not in skip:
            (target / fname).write_bytes(data)
    return folder / name


# ------------------------------------------------------------------ built-in manifests


def test_builtin_manifests_use_official_checksums() -> None:
    manifests = packs.builtin_manifests()
    assert list(manifests)[:5] == list(packs.AUTO_ORDER)
    assert list(manifests)[-1] == "open"
    expected_files = {
        "buffalo_l": ["det_10g.onnx", "2d106det.onnx", "1k3d68.onnx", "genderage.onnx", "w600k_r50.onnx"],
        "buffalo_m": ["det_2.5g.onnx", "2d106det.onnx", "1k3d68.onnx", "genderage.onnx", "w600k_r50.onnx"],
        "buffalo_s": ["det_500m.onnx", "2d106det.onnx", "1k3d68.onnx", "genderage.onnx", "w600k_mbf.onnx"],
        "buffalo_sc": ["det_500m.onnx", "w600k_mbf.onnx"],
        "antelopev2": [
            "scrfd_10g_bnkps.onnx",
            "2d106det.onnx",
            "1k3d68.onnx",
            "genderage.onnx",
            "glintr100.onnx",
        ],
    }
    for name, files in expected_files.items():
        manifest = manifests[name]
        assert manifest.kind == "insightface"
        assert [f.name for f in manifest.files] == files
        assert manifest.url == f"https://github.com/deepinsight/insightface/releases/download/v0.7/{name}.zip"
        assert manifest.archive_sha256 is None
        assert manifest.embedding_dim == 512
        assert manifest.licence == "InsightFace pretrained models: non-commercial research use only"
        assert manifest.licence_url == "https://github.com/deepinsight/insightface#license"
        assert manifest.required_roles == {"detector", "recognizer"}
        for entry in manifest.files:
            assert (entry.sha256, entry.size) == OFFICIAL[entry.name]
    det_l = manifests["buffalo_l"].file_for("detector")
    det_antelope = manifests["antelopev2"].file_for("detector")
    assert det_l is not None and det_antelope is not None
    assert det_l.sha256 == det_antelope.sha256  # det_10g.onnx is scrfd_10g_bnkps.onnx


def test_open_manifest_matches_installed_files() -> None:
    manifest = packs.builtin_manifests()["open"]
    assert manifest.kind == "open"
    assert manifest.embedding_dim == 128
    assert {f.role for f in manifest.files} == {"detector_yunet", "landmarks_dlib68", "recognizer_dlib"}
    yunet = manifest.file_for("detector_yunet")
    assert yunet is not None and (yunet.sha256, yunet.size) == OFFICIAL[yunet.name]
    assert "iBUG 300-W" in manifest.licence
    pack = packs.pack_at(manifest, None)
    assert packs.is_usable(pack)
    assert all(check.ok for check in packs.verify_pack(pack, check_hashes=False))


def test_manifest_validation_rejects_unsafe_names() -> None:
    good = {"name": "x", "licence": "l", "embedding_dim": 4, "files": []}
    file_ok = {"name": "a.onnx", "role": "detector", "sha256": "0" * 64, "size": 1}
    with pytest.raises(ValidationError):
        PackManifest.model_validate(good)  # no files
    for bad_name in ("../evil", "auto", "a/b", ""):
        with pytest.raises(ValidationError):
            PackManifest.model_validate({**good, "name": bad_name, "files": [file_ok]})
    for bad_file in ("../a.onnx", "sub/a.onnx", "C:a.onnx", "pack.json"):
        with pytest.raises(ValidationError):
            PackManifest.model_validate({**good, "files": [{**file_ok, "name": bad_file}]})
    with pytest.raises(ValidationError):
        PackManifest.model_validate({**good, "files": [{**file_ok, "sha256": "xyz"}]})
    with pytest.raises(ValidationError):  # duplicate role
        PackManifest.model_validate({**good, "files": [file_ok, {**file_ok, "name": "b.onnx"}]})
    upper = PackManifest.model_validate({**good, "files": [{**file_ok, "sha256": "AB" * 32}]})
    assert upper.files[0].sha256 == "ab" * 32


# ------------------------------------------------------------------ discovery


def test_search_roots_order(env: SimpleNamespace) -> None:
    assert packs.search_roots() == [env.first, env.second, env.user, env.insightface]


def test_auto_falls_back_to_open(env: SimpleNamespace) -> None:
    pack = packs.resolve_pack("auto")
    assert pack.name == "open"
    assert pack.kind == "open"
    assert pack.embedding_dim == 128
    assert pack.path("detector_yunet").name == "face_detection_yunet_2023mar.onnx"
    assert pack.licence.grant == "open"
    assert "iBUG 300-W" in pack.licence.detail
    assert pack.sha256_of("detector_yunet") == OFFICIAL["face_detection_yunet_2023mar.onnx"][0]
    summary = pack.summary()
    assert summary["name"] == "open" and summary["licence"]["grant"] == "open"
    assert (
        summary["files"]["face_detection_yunet_2023mar.onnx"]
        == OFFICIAL["face_detection_yunet_2023mar.onnx"][0]
    )
    json.dumps(summary)


def test_named_pack_missing_message(env: SimpleNamespace) -> None:
    with pytest.raises(ModelPackError) as info:
        packs.resolve_pack("buffalo_l")
    assert "pack buffalo_l is not installed" in info.value.message.lower()
    assert "facecompare models install buffalo_l" in info.value.message
    assert "facecompare models import PATH" in info.value.message
    with pytest.raises(ModelPackError, match="Unknown model pack"):
        packs.resolve_pack("nope")


def test_auto_prefers_pack_order_over_root_order(env: SimpleNamespace, fake_registry: Any) -> None:
    _write_pack(env.first, "buffalo_s")
    _write_pack(env.insightface, "buffalo_l")
    pack = packs.resolve_pack()
    assert pack.name == "buffalo_l"
    assert pack.root == env.insightface / "buffalo_l"
    assert packs.resolve_pack("buffalo_s").root == env.first / "buffalo_s"


def test_first_root_wins_and_nested_layout(env: SimpleNamespace, fake_registry: Any) -> None:
    _write_pack(env.second, "buffalo_l", nested=True)
    _write_pack(env.user, "buffalo_l")
    pack = packs.resolve_pack("buffalo_l")
    assert pack.root == env.second / "buffalo_l"
    assert pack.path("detector") == env.second / "buffalo_l" / "buffalo_l" / "det_10g.onnx"
    assert pack.licence.grant == "non-commercial"
    assert pack.licence.verified is False


def test_incomplete_pack_is_skipped_and_optional_roles_may_miss(
    env: SimpleNamespace, fake_registry: Any
) -> None:
    _write_pack(env.first, "buffalo_l", skip=("w600k_r50.onnx",))  # no recogniser: unusable
    _write_pack(env.second, "buffalo_s", skip=("2d106det.onnx",))  # optional landmarks missing
    pack = packs.resolve_pack("auto")
    assert pack.name == "buffalo_s"
    assert pack.missing == ["2d106det.onnx"]
    assert not pack.has("landmarks_2d106")
    with pytest.raises(ModelPackError, match="incomplete"):
        packs.resolve_pack("buffalo_l")
    with pytest.raises(ModelPackError, match="no landmarks_2d106 file"):
        pack.path("landmarks_2d106")
    statuses = {s.name: s for s in packs.list_packs()}
    assert statuses["buffalo_l"].installed is False
    assert statuses["buffalo_l"].location == env.first / "buffalo_l"
    assert statuses["buffalo_s"].installed is True
    assert statuses["buffalo_s"].complete is False
    assert statuses["open"].installed is True
    checks = {c.name: c for c in packs.verify_pack(pack)}
    assert checks["2d106det.onnx"].status == "missing" and not checks["2d106det.onnx"].required
    assert checks["det_500m.onnx"].ok and checks["w600k_mbf.onnx"].ok


def test_verify_detects_size_and_sha_mismatch(env: SimpleNamespace, fake_registry: Any) -> None:
    folder = _write_pack(env.first, "buffalo_l")
    data = FAKE_FILES["buffalo_l"]["det_10g.onnx"]
    (folder / "det_10g.onnx").write_bytes(bytes([data[0] ^ 1]) + data[1:])  # same size, other bytes
    (folder / "2d106det.onnx").write_bytes(b"short")
    pack = packs.resolve_pack("buffalo_l")
    assert pack.size_mismatches == ["2d106det.onnx"]
    checks = {c.name: c for c in packs.verify_pack(pack)}
    assert checks["det_10g.onnx"].status == "sha mismatch"
    assert checks["2d106det.onnx"].status == "size mismatch"
    assert checks["2d106det.onnx"].actual_size == 5
    assert checks["w600k_r50.onnx"].ok
    quick = {c.name: c for c in packs.verify_pack(pack, check_hashes=False)}
    assert quick["det_10g.onnx"].ok  # sizes only


@needs_shared
def test_custom_pack_from_symlinks(env: SimpleNamespace) -> None:
    folder = env.second / "mycustom"
    folder.mkdir()
    (folder / "det_500m.onnx").symlink_to(DET_500M)
    (folder / "mobilefacenet.onnx").symlink_to(MOBILEFACENET)
    manifest = {
        "name": "mobile128",
        "kind": "custom",
        "description": "SCRFD-500MF + 128-d MobileFaceNet (test stand-in)",
        "licence": "test weights of unclear provenance",
        "files": [
            {
                "name": "det_500m.onnx",
                "role": "detector",
                "sha256": OFFICIAL["det_500m.onnx"][0],
                "size": OFFICIAL["det_500m.onnx"][1],
            },
            {
                "name": "mobilefacenet.onnx",
                "role": "recognizer",
                "sha256": "f055d9c9a4d826d198c42666590fdefa0fdc1374a75ccb6306c3d1b1bf8f74c5",
                "size": 3973728,
            },
        ],
        "embedding_dim": 128,
    }
    (folder / "pack.json").write_text(json.dumps(manifest))

    pack = packs.resolve_pack("auto")  # no insightface pack installed: the custom one wins over open
    assert pack.name == "mobile128"
    assert pack.kind == "custom"
    assert pack.root == folder
    assert pack.path("recognizer") == folder / "mobilefacenet.onnx"
    assert pack.embedding_dim == 128
    assert pack.licence.grant == "non-commercial"
    assert all(c.ok for c in packs.verify_pack(pack))
    assert packs.resolve_pack("mobile128").root == folder

    statuses = [s.name for s in packs.list_packs()]
    assert statuses.index("mobile128") < statuses.index("open")
    assert statuses.index("buffalo_sc") < statuses.index("mobile128")

    # A broken symlink makes the custom pack unusable; auto falls back to open.
    broken = env.second / "broken"
    broken.mkdir()
    (broken / "det_500m.onnx").symlink_to(env.second / "does-not-exist.onnx")
    (broken / "pack.json").write_text(json.dumps({**manifest, "name": "broken"}))
    with pytest.raises(ModelPackError, match="incomplete"):
        packs.resolve_pack("broken")


def test_custom_pack_with_reserved_name_is_ignored(env: SimpleNamespace, fake_registry: Any) -> None:
    folder = env.first / "sneaky"
    folder.mkdir()
    data = b"x" * 10
    (folder / "a.onnx").write_bytes(data)
    manifest = PackManifest(
        name="buffalo_l", licence="l", files=[_entry("a.onnx", "detector", data)], embedding_dim=4
    )
    (folder / "pack.json").write_text(manifest.model_dump_json())
    assert [s.name for s in packs.list_packs()].count("buffalo_l") == 1
    with pytest.raises(ModelPackError, match="not installed"):
        packs.resolve_pack("buffalo_l")


# ------------------------------------------------------------------ licence


def test_licence_file_unverified_without_insightface(
    env: SimpleNamespace, fake_registry: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _write_pack(env.first, "buffalo_l")
    (folder / packs.LICENCE_FILENAME).write_text('{"grant": "commercial"}')
    monkeypatch.setattr(pack_licence, "_insightface_license_inspector", lambda: None)
    status = packs.resolve_pack("buffalo_l").licence
    assert status.grant == "non-commercial"
    assert status.verified is False
    assert "present but unverified (install insightface to verify)" in status.summary


def _fake_inspector(status: str, grant: str | None) -> Any:
    def inspect(path: Path, *, expected_model_id: str | None = None) -> Any:
        licence = None
        if grant is not None:
            licence = SimpleNamespace(license_id="L-1", customer="ACME", valid_until=None, grant=grant)
        return SimpleNamespace(status=status, message=f"{status} for {expected_model_id}", license=licence)

    return inspect


@pytest.mark.parametrize(
    ("status", "grant", "expected_grant", "verified"),
    [
        ("verified_commercial", "commercial", "commercial", True),
        ("verified_non_commercial", "non-commercial", "non-commercial", True),
        ("expired", None, "non-commercial", False),
        ("invalid", None, "non-commercial", False),
    ],
)
def test_licence_file_checked_by_insightface(
    env: SimpleNamespace,
    fake_registry: Any,
    monkeypatch: pytest.MonkeyPatch,
    status: str,
    grant: str | None,
    expected_grant: str,
    verified: bool,
) -> None:
    folder = _write_pack(env.first, "buffalo_l")
    (folder / packs.LICENCE_FILENAME).write_text("{}")
    monkeypatch.setattr(
        pack_licence, "_insightface_license_inspector", lambda: _fake_inspector(status, grant)
    )
    licence = packs.resolve_pack("buffalo_l").licence
    assert licence.grant == expected_grant
    assert licence.verified is verified
    if not verified:
        assert "treated as non-commercial" in licence.summary
    assert "buffalo_l" in licence.detail  # the expected model id was passed to the verifier


def test_no_licence_file_means_non_commercial(env: SimpleNamespace, fake_registry: Any) -> None:
    _write_pack(env.first, "buffalo_l")
    licence = packs.resolve_pack("buffalo_l").licence
    assert licence.grant == "non-commercial"
    assert licence.summary == packs.INSIGHTFACE_LICENCE
    assert "MODEL.LICENSE" in licence.detail
