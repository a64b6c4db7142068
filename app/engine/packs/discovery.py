"""Where packs are found on local disk: the models folders and the manifests in them.

Where packs are looked for, in order (see :func:`search_roots`):

1. every folder in ``$FACECOMPARE_MODELS`` (several separated by :data:`os.pathsep`);
2. the user data folder, ``platformdirs.user_data_dir("facecompare")/models``;
3. ``~/.insightface/models`` (where insightface itself keeps its packs).

A pack folder is ``<root>/<pack name>/`` holding the files, or holding one sub-folder that
holds them (some zips nest ``<pack>/<pack>/*.onnx``). Every known pack is described by a JSON
manifest in the repository's ``models/manifests/`` folder; a folder holding its own
``pack.json`` is a *custom* pack.

An *embedded* pack (manifest ``"embedded": true``, e.g. the ``minifasnet`` liveness pack) also
ships in ``<models dir>/<pack name>/`` (:func:`embedded_pack_dir`). That copy is looked at
before the roots above, as the ``open`` pack's bundled files are: a fresh install works
offline, and a stray copy elsewhere cannot shadow the one the install was tested with.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import sys
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import platformdirs

import app
from app import shipped
from app.engine.errors import ModelPackError
from app.engine.packs.kinds import AUTO_ORDER, OPEN_PACK, is_comparison
from app.engine.packs.manifest import PACK_JSON, PackManifest, load_manifest

log = logging.getLogger(__name__)

ENV_MODELS = "FACECOMPARE_MODELS"


def models_dir() -> Path | None:
    """The folder holding ``manifests/``, ``calibration/`` and the bundled packs' files.

    A frozen build's, an installed wheel's (``app/_data/models``) or the repository's
    ``models/`` (:func:`app.shipped.find`); else ``<sys.prefix>/share/facecompare/models``,
    where the server image of release 0.1 copied them.
    """
    found = shipped.find("models", "manifests")
    if found is not None:
        return found
    legacy = Path(sys.prefix) / "share" / app.APP_NAME / "models"
    return legacy if (legacy / "manifests").is_dir() else None


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
    manifests = {m.name: m for m in _load_builtin(str(directory)) if is_comparison(m.kind)}
    return {name: manifests[name] for name in sorted(manifests, key=_pack_order)}


def liveness_manifests() -> dict[str, PackManifest]:
    """The ``liveness`` (anti-spoofing) manifests shipped in ``models/manifests/``."""
    directory = manifests_dir()
    if directory is None:
        return {}
    return {m.name: m for m in _load_builtin(str(directory)) if not is_comparison(m.kind)}


def _iter_dirs(root: Path) -> Iterator[Path]:
    try:
        children = sorted(root.iterdir())
    except OSError:
        return
    for child in children:
        if child.is_dir() and not child.name.startswith("."):
            yield child


def custom_packs() -> list[tuple[PackManifest, Path]]:
    """Every folder under a search root with a valid ``pack.json`` (first name wins)."""
    reserved = set(builtin_manifests()) | set(liveness_manifests())
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


def embedded_pack_dir(manifest: PackManifest) -> Path | None:
    """``<models dir>/<name>/`` of an embedded built-in pack (existing or not), else None."""
    base = models_dir()
    if not manifest.embedded or base is None:
        return None
    return base / manifest.name
