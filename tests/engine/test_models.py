"""The model registry: a pack's files become models by role; a new kind is one class + a manifest."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest

from app.engine import packs
from app.engine.align import norm_crop
from app.engine.config import EngineSettings
from app.engine.detectors import YuNetDetector
from app.engine.engine import Engine
from app.engine.errors import ModelPackError
from app.engine.models import MODELS, PackModel, comparison_parts, pack_models
from app.engine.onnx import create_session
from app.engine.recognizers import l2_normalise
from app.engine.types import Detection, FloatArray, Image
from tests.conftest import DATA, need
from tests.conftest import MODELS as SHARED_MODELS

LFW = DATA / "lfw-dev"
YUNET_SHA = "8f2383e4dd3cfbb4553ea8718107fc0423210dc964f9f4280604804ed2552fa4"
YUNET = packs.ROLE_DETECTOR_YUNET
MBF_SHA = "f055d9c9a4d826d198c42666590fdefa0fdc1374a75ccb6306c3d1b1bf8f74c5"
ROLE = "recognizer_mirror_mean"


class MirrorMeanRecognizer(PackModel["MirrorMeanRecognizer"]):
    """A recogniser the engine does not ship: an ArcFace-style ONNX network whose embedding is
    the mean of the aligned crop's and its mirror image's (test-time flip augmentation)."""

    kind = "recognizer"
    name = "mirror_mean"
    roles = (ROLE,)
    weights_licence = "test stand-in of unclear provenance"
    dim = 0
    embedded = 0

    def build(self) -> MirrorMeanRecognizer:
        self.session = create_session(self.files[ROLE], threads=1)
        self.input_name = self.session.get_inputs()[0].name
        self.dim = int(self.session.get_outputs()[0].shape[-1])
        return self

    def align(self, image: Image, rgb: Image, detection: Detection, shape: Any) -> Image:
        return norm_crop(image, detection.kps5, 112)

    def display_crop(self, aligned: Image) -> Image:
        return aligned

    def embed(self, inputs: list[Image]) -> FloatArray:
        views = [*inputs, *(np.ascontiguousarray(x[:, ::-1]) for x in inputs)]
        blob = cv2.dnn.blobFromImages(views, 1.0 / 127.5, (112, 112), (127.5,) * 3, swapRB=True)
        out = np.concatenate([self.session.run(None, {self.input_name: b[None]})[0] for b in blob])
        type(self).embedded += len(inputs)
        n = len(inputs)
        return l2_normalise(l2_normalise(out[:n]) + l2_normalise(out[n:]))


@pytest.fixture
def mirror_pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The new class registered, and a manifest naming its role in a pack folder of its own."""
    det = need(SHARED_MODELS / "opencv_zoo_yunet/face_detection_yunet_2023mar.onnx")
    rec = need(SHARED_MODELS / "mobilefacenet_128d/mobilefacenet.onnx")
    folder = tmp_path / "models" / "mirror_mbf"
    folder.mkdir(parents=True)
    for f in (det, rec):
        (folder / f.name).symlink_to(f)
    manifest = {
        "name": "mirror_mbf",
        "kind": "custom",
        "licence": "test stand-in",
        "files": [
            {"name": det.name, "role": YUNET, "sha256": YUNET_SHA, "size": det.stat().st_size},
            {"name": rec.name, "role": ROLE, "sha256": MBF_SHA, "size": rec.stat().st_size},
        ],
        "embedding_dim": 128,
    }  # fmt: skip
    (folder / packs.PACK_JSON).write_text(json.dumps(manifest))
    monkeypatch.setenv(packs.ENV_MODELS, str(tmp_path / "models"))
    MODELS.register(MirrorMeanRecognizer)
    try:
        yield "mirror_mbf"
    finally:
        MODELS.unregister(MirrorMeanRecognizer)


