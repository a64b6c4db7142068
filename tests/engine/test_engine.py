"""The engine end to end on real weights and real images (../shared)."""

from __future__ import annotations

import csv
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import cv2
import numpy as np
import pytest

from app.engine.config import EngineSettings
from app.engine.engine import Engine
from app.engine.errors import FaceNotFoundError, FaceTooSmallError
from app.engine.types import Decision
from tests.conftest import DATA, MODELS, need

pytestmark = pytest.mark.models
LFW = DATA / "lfw-dev"
CARDS = DATA / "idcard-dev"
DET_SHA = "5e4447f50245bbd7966bd6c0fa52938c61474a04ec7def48753668a9d8b4ea3a"
REC_SHA = "f055d9c9a4d826d198c42666590fdefa0fdc1374a75ccb6306c3d1b1bf8f74c5"
SPEC_GROUPS = {
    "CHIN": 17, "LEFT_EYEBROW": 5, "RIGHT_EYEBROW": 5, "BRIDGE_OF_NOSE": 4, "NOSE": 5,
    "LEFT_EYE": 6, "RIGHT_EYE": 6, "LIBS": 12, "MOUTH": 8, "LEFT_PUPIL": 1, "RIGHT_PUPIL": 1,
}  # fmt: skip


def _pairs(root: Path, same: int, n: int) -> list[tuple[Path, Path]]:
    with (need(root) / "pairs.csv").open() as fh:
        rows = [r for r in csv.DictReader(fh) if int(r["same"]) == same]
    return [(root / r["card"], root / r["selfie"]) for r in rows[:n]]


def _encode(img: np.ndarray) -> bytes:
    return cv2.imencode(".jpg", img)[1].tobytes()


def test_same_person_scores_higher_than_different_people(open_engine: Engine) -> None:
    same = [open_engine.compare(a.read_bytes(), b.read_bytes()).similarity for a, b in _pairs(LFW, 1, 8)]
    diff = [open_engine.compare(a.read_bytes(), b.read_bytes()).similarity for a, b in _pairs(LFW, 0, 8)]
    assert min(same) > max(diff) - 0.05
    assert np.median(same) > open_engine.thresholds.match > np.median(diff)


def test_every_field_of_a_face_is_filled(open_engine: Engine) -> None:
    ((card, selfie),) = _pairs(CARDS, 1, 1)
    result = open_engine.compare(card.read_bytes(), selfie.read_bytes())
    assert result.decision in set(Decision)
    for face, source in ((result.card, "cardImage"), (result.face, "faceImage")):
        assert face.source == source
        counts: dict[str, int] = {}
        for lm in face.landmarks:
            counts[lm.type] = counts.get(lm.type, 0) + 1
        assert counts == SPEC_GROUPS
        x1, _y1, x2, _y2 = face.box
        eyes = {lm.type: lm.x for lm in face.landmarks if lm.type.endswith("_PUPIL")}
        assert x1 < eyes["LEFT_PUPIL"] < eyes["RIGHT_PUPIL"] < x2
        assert face.aligned.shape == (112, 112, 3) and face.aligned.dtype == np.uint8
        assert face.embedding.shape == (128,)
        assert float(np.linalg.norm(face.embedding)) == pytest.approx(1.0, abs=1e-5)
        assert 0.0 < face.detection.score <= 1.0
        assert len(face.polygon) == 4
        assert face.pose.label in {"front", "up", "down", "pan_left", "pan_right", "roll_left", "roll_right"}
        assert 0.0 <= face.quality.sharpness <= 1.0 and 0.0 <= face.quality.brightness <= 1.0
        assert face.quality.face_size_px > 12
    assert 0.0 <= result.similarity <= 1.0


def test_a_mirrored_photo_flips_yaw_and_roll(open_engine: Engine) -> None:
    img = cv2.imread(str(need(LFW / "images/Abel_Pacheco/Abel_Pacheco_0001.jpg")))
    a = open_engine.analyze(_encode(img)).faces[0].pose
    b = open_engine.analyze(_encode(np.ascontiguousarray(img[:, ::-1]))).faces[0].pose
    assert abs(a.yaw) > 5  # this face is turned: the test would be empty otherwise
    assert np.sign(b.yaw) == -np.sign(a.yaw) and b.yaw == pytest.approx(-a.yaw, abs=4)
    assert b.roll == pytest.approx(-a.roll, abs=3)
    assert b.pitch == pytest.approx(a.pitch, abs=4)


