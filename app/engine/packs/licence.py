"""What a pack may be used for: its licence grant, from its kind and any signed ``MODEL.LICENSE``.

An insightface pack is "non-commercial research only" unless a valid signed ``MODEL.LICENSE``
grant is present. That file is checked with insightface's own verifier
(``insightface.model_zoo.model_license.inspect_model_package_license``) when insightface and
its licence dependencies (``cryptography``, ``rfc8785``) are importable; otherwise a present
file is reported as unverified and the pack is still treated as non-commercial.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from app.engine.packs.manifest import LICENCE_FILENAME, PackManifest

log = logging.getLogger(__name__)

Grant = Literal["non-commercial", "commercial", "open"]
#: The licence text and attribution notice shipped beside an embedded liveness pack's files.
LIVENESS_TEXTS = ("LICENSE", "NOTICE")

INSIGHTFACE_LICENCE = "InsightFace pretrained models: non-commercial research use only"
IBUG_NOTE = (
    "The open pack's dlib 68-point landmark model was trained on the iBUG 300-W data set, whose "
    "terms exclude commercial use; its creators asked that the trained model not be used in a "
    "commercial product without a licence from them. The YuNet detector (MIT) and the dlib ResNet "
    "recogniser (CC0 / Boost) carry permissive licences."
)


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


def _liveness_licence(manifest: PackManifest, root: Path | None, files: dict[str, Path]) -> LicenceStatus:
    """A liveness pack's declared licence, with where its licence text and notice lie, if beside it."""
    folders = [root] if root is not None else []
    folders.extend(path.parent for path in files.values())
    texts = [
        str(folder / name)
        for folder in dict.fromkeys(folders)
        for name in LIVENESS_TEXTS
        if (folder / name).is_file()
    ]
    where = f" Licence text and attribution: {', '.join(texts)}." if texts else ""
    return LicenceStatus(
        grant="open", summary=manifest.licence, verified=False, detail=manifest.licence + where
    )


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
        return _liveness_licence(manifest, root, files or {})
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
