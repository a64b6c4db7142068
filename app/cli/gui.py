"""``facecompare gui``: the desktop workstation (PySide6 is imported only when it starts)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from app.cli.choices import Language


def gui_command(
    camera_file: Annotated[
        Path | None,
        typer.Option("--camera-file", exists=True, help="Play a video or a folder of images as the camera."),
    ] = None,
    settings: Annotated[
        Path | None, typer.Option(dir_okay=False, help="An INI settings file instead of the user's.")
    ] = None,
    language: Annotated[
        Language | None,
        typer.Option(case_sensitive=False, help="Language of the window (overrides the setting)."),
    ] = None,
    cases_db: Annotated[
        Path | None, typer.Option(dir_okay=False, help="SQLite file for recorded cases.")
    ] = None,
    self_test: Annotated[
        bool,
        typer.Option(
            "--self-test",
            help="Check Qt, the case store and the models offscreen (compares two samples); print JSON.",
        ),
    ] = False,
) -> None:
    """Open the verification workstation (ID card + live camera + compare + record the case)."""
    if self_test:
        from app import selftest

        raise typer.Exit(selftest.main(qt=True))
    from app.gui.workstation.main import run

    raise typer.Exit(run(camera_file, settings, language.value if language else None, cases_db))
