"""The two wheels, built from a copy of this checkout and installed into fresh environments.

A fresh environment is a venv without pip whose only link to this machine's packages is a
``.pth`` line naming one folder of dependencies: the test interpreter's site-packages for the
full program (a plain path line, so the editable install's finder there never runs and the
repository cannot be imported), or a folder of links to httpx, pydantic and their own
dependencies, and nothing else, for the client alone.
"""

from __future__ import annotations

import importlib.metadata
import os
import shutil
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
#: what a clean clone does not have (build output, caches, virtual environments)
NOT_IN_A_CLONE = shutil.ignore_patterns(
    ".git", ".venv*", "build", "dist", "out", "*.egg-info", "__pycache__", ".*_cache"
)
#: planted in the copy: a research pack someone keeps in models/, and a download script
STRAY = ("models/buffalo_l/w600k_r50.onnx", "models/fetch_weights.py")


@dataclass(frozen=True)
class Installed:
    """The built wheels and the two environments they are installed in."""

    wheel: Path
    client_wheel: Path
    python: Path  # the full program's venv
    client_python: Path  # the client-only venv
    home: Path  # an empty home for the commands run there


def run(
    args: list[str | Path], env: dict[str, str] | None = None, cwd: Path | None = None, check: bool = True
) -> subprocess.CompletedProcess[str]:
    """Run a command; with ``check``, raise with its output when it fails."""
    proc = subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, timeout=600, env=env, cwd=cwd
    )
    if check and proc.returncode != 0:
        raise RuntimeError(f"{args} exited {proc.returncode}:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return proc


def copy_checkout(dest: Path) -> Path:
    """This checkout as a clean clone would have it, plus the stray files of :data:`STRAY`."""
    shutil.copytree(ROOT, dest, ignore=NOT_IN_A_CLONE)
    for name in STRAY:
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        (dest / name).write_bytes(b"not for shipping\n")
    return dest


def build_wheel(project: Path, out: Path) -> Path:
    """``pip wheel`` of ``project`` (offline: this environment's setuptools) into ``out``."""
    before = set(out.glob("*.whl")) if out.is_dir() else set()
    run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "--no-index",
         project, "-w", out])  # fmt: skip
    (wheel,) = set(out.glob("*.whl")) - before
    return wheel


def new_venv(folder: Path, deps: Path) -> Path:
    """A venv without pip whose packages are ``deps`` (by a .pth line); its python."""
    run([sys.executable, "-m", "venv", "--without-pip", folder])
    python = venv_python(folder)
    purelib = run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip()
    Path(purelib, "zz_deps.pth").write_text(f"{deps}\n", encoding="utf-8")
    return python


def install(python: Path, wheel: Path) -> None:
    """Install ``wheel`` alone into the environment of ``python``, with this pip."""
    run([sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps", "--no-index", wheel])


def site_packages() -> Path:
    """This interpreter's site-packages: the locked dependencies of the full program."""
    return Path(sysconfig.get_paths()["purelib"])


def requirement_closure(names: list[str]) -> list[importlib.metadata.Distribution]:
    """The installed distributions ``names`` need at run time (no extras), themselves included."""
    found: dict[str, importlib.metadata.Distribution] = {}
    todo = list(names)
    while todo:
        dist = importlib.metadata.distribution(todo.pop())
        key = dist.metadata["Name"].lower().replace("_", "-")
        if key in found:
            continue
        found[key] = dist
        for text in dist.requires or []:
            req = Requirement(text)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(req.name)
    return list(found.values())


def link_packages(names: list[str], folder: Path) -> list[str]:
    """Links in ``folder`` to the files of ``names`` and their dependencies; the names linked."""
    folder.mkdir(parents=True)
    dists = requirement_closure(names)
    for dist in dists:
        files = [str(f) for f in dist.files or []]
        tops = {Path(f).parts[0] for f in files if not f.startswith(("..", "__pycache__"))}
        base = Path(str(dist.locate_file("")))
        for top in tops:
            if not (folder / top).exists():
                os.symlink(base / top, folder / top)
    return sorted(d.metadata["Name"] for d in dists)


def isolated_env(home: Path) -> dict[str, str]:
    """An environment for the installed commands: no repository on the path, an empty home and
    models folder (so only what the wheel ships is found), no display."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("FACECOMPARE_", "QT_", "PYTHON")) and k not in ("DISPLAY", "WAYLAND_DISPLAY")
    }
    env.update(
        HOME=str(home), USERPROFILE=str(home), XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"), XDG_STATE_HOME=str(home / "state"),
        XDG_CACHE_HOME=str(home / "cache"), FACECOMPARE_MODELS=str(home / "no-models"),
    )  # fmt: skip
    return env


def venv_python(folder: Path) -> Path:
    return folder / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")


def venv_script(python: Path, name: str) -> Path:
    """The console script ``name`` installed beside ``python``."""
    return python.parent / (f"{name}.exe" if sys.platform == "win32" else name)


def layout(work: Path) -> Installed:
    """What :func:`build_and_install` made in ``work``."""
    dist = work / "dist"
    return Installed(
        wheel=next(dist.glob("facecompare-*.whl")),
        client_wheel=next(dist.glob("facecompare_client-*.whl")),
        python=venv_python(work / "venv"),
        client_python=venv_python(work / "client-venv"),
        home=work / "home",
    )


def build_and_install(work: Path) -> None:
    """Both wheels from a clean copy of the checkout, each installed into its own fresh venv."""
    src = copy_checkout(work / "src")
    build_wheel(src, work / "dist")
    build_wheel(src / "packaging" / "client", work / "dist")
    shutil.rmtree(src)  # once installed, nothing may come from the sources
    built = layout(work)
    install(new_venv(work / "venv", site_packages()), built.wheel)
    link_packages(["httpx", "pydantic"], work / "client-deps")
    install(new_venv(work / "client-venv", work / "client-deps"), built.client_wheel)
    (built.home / "no-models").mkdir(parents=True)
