"""Smoke test of a built workstation folder: ``--self-test`` offscreen, isolated from the user.

Runs ``<dist>/FaceCompare[-console][.exe] --self-test`` with no display, an empty home and
models folder (so the bundled ``open`` pack is what gets tested, not a pack the build
machine happens to have), checks the JSON line and prints the folder's size.
Exit 0 when the build works.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NAME = "FaceCompare"


def executable(dist: Path) -> Path:
    """The executable that prints: the console one on Windows."""
    names = [f"{NAME}-console.exe", f"{NAME}.exe"] if sys.platform == "win32" else [NAME]
    for name in names:
        if (dist / name).is_file():
            return dist / name
    raise SystemExit(f"no {NAME} executable in {dist}")


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def check(result: dict[str, object]) -> list[str]:
    """What is wrong with a self-test result of the packaged build (empty = passed)."""
    problems = []
    expected = {"ok": True, "frozen": True, "pack": "open", "decision": "MATCH"}
    for key, value in expected.items():
        if result.get(key) != value:
            problems.append(f"{key} is {result.get(key)!r}, expected {value!r}")
    if "(shipped)" not in str(result.get("thresholds_source", "")):
        problems.append(f"thresholds not from the bundled calibration: {result.get('thresholds_source')!r}")
    for key in ("stylesheet", "icon", "translation_ko", "case_store"):
        if result.get(key) is not True:
            problems.append(f"{key} missing from the bundle")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dist", type=Path, help="the built folder, e.g. dist/FaceCompare")
    parser.add_argument("--timeout", type=float, default=180.0)
    args = parser.parse_args(argv)
    exe = executable(args.dist.resolve())
    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("FACECOMPARE_", "QT_"))}
        env.pop("DISPLAY", None)
        env.pop("WAYLAND_DISPLAY", None)
        env.update(
            HOME=tmp, USERPROFILE=tmp, APPDATA=tmp, LOCALAPPDATA=tmp, XDG_DATA_HOME=tmp,
            XDG_CONFIG_HOME=tmp, FACECOMPARE_MODELS=str(Path(tmp) / "models"),
        )  # fmt: skip
        if sys.platform == "win32":  # a CI runner's desktop may not be usable; Linux has no DISPLAY here
            env["QT_QPA_PLATFORM"] = "offscreen"
        t0 = time.perf_counter()
        proc = subprocess.run(
            [str(exe), "--self-test"], env=env, cwd=tmp, capture_output=True, text=True, timeout=args.timeout
        )
        elapsed = time.perf_counter() - t0
        env["COLUMNS"] = "200"
        listing = subprocess.run(
            [str(exe), "models", "list"], env=env, cwd=tmp, capture_output=True, text=True, timeout=120
        )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    print(f"{exe} --self-test: exit {proc.returncode} in {elapsed:.1f} s")
    if not lines:
        print("no JSON line; stdout:\n" + proc.stdout + "\nstderr:\n" + proc.stderr[-4000:])
        return 1
    print(lines[-1])
    result = json.loads(lines[-1])
    problems = check(result)
    if proc.returncode != 0:
        problems.append(f"exit code {proc.returncode}")
    if listing.returncode != 0 or "open.json (shipped)" not in listing.stdout:
        problems.append(
            f"`models list` failed (exit {listing.returncode}): "
            + listing.stdout[-500:]
            + listing.stderr[-500:]
        )
    else:
        print("models list: ok (open pack installed, shipped calibration)")
    size = folder_size(args.dist)
    print(f"bundle size: {size / 1e6:.0f} MB in {sum(1 for _ in args.dist.rglob('*'))} files")
    for problem in problems:
        print(f"FAIL: {problem}")
    if problems:
        print("stderr (tail):\n" + proc.stderr[-3000:])
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
