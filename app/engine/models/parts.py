"""A resolved pack → its models, one per kind, through the registry (nothing is loaded here)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, cast

from app.engine.config import EngineSettings
from app.engine.detectors import Detector
from app.engine.errors import ModelPackError
from app.engine.landmarks import Landmarker
from app.engine.liveness import LivenessScorer
from app.engine.mask import Masker
from app.engine.models import base
from app.engine.models.base import ModelKind, PackModel
from app.engine.packs import LIVENESS_PACK, ResolvedPack, resolve_liveness_pack
from app.engine.recognizers import Recognizer


def pack_models(pack: ResolvedPack, settings: EngineSettings) -> dict[ModelKind, PackModel[Any]]:
    """The model of each kind the pack's files name (files of roles no class reads are ignored).

    Raises ModelPackError when two classes of one kind would read the pack's files.
    """
    groups: dict[type[PackModel[Any]], dict[str, Path]] = {}
    for entry in pack.manifest.files:
        path = pack.files.get(entry.role)
        cls = base.MODELS.for_role(entry.role)
        if path is not None and cls is not None:
            groups.setdefault(cls, {})[entry.role] = path
    models: dict[ModelKind, PackModel[Any]] = {}
    for cls, files in groups.items():
        other = models.get(cls.kind)
        if other is not None:
            raise ModelPackError(
                f"Model pack {pack.name} has two {cls.kind} models ({other.name} and {cls.name}); "
                "keep the files of one."
            )
        models[cls.kind] = cls(files, settings, pack.manifest)
    return models


def pack_model(
    pack: ResolvedPack,
    kind: ModelKind,
    settings: EngineSettings,
    found: dict[ModelKind, PackModel[Any]] | None = None,
) -> PackModel[Any]:
    """The pack's model of ``kind``, else that kind's fallback model; ModelPackError if neither."""
    model = (found if found is not None else pack_models(pack, settings)).get(kind)
    if model is not None:
        return model
    fallback = base.MODELS.fallback_for(kind)
    if fallback is None:
        known = ", ".join(role for role, cls in base.MODELS.roles() if cls.kind == kind) or "none"
        raise ModelPackError(
            f"Model pack {pack.name} has no {kind} model: none of its files has a role that "
            f"names one (known {kind} roles: {known})."
        )
    return fallback(fallback.fallback_files(), settings)


@dataclass(frozen=True)
class ComparisonParts:
    """What a comparison pack is made of; each part loads on first use."""

    detector: PackModel[Detector]
    landmarks: PackModel[Landmarker]
    recognizer: PackModel[Recognizer]
    mask: PackModel[Masker]

    def all(self) -> list[PackModel[Any]]:
        return [getattr(self, f.name) for f in fields(self)]


def comparison_parts(pack: ResolvedPack, settings: EngineSettings) -> ComparisonParts:
    """The detector, landmarks, recogniser and mask model of a comparison pack (not loaded)."""
    found = pack_models(pack, settings)
    return ComparisonParts(
        detector=cast("PackModel[Detector]", pack_model(pack, "detector", settings, found)),
        landmarks=cast("PackModel[Landmarker]", pack_model(pack, "landmarks", settings, found)),
        recognizer=cast("PackModel[Recognizer]", pack_model(pack, "recognizer", settings, found)),
        mask=cast("PackModel[Masker]", pack_model(pack, "mask", settings, found)),
    )


def liveness_part(settings: EngineSettings, name: str = LIVENESS_PACK) -> PackModel[LivenessScorer]:
    """The liveness model of liveness pack ``name`` (not loaded); ModelPackError naming the
    pack when it is not installed."""
    pack = resolve_liveness_pack(name)
    return cast("PackModel[LivenessScorer]", pack_model(pack, "liveness", settings))
