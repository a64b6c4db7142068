"""Models by kind: one base (:class:`PackModel`), a registry by manifest role, the built-in classes.

Importing this package registers the built-in classes (:mod:`app.engine.models.builtin`).
"""

from app.engine.models import builtin as builtin
from app.engine.models.base import MODEL_KINDS, MODELS, ModelKind, ModelRegistry, PackModel, register
from app.engine.models.parts import (
    ComparisonParts,
    comparison_parts,
    liveness_part,
    pack_model,
    pack_models,
)

__all__ = [
    "MODELS",
    "MODEL_KINDS",
    "ComparisonParts",
    "ModelKind",
    "ModelRegistry",
    "PackModel",
    "comparison_parts",
    "liveness_part",
    "pack_model",
    "pack_models",
    "register",
]
