"""Passive liveness: crop geometry, the embedded pack and its discovery, and the real MiniFASNet models."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import numpy as np
import pytest
from pydantic import ValidationError

from app.engine import packs
from app.engine.engine import Engine
from app.engine.errors import FaceNotFoundError, ModelPackError
from app.engine.liveness import LivenessModel, check_image, crop_patch, scaled_box
from app.engine.types import Detection
from tests.conftest import DATA, need, shipped_liveness_threshold
from tests.engine.fake_manifests import without_embedded_copies

SPOOF = DATA / "spoof-dev"

#: the embedded pack, as committed: the repository's models/minifasnet
EMBEDDED = Path(__file__).resolve().parents[2] / "models" / "minifasnet"


# ------------------------------------------------------------------ geometry (no models)


def test_clamped_box_is_the_original_silent_face_box() -> None:
    # A 100x100 face in a 640x480 frame: 2.7x fits, centred on the face.
    assert scaled_box(640, 480, (270, 190, 370, 290), 2.7, clamp=True) == (185, 105, 455, 375)
    # Near the left edge the box is shifted back inside, keeping its size.
    x1, y1, x2, y2 = scaled_box(640, 480, (0, 190, 100, 290), 2.7, clamp=True)
    assert x1 == 0 and x2 == 270
    # A face filling a tight crop: the scale shrinks to the image (the original behaviour).
    x1, y1, x2, y2 = scaled_box(120, 160, (0, 0, 120, 160), 4.0, clamp=True)
    assert x1 >= 0 and x2 <= 120 and y1 >= 0 and y2 <= 160


def test_unclamped_box_keeps_the_scale_and_pads_with_black() -> None:
    assert scaled_box(120, 160, (10, 20, 110, 140), 4.0, clamp=False) == (-140, -160, 260, 320)
    image = np.full((160, 120, 3), 200, np.uint8)
    patch = crop_patch(image, (10, 20, 110, 140), 4.0, padding="constant")
    assert patch.shape == (80, 80, 3) and patch.dtype == np.uint8
    assert patch[0, 0].tolist() == [0, 0, 0] and patch[40, 40].tolist() == [200, 200, 200]
    # The face keeps its trained share of the patch: about 1/4 of the width at scale 4.0.
    assert 15 <= int((patch[40, :, 0] == 200).sum()) <= 25
    clamped = crop_patch(image, (10, 20, 110, 140), 4.0, padding="clamp")
    assert (clamped == 200).all()
    for mode in ("reflect", "replicate"):
        assert (crop_patch(image, (10, 20, 110, 140), 4.0, padding=mode) == 200).all()  # type: ignore[arg-type]


# ------------------------------------------------------------------ pack discovery


@pytest.fixture
def roots(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh install: FACECOMPARE_MODELS -> an empty folder; the user data folder -> tmp."""
    root = tmp_path / "models"
    root.mkdir()
    monkeypatch.setenv(packs.ENV_MODELS, str(root))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("FACECOMPARE_LIVENESS_PACK", raising=False)
    return root


def dummy_copy(folder: Path) -> Path:
    """The pack's file names holding one byte each: found by name, wrong by size and sha256."""
    folder.mkdir(parents=True)
    for entry in packs.liveness_manifests()["minifasnet"].files:
        (folder / entry.name).write_bytes(b"x")
    return folder


def test_liveness_manifest_is_not_a_comparison_pack() -> None:
    assert "minifasnet" not in packs.builtin_manifests()
    manifest = packs.liveness_manifests()["minifasnet"]
    assert manifest.kind == "liveness" and "Apache-2.0" in manifest.licence and manifest.embedded
    assert {f.role for f in manifest.files} == {packs.ROLE_ANTISPOOF_V2, packs.ROLE_ANTISPOOF_V1SE}
    assert manifest.thresholds == {"live": 0.5}
    assert all(f.size > 0 and len(f.sha256) == 64 for f in manifest.files)
    assert packs.licence_status(manifest, None).grant == "open"
    with pytest.raises(ValidationError):  # only liveness packs may lack an embedding size
        packs.PackManifest.model_validate({**manifest.model_dump(), "kind": "custom"})


