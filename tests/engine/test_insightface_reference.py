"""insightface packs agree with insightface 2.1 itself, run on the same ONNX files and pixels.

Each test names the difference it guards (issue 16): the resize before detection, boxes not
clipped, the crop's black fill, the 3-stride layout with or without a batch axis, graphs without
keypoints refused, and the recogniser's input size and normalisation read from the model. No
buffalo recogniser is in ../shared/models, so the recogniser is the 112×112 MobileFaceNet there
(which insightface's ``model_zoo`` routes to its ``ArcFaceONNX``) and graphs built from it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np
import onnx
import pytest
from insightface.app import FaceAnalysis
from insightface.app.common import Face
from insightface.model_zoo import get_model
from insightface.utils import face_align
from onnx import helper, numpy_helper

from app.engine.align import norm_crop
from app.engine.detectors import ScrfdDetector
from app.engine.recognizers import ArcFaceRecognizer
from app.engine.types import Detection, Image
from tests.conftest import DATA, MODELS, need

pytestmark = [pytest.mark.models, pytest.mark.filterwarnings("ignore::FutureWarning")]

DETECTORS = {
    "det_500m": MODELS / "insightface_buffalo_sc" / "det_500m.onnx",
    "det_2.5g": MODELS / "insightface_buffalo_m" / "det_2.5g.onnx",
    # the same weights re-exported with a fixed 640×640 input and a batch axis on every output
    "scrfd_500m_bnkps": MODELS / "scrfd_reexports" / "scrfd_500m_bnkps.onnx",
}
RECOGNIZER = MODELS / "mobilefacenet_128d" / "mobilefacenet.onnx"
#: A second face cut by the left edge (the crop reaches beyond the image).
EDGE_FACE = DATA / "lfw-dev" / "images" / "Angela_Bassett" / "Angela_Bassett_0003.jpg"
#: Card scans of 1200-1400 px, shrunk for detection (two faces on the last: photo and ghost).
CARDS = [DATA / "idcard-dev" / "cards" / n for n in ("c_000254.jpg", "c_000349.jpg", "c_000314.png")]
SELFIE = DATA / "idcard-dev" / "selfies" / "s_000019.jpg"
IMAGES = [EDGE_FACE, *CARDS, SELFIE]


def read(path: Path) -> Image:
    img = cv2.imread(str(need(path)), cv2.IMREAD_COLOR)
    assert img is not None
    return np.asarray(img, dtype=np.uint8)


def cut_by_the_edge() -> Image:
    """An LFW face with its chin cut off by the image's bottom edge."""
    return np.ascontiguousarray(
        read(DATA / "lfw-dev" / "images" / "Abel_Pacheco" / "Abel_Pacheco_0001.jpg")[:150]
    )


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., FaceAnalysis]:
    """insightface's FaceAnalysis on a folder holding one detector and the recogniser, at 640
    (or, ``two_sizes``, at insightface 2.1's default 128 and 640)."""
    built: dict[tuple[str, bool], FaceAnalysis] = {}

    def get(detector: str, two_sizes: bool = False) -> FaceAnalysis:
        if (detector, two_sizes) not in built:
            folder = tmp_path_factory.mktemp(detector)
            for f in (need(DETECTORS[detector]), need(RECOGNIZER)):
                (folder / f.name).symlink_to(f)
            app = FaceAnalysis(name=str(folder), providers=["CPUExecutionProvider"])
            app.prepare(ctx_id=-1, det_size=None if two_sizes else (640, 640))
            built[detector, two_sizes] = app
        return built[detector, two_sizes]

    return get


@functools.cache
def our_parts(detector: str, sizes: tuple[int, ...]) -> tuple[ScrfdDetector, ArcFaceRecognizer]:
    det = ScrfdDetector(DETECTORS[detector], threads=1, input_sizes=sizes)
    return det, ArcFaceRecognizer(RECOGNIZER, threads=1)


def ours(detector: str, img: Image, sizes: tuple[int, ...] = (640,)) -> tuple[list[Detection], np.ndarray]:
    det, rec = our_parts(detector, sizes)
    found = det.detect(img)
    return found, rec.embed([rec.align(img, img, d, None) for d in found])


def assert_agrees(
    app: FaceAnalysis, detector: str, img: Image, label: str, sizes: tuple[int, ...] = (640,)
) -> None:
    """Same faces, in the same order, boxes and keypoints within a pixel, embeddings cosine >= 0.999."""
    ref = app.get(img)
    found, embs = ours(detector, img, sizes)
    assert len(found) == len(ref) > 0, label
    for face, d, emb in zip(ref, found, embs, strict=True):
        assert np.abs(np.asarray(d.box) - face.bbox).max() <= 1.0, (label, d.box, face.bbox)
        assert np.abs(d.kps5 - face.kps).max() <= 1.0, (label, d.kps5, face.kps)
        cosine = float(emb @ (face.embedding / np.linalg.norm(face.embedding)))
        assert cosine >= 0.999, (label, cosine)


@pytest.mark.parametrize("detector", sorted(DETECTORS))
def test_faces_and_embeddings_agree_with_insightface(
    detector: str, reference: Callable[..., FaceAnalysis]
) -> None:
    """Without insightface's resize (truncated side, INTER_LINEAR, height ratio) the cards' keypoints
    move by up to 3 px (cosine 0.957); without the black fill the edge face reads 0.890."""
    need(DETECTORS[detector])
    for path in IMAGES:
        assert_agrees(reference(detector), detector, read(path), path.name)


