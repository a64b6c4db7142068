"""A non-editable install (the server image) keeps models/ in <prefix>/share/facecompare."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.engine import mask, packs

REPO_MODELS = Path(__file__).resolve().parents[2] / "models"


def test_mask_weights_found_under_the_installed_models_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(packs, "models_dir", lambda: REPO_MODELS)
    monkeypatch.setattr(mask, "DEFAULT_MODEL", tmp_path / "mask_classifier.npz")
    assert mask.default_model() == REPO_MODELS / "open" / "mask_classifier.npz"
    assert mask.MaskClassifier.load().feature_set
