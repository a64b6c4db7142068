"""``facecompare selftest``: load the model pack and compare the two shipped samples, no Qt."""

from __future__ import annotations

from typing import Annotated

import typer

from app import selftest


def selftest_command(
    pack: Annotated[
        str | None, typer.Option("--pack", help="Model pack (default: FACECOMPARE_MODEL_PACK).")
    ] = None,
) -> None:
    """Check this installation: print one JSON line; exit 0 when the samples MATCH, else 1."""
    result = selftest.run(pack)
    typer.echo(selftest.to_line(result))
    raise typer.Exit(0 if result["ok"] else 1)
