"""Embed every distinct image once, in parallel, with the face ``compare`` would use.

``Engine.compare`` takes the first face of ``analyze`` (most prominent first) on each side,
refuses a face whose eyes are closer than ``min_interocular_px`` (FACE_TOO_SMALL), and scores
with :func:`app.engine.engine.similarity`. Embedding each image once with the same rules and
scoring pairs from the embeddings therefore gives the numbers ``compare`` gives, while the
detector runs once per image however many pairs it is in (tests check the equality).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from app.workers import process_pool

FORMATS = {".jpg": "jpg", ".jpeg": "jpg", ".png": "png", ".pdf": "pdf", ".tif": "tiff", ".tiff": "tiff"}


@dataclass(frozen=True, slots=True)
class Embedded:
    """One image: its embedding, or the error code that made it fail to enrol."""

    path: str  # as written in the CSV
    embedding: NDArray[np.float32] | None
    error: str
    faces: int
    ms: float

    @property
    def ok(self) -> bool:
        return self.embedding is not None


_engine: Any = None


def make_engine(pack: str | None) -> Any:
    """An engine that fully describes only the most prominent face (all ``compare`` uses)."""
    from app.engine.config import EngineSettings
    from app.engine.engine import Engine

    return Engine(pack, EngineSettings(max_faces=1))


def _init_worker(pack: str | None) -> None:
    """Load the models once per worker process."""
    global _engine
    _engine = make_engine(pack)


def embed_one(engine: Any, base: Path, rel: str) -> Embedded:
    """Read, analyse and embed one image; every failure becomes an error code."""
    from app.contract import ErrorCode
    from app.engine.errors import EngineError

    t0 = time.perf_counter()
    path = base / rel
    try:
        data = path.read_bytes()
    except OSError:
        return Embedded(rel, None, str(ErrorCode.INVALID_REQUEST), 0, 0.0)
    try:
        analysis = engine.analyze(data, FORMATS.get(path.suffix.lower()))
    except EngineError as err:
        return Embedded(rel, None, str(err.code), 0, (time.perf_counter() - t0) * 1000.0)
    except Exception:
        return Embedded(rel, None, str(ErrorCode.INTERNAL_ERROR), 0, (time.perf_counter() - t0) * 1000.0)
    ms = (time.perf_counter() - t0) * 1000.0
    if not analysis.faces:
        return Embedded(rel, None, str(ErrorCode.FACE_NOT_FOUND), 0, ms)
    face = analysis.faces[0]
    if face.quality.face_size_px < engine.settings.min_interocular_px:
        return Embedded(rel, None, str(ErrorCode.FACE_TOO_SMALL), len(analysis.faces), ms)
    return Embedded(rel, np.asarray(face.embedding, dtype=np.float32), "", len(analysis.faces), ms)


def _embed_job(job: tuple[str, str]) -> Embedded:
    base, rel = job
    return embed_one(_engine, Path(base), rel)


def embed_images(
    base: Path,
    paths: Sequence[str],
    *,
    pack: str | None = None,
    workers: int = 0,
    engine: Any = None,
    on_done: Callable[[Embedded], None] | None = None,
) -> dict[str, Embedded]:
    """Embed ``paths`` (relative to ``base``) once each.

    With ``engine`` given, or one worker, the work runs in this process; otherwise in
    ``workers`` processes (default: every core), each loading the models once.
    """
    n_workers = workers or os.cpu_count() or 1
    results: dict[str, Embedded] = {}
    it: Iterator[Embedded]
    if engine is not None or n_workers == 1:
        eng = engine if engine is not None else make_engine(pack)
        it = (embed_one(eng, base, p) for p in paths)
        for item in it:
            results[item.path] = item
            if on_done:
                on_done(item)
        return results
    jobs = [(str(base), p) for p in paths]
    chunk = max(1, min(8, len(jobs) // (n_workers * 8) or 1))
    with process_pool(n_workers, _init_worker, (pack,)) as pool:
        for item in pool.map(_embed_job, jobs, chunksize=chunk):
            results[item.path] = item
            if on_done:
                on_done(item)
    return results
