"""Checks of the paths a command will write, made while its options are parsed (before any model loads).

Used as typer callbacks: ``typer.Option("--out", callback=writable_file)``. A failed check is a
usage error naming the option, shown as one line by :class:`app.cli.errors.CliGroup`. Files to
read are checked by typer itself (``exists=True, dir_okay=False``), or by the command when it
answers in the API's error envelope.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import typer


def _existing_ancestor(path: Path) -> Path:
    probe = path.absolute()
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    return probe


def _check_folder(folder: Path) -> None:
    """``folder`` (or its nearest existing ancestor, where it would be made) takes a new file."""
    base = _existing_ancestor(folder)
    if not base.is_dir():
        made = "" if base == folder.absolute() else f"cannot make the folder {folder}: "
        raise typer.BadParameter(f"{made}{base} is a file, not a folder")
    try:
        with tempfile.TemporaryFile(dir=base):
            pass
    except OSError as exc:
        raise typer.BadParameter(f"cannot write in {base}: {exc.strerror or exc}") from None


def writable_file(value: Path | None) -> Path | None:
    """Callback: ``value`` is a file that can be written (created with its folders, or replaced)."""
    if value is None:
        return None
    if value.is_dir():
        raise typer.BadParameter(f"{value} is a folder; give the name of a file to write")
    if value.exists() and not os.access(value, os.W_OK):
        raise typer.BadParameter(f"{value} is read-only")
    _check_folder(value.parent)
    return value


def writable_folder(value: Path | None) -> Path | None:
    """Callback: ``value`` is a folder that exists or can be made, and takes new files."""
    if value is None:
        return None
    if value.exists() and not value.is_dir():
        raise typer.BadParameter(f"{value} is a file; give a folder")
    _check_folder(value)
    return value


def all_cores() -> int:
    """The cores this process may run on (its affinity where the OS tells, else every core)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1
