"""Liveness calibration files: the P(live) threshold of a liveness pack, measured on captures.

Written by ``facecompare calibrate-liveness`` and read when the liveness model is built. Where
the engine looks (:func:`find_liveness_calibration`), first found wins, as for the face
calibration (:mod:`app.engine.calibration`):

1. ``$FACECOMPARE_LIVENESS_CALIBRATION``: one file (it must be for the liveness pack in use);
2. the user data folder: ``platformdirs.user_data_dir("facecompare")/calibration/<pack>.json``;
3. the shipped ``models/calibration/<pack>.json`` (``minifasnet.json`` for the embedded pack).

Without any file the manifest's ``thresholds.live`` stays in force. A file that exists but
cannot be read or validated, is for another pack, or was measured on other weights (sha256s
differ) is an error, never skipped: a kiosk must not fall back to another threshold unnoticed.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from app.engine.calibration import (
    CalibrationError,
    candidate_paths,
    pack_file_shas,
    save_calibration,
)

KIND = "facecompare.liveness_calibration"
SCHEMA_VERSION = 1
ENV_LIVENESS_CALIBRATION = "FACECOMPARE_LIVENESS_CALIBRATION"
MAX_BYTES = 1024 * 1024


def _sha(value: str) -> str:
    value = value.strip().lower()
    if len(value) != 64 or any(c not in "0123456789abcdef" for c in value):
        raise ValueError("must be a 64-character hexadecimal sha256")
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class MeasuredRate(_Strict):
    """An error rate at the threshold: errors of trials, the rate and its 95% interval."""

    target: float = Field(ge=0.0, lt=1.0)
    errors: int = Field(ge=0)
    trials: int = Field(gt=0)
    rate: float = Field(ge=0.0, le=1.0)
    ci95: tuple[float, float]


class LivenessDataset(_Strict):
    """One labelled captures list the threshold was chosen on."""

    name: str = Field(max_length=500)
    sha256: str
    live: int = Field(ge=0)
    attacks: int = Field(ge=0)
    faces_not_found: int = Field(ge=0)

    @field_validator("sha256")
    @classmethod
    def _check_sha(cls, value: str) -> str:
        return _sha(value)


class LivenessCalibration(_Strict):
    """A versioned calibration of one liveness pack (see the module docstring)."""

    kind: Literal["facecompare.liveness_calibration"] = "facecompare.liveness_calibration"
    schema_version: Literal[1] = 1
    pack: str = Field(min_length=1, max_length=64)
    pack_version: str = Field(max_length=64)
    #: role -> official sha256 of each weight file the scores came from
    pack_files: dict[str, str]
    #: P(live) at or above this is "live"
    threshold: float = Field(ge=0.0, le=1.0)
    #: the rule that chose it (docs/liveness.md, "Operating point")
    rule: str = Field(max_length=500)
    apcer: MeasuredRate
    bpcer: MeasuredRate
    #: both targets could be met on the data (else APCER won and BPCER is over its target)
    feasible: bool
    #: how the scores were made (padding, flip, fusion)
    scoring: str = Field(max_length=200)
    datasets: list[LivenessDataset] = Field(min_length=1, max_length=100)
    created: datetime
    app_version: str = Field(max_length=64)
    command: str = Field(default="", max_length=4000)
    notes: list[str] = Field(default_factory=list, max_length=50)

    @field_validator("pack_files")
    @classmethod
    def _file_shas(cls, value: dict[str, str]) -> dict[str, str]:
        if not value or len(value) > 20:
            raise ValueError("must list the pack's weight files (1 to 20)")
        return {str(k): _sha(v) for k, v in value.items()}

    def summary(self) -> str:
        """One line: pack, threshold, APCER/BPCER with intervals, data and date."""
        names = ", ".join(d.name for d in self.datasets)
        a, b = self.apcer, self.bpcer
        return (
            f"liveness pack {self.pack}: P(live) >= {self.threshold:.4f}; APCER {a.rate:.1%} "
            f"({a.errors}/{a.trials}, 95% CI {a.ci95[0]:.1%}-{a.ci95[1]:.1%}), BPCER {b.rate:.1%} "
            f"({b.errors}/{b.trials}, 95% CI {b.ci95[0]:.1%}-{b.ci95[1]:.1%}) on {names}, "
            f"{self.created:%Y-%m-%d}"
        )


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number")


def load_liveness_calibration(path: Path) -> LivenessCalibration:
    """Read and validate a liveness calibration file; :class:`CalibrationError` says what is wrong."""
    try:
        if not path.is_file():
            raise CalibrationError(f"The liveness calibration file {path} does not exist or is not a file.")
        if path.stat().st_size > MAX_BYTES:
            raise CalibrationError(f"The liveness calibration file {path} is too large.")
        raw = path.read_bytes()[: MAX_BYTES + 1]
    except OSError as exc:
        raise CalibrationError(
            f"The liveness calibration file {path} cannot be read: {exc.strerror or exc}."
        ) from None
    try:
        doc = json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise CalibrationError(f"The liveness calibration file {path} is not valid JSON: {exc}.") from None
    if not isinstance(doc, dict) or doc.get("kind") != KIND:
        raise CalibrationError(f"{path} is not a liveness calibration file (kind must be {KIND!r}).")
    if doc.get("schema_version") != SCHEMA_VERSION:
        raise CalibrationError(
            f"The liveness calibration file {path} has schema version {doc.get('schema_version')!r}; "
            f"this version of facecompare reads version {SCHEMA_VERSION}. "
            "Recalibrate with `facecompare calibrate-liveness`."
        )
    try:
        return LivenessCalibration.model_validate(doc)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'file'}: {err['msg']}" for err in exc.errors()[:5]
        )
        raise CalibrationError(f"The liveness calibration file {path} is not valid: {problems}.") from None


def save_liveness_calibration(calibration: LivenessCalibration, path: Path) -> None:
    """Write atomically (a reader never sees half a file), 2-space JSON."""
    save_calibration(calibration, path)


def liveness_candidate_paths(pack: str) -> list[tuple[str, Path]]:
    """(source, path) in the order the engine looks (existing or not)."""
    return candidate_paths(pack, ENV_LIVENESS_CALIBRATION)


def check_liveness_pack(calibration: LivenessCalibration, manifest: Any, path: Path) -> None:
    """Refuse a calibration made for another liveness pack or on other weight files."""
    if calibration.pack != manifest.name:
        raise CalibrationError(
            f"The liveness calibration file {path} is for pack {calibration.pack}, but the liveness "
            f"pack in use is {manifest.name}; calibrate it or unset {ENV_LIVENESS_CALIBRATION}."
        )
    if calibration.pack_files != pack_file_shas(manifest):
        raise CalibrationError(
            f"The liveness calibration file {path} was measured on other weight files of pack "
            f"{manifest.name} (their sha256s differ); recalibrate with `facecompare calibrate-liveness`."
        )


def find_liveness_calibration(manifest: Any) -> tuple[LivenessCalibration, Path, str] | None:
    """The liveness calibration for ``manifest``'s pack: (calibration, path, source), or None
    when no file exists anywhere; :class:`CalibrationError` when the first one found is unusable
    (or ``$FACECOMPARE_LIVENESS_CALIBRATION`` names a missing file)."""
    for source, path in liveness_candidate_paths(manifest.name):
        if source == ENV_LIVENESS_CALIBRATION or path.exists():
            calibration = load_liveness_calibration(path)
            check_liveness_pack(calibration, manifest, path)
            return calibration, path, source
    return None


def liveness_threshold(manifest: Any, default: float) -> float:
    """The P(live) threshold in force for ``manifest``'s pack: the calibration's when one is
    found, else the manifest's ``thresholds.live``, else ``default``."""
    if manifest is None:
        return default
    found = find_liveness_calibration(manifest)
    if found is not None:
        return found[0].threshold
    thresholds = manifest.thresholds or {}
    return float(thresholds.get("live", default))


__all__ = [
    "ENV_LIVENESS_CALIBRATION",
    "KIND",
    "LivenessCalibration",
    "LivenessDataset",
    "MeasuredRate",
    "find_liveness_calibration",
    "liveness_candidate_paths",
    "liveness_threshold",
    "load_liveness_calibration",
    "save_liveness_calibration",
]
