"""Make test manifests the built-in ones: a manifests folder of their own (the real liveness
manifests stay, as they are never faked)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from app.engine import packs
from app.engine.packs import discovery


def use_builtin_manifests(
    monkeypatch: pytest.MonkeyPatch, parent: Path, *manifests: packs.PackManifest
) -> None:
    """``manifests`` (and the real liveness ones) become :func:`packs.builtin_manifests`' source:
    a new folder under ``parent`` on each call (manifests are cached per folder)."""
    keep = list(packs.liveness_manifests().values())
    parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="manifests-", dir=parent))
    for manifest in [*manifests, *keep]:
        (folder / f"{manifest.name}.json").write_text(manifest.model_dump_json(), encoding="utf-8")
    monkeypatch.setattr(discovery, "manifests_dir", lambda: folder)
