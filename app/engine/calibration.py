"""Calibration files: a pack's score mapping and its MATCH and REVIEW thresholds, measured on
labelled pairs.

Schema version 2 (written by ``facecompare calibrate`` since the calibrated score) carries the
knots of the pack's :class:`~app.engine.scoremap.ScoreMapping`; its thresholds are on the
calibrated scale (0.70 and 0.80 for the default FARs) and each keeps its ``raw_threshold``.
Version 1 files (raw thresholds only) still load: their mapping is derived from the two
thresholds (:func:`~app.engine.scoremap.from_thresholds`).

Written by ``facecompare calibrate`` and read by the engine at start-up. Where the engine looks
(:func:`find_calibration`), first found wins:

1. ``$FACECOMPARE_CALIBRATION``: one file (it must be for the pack in use);
2. the user data folder: ``platformdirs.user_data_dir("facecompare")/calibration/<pack>.json``;
3. the shipped ``models/calibration/<pack>.json``.

A file that exists but cannot be read or validated, is for another pack, or was measured on
other weights (the pack files' sha256s differ) is an error, never silently skipped: a bank's
thresholds must not fall back to other ones unnoticed.
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

import app
from app.engine.errors import ModelPackError
from app.engine.scoremap import ScoreMapping, from_thresholds

SCHEMA_VERSION = 2
#: the versions this code reads (1: raw thresholds only)
READABLE_VERSIONS = (1, 2)
KIND = "facecompare.calibration"
ENV_CALIBRATION = "FACECOMPARE_CALIBRATION"
MAX_BYTES = 1024 * 1024
CALIBRATION_DIR = "calibration"


class CalibrationError(ModelPackError):
    """A calibration file is unusable; the message names the file and what is wrong."""


def _sha(value: str) -> str:
    value = value.strip().lower()
    if len(value) != 64 or any(c not in "0123456789abcdef" for c in value):
        raise ValueError("must be a 64-character hexadecimal sha256")
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class CalibrationDataset(_Strict):
    """One labelled pairs file the thresholds were measured on."""

    name: str = Field(max_length=500)
    sha256: str
    pairs: int = Field(ge=0)
    genuine: int = Field(ge=0)
    impostors_listed: int = Field(ge=0)
    impostors_extra: int = Field(ge=0)
    identity_source: Literal["columns", "folder", "none"]
    fte_pairs: int = Field(ge=0)

    @field_validator("sha256")
    @classmethod
    def _check_sha(cls, value: str) -> str:
        return _sha(value)


class CalibratedThreshold(_Strict):
    """One threshold: the FAR asked for and what was measured at it.

    ``threshold`` is on the scale the engine decides on: calibrated in version 2 (then
    ``raw_threshold`` is the raw cosine it stands for), the raw cosine in version 1.
    """

    far_target: float = Field(gt=0.0, lt=1.0)
    threshold: float = Field(ge=0.0, le=1.0)
    raw_threshold: float | None = Field(default=None, ge=0.0, le=1.0)
    tar: float = Field(ge=0.0, le=1.0)
    tar_ci95: tuple[float, float]
    far_measured: float = Field(ge=0.0, le=1.0)
    false_accepts: int = Field(ge=0)


class Calibration(_Strict):
    """A versioned calibration of one pack (see the module docstring)."""

    kind: Literal["facecompare.calibration"] = "facecompare.calibration"
    schema_version: Literal[1, 2] = 2  # SCHEMA_VERSION
    pack: str = Field(min_length=1, max_length=64)
    pack_version: str = Field(max_length=64)
    #: sha256 of the manifest's content (files, sizes, kind; not its thresholds or wording)
    pack_manifest_sha256: str
    #: role -> official sha256 of each weight file the scores came from
    pack_files: dict[str, str]
    match: CalibratedThreshold
    review: CalibratedThreshold
    #: version 2: raw cosine -> calibrated similarity
    mapping: ScoreMapping | None = None
    genuine: int = Field(gt=0)
    impostors: int = Field(gt=0)
    datasets: list[CalibrationDataset] = Field(min_length=1, max_length=100)
    created: datetime
    app_version: str = Field(max_length=64)
    engine: str = Field(max_length=200)
    command: str = Field(default="", max_length=4000)
    notes: list[str] = Field(default_factory=list, max_length=50)

    @field_validator("pack_manifest_sha256")
    @classmethod
    def _manifest_sha(cls, value: str) -> str:
        return _sha(value)

    @field_validator("pack_files")
    @classmethod
    def _file_shas(cls, value: dict[str, str]) -> dict[str, str]:
        if not value or len(value) > 20:
            raise ValueError("must list the pack's weight files (1 to 20)")
        return {str(k): _sha(v) for k, v in value.items()}

    @model_validator(mode="after")
    def _ordered(self) -> Calibration:
        if self.review.threshold > self.match.threshold:
            raise ValueError("the review threshold must not exceed the match threshold")
        if self.review.far_target < self.match.far_target:
            raise ValueError("the review FAR must be at least the match FAR")
        if self.schema_version == 1:
            if self.mapping is not None or self.match.raw_threshold is not None:
                raise ValueError("a version 1 file carries no mapping (its thresholds are raw)")
            return self
        if self.mapping is None:
            raise ValueError("mapping: a version 2 file must carry its score mapping")
        for name, t in (("match", self.match), ("review", self.review)):
            if t.raw_threshold is None:
                raise ValueError(f"{name}.raw_threshold: a version 2 file must give the raw threshold")
            if abs(self.mapping.apply(t.raw_threshold) - t.threshold) > 1e-9:
                raise ValueError(
                    f"{name}.threshold {t.threshold} is not where the mapping puts its raw threshold "
                    f"{t.raw_threshold} ({self.mapping.apply(t.raw_threshold):.6f})"
                )
        return self

    def score_mapping(self) -> ScoreMapping:
        """The pack's raw -> calibrated map: the file's (version 2) or the one its raw thresholds
        give (version 1: review -> 0.70, match -> 0.80)."""
        if self.mapping is not None:
            return self.mapping
        return from_thresholds(self.match.threshold, self.review.threshold, "version 1 calibration file")

    def raw_thresholds(self) -> tuple[float, float]:
        """(match, review) as raw cosines."""
        if self.schema_version == 1:
            return self.match.threshold, self.review.threshold
        assert self.match.raw_threshold is not None and self.review.raw_threshold is not None
        return self.match.raw_threshold, self.review.raw_threshold

    def summary(self) -> str:
        """One line: pack, thresholds (and their raw cosines) and FARs, data and date."""
        names = ", ".join(d.name for d in self.datasets)
        raw_m, raw_r = self.raw_thresholds()
        raw = "" if self.schema_version == 1 else f" = raw {raw_m:.4f}"
        raw_review = "" if self.schema_version == 1 else f" = raw {raw_r:.4f}"
        return (
            f"pack {self.pack}: match {self.match.threshold:.4f}{raw} (FAR {self.match.far_target:g}), "
            f"review {self.review.threshold:.4f}{raw_review} (FAR {self.review.far_target:g}) "
            f"on {self.genuine:,} "
            f"genuine / {self.impostors:,} impostor pairs of {names}, {self.created:%Y-%m-%d}"
        )


# --------------------------------------------------------------------------- pack identity


def manifest_sha256(manifest: Any) -> str:
    """Digest of what identifies a pack's scores: name, kind, version, files and dimension."""
    doc = manifest.model_dump(mode="json", include={"name", "kind", "version", "files", "embedding_dim"})
    return hashlib.sha256(json.dumps(doc, sort_keys=True).encode("utf-8")).hexdigest()


