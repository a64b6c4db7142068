"""The ``facecompare`` command tree as typer builds it, for tests that go through every command."""

from __future__ import annotations

import inspect
import os
import subprocess
import sys
import typing
from collections.abc import Iterator, Sequence
from enum import Enum
from pathlib import Path
from types import NoneType, UnionType
from typing import Any

import typer.main

from app.cli.main import app

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "packaging" / "samples"
FACECOMPARE = Path(sys.executable).with_name("facecompare")


def root_command() -> Any:
    """The click group typer builds for ``facecompare``."""
    return typer.main.get_command(app)


def _walk(group: Any, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], Any]]:
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            yield from _walk(command, (*path, name))
        else:
            yield (*path, name), command


def leaf_commands() -> dict[tuple[str, ...], Any]:
    """Every command (``("audit", "export")``...) with its click command, hidden ones included."""
    return dict(_walk(root_command(), ()))


def base_type(annotation: Any) -> Any:
    """``Path`` of ``Annotated[list[Path] | None, ...]``."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (UnionType, typing.Union):
            annotation = next(a for a in typing.get_args(annotation) if a is not NoneType)
        elif origin is list:
            annotation = typing.get_args(annotation)[0]
        else:
            return annotation


def minimal_args(command: Any, tmp: Path) -> list[str]:
    """Values for only the required parameters of ``command``: an existing file for an argument
    path, a new file in a new folder for an option path, the first choice of an enum, 1, x."""
    hints = typing.get_type_hints(inspect.unwrap(command.callback), include_extras=True)
    existing = tmp / "input.csv"
    existing.write_text("card,selfie,same\n", encoding="utf-8")
    args: list[str] = []
    for param in command.params:
        if not param.required:
            continue
        kind = base_type(hints[param.name])
        is_argument = param.param_type_name == "argument"
        if kind is Path:
            value = str(existing) if is_argument else str(tmp / f"new-{param.name}" / "out.csv")
        elif isinstance(kind, type) and issubclass(kind, Enum):
            value = str(next(iter(kind)).value)
        elif kind in (int, float):
            value = "1"
        else:
            value = "x"
        args += [value] if is_argument else [param.opts[0], value]
    return args


def run_cli(
    args: Sequence[str | Path], *, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """``facecompare ARGS`` as a user runs it (this checkout's ``app``), output captured."""
    full_env = os.environ | {"PYTHONPATH": str(ROOT), "COLUMNS": "80"} | (env or {})
    return subprocess.run(
        [str(FACECOMPARE), *map(str, args)],
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )
