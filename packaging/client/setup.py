"""Build hook of the client distribution (the metadata is in pyproject.toml beside this file).

Of the ``app`` package itself only ``__init__.py`` ships (the version the contract reports);
``app.client`` and ``app.contract`` ship whole. Build files stay in this folder's ``build/``.
"""

from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


class BuildPyClientOnly(build_py):
    """``build_py`` without the full program's top-level modules (``app.selftest``, ...)."""

    def find_package_modules(self, package: str, package_dir: str) -> list[tuple[str, str, str]]:
        modules = super().find_package_modules(package, package_dir)
        return [m for m in modules if package != "app" or m[1] == "__init__"]


(HERE / "build").mkdir(exist_ok=True)
setup(
    cmdclass={"build_py": BuildPyClientOnly},
    options={"egg_info": {"egg_base": str(HERE / "build")}, "build": {"build_base": str(HERE / "build")}},
)
