"""Checking a pack's files against its manifest: size first, then sha256."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from app.engine.packs.manifest import PackFile
from app.engine.packs.resolve import ResolvedPack

CheckStatus = Literal["ok", "missing", "size mismatch", "sha mismatch"]
HASH_CHUNK = 1 << 20  # 1 MiB


@dataclass(frozen=True)
class FileCheck:
    """Result of checking one file of a pack against its manifest entry."""

    role: str
    name: str
    path: Path | None
    status: CheckStatus
    required: bool
    expected_size: int
    actual_size: int | None
    expected_sha256: str
    actual_sha256: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def sha256_file(path: Path, chunk_size: int = HASH_CHUNK) -> str:
    """Hex sha256 of a file, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(chunk_size):
            digest.update(chunk)
    return digest.hexdigest()


def check_file(
    entry: PackFile, path: Path | None, *, required: bool = True, check_hashes: bool = True
) -> FileCheck:
    """Compare one file with its manifest entry: size first, then (optionally) sha256."""

    def result(status: CheckStatus, size: int | None = None, sha: str | None = None) -> FileCheck:
        return FileCheck(
            role=entry.role,
            name=entry.name,
            path=path,
            status=status,
            required=required,
            expected_size=entry.size,
            actual_size=size,
            expected_sha256=entry.sha256,
            actual_sha256=sha,
        )

    if path is None or not path.is_file():
        return result("missing")
    try:
        size = path.stat().st_size
    except OSError:
        return result("missing")
    if size != entry.size:
        return result("size mismatch", size)
    if not check_hashes:
        return result("ok", size)
    actual = sha256_file(path)
    return result("ok" if actual == entry.sha256 else "sha mismatch", size, actual)


def verify_pack(pack: ResolvedPack, *, check_hashes: bool = True) -> list[FileCheck]:
    """Check every file of the manifest: ok / missing / size mismatch / sha mismatch.

    Missing optional files are reported with ``required=False``; callers decide whether that
    counts as a failure. This hashes every file (hundreds of MB for the large packs), so it is
    an explicit step, never done at load.
    """
    return [
        check_file(
            entry,
            pack.files.get(entry.role),
            required=pack.manifest.is_required(entry.role),
            check_hashes=check_hashes,
        )
        for entry in pack.manifest.files
    ]