def test_a_face_cut_by_the_edge_keeps_its_full_box(reference: Callable[..., FaceAnalysis]) -> None:
    img = cut_by_the_edge()
    ref = reference("det_500m").get(img)
    assert ref and ref[0].bbox[3] > img.shape[0] + 1  # the face's box reaches beyond the edge
    assert_agrees(reference("det_500m"), "det_500m", img, "cut")


def test_two_detection_sizes_merge_as_insightface_2_1s_default(
    reference: Callable[..., FaceAnalysis],
) -> None:
    """insightface 2.1's FaceAnalysis runs SCRFD at 128 and 640 and merges the candidates in one
    NMS; with the same sizes ours does the same (one size moves keypoints by up to 11 px)."""
    for path in IMAGES:
        assert_agrees(reference("det_500m", two_sizes=True), "det_500m", read(path), path.name, (128, 640))


@pytest.mark.parametrize("size", [112, 128])
def test_the_aligned_crop_is_insightfaces(size: int) -> None:
    """Black beyond the image (not the edge repeated) and the 128 template shifted 8 px."""
    img = read(EDGE_FACE)
    found = ScrfdDetector(need(DETECTORS["det_500m"]), threads=1).detect(img)
    for d in found:
        expected = face_align.norm_crop(img, d.kps5, image_size=size)
        assert np.abs(norm_crop(img, d.kps5, size, fill="zero").astype(int) - expected).max() <= 1
    # the second face's crop reaches beyond the image: the fill is what is checked
    edge = found[1]
    assert (face_align.norm_crop(img, edge.kps5, image_size=size) == 0).all(axis=2).sum() > 100


def wrapped_recognizer(folder: Path, kind: str) -> Path:
    """MobileFaceNet behind a first layer: ``"size128"`` takes 128×128 crops and resizes them to
    112 inside; ``"raw_pixels"`` takes 0..255 pixels and normalises inside (Sub, Mul: an MXNet
    export's first nodes)."""
    model = onnx.load(str(need(RECOGNIZER)))
    g = model.graph
    outer, inner = g.input[0].name, "wrapped_input"
    for node in g.node:
        node.input[:] = [inner if x == outer else x for x in node.input]
    if kind == "size128":
        consts = [
            numpy_helper.from_array(np.zeros(0, np.float32), "pre_roi"),
            numpy_helper.from_array(np.array([1, 1, 112 / 128, 112 / 128], np.float32), "pre_scales"),
        ]
        pre = [
            helper.make_node(
                "Resize", [outer, "pre_roi", "pre_scales"], [inner], name="Resize_pre", mode="linear"
            )
        ]
        dims = g.input[0].type.tensor_type.shape.dim
        dims[2].dim_value = dims[3].dim_value = 128
    else:
        consts = [
            numpy_helper.from_array(np.array(127.5, np.float32), "pre_mean"),
            numpy_helper.from_array(np.array(1 / 127.5, np.float32), "pre_scale"),
        ]
        pre = [
            helper.make_node("Sub", [outer, "pre_mean"], ["pre_centred"], name="Sub_pre"),
            helper.make_node("Mul", ["pre_centred", "pre_scale"], [inner], name="Mul_pre"),
        ]
    nodes = pre + list(g.node)
    del g.node[:]
    g.node.extend(nodes)
    g.initializer.extend(consts)
    onnx.checker.check_model(model)
    path = folder / f"mobilefacenet_{kind}.onnx"
    onnx.save(model, str(path))
    return path


@pytest.mark.parametrize("kind", ["size128", "raw_pixels"])
def test_the_recognisers_input_is_read_from_the_model(kind: str, tmp_path: Path) -> None:
    """A 128×128 recogniser gets 128 crops; one that normalises inside gets raw pixels."""
    model = wrapped_recognizer(tmp_path, kind)
    img = read(SELFIE)
    det = ScrfdDetector(need(DETECTORS["det_500m"]), threads=1).detect(img)[0]
    ref = get_model(str(model), providers=["CPUExecutionProvider"])
    ref.prepare(ctx_id=-1)
    expected = ref.get(img, Face(bbox=np.asarray(det.box), kps=det.kps5, det_score=det.score))
    rec = ArcFaceRecognizer(model, threads=1)
    crop = rec.align(img, img, det, None)
    assert crop.shape[:2] == ((128, 128) if kind == "size128" else (112, 112))
    assert rec.display_crop(crop).shape[:2] == (112, 112)
    emb = rec.embed([crop])[0]
    assert float(emb @ (expected / np.linalg.norm(expected))) >= 0.999


def test_an_scrfd_graph_without_keypoints_is_refused(tmp_path: Path) -> None:
    """det_500m without its three keypoint outputs (a 6-output graph): nothing to align on."""
    model = onnx.load(str(need(DETECTORS["det_500m"])))
    kept = list(model.graph.output)[:6]
    del model.graph.output[:]
    model.graph.output.extend(kept)
    path = tmp_path / "scrfd_no_kps.onnx"
    onnx.save(model, str(path))
    with pytest.raises(ValueError, match="without keypoint outputs"):
        ScrfdDetector(path, threads=1)
