"""``facecompare selftest``: load the model pack, compare the two shipped samples, open a case
store; no Qt (the workstation's ``--self-test`` adds Qt's checks)."""

from __future__ import annotations

from typing import Annotated

import typer

from app import selftest


def selftest_command(
    pack: Annotated[
        str | None, typer.Option("--pack", help="Model pack (default: FACECOMPARE_MODEL_PACK).")
    ] = None,
) -> None:
    """Check this installation: print one JSON line; exit 0 when every check passed, else 1."""
    raise typer.Exit(selftest.main(pack))