def pack_file_shas(manifest: Any) -> dict[str, str]:
    return {f.role: f.sha256 for f in manifest.files}


# --------------------------------------------------------------------------- files


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number")


def load_calibration(path: Path) -> Calibration:
    """Read and validate a calibration file; :class:`CalibrationError` says what is wrong."""
    try:
        if not path.is_file():
            raise CalibrationError(f"The calibration file {path} does not exist or is not a file.")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise CalibrationError(f"The calibration file {path} is too large ({size:,} bytes).")
        raw = path.read_bytes()[: MAX_BYTES + 1]
    except OSError as exc:
        raise CalibrationError(
            f"The calibration file {path} cannot be read: {exc.strerror or exc}."
        ) from None
    try:
        doc = json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise CalibrationError(f"The calibration file {path} is not valid JSON: {exc}.") from None
    if not isinstance(doc, dict):
        raise CalibrationError(f"The calibration file {path} must hold a JSON object.")
    if doc.get("kind") != KIND:
        raise CalibrationError(f"{path} is not a facecompare calibration file (kind must be {KIND!r}).")
    if doc.get("schema_version") not in READABLE_VERSIONS:
        raise CalibrationError(
            f"The calibration file {path} has schema version {doc.get('schema_version')!r}; this "
            f"version of facecompare reads versions {', '.join(map(str, READABLE_VERSIONS))}. "
            "Recalibrate with `facecompare calibrate`."
        )
    try:
        return Calibration.model_validate(doc)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'file'}: {err['msg']}" for err in exc.errors()[:5]
        )
        raise CalibrationError(f"The calibration file {path} is not valid: {problems}.") from None


