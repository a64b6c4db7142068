"""Offline model bundles: one zip that carries a verified pack to a machine with no network.

``facecompare models bundle NAME OUT.zip`` hashes every file of an installed pack against its
manifest and writes::

    facecompare-bundle.json     the bundle manifest (below)
    <pack>/<weight files>       exactly as installed (stored, not recompressed)
    <pack>/pack.json            a custom pack's own manifest (built-in packs ship theirs)
    <pack>/MODEL.LICENSE        a signed InsightFace licence grant, when the pack has one
    <pack>/LICENCE.txt          the pack's licence terms in words, and the grant in force

``facecompare models import OUT.zip`` on the other machine reads the bundle manifest, checks
that it describes the same weights as that machine's manifest of the pack (a built-in pack's
manifest comes with facecompare, so a bundle cannot change its sha256s), then installs with
the usual zip-slip, size and sha256 checks of :mod:`app.modelstore.importer`.
"""

from __future__ import annotations

import os
import platform
import tempfile
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

import app
from app.engine import packs
from app.engine.calibration import manifest_sha256
from app.engine.errors import ModelPackError
from app.engine.packs import PackManifest

BUNDLE_JSON = "facecompare-bundle.json"
LICENCE_TEXT = "LICENCE.txt"
BUNDLE_KIND = "facecompare.model-bundle"
MAX_BUNDLE_JSON = 1024**2


class BundledFile(BaseModel):
    """One weight file in the bundle, with the manifest's official size and sha256."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    role: str
    size: int = Field(ge=0)
    sha256: str
    member: str


class BundleManifest(BaseModel):
    """``facecompare-bundle.json``: what the bundle holds and under which terms."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["facecompare.model-bundle"] = "facecompare.model-bundle"
    schema_version: Literal[1] = 1
    pack: str
    pack_kind: str
    pack_version: str
    #: digest of the pack manifest's files, sizes, kind and version (as calibration files use)
    pack_manifest_sha256: str
    pack_manifest: PackManifest
    files: list[BundledFile] = Field(min_length=1)
    licence_grant: str
    licence_summary: str
    licence_verified: bool
    signed_licence: bool
    created: datetime
    app_version: str
    made_on: str = ""


def licence_text(manifest: PackManifest, status: packs.LicenceStatus) -> str:
    """The words a kiosk operator reads in ``LICENCE.txt``."""
    lines = [
        f"Model pack {manifest.name} (version {manifest.version}, {manifest.kind})",
        "",
        f"Licence of the weights: {manifest.licence}",
    ]
    if manifest.licence_url:
        lines.append(f"Terms: {manifest.licence_url}")
    lines += [
        "",
        f"Grant in force when this bundle was made: {status.grant} ({status.summary})",
        f"Signed grant verified: {'yes' if status.verified else 'no'}",
        "",
        status.detail,
        "",
    ]
    return "\n".join(lines)


