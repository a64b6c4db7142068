"""``facecompare kiosk``: the self-service kiosk (PySide6 is imported only when it starts)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from app.cli.choices import Language


def kiosk_command(
    camera_file: Annotated[
        Path | None,
        typer.Option("--camera-file", exists=True, help="A video or folder of images as the face camera."),
    ] = None,
    card_file: Annotated[
        Path | None,
        typer.Option(
            "--card-file", exists=True, dir_okay=False, help="An ID scan presented at each session (demos)."
        ),
    ] = None,
    card_camera_file: Annotated[
        Path | None,
        typer.Option(
            "--card-camera-file", exists=True, help="Play a video or folder as the document camera."
        ),
    ] = None,
    scanner_folder: Annotated[
        Path | None,
        typer.Option(
            "--scanner-folder", exists=True, file_okay=False, help="Each new file here is the presented ID."
        ),
    ] = None,
    settings: Annotated[
        Path | None, typer.Option(dir_okay=False, help="An INI settings file instead of the user's.")
    ] = None,
    language: Annotated[
        Language | None,
        typer.Option(
            case_sensitive=False, help="First language of each session (default: the setting's, ko)."
        ),
    ] = None,
    cases_db: Annotated[
        Path | None, typer.Option(dir_okay=False, help="SQLite file for recorded cases.")
    ] = None,
    windowed: Annotated[
        bool, typer.Option("--windowed", help="A window, not full screen (testing).")
    ] = False,
    hash_pin: Annotated[
        bool, typer.Option("--hash-pin", help="Read a staff PIN and print its hash for kiosk/pin_hash.")
    ] = False,
) -> None:
    """Open the full-screen self-service kiosk (ID → camera → liveness → result); local engine only."""
    if hash_pin:
        from app.gui.kiosk.flow import PIN_HASH_ENV
        from app.gui.kiosk.flow import hash_pin as make_hash

        pin = typer.prompt("Staff PIN (digits)", hide_input=True, confirmation_prompt=True)
        try:
            typer.echo(make_hash(pin))
        except ValueError as exc:
            raise typer.BadParameter(str(exc), param_hint="PIN") from None
        typer.echo(f"# put it in the kiosk settings as kiosk/pin_hash, or in {PIN_HASH_ENV}", err=True)
        return
    from app.gui.kiosk.main import run

    raise typer.Exit(
        run(
            settings_path=settings,
            cases_db=cases_db,
            windowed=windowed,
            camera_file=camera_file,
            card_file=card_file,
            card_camera_file=card_camera_file,
            scanner_folder=scanner_folder,
            language=language.value if language else None,
        )
    )