def save_calibration(calibration: BaseModel, path: Path) -> None:
    """Write a calibration file (this module's or the liveness one) atomically (a reader never
    sees half a file), 2-space JSON."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(calibration.model_dump_json(indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def user_calibration_dir() -> Path:
    return Path(platformdirs.user_data_dir(app.APP_NAME)) / CALIBRATION_DIR


def shipped_calibration_dir() -> Path | None:
    from app.engine.packs import models_dir

    base = models_dir()
    return None if base is None else base / CALIBRATION_DIR


def candidate_paths(pack: str, env_var: str = ENV_CALIBRATION) -> list[tuple[str, Path]]:
    """(source, path) in the order the engine looks (existing or not): ``env_var``, the user data
    folder, the shipped ``models/calibration``."""
    out: list[tuple[str, Path]] = []
    env = os.environ.get(env_var, "").strip()
    if env:
        out.append((env_var, Path(env).expanduser()))
    out.append(("user data folder", user_calibration_dir() / f"{pack}.json"))
    shipped = shipped_calibration_dir()
    if shipped is not None:
        out.append(("shipped", shipped / f"{pack}.json"))
    return out


def check_for_pack(calibration: Calibration, manifest: Any, path: Path) -> None:
    """Refuse a calibration made for another pack or on other weight files."""
    if calibration.pack != manifest.name:
        raise CalibrationError(
            f"The calibration file {path} is for pack {calibration.pack}, but the engine uses pack "
            f"{manifest.name}; calibrate this pack or unset {ENV_CALIBRATION}."
        )
    current = pack_file_shas(manifest)
    if calibration.pack_files != current:
        raise CalibrationError(
            f"The calibration file {path} was measured on other weight files of pack {manifest.name} "
            "(their sha256s differ); recalibrate with `facecompare calibrate`."
        )


def find_calibration(manifest: Any) -> tuple[Calibration, Path, str] | None:
    """The calibration the engine uses for ``manifest``'s pack: (calibration, path, source).

    ``None`` when no file exists in any place; :class:`CalibrationError` when the first one
    found is unusable (or ``$FACECOMPARE_CALIBRATION`` names a missing file).
    """
    for source, path in candidate_paths(manifest.name):
        if source == ENV_CALIBRATION or path.exists():
            calibration = load_calibration(path)
            check_for_pack(calibration, manifest, path)
            return calibration, path, source
    return None