def bundle_pack(name: str, out: str | os.PathLike[str]) -> BundleManifest:
    """Verify pack ``name`` file by file and write it with its manifest and licence to ``out``.

    Refuses the embedded packs (``open``, ``minifasnet``: every install has them) and any pack whose present
    files fail their size or sha256; missing optional files are left out. The zip appears
    at ``out`` only once complete.
    """
    pack = packs.resolve_named_pack(name)
    if pack.kind == "open" or pack.manifest.embedded:
        raise ModelPackError(
            f"The {pack.name} pack is part of every facecompare install (and of the workstation "
            "build); it needs no bundle."
        )
    checks = packs.verify_pack(pack, check_hashes=True)
    bad = [c for c in checks if not c.ok and (c.required or c.status != "missing")]
    if bad:
        details = ", ".join(f"{c.name}: {c.status}" for c in bad)
        raise ModelPackError(
            f"Pack {pack.name} fails verification ({details}); reinstall it before bundling."
        )
    manifest = pack.manifest
    folder = pack.name
    bundled = [
        BundledFile(name=c.name, role=c.role, size=c.expected_size, sha256=c.expected_sha256,
                    member=f"{folder}/{c.name}")
        for c in checks
        if c.ok and c.path is not None
    ]  # fmt: skip
    signed = next(
        (p.parent / packs.LICENCE_FILENAME for p in pack.files.values()
         if (p.parent / packs.LICENCE_FILENAME).is_file()),
        None,
    )  # fmt: skip
    doc = BundleManifest(
        pack=manifest.name,
        pack_kind=manifest.kind,
        pack_version=manifest.version,
        pack_manifest_sha256=manifest_sha256(manifest),
        pack_manifest=manifest,
        files=bundled,
        licence_grant=pack.licence.grant,
        licence_summary=pack.licence.summary,
        licence_verified=pack.licence.verified,
        signed_licence=signed is not None,
        created=datetime.now(UTC).replace(microsecond=0),
        app_version=app.__version__,
        made_on=platform.node(),
    )
    target = Path(out).expanduser()
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(BUNDLE_JSON, doc.model_dump_json(indent=2) + "\n")
            for entry in bundled:
                archive.write(pack.files[entry.role], entry.member, compress_type=zipfile.ZIP_STORED)
            if manifest.kind == "custom":
                archive.writestr(f"{folder}/{packs.PACK_JSON}", manifest.model_dump_json(indent=2) + "\n")
            if signed is not None:
                archive.write(signed, f"{folder}/{packs.LICENCE_FILENAME}")
            archive.writestr(f"{folder}/{LICENCE_TEXT}", licence_text(manifest, pack.licence))
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return doc


def read_bundle_manifest(zip_path: Path) -> BundleManifest | None:
    """The bundle manifest of ``zip_path``, ``None`` for a plain pack zip; refuses a bad one."""
    with zipfile.ZipFile(zip_path) as archive:
        try:
            info = archive.getinfo(BUNDLE_JSON)
        except KeyError:
            return None
        if info.file_size > MAX_BUNDLE_JSON:
            raise ModelPackError(f"{BUNDLE_JSON} in {zip_path} is too large to be a bundle manifest.")
        raw = archive.read(info)
    try:
        return BundleManifest.model_validate_json(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'bundle'}: {e['msg']}" for e in exc.errors()[:5]
        )
        raise ModelPackError(f"{BUNDLE_JSON} in {zip_path} is not valid: {problems}.") from None


def _file_key(manifest: PackManifest) -> set[tuple[str, str, int, str]]:
    return {(f.name, f.role, f.size, f.sha256) for f in manifest.files}


def check_bundle(bundle: BundleManifest, manifest: PackManifest, zip_names: set[str]) -> None:
    """Refuse a bundle whose weights differ from ``manifest`` (this machine's) or that lacks files."""
    if _file_key(bundle.pack_manifest) != _file_key(manifest):
        raise ModelPackError(
            f"The bundle holds other weights of pack {bundle.pack} than this facecompare expects "
            f"(the file names, sizes or sha256s of its manifest differ; bundle made with facecompare "
            f"{bundle.app_version}). Nothing was installed."
        )
    listed = {(f.name, f.role, f.size, f.sha256) for f in bundle.files}
    if not listed <= _file_key(manifest):
        raise ModelPackError(
            f"The bundle's file list for {bundle.pack} disagrees with its manifest; nothing was installed."
        )
    absent = sorted(f.name for f in bundle.files if f.name not in zip_names)
    if absent:
        raise ModelPackError(
            f"The bundle lists {', '.join(absent)} but does not contain it; nothing was installed."
        )


__all__ = [
    "BUNDLE_JSON",
    "LICENCE_TEXT",
    "BundleManifest",
    "BundledFile",
    "bundle_pack",
    "check_bundle",
    "read_bundle_manifest",
]
