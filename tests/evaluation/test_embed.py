"""Per-image embeddings score pairs exactly as ``Engine.compare`` does."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from app.engine.engine import similarity
from app.evaluation.embed import FORMATS, embed_one, make_engine
from tests.conftest import DATA, need

PAIRS = [
    ("lfw-dev", "images/Abel_Pacheco/Abel_Pacheco_0001.jpg", "images/Abel_Pacheco/Abel_Pacheco_0004.jpg"),
    ("idcard-dev", "cards/c_000035.png", "selfies/s_000035.jpg"),
    ("idcard-dev", "cards/c_000125.pdf", "selfies/s_000125.jpg"),
    ("idcard-dev", "cards/c_000432.tif", "selfies/s_000432.jpg"),
]

pytestmark = pytest.mark.models


@pytest.fixture(scope="module")
def eval_engine() -> Any:
    return make_engine("open")


@pytest.mark.parametrize(("dataset", "card", "selfie"), PAIRS)
def test_embeddings_give_the_similarity_compare_gives(
    open_engine: Any, eval_engine: Any, dataset: str, card: str, selfie: str
) -> None:
    root = need(DATA / dataset)
    a, b = embed_one(eval_engine, root, card), embed_one(eval_engine, root, selfie)
    assert a.ok and b.ok, (a.error, b.error)
    result = open_engine.compare(
        (root / card).read_bytes(),
        (root / selfie).read_bytes(),
        FORMATS[(root / card).suffix.lower()],
        FORMATS[(root / selfie).suffix.lower()],
    )
    # the raw cosine; ``similarity`` is it through the pack's calibrated score mapping
    assert similarity(a.embedding, b.embedding) == pytest.approx(result.raw_similarity, abs=1e-6)
    assert np.allclose(a.embedding, result.card.embedding, atol=1e-6)


def test_failures_keep_the_engine_error_code(eval_engine: Any) -> None:
    root = need(DATA / "idcard-dev")
    assert embed_one(eval_engine, root, "bad/truncated.jpg").error == "IMAGE_DECODE_FAILED"
    assert embed_one(eval_engine, root, "bad/two_pages.pdf").error == "MULTIPAGE_NOT_SUPPORTED"
    assert embed_one(eval_engine, root, "no/such/file.jpg").error == "INVALID_REQUEST"
