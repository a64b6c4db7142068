"""``facecompare``: the command-line entry point."""

from __future__ import annotations

from typing import Annotated

import typer

from app import __version__
from app.cli.audit import audit_app, review_command
from app.cli.batch import batch_command
from app.cli.calibrate_liveness import calibrate_liveness_command
from app.cli.errors import CliGroup
from app.cli.evaluate import calibrate_command, evaluate_command
from app.cli.faces import analyze_command, compare_command
from app.cli.gui import gui_command
from app.cli.kiosk import kiosk_command
from app.cli.liveness import liveness_command
from app.cli.models import models_app
from app.cli.selftest import selftest_command
from app.cli.serve import serve_command

app = typer.Typer(
    cls=CliGroup,  # every error: one line on stderr and a non-zero exit
    name="facecompare",
    help="Face Compare Workstation: compare the face on an ID card with a live photo.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(models_app, name="models")
app.add_typer(audit_app, name="audit")
app.command("compare")(compare_command)
app.command("analyze")(analyze_command)
app.command("batch")(batch_command)
app.command("evaluate")(evaluate_command)
app.command("calibrate")(calibrate_command)
app.command("calibrate-liveness")(calibrate_liveness_command)
app.command("serve")(serve_command)
app.command("gui")(gui_command)
app.command("review")(review_command)
app.command("kiosk")(kiosk_command)
app.command("liveness")(liveness_command)
app.command("selftest")(selftest_command)
app.command("workstation", hidden=True)(gui_command)


def _version_text() -> str:
    from app.contract import ENGINE_NAME
    from app.engine import packs

    cal_text = "none"
    try:
        pack = packs.resolve_pack("auto")
        pack_text = f"{pack.name} {pack.manifest.version} ({pack.licence.grant}: {pack.licence.summary})"
        cal_text = _calibration_text(pack.manifest)
    except Exception as exc:
        pack_text = f"none ({exc})"
    return f"facecompare {__version__}\nengine {ENGINE_NAME}\nmodel pack {pack_text}\ncalibration {cal_text}"


def _calibration_text(manifest: object) -> str:
    """Which calibration file the engine would use for the pack, and its thresholds."""
    from app.engine.calibration import find_calibration

    try:
        found = find_calibration(manifest)
    except Exception as exc:
        return f"unusable: {exc}"
    if found is None:
        return "none (thresholds from the pack manifest or defaults)"
    cal, path, source = found
    return f"{path} ({source}): {cal.summary()}"


def _version(value: bool) -> None:
    if value:
        typer.echo(_version_text())
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show app, engine and pack versions."
        ),
    ] = False,
) -> None:
    """Face Compare Workstation command line."""
