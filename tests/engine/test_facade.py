"""The engine's public face: find_faces, bytes-or-pixels analyze/compare, liveness, PNG crops."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np
import pytest

from app.engine import packs
from app.engine.config import EngineSettings
from app.engine.crops import encode_png
from app.engine.detectors import rank_faces
from app.engine.engine import Engine
from app.engine.errors import DecodeError, FaceNotFoundError, ModelPackError, TooLargeError
from app.engine.imageio import RAW_FORMAT, load_image
from app.engine.types import Detection, Image
from tests.conftest import DATA, need, shipped_liveness_threshold
from tests.engine.fake_manifests import without_embedded_copies

LFW = DATA / "lfw-dev"
CARDS = DATA / "idcard-dev"
SPOOF = DATA / "spoof-dev"
#: the self-test sample that ships in the repository (no ../shared needed)
SELFIE = Path(__file__).resolve().parents[2] / "packaging" / "samples" / "selfie.jpg"


class CountingDetector:
    """The engine's real ``detect``, counting its runs (to prove nothing is detected twice)."""

    def __init__(self, inner: Callable[[Image], list[Detection]]) -> None:
        self.inner = inner
        self.calls = 0

    def __call__(self, image: Image) -> list[Detection]:
        self.calls += 1
        return self.inner(image)


@pytest.fixture
def counting(open_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> CountingDetector:
    wrapped = CountingDetector(open_engine.detector.detect)
    monkeypatch.setattr(open_engine.detector, "detect", wrapped)
    return wrapped


def _card_pair() -> tuple[bytes, bytes]:
    with (need(CARDS) / "pairs.csv").open() as fh:
        row = next(r for r in csv.DictReader(fh) if int(r["same"]) == 1)
    return (CARDS / row["card"]).read_bytes(), (CARDS / row["selfie"]).read_bytes()


def _pixels(data: bytes) -> Image:
    return load_image(data).pixels


# ------------------------------------------------------------------ crops (no models)


def test_encode_png_is_lossless() -> None:
    rng = np.random.default_rng(0)
    crop = rng.integers(0, 256, (112, 112, 3), dtype=np.uint8)
    data = encode_png(crop)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    decoded = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_UNCHANGED)
    assert np.array_equal(decoded, crop)
    with pytest.raises(ValueError, match="empty"):
        encode_png(np.zeros((0, 0, 3), np.uint8))


# ------------------------------------------------------------------ find_faces


@pytest.mark.models
def test_find_faces_ranks_one_detector_run(open_engine: Engine, counting: CountingDetector) -> None:
    pixels = cv2.imread(str(need(CARDS / "cards/c_000268.jpg")))
    found = open_engine.find_faces(pixels)
    assert counting.calls == 1
    ranked = rank_faces(counting.inner(pixels))
    assert found and [(d.box, d.score) for d in found] == [(d.box, d.score) for d in ranked]
    assert open_engine.find_faces(np.full((240, 320, 3), 128, np.uint8)) == []


# ------------------------------------------------------------------ pixels in, same answers out


@pytest.mark.models
def test_analyze_takes_pixels_without_a_round_trip(open_engine: Engine, counting: CountingDetector) -> None:
    card, _ = _card_pair()
    from_bytes = open_engine.analyze(card, "jpg", label="card")
    pixels = _pixels(card)
    counting.calls = 0
    from_pixels = open_engine.analyze(pixels, label="card")
    assert counting.calls == 1
    assert (from_pixels.width, from_pixels.height) == (pixels.shape[1], pixels.shape[0])
    assert from_pixels.format == RAW_FORMAT and from_bytes.format == "jpg"
    assert len(from_pixels.faces) == len(from_bytes.faces) >= 1
    for a, b in zip(from_pixels.faces, from_bytes.faces, strict=True):
        assert a.box == b.box and a.source == "card"
        assert np.array_equal(a.embedding, b.embedding)


@pytest.mark.models
def test_compare_takes_pixels_bytes_or_both(open_engine: Engine, counting: CountingDetector) -> None:
    card, selfie = _card_pair()
    reference = open_engine.compare(card, selfie)
    assert counting.calls == 2  # one run per image
    for a, b in ((_pixels(card), _pixels(selfie)), (card, _pixels(selfie)), (_pixels(card), selfie)):
        result = open_engine.compare(a, b)
        assert result.similarity == pytest.approx(reference.similarity, abs=1e-6)
        assert result.decision == reference.decision
        assert result.card.box == reference.card.box and result.face.box == reference.face.box
    assert counting.calls == 8


