"""Make test manifests the built-in ones: a manifests folder of their own (the real liveness
manifests stay, as they are never faked); or leave the embedded packs out of an install."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from app.engine import packs
from app.engine.packs import discovery


def use_builtin_manifests(
    monkeypatch: pytest.MonkeyPatch, parent: Path, *manifests: packs.PackManifest
) -> None:
    """``manifests`` (and the real liveness ones they do not replace) become
    :func:`packs.builtin_manifests`' source: a new folder under ``parent`` on each call
    (manifests are cached per folder)."""
    given = {m.name for m in manifests}
    keep = [m for m in packs.liveness_manifests().values() if m.name not in given]
    parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="manifests-", dir=parent))
    for manifest in [*manifests, *keep]:
        (folder / f"{manifest.name}.json").write_text(manifest.model_dump_json(), encoding="utf-8")
    monkeypatch.setattr(discovery, "manifests_dir", lambda: folder)


def without_embedded_copies(monkeypatch: pytest.MonkeyPatch, where: Path) -> None:
    """As an install whose models folder lacks the embedded packs (a slimmed build): each
    embedded pack's folder becomes ``where/<name>``, which the caller leaves absent or fills."""

    def embedded_pack_dir(manifest: packs.PackManifest) -> Path | None:
        return where / manifest.name if manifest.embedded else None

    monkeypatch.setattr(discovery, "embedded_pack_dir", embedded_pack_dir)
    monkeypatch.setattr(packs, "embedded_pack_dir", embedded_pack_dir)
