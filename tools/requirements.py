"""Print the project's requirements (``[project]`` dependencies plus extras) minus some packages.

``make headless`` installs everything but Qt with it, to prove the Qt-free layers need no Qt::

    python tools/requirements.py --extra dev --without PySide6-Essentials PySide6-Addons pytest-qt
"""

from __future__ import annotations

import argparse
import re
import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def requirement_name(requirement: str) -> str:
    """The distribution name of a PEP 508 requirement, normalised (``PySide6_Addons>=6`` → pyside6-addons)."""
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
    if match is None:
        raise ValueError(f"not a requirement: {requirement!r}")
    return re.sub(r"[-_.]+", "-", match.group(1)).lower()


def requirements(extras: list[str], without: list[str]) -> list[str]:
    """The dependencies and the named extras of pyproject.toml, less the ``without`` names."""
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    wanted = list(project["dependencies"])
    for extra in extras:
        wanted += project["optional-dependencies"][extra]
    dropped = {requirement_name(n) for n in without}
    return [r for r in wanted if requirement_name(r) not in dropped]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extra", action="append", default=[])
    parser.add_argument("--without", nargs="*", default=[])
    args = parser.parse_args()
    print("\n".join(requirements(args.extra, args.without)))


if __name__ == "__main__":
    main()