def test_an_upright_printed_card_photo_is_not_read_as_upside_down(open_engine: Engine) -> None:
    """solvePnP without a starting guess returned the mirrored solution (roll 180) here."""
    pose = open_engine.analyze(need(CARDS / "cards/c_000268.jpg").read_bytes(), "jpg").faces[0].pose
    assert abs(pose.roll) < 20 and abs(pose.pitch) < 30


def test_no_face_in_the_card_lists_the_live_face(open_engine: Engine) -> None:
    blank = _encode(np.full((600, 900, 3), 200, np.uint8))
    ((_, selfie),) = _pairs(CARDS, 1, 1)
    with pytest.raises(FaceNotFoundError) as info:
        open_engine.compare(blank, selfie.read_bytes())
    assert "cardImage" in info.value.message and "faceImage" not in info.value.message
    assert info.value.faces is not None and [f.source for f in info.value.faces] == ["faceImage"]


def test_too_small_faces_are_refused() -> None:
    engine = Engine("open", EngineSettings(min_interocular_px=500), warm_up=False)
    ((card, selfie),) = _pairs(CARDS, 1, 1)
    with pytest.raises(FaceTooSmallError, match="too small"):
        engine.compare(card.read_bytes(), selfie.read_bytes())


def test_faces_on_id_cards_of_every_format_are_found(open_engine: Engine) -> None:
    cards = sorted((need(CARDS) / "cards").iterdir())
    chosen: dict[str, Path] = {}
    for p in cards:
        chosen.setdefault(p.suffix, p)
    assert set(chosen) == {".jpg", ".png", ".pdf", ".tif"}
    for path in chosen.values():
        analysis = open_engine.analyze(path.read_bytes(), label=path.name)
        assert analysis.faces, path.name
        # the card photo is small: 70–120 px tall on a 1200–1400 px scan (larger on 300-dpi PDFs)
        _x1, y1, _x2, y2 = analysis.faces[0].box
        assert 40 < y2 - y1 < 400


def test_faces_on_real_specimen_documents_are_found(open_engine: Engine) -> None:
    files = sorted(p for p in need(DATA / "specimens").iterdir() if p.suffix in {".jpg", ".png"})
    found = sum(bool(open_engine.analyze(p.read_bytes()).faces) for p in files)
    assert found >= len(files) - 1, f"faces found on {found} of {len(files)} specimen documents"


def test_the_engine_is_thread_safe(open_engine: Engine) -> None:
    pairs = _pairs(LFW, 1, 3) + _pairs(LFW, 0, 3)
    blobs = [(a.read_bytes(), b.read_bytes()) for a, b in pairs]
    serial = [open_engine.compare(a, b).similarity for a, b in blobs]
    with ThreadPoolExecutor(4) as pool:
        parallel = list(pool.map(lambda ab: open_engine.compare(*ab).similarity, blobs * 2))
    assert parallel == pytest.approx(serial * 2, abs=1e-6)


def test_the_arcface_path_runs_on_scrfd_and_an_onnx_recogniser(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A custom pack found via FACECOMPARE_MODELS: official SCRFD det_500m + 128-d MobileFaceNet stand-in."""
    det, rec = (
        need(MODELS / "insightface_buffalo_sc/det_500m.onnx"),
        need(MODELS / "mobilefacenet_128d/mobilefacenet.onnx"),
    )
    folder = tmp_path / "models" / "scrfd_mbf"
    folder.mkdir(parents=True)
    (folder / det.name).symlink_to(det)
    (folder / rec.name).symlink_to(rec)
    manifest = {
        "name": "scrfd_mbf",
        "kind": "custom",
        "licence": "test stand-in: InsightFace non-commercial detector, recogniser of unclear provenance",
        "files": [
            {"name": det.name, "role": "detector", "sha256": DET_SHA, "size": det.stat().st_size},
            {"name": rec.name, "role": "recognizer", "sha256": REC_SHA, "size": rec.stat().st_size},
        ],
        "embedding_dim": 128,
    }  # fmt: skip
    (folder / "pack.json").write_text(json.dumps(manifest))
    monkeypatch.setenv("FACECOMPARE_MODELS", str(tmp_path / "models"))
    engine = Engine("scrfd_mbf")
    assert engine.pack.licence.grant == "non-commercial"
    same = [engine.compare(a.read_bytes(), b.read_bytes()) for a, b in _pairs(LFW, 1, 4)]
    diff = [engine.compare(a.read_bytes(), b.read_bytes()) for a, b in _pairs(LFW, 0, 4)]
    assert np.mean([r.similarity for r in same]) > np.mean([r.similarity for r in diff]) + 0.1
    face = same[0].card
    assert face.embedding.shape == (128,) and face.aligned.shape == (112, 112, 3)
    assert len(face.landmarks) == 70
