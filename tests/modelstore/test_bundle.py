"""The bundle manifest reader and its checks, without the CLI."""

from __future__ import annotations

import hashlib
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.engine.errors import ModelPackError
from app.engine.packs import PackFile, PackManifest
from app.modelstore.bundle import BUNDLE_JSON, BundledFile, BundleManifest, check_bundle, read_bundle_manifest

DATA = b"weights" * 10


def manifest(sha: str | None = None) -> PackManifest:
    entry = PackFile(
        name="rec.onnx", role="recognizer", sha256=sha or hashlib.sha256(DATA).hexdigest(), size=70
    )
    return PackManifest(name="custom1", kind="custom", files=[entry], embedding_dim=128)


def bundle(m: PackManifest) -> BundleManifest:
    f = m.files[0]
    return BundleManifest(
        pack=m.name,
        pack_kind=m.kind,
        pack_version=m.version,
        pack_manifest_sha256="a" * 64,
        pack_manifest=m,
        files=[
            BundledFile(name=f.name, role=f.role, size=f.size, sha256=f.sha256, member=f"custom1/{f.name}")
        ],
        licence_grant="non-commercial",
        licence_summary="test",
        licence_verified=False,
        signed_licence=False,
        created=datetime.now(UTC),
        app_version="0",
    )


def test_plain_zip_is_no_bundle(tmp_path: Path) -> None:
    path = tmp_path / "p.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("rec.onnx", DATA)
    assert read_bundle_manifest(path) is None


def test_round_trip_and_invalid_manifest(tmp_path: Path) -> None:
    path = tmp_path / "b.zip"
    doc = bundle(manifest())
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(BUNDLE_JSON, doc.model_dump_json())
    assert read_bundle_manifest(path) == doc
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bad, "w") as archive:
        archive.writestr(BUNDLE_JSON, '{"kind": "something else"}')
    with pytest.raises(ModelPackError, match="not valid"):
        read_bundle_manifest(bad)


def test_check_bundle() -> None:
    doc = bundle(manifest())
    check_bundle(doc, manifest(), {"rec.onnx", BUNDLE_JSON})
    with pytest.raises(ModelPackError, match="does not contain"):
        check_bundle(doc, manifest(), {BUNDLE_JSON})
    with pytest.raises(ModelPackError, match="other weights"):
        check_bundle(doc, manifest("b" * 64), {"rec.onnx"})
