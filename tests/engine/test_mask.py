"""Face-mask classifier: the shipped weights on masks-dev, and predict()'s contract."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from app.engine.imageio import load_path
from app.engine.mask import DEFAULT_MODEL, MaskClassifier
from app.engine.mask_features import extract_features
from app.engine.preview import load_preview_models
from benchmarks.mask_groups import groups_of

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
MASKS_DEV = SHARED / "data" / "masks-dev"
MASKS_TRAIN = SHARED / "data" / "masks-train"


@pytest.fixture(scope="module")
def model() -> MaskClassifier:
    return MaskClassifier.load()


def test_shipped_model_is_small() -> None:
    assert DEFAULT_MODEL.stat().st_size < 1_000_000


@pytest.mark.data
@pytest.mark.skipif(
    not (MASKS_DEV / "index.csv").is_file(), reason="../shared/data/masks-dev is not available"
)
def test_masks_dev_accuracy(model: MaskClassifier) -> None:
    """Detect → norm_crop → classify on masks-dev; an image with no face counts as an error.
    Also on the 173 images whose person or photo masks-train does not hold (never seen)."""
    preview = load_preview_models()  # the open pack's detector, as the engine builds it
    with open(MASKS_DEV / "index.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    seen = set(groups_of(MASKS_TRAIN).values())
    dev_groups = groups_of(MASKS_DEV)
    right: list[bool] = []
    missed = 0
    for row in rows:
        crop = preview.aligned_crop(load_path(MASKS_DEV / row["file"]).pixels)
        if crop is None:
            missed += 1
            right.append(False)
            continue
        right.append(model.is_wearing(model.predict([crop])[0]) == bool(int(row["mask"])))
    unseen = [ok for ok, row in zip(right, rows, strict=True) if dev_groups[row["file"]] not in seen]
    assert missed == 0, f"no face found in {missed} of {len(rows)} images"
    assert sum(right) / len(rows) >= 0.98, f"masks-dev: {sum(right)}/{len(rows)} right"
    assert len(unseen) == 173
    assert sum(unseen) / len(unseen) >= 0.98, f"never-seen masks-dev: {sum(unseen)}/{len(unseen)} right"


def test_batch_equals_single_and_is_a_probability(model: MaskClassifier) -> None:
    rng = np.random.default_rng(0)
    crops = [rng.integers(0, 256, (112, 112, 3), dtype=np.uint8) for _ in range(4)]
    crops.append(np.full((112, 112, 3), 128, dtype=np.uint8))
    crops.append(np.zeros((112, 112, 3), dtype=np.uint8))
    batch = model.predict(crops)
    single = [model.predict([c])[0] for c in crops]
    assert len(batch) == len(crops)
    assert batch == single
    assert all(isinstance(p, float) and 0.0 <= p <= 1.0 for p in batch)
    assert all(isinstance(model.is_wearing(p), bool) for p in batch)
    assert model.predict([]) == []


def test_other_crop_size_is_resized(model: MaskClassifier) -> None:
    rng = np.random.default_rng(1)
    crop = rng.integers(0, 256, (112, 112, 3), dtype=np.uint8)
    big = np.repeat(np.repeat(crop, 2, axis=0), 2, axis=1)
    p_small, p_big = model.predict([crop, big])
    assert 0.0 <= p_small <= 1.0 and 0.0 <= p_big <= 1.0
    assert model.features(big).shape == model.features(crop).shape


def test_relative_block_ignores_exposure() -> None:
    """The relative block compares the lower face with the face's own skin: a brightness
    offset of the whole crop (a darker webcam, a paler print) leaves its colour part alone."""
    rng = np.random.default_rng(2)
    crop = rng.integers(40, 200, (112, 112, 3), dtype=np.uint8)
    brighter = (crop.astype(np.int16) + 30).astype(np.uint8)
    a, b = extract_features(crop, ("relative",)), extract_features(brighter, ("relative",))
    assert a.shape == (208,)
    colour = slice(0, 192)
    assert np.abs(a[colour] - b[colour]).max() < 0.01
    assert np.abs(extract_features(crop, ("color",)) - extract_features(brighter, ("color",))).max() > 0.05


def test_model_is_immutable(model: MaskClassifier) -> None:
    with pytest.raises(ValueError):
        model.coef[0] = 1.0
    assert 0.5 <= model.threshold < 1.0


IDCARD_DEV = SHARED / "data" / "idcard-dev"


@pytest.mark.data
@pytest.mark.skipif(not (IDCARD_DEV / "pairs.csv").is_file(), reason="../shared/data/idcard-dev missing")
@pytest.mark.parametrize("column", ["card", "selfie"])
def test_few_false_alarms_on_unmasked_id_photos_and_selfies(model: MaskClassifier, column: str) -> None:
    """Nobody in idcard-dev wears a mask: printed card photos and webcam selfies must not look
    masked (benchmarks/mask_false_alarms.py measures all of them: about 1%)."""
    with open(IDCARD_DEV / "pairs.csv", newline="", encoding="utf-8") as f:
        files = sorted({row[column] for row in csv.DictReader(f)})[::6]
    preview = load_preview_models()
    crops = [
        c for c in (preview.aligned_crop(load_path(IDCARD_DEV / p).pixels) for p in files) if c is not None
    ]
    assert len(crops) == len(files)
    alarms = sum(model.is_wearing(p) for p in model.predict(crops))
    assert alarms <= 0.03 * len(crops), f"{alarms} of {len(crops)} unmasked {column} faces called masked"


# An unmasked idcard-dev card whose mask probability (0.53 with today's detector) lies between
# the classifier's threshold (0.5) and the engine's card threshold (0.62).
BETWEEN_THRESHOLDS_CARD = IDCARD_DEV / "cards" / "c_001252.jpg"


def test_the_card_threshold_applies_to_the_card_face_only() -> None:
    """The ``cardImage`` face needs ``mask_card_threshold`` as well as the classifier's own
    threshold; every other face (the live photo, ``analyze``) only the classifier's."""
    from app.engine.config import EngineSettings
    from app.engine.engine import CARD, FACE, Engine

    engine = Engine("open", EngineSettings(mask_card_threshold=0.62), warm_up=False)
    model = MaskClassifier.load()
    assert model.threshold == 0.5
    for p, card, photo in ((0.49, False, False), (0.55, False, True), (0.62, True, True), (0.9, True, True)):
        assert engine._is_wearing_mask(model, p, CARD) is card, p
        assert engine._is_wearing_mask(model, p, FACE) is photo, p
        assert engine._is_wearing_mask(model, p, "image") is photo, p
    # Never looser than the classifier's own threshold; None: the same threshold on both sides.
    low = Engine("open", EngineSettings(mask_card_threshold=0.3), warm_up=False)
    assert low._is_wearing_mask(model, 0.4, CARD) is False
    off = Engine("open", EngineSettings(mask_card_threshold=None), warm_up=False)
    assert off._is_wearing_mask(model, 0.55, CARD) is True
    assert EngineSettings().mask_card_threshold == 0.62


@pytest.mark.data
@pytest.mark.skipif(not BETWEEN_THRESHOLDS_CARD.is_file(), reason="../shared/data/idcard-dev missing")
def test_an_unmasked_card_between_the_thresholds_is_unmasked_on_the_card_side_only(open_engine) -> None:  # type: ignore[no-untyped-def]
    """The same unmasked card scan given as the card and as the live photo: one face, one
    probability, read with the card threshold on the card side and the photo threshold on the
    other (and by ``analyze``, which knows no card)."""
    data = BETWEEN_THRESHOLDS_CARD.read_bytes()
    result = open_engine.compare(data, data)
    p = result.card.mask_probability
    assert result.face.mask_probability == pytest.approx(p, abs=1e-9)
    assert result.card.is_wearing_mask is False, p
    assert result.face.is_wearing_mask is True, p
    assert 0.5 <= p < open_engine.settings.mask_card_threshold, p
    assert open_engine.analyze(data).faces[0].is_wearing_mask is True
