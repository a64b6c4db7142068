"""The project's lock (``requirements.lock``): read it, filter it, and check it against pyproject.toml.

``make lock`` writes the lock with ``uv pip compile`` (hashes, every supported Python and OS);
``make`` installs from it with ``pip --require-hashes``, so every machine gets what the suite ran
with. This module::

    python tools/lock.py without PySide6-Essentials PySide6-Addons pytest-qt   # the lock, less those
    python tools/lock.py check                                                  # exit 1 on disagreement
    python tools/lock.py runtime --without PySide6-Essentials PySide6-Addons    # the server's inputs
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = ROOT / "pyproject.toml"
LOCK = ROOT / "requirements.lock"
#: The Pythons the suite runs on (``requires-python`` says the same).
PYTHONS = ("3.11", "3.12", "3.13")
EXTRAS = ("dev",)


@dataclass(frozen=True, slots=True)
class Pin:
    """One entry of the lock: ``name==version ; marker`` with its hashes and what needs it."""

    name: str
    version: Version
    marker: Marker | None
    text: str  # the entry exactly as in the file, continuation lines and comments included
    hashes: int
    direct: bool  # "via facecompare (pyproject.toml)"

    def applies(self, python: str, platform: str = "linux", full_version: str | None = None) -> bool:
        """Whether pip installs this entry on ``python`` (e.g. "3.12", at ``full_version``, by
        default its newest patch release) on ``platform``."""
        if self.marker is None:
            return True
        env = {
            "python_version": python,
            "python_full_version": full_version or f"{python}.99",
            "sys_platform": platform,
            "platform_system": {"linux": "Linux", "win32": "Windows", "darwin": "Darwin"}[platform],
            "os_name": "nt" if platform == "win32" else "posix",
        }
        return self.marker.evaluate(env)


def read_lock(path: Path = LOCK) -> list[Pin]:
    """Every entry of a ``uv pip compile --generate-hashes`` file."""
    entries: list[list[str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line[0].isspace() and not line.startswith("#"):
            entries.append([line])
        elif entries:
            entries[-1].append(line)
    pins = []
    for lines in entries:
        head = lines[0].rstrip(" \\")
        requirement = Requirement(head)
        version = next(iter(requirement.specifier)).version
        text = "\n".join(lines)
        pins.append(
            Pin(
                name=canonicalize_name(requirement.name),
                version=Version(version),
                marker=requirement.marker,
                text=text,
                hashes=text.count("--hash=sha256:"),
                direct=bool(re.search(r"#\s+(via\s+)?facecompare \(pyproject\.toml\)", text)),
            )
        )
    return pins


def declared(extras: tuple[str, ...] = EXTRAS) -> list[Requirement]:
    """pyproject.toml's dependencies and the named extras."""
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    wanted = list(project["dependencies"])
    for extra in extras:
        wanted += project["optional-dependencies"][extra]
    return [Requirement(r) for r in wanted]


def disagreements(pins: list[Pin], wanted: list[Requirement]) -> list[str]:
    """What makes the lock not the lock of this pyproject.toml (empty when they agree)."""
    problems = [f"{p.name}=={p.version} has no hash" for p in pins if p.hashes == 0]
    names = {canonicalize_name(r.name) for r in wanted}
    for req in wanted:
        name = canonicalize_name(req.name)
        for python in PYTHONS:
            if req.marker is not None and not req.marker.evaluate({"python_version": python}):
                continue
            found = [p for p in pins if p.name == name and p.applies(python)]
            if not found:
                problems.append(f"{req} is not locked for Python {python}")
            elif not any(req.specifier.contains(p.version, prereleases=True) for p in found):
                problems.append(f"{req}: the lock has {found[0].version} for Python {python}")
    for pin in pins:
        if pin.direct and pin.name not in names:
            problems.append(f"{pin.name} is locked as a direct dependency that pyproject.toml no longer has")
    return problems


def without(pins: list[Pin], names: list[str]) -> str:
    """The lock's text less the named distributions (for an install that must lack them)."""
    dropped = {canonicalize_name(n) for n in names}
    return "\n".join(p.text for p in pins if p.name not in dropped) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    drop = sub.add_parser("without", help="print the lock less these distributions")
    drop.add_argument("names", nargs="+")
    sub.add_parser("check", help="exit 1 when pyproject.toml and the lock disagree")
    runtime = sub.add_parser("runtime", help="print the [project] dependencies less some")
    runtime.add_argument("--without", nargs="*", default=[])
    args = parser.parse_args()
    if args.command == "runtime":
        dropped = {canonicalize_name(n) for n in args.without}
        kept = [r for r in declared(()) if canonicalize_name(r.name) not in dropped]
        print("\n".join(str(r) for r in kept))
        return 0
    pins = read_lock()
    if args.command == "without":
        sys.stdout.write(without(pins, args.names))
        return 0
    problems = disagreements(pins, declared())
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