def _pairs(same: int, n: int) -> list[tuple[bytes, bytes]]:
    with (need(LFW) / "pairs.csv").open() as fh:
        rows = [r for r in csv.DictReader(fh) if int(r["same"]) == same][:n]
    return [((LFW / r["card"]).read_bytes(), (LFW / r["selfie"]).read_bytes()) for r in rows]


@pytest.mark.models
def test_a_new_model_class_and_its_manifest_are_all_a_new_pack_kind_needs(mirror_pack: str) -> None:
    engine = Engine(mirror_pack)
    assert isinstance(engine.recognizer, MirrorMeanRecognizer) and engine.embedding_dim == 128
    assert isinstance(engine.detector, YuNetDetector)  # the built-in class, from the pack's own file
    described = engine.describe_models()
    assert described["recognizer"]["model"] == "mirror_mean"
    assert described["recognizer"]["files"] == {"mobilefacenet.onnx": ROLE}
    assert described["landmarks"]["model"] == "dlib68"  # the fallback: the pack names none
    before = MirrorMeanRecognizer.embedded
    same = [engine.compare(a, b).similarity for a, b in _pairs(1, 4)]
    diff = [engine.compare(a, b).similarity for a, b in _pairs(0, 4)]
    assert MirrorMeanRecognizer.embedded == before + 16
    assert np.mean(same) > np.mean(diff) + 0.1
    face = engine.analyze(_pairs(1, 1)[0][0]).faces[0]
    assert face.embedding.shape == (128,) and face.aligned.shape == (112, 112, 3)


@pytest.mark.models
def test_unknown_roles_are_ignored_and_a_missing_kind_is_named(mirror_pack: str) -> None:
    pack = packs.resolve_pack(mirror_pack)
    MODELS.unregister(MirrorMeanRecognizer)
    try:
        assert set(pack_models(pack, EngineSettings())) == {"detector"}  # its recogniser file is unknown now
        with pytest.raises(ModelPackError, match=r"no recognizer model.*recognizer_dlib"):
            comparison_parts(pack, EngineSettings())
    finally:
        MODELS.register(MirrorMeanRecognizer)


@pytest.mark.models
def test_two_models_of_one_kind_are_refused(mirror_pack: str) -> None:
    pack = packs.resolve_pack(mirror_pack)
    assert pack.root is not None
    rec = pack.files[ROLE]
    (pack.root / "arcface.onnx").symlink_to(rec)
    arcface = {
        "name": "arcface.onnx",
        "role": packs.ROLE_RECOGNIZER,
        "sha256": MBF_SHA,
        "size": rec.stat().st_size,
    }
    manifest = json.loads((pack.root / packs.PACK_JSON).read_text())
    manifest["files"].append(arcface)
    (pack.root / packs.PACK_JSON).write_text(json.dumps(manifest))
    with pytest.raises(ModelPackError, match="two recognizer models"):
        Engine(mirror_pack, warm_up=False)


def test_a_role_has_one_class_and_a_class_a_known_kind() -> None:
    class Clash(MirrorMeanRecognizer):
        roles = (packs.ROLE_RECOGNIZER,)

    with pytest.raises(ValueError, match="already read by ArcFace"):
        MODELS.register(Clash)

    class Odd(MirrorMeanRecognizer):
        kind = "pose"  # type: ignore[assignment]

    with pytest.raises(ValueError, match="kind must be one of"):
        MODELS.register(Odd)


@pytest.mark.models
def test_models_load_lazily_once() -> None:
    engine = Engine("open", warm_up=False)
    assert not any(part.loaded for part in engine.parts.all())
    detector = engine.detector
    assert engine.parts.detector.loaded and engine.detector is detector
    assert not engine.parts.recognizer.loaded  # finding faces needs no recogniser
    engine.warm_up()
    assert all(part.loaded for part in engine.parts.all()) and engine.detector is detector
    assert engine.describe_models()["recognizer"]["licence"] == "CC0 / Boost (dlib)"
