"""``facecompare liveness``: passive anti-spoofing score of the main face of each image."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from app.cli.errors import fail
from app.contract import ErrorCode, code_of, dumps
from app.engine.errors import EngineError


def _write_json(obj: dict[str, Any]) -> None:
    sys.stdout.buffer.write(dumps(obj) + b"\n")
    sys.stdout.flush()


def liveness_command(
    images: Annotated[
        list[Path],
        typer.Argument(
            help="Images of one face each (JPEG, PNG, PDF, TIFF).", exists=True, dir_okay=False, readable=True
        ),
    ],
    json_out: Annotated[
        bool, typer.Option("--json", help='One JSON line per image: {"image", "live", "score"}.')
    ] = False,
    pack: Annotated[
        str | None,
        typer.Option("--pack", help="Model pack whose detector finds the face (default: auto)."),
    ] = None,
    threshold: Annotated[
        float | None,
        typer.Option("--threshold", help="P(live) needed for live (default: the liveness pack's, 0.5)."),
    ] = None,
) -> None:
    """P(live) of the most prominent face of each IMAGE (MiniFASNet V2 + V1SE, loaded once).

    Every IMAGE must exist before any model loads (exit 2 otherwise). Exit code 1 when any
    image could not be scored (its line carries errorCode and message).
    """
    from app.cli.faces import UnreadableFile, _read, report_image_error
    from app.engine.engine import Engine
    from app.engine.imageio import load_image

    out = Console(soft_wrap=True)
    try:
        engine = Engine(pack, warm_up=False)  # only its detector and the liveness pack are loaded
        engine.load_liveness()
    except EngineError as err:
        if json_out:
            _write_json({"errorCode": str(err.code), "message": err.message})
            raise typer.Exit(code=1) from None
        raise fail(f"{err.code}: {err.message}", label="ERROR") from None
    failed = False
    for path in images:
        try:
            data, fmt = _read(path, path.name)
            pixels = load_image(data, fmt, label=path.name).pixels
            result = engine.liveness(pixels, threshold=threshold)
        except (EngineError, UnreadableFile) as err:
            failed = True
            report_image_error(path, str(code_of(err)), err.message, json_out=json_out, out=out)
            continue
        except Exception as exc:  # one bad file must not stop the batch
            failed = True
            message = f"{path.name} could not be scored: {exc}"
            report_image_error(path, str(ErrorCode.INTERNAL_ERROR), message, json_out=json_out, out=out)
            continue
        if json_out:
            _write_json({"image": str(path), "live": result.live, "score": round(result.score, 4)})
            continue
        verdict = "[green]LIVE[/green]" if result.live else "[red]NOT LIVE[/red]"
        note = (
            ""
            if result.context >= 1.0
            else f" [dim](only {result.context:.0%} of the context the models expect is in the image)[/dim]"
        )
        out.print(f"{path}: {verdict} P(live) {result.score:.3f} (threshold {result.threshold:.4f}){note}")
    if failed:
        raise typer.Exit(code=1)
