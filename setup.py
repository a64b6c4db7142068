"""Build hooks (the metadata is in pyproject.toml): the files that ship go into the wheel.

``app/shipped.py`` lists them (the packs' manifests, calibration and bundled files, the
resources, the self-test samples); ``build_py`` copies them to ``app/_data/`` in the wheel,
where the installed program looks for them. An editable install needs no copy: it finds the
repository's own ``models/``, ``resources/`` and ``packaging/samples/``. The source
distribution takes ``models/`` from the same list, so a research pack kept there stays out.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from types import ModuleType

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.command.sdist import sdist

ROOT = Path(__file__).resolve().parent


def _shipped() -> ModuleType:
    """``app/shipped.py``, loaded by path (nothing is installed while a wheel is built)."""
    spec = importlib.util.spec_from_file_location("_facecompare_shipped", ROOT / "app" / "shipped.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class BuildPyWithShippedFiles(build_py):
    """``build_py``, then the shipped files into ``<build>/app/_data/`` (stale ones removed)."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        shipped = _shipped()
        target = Path(self.build_lib) / "app" / shipped.DATA
        shutil.rmtree(target, ignore_errors=True)
        for source, dest in shipped.shipped_files(ROOT):
            (target / dest).parent.mkdir(parents=True, exist_ok=True)
            self.copy_file(str(source), str(target / dest))


class SdistWithShippedModels(sdist):
    """``sdist``, with only the shipped files of ``models/`` (MANIFEST.in grafts it all)."""

    def make_release_tree(self, base_dir: str, files: list[str]) -> None:
        shipped = {source.relative_to(ROOT).as_posix() for source, _ in _shipped().shipped_files(ROOT)}

        def keep(name: str) -> bool:
            return not name.startswith("models/") or name in shipped

        super().make_release_tree(base_dir, [f for f in files if keep(Path(f).as_posix())])


setup(cmdclass={"build_py": BuildPyWithShippedFiles, "sdist": SdistWithShippedModels})