@pytest.mark.models
def test_pixels_of_the_wrong_shape_or_size_are_refused(open_engine: Engine) -> None:
    for bad in (
        np.zeros((50, 50), np.uint8),
        np.zeros((50, 50, 4), np.uint8),
        np.zeros((50, 50, 3), np.float32),
    ):
        with pytest.raises(DecodeError, match="Image is not an H×W×3 uint8 BGR image"):
            open_engine.compare(bad, bad)
    small = Engine("open", EngineSettings(max_pixels=100), warm_up=False)
    with pytest.raises(TooLargeError, match="frame"):
        small.analyze(np.zeros((20, 20, 3), np.uint8), label="frame")


@pytest.mark.models
def test_aligned_png_is_the_aligned_crop(open_engine: Engine) -> None:
    face = open_engine.analyze(need(LFW / "images/Abel_Pacheco/Abel_Pacheco_0001.jpg").read_bytes()).faces[0]
    decoded = cv2.imdecode(np.frombuffer(face.aligned_png, np.uint8), cv2.IMREAD_COLOR)
    assert np.array_equal(decoded, face.aligned)


# ------------------------------------------------------------------ liveness


def _spoof_frame() -> Image:
    with (need(SPOOF) / "index.csv").open(newline="") as fh:
        row = next(r for r in csv.DictReader(fh) if r["live"] == "1")
    return cv2.imread(str(SPOOF / row["file"]))


@pytest.mark.models
def test_liveness_uses_the_engines_detector_once(
    open_engine: Engine, counting: CountingDetector, liveness_model: object
) -> None:
    from app.engine.liveness import LivenessModel

    frame = _spoof_frame()
    result = open_engine.liveness(frame)
    assert counting.calls == 1
    model = open_engine.load_liveness()
    assert isinstance(model, LivenessModel) and model is open_engine.load_liveness()  # loaded once
    best = rank_faces(counting.inner(frame))[0]
    assert result == model.score(frame, best)
    assert isinstance(liveness_model, LivenessModel)
    assert result.score == pytest.approx(liveness_model.score(frame, best).score)
    counting.calls = 0
    face = open_engine.analyze(frame).faces[0]
    assert counting.calls == 1
    assert open_engine.liveness(frame, face) == open_engine.liveness(frame, face.detection) == result
    assert counting.calls == 1  # a given face is scored where it is: no detector run
    with pytest.raises(FaceNotFoundError):
        open_engine.liveness(np.full((240, 320, 3), 128, np.uint8))


def fresh_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No FACECOMPARE_MODELS, no liveness setting, an empty user data folder and home."""
    for name in (packs.ENV_MODELS, "FACECOMPARE_LIVENESS_PACK", "FACECOMPARE_MODEL_PACK"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))


@pytest.mark.models
def test_the_kiosk_startup_finds_the_embedded_liveness_pack(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, liveness_model: object
) -> None:
    """What the kiosk's loader does (``Engine(pack)`` then ``load_liveness()``), with no
    environment at all: the embedded pack scores the sample selfie."""
    from app.engine.liveness import LivenessModel

    fresh_install(tmp_path, monkeypatch)
    engine = Engine(None, warm_up=False)
    assert engine.pack.name == packs.OPEN_PACK  # nothing else is installed
    scorer = engine.load_liveness()
    assert isinstance(scorer, LivenessModel) and scorer is engine.load_liveness()
    assert engine.describe_models()["liveness"]["files"] == {
        "MiniFASNetV2.onnx": packs.ROLE_ANTISPOOF_V2,
        "MiniFASNetV1SE.onnx": packs.ROLE_ANTISPOOF_V1SE,
    }
    pixels = cv2.imread(str(SELFIE))
    result = engine.liveness(pixels)
    assert 0.0 <= result.score <= 1.0 and result.threshold == shipped_liveness_threshold()
    assert isinstance(liveness_model, LivenessModel)
    assert result.score == pytest.approx(liveness_model.score(pixels, engine.find_faces(pixels)[0]).score)


@pytest.mark.models
def test_liveness_without_its_pack_names_the_pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An install that left models/minifasnet out, with nothing installed: a clear error."""
    fresh_install(tmp_path, monkeypatch)
    without_embedded_copies(monkeypatch, tmp_path / "slim")
    engine = Engine("open", warm_up=False)
    with pytest.raises(ModelPackError, match=packs.LIVENESS_PACK):
        engine.liveness(np.full((240, 320, 3), 128, np.uint8))
