"""The files that ship with the program, and where the running program finds them.

Three folders ship beside the code: ``models`` (the packs' manifests, the calibration, the
bundled pack files), ``resources`` (styles, icons, fonts, translations) and ``samples`` (the
self-test's two images, ``packaging/samples/`` in the repository). :func:`candidates` looks in:

1. a PyInstaller bundle: ``sys._MEIPASS/<name>``;
2. an installed wheel: ``app/_data/<name>`` (``setup.py`` copies them there at build time);
3. the repository, for a checkout or an editable install: ``<repo>/<folder>``.

:func:`shipped_files` is the one list of what ships: the wheel (``setup.py``) and the
PyInstaller spec both take it from here. Standard library only, so both can load this file
by path before anything is installed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

#: name in a wheel or bundle -> folder in the repository
REPO_FOLDERS = {"models": "models", "resources": "resources", "samples": "packaging/samples"}
#: the folder inside the ``app`` package of an installed wheel
DATA = "_data"
SAMPLE_FILES = ("card.jpg", "selfie.jpg", "README.md")
#: never shipped: sources and build leftovers (translation sources, download scripts, caches)
LEFT_OUT_SUFFIXES = (".py", ".pyc", ".pyo", ".ts")


def candidates(name: str) -> list[Path]:
    """Where the shipped folder ``name`` may be, in the order it is looked for."""
    found: list[Path] = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        found.append(Path(bundle) / name)
    package = Path(__file__).resolve().parent
    found.append(package / DATA / name)
    found.append(package.parent / REPO_FOLDERS[name])
    return found


def find(name: str, *marks: str) -> Path | None:
    """The first candidate folder for ``name`` that holds every path in ``marks``."""
    for folder in candidates(name):
        if folder.is_dir() and all((folder / mark).exists() for mark in marks):
            return folder
    return None


def _files_under(folder: Path) -> list[Path]:
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file()
        and not any(part.startswith(".") or part == "__pycache__" for part in path.relative_to(folder).parts)
        and path.suffix not in LEFT_OUT_SUFFIXES
    )


def shipped_packs(manifests: Path) -> dict[str, list[str]]:
    """Pack name -> the files of it that ship, for each manifest whose pack folder ships: an
    ``embedded`` pack (all its files) or one naming files of source ``bundled`` (those)."""
    packs: dict[str, list[str]] = {}
    for path in sorted(manifests.glob("*.json")):
        manifest = json.loads(path.read_text(encoding="utf-8"))
        entries = manifest.get("files", [])
        if not manifest.get("embedded"):
            entries = [e for e in entries if e.get("source") == "bundled"]
        if entries:
            packs[str(manifest["name"])] = [str(e["name"]) for e in entries]
    return packs


def _under(folder: Path, prefix: str) -> list[tuple[Path, str]]:
    return [(path, f"{prefix}/{path.relative_to(folder).as_posix()}") for path in _files_under(folder)]


def shipped_files(root: Path) -> list[tuple[Path, str]]:
    """Every file that ships, as (file in the repository at ``root``, path in the wheel or bundle).

    ``models``: the manifests, the calibration, and the folder of each pack of
    :func:`shipped_packs` (so a research pack someone keeps in ``models/`` never ships), with
    the licence and notice files beside its weights; ``resources``: all but the
    translation sources; ``samples``: the two images and their provenance. Raises
    FileNotFoundError, naming it, when a folder or file that must ship is missing.
    """
    models = root / REPO_FOLDERS["models"]
    resources = root / REPO_FOLDERS["resources"]
    samples = root / REPO_FOLDERS["samples"]
    for folder in (models / "manifests", models / "calibration", resources):
        if not folder.is_dir():
            raise FileNotFoundError(f"{folder} is missing")
    out = [file for sub in ("manifests", "calibration") for file in _under(models / sub, f"models/{sub}")]
    for name, files in shipped_packs(models / "manifests").items():
        missing = [file for file in files if not (models / name / file).is_file()]
        if missing:
            raise FileNotFoundError(f"{models / name} lacks the {name} pack's shipped files {missing}")
        out += _under(models / name, f"models/{name}")
    out += _under(resources, "resources")
    for name in SAMPLE_FILES:
        if not (samples / name).is_file():
            raise FileNotFoundError(f"{samples / name} is missing")
        out.append((samples / name, f"samples/{name}"))
    return out