def test_the_committed_files_are_the_manifests_with_their_licence() -> None:
    """Checked file by file in the repository's models/minifasnet, not through discovery."""
    manifest = packs.liveness_manifests()["minifasnet"]
    assert packs.embedded_pack_dir(manifest) == EMBEDDED
    for entry in manifest.files:
        check = packs.check_file(entry, EMBEDDED / entry.name)
        assert check.ok, check
        assert check.actual_sha256 == entry.sha256
    licence = (EMBEDDED / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License" in licence and "Version 2.0, January 2004" in licence
    assert "Copyright 2020 Minivision" in licence
    notice = (EMBEDDED / "NOTICE").read_text(encoding="utf-8")
    assert "minivision-ai/Silent-Face-Anti-Spoofing" in notice and "yakhyo/face-anti-spoofing" in notice
    assert all(entry.sha256 in notice for entry in manifest.files)
    shipped = {p.name for p in EMBEDDED.iterdir()}
    assert shipped == {*manifest.file_names, "LICENSE", "NOTICE"}


def test_a_fresh_install_finds_the_embedded_pack(roots: Path) -> None:
    pack = packs.resolve_liveness_pack()
    assert pack.root == EMBEDDED
    assert {role: path.parent for role, path in pack.files.items()} == {
        packs.ROLE_ANTISPOOF_V2: EMBEDDED,
        packs.ROLE_ANTISPOOF_V1SE: EMBEDDED,
    }
    assert all(check.ok for check in packs.verify_pack(pack))
    assert str(EMBEDDED / "LICENSE") in pack.licence.detail
    assert str(EMBEDDED / "NOTICE") in pack.licence.detail
    status = next(s for s in packs.list_packs() if s.name == "minifasnet")
    assert status.installed and status.kind == "liveness" and status.location == EMBEDDED


def test_the_embedded_copy_comes_before_the_search_roots(roots: Path) -> None:
    """As the open pack's bundled files: a copy elsewhere never shadows the shipped one."""
    dummy_copy(roots / "minifasnet")
    dummy_copy(packs.user_models_dir() / "minifasnet")
    pack = packs.resolve_liveness_pack()
    assert pack.root == EMBEDDED and not pack.size_mismatches


def test_without_the_embedded_copy_the_search_roots_are_used(
    roots: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    without_embedded_copies(monkeypatch, tmp_path / "slim")
    with pytest.raises(ModelPackError, match="minifasnet") as missing:
        packs.resolve_liveness_pack()
    assert "facecompare models install minifasnet" in missing.value.message
    assert str(tmp_path / "slim" / "minifasnet") in missing.value.message
    folder = dummy_copy(roots / "minifasnet")
    pack = packs.resolve_liveness_pack()
    assert set(pack.files) == {packs.ROLE_ANTISPOOF_V2, packs.ROLE_ANTISPOOF_V1SE}
    assert pack.root == folder
    assert sorted(pack.size_mismatches) == ["MiniFASNetV1SE.onnx", "MiniFASNetV2.onnx"]
    with pytest.raises(ModelPackError, match="Unknown liveness pack"):
        packs.resolve_liveness_pack("nope")


def write_custom_liveness_pack(root: Path, name: str) -> Path:
    """A pack.json of kind liveness with one real model under a new file name (a "retrained" V2)."""
    folder = root / name
    folder.mkdir(parents=True)
    data = (EMBEDDED / "MiniFASNetV2.onnx").read_bytes()
    (folder / "retrained_v2.onnx").write_bytes(data)
    manifest = packs.PackManifest(
        name=name,
        kind="liveness",
        licence="Apache-2.0 (retrained in house)",
        files=[
            packs.PackFile(
                name="retrained_v2.onnx",
                role=packs.ROLE_ANTISPOOF_V2,
                sha256=hashlib.sha256(data).hexdigest(),
                size=len(data),
            )
        ],
        thresholds={"live": 0.7},
    )
    (folder / packs.PACK_JSON).write_text(manifest.model_dump_json(), encoding="utf-8")
    return folder


def test_a_custom_liveness_pack_replaces_it_by_name(roots: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = write_custom_liveness_pack(roots, "branch-liveness")
    pack = packs.resolve_liveness_pack("branch-liveness")
    assert pack.root == folder and set(pack.files) == {packs.ROLE_ANTISPOOF_V2}
    assert all(check.ok for check in packs.verify_pack(pack))
    assert packs.resolve_named_pack("branch-liveness").root == folder
    # never a comparison pack: auto skips it, naming it says what it is
    assert packs.resolve_pack("auto").name == packs.OPEN_PACK
    with pytest.raises(ModelPackError, match="is a liveness pack"):
        packs.resolve_pack("branch-liveness")
    kinds = {s.name: s.kind for s in packs.list_packs()}
    assert kinds["branch-liveness"] == "liveness" and kinds["minifasnet"] == "liveness"
    # the engine's liveness pack is a setting; the default is the embedded one
    default = Engine("open", warm_up=False).load_liveness()
    assert isinstance(default, LivenessModel) and len(default.models) == 2
    monkeypatch.setenv("FACECOMPARE_LIVENESS_PACK", "branch-liveness")
    scorer = Engine("open", warm_up=False).load_liveness()
    assert isinstance(scorer, LivenessModel)
    assert scorer.models == [(packs.ROLE_ANTISPOOF_V2, 2.7)] and scorer.threshold == 0.7


def test_a_custom_pack_cannot_take_the_embedded_liveness_name(roots: Path) -> None:
    write_custom_liveness_pack(roots, "minifasnet")
    assert all(m.name != "minifasnet" for m, _ in packs.custom_packs())
    assert packs.resolve_liveness_pack().root == EMBEDDED


# ------------------------------------------------------------------ real models


@pytest.fixture
def model(liveness_model: LivenessModel) -> LivenessModel:
    return liveness_model


@pytest.fixture
def detector(open_engine):  # type: ignore[no-untyped-def]
    return open_engine.detector


def _spoof_images(n: int) -> list[tuple[Path, bool]]:
    """The first ``n`` live and ``n`` attack images of spoof-dev, in index order."""
    with (need(SPOOF) / "index.csv").open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    live = [(SPOOF / r["file"], True) for r in rows if r["live"] == "1"][:n]
    attack = [(SPOOF / r["file"], False) for r in rows if r["live"] == "0"][:n]
    return live + attack


@pytest.mark.models
def test_scores_rank_live_faces_above_screen_replays(model: LivenessModel, detector) -> None:  # type: ignore[no-untyped-def]
    import cv2

    scored = []
    for path, is_live in _spoof_images(8):
        image = cv2.imread(str(path))
        _, result = check_image(image, detector, model)
        # the shipped calibration's threshold (models/calibration/minifasnet.json)
        assert 0.0 <= result.score <= 1.0 and result.threshold == shipped_liveness_threshold()
        assert result.live == (result.score >= result.threshold)
        assert set(result.per_model) == {packs.ROLE_ANTISPOOF_V2, packs.ROLE_ANTISPOOF_V1SE}
        assert result.context < 0.5  # tight crops: most of the 4x context is missing
        scored.append((result.score, is_live))
    live = [s for s, ok in scored if ok]
    attack = [s for s, ok in scored if not ok]
    auc = np.mean([a > b for a in live for b in attack])
    assert auc >= 0.9, scored
    assert max(attack) < model.threshold  # no replay accepted at the shipped threshold


@pytest.mark.models
def test_flip_averaging_makes_the_score_mirror_invariant(model: LivenessModel, detector) -> None:  # type: ignore[no-untyped-def]
    import cv2

    path, _ = _spoof_images(1)[0]
    image = cv2.imread(str(path))
    det, result = check_image(image, detector, model)
    w = image.shape[1]
    x1, y1, x2, y2 = det.box
    mirrored = Detection(box=(w - x2, y1, w - x1, y2), score=det.score, kps5=det.kps5)
    flipped = model.score(np.ascontiguousarray(image[:, ::-1]), mirrored)
    assert flipped.score == pytest.approx(result.score, abs=0.02)


@pytest.mark.models
def test_a_face_with_its_context_in_the_frame_needs_no_padding(model: LivenessModel) -> None:
    frame = np.full((480, 640, 3), 90, np.uint8)
    det = Detection(box=(280.0, 200.0, 340.0, 270.0), score=1.0, kps5=np.zeros((5, 2), np.float32))
    result = model.score(frame, det)
    assert result.context == 1.0
    original = LivenessModel(model_paths(), padding="clamp")
    assert original.score(frame, det).score == pytest.approx(result.score)


def model_paths() -> dict[str, Path]:
    return {
        packs.ROLE_ANTISPOOF_V2: EMBEDDED / "MiniFASNetV2.onnx",
        packs.ROLE_ANTISPOOF_V1SE: EMBEDDED / "MiniFASNetV1SE.onnx",
    }


@pytest.mark.models
def test_the_engine_detection_is_reused_not_recomputed(model: LivenessModel) -> None:
    class Counting:
        name = "counting"
        calls = 0

        def detect(self, image: np.ndarray) -> list[Detection]:
            Counting.calls += 1
            return []

    blank = np.zeros((100, 100, 3), np.uint8)
    with pytest.raises(FaceNotFoundError):
        check_image(blank, Counting(), model)
    assert Counting.calls == 1
    det = Detection(box=(30.0, 30.0, 70.0, 70.0), score=1.0, kps5=np.zeros((5, 2), np.float32))
    model.score(blank, det)  # a Detection the caller already has: no detector involved
    assert Counting.calls == 1


@pytest.mark.models
def test_variants_and_threshold_options() -> None:
    paths = model_paths()
    frame = np.full((240, 240, 3), 120, np.uint8)
    det = Detection(box=(90.0, 80.0, 150.0, 160.0), score=1.0, kps5=np.zeros((5, 2), np.float32))
    logit = LivenessModel(paths, fusion="logit", flip=False).score(frame, det)
    assert 0.0 <= logit.score <= 1.0
    strict = LivenessModel(paths, threshold=1.0).score(frame, det)
    assert strict.live is False and strict.threshold == 1.0
    single = LivenessModel({packs.ROLE_ANTISPOOF_V2: paths[packs.ROLE_ANTISPOOF_V2]}).score(frame, det)
    assert set(single.per_model) == {packs.ROLE_ANTISPOOF_V2}
    with pytest.raises(ValueError):
        LivenessModel({})


@pytest.mark.models
def test_scores_the_face_the_engine_already_found(model: LivenessModel, open_engine) -> None:  # type: ignore[no-untyped-def]
    import cv2

    path, _ = _spoof_images(1)[0]
    data = path.read_bytes()
    face = open_engine.analyze(data, "jpg").faces[0]
    frame = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    from_engine = model.score(frame, face.detection)
    _, direct = check_image(frame, open_engine.detector, model)
    assert from_engine.score == pytest.approx(direct.score)
