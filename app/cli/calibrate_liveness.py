"""``facecompare calibrate-liveness``: the liveness threshold for APCER/BPCER targets, from
labelled captures (what a bank reruns on its own kiosk's photos)."""

from __future__ import annotations

import csv
import shlex
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from app.cli.errors import fail
from app.cli.paths import writable_file


def _target(name: str, value: float) -> float:
    if not 0.0 <= value < 1.0:
        raise typer.BadParameter(f"must lie in [0, 1), got {value}", param_hint=f"'{name}'")
    return value


def calibrate_liveness_command(
    captures: Annotated[
        Path,
        typer.Argument(
            metavar="CAPTURES",
            exists=True,
            help="A CSV with columns file,live (1 live, 0 attack; paths relative to the CSV), or a "
            "folder with live/ (or real/) and attack/ (or spoof/, fake/) subfolders.",
        ),
    ],
    apcer: Annotated[float, typer.Option("--apcer", help="Largest share of attacks accepted.")] = 0.01,
    bpcer: Annotated[float, typer.Option("--bpcer", help="Largest share of live faces rejected.")] = 0.05,
    pack: Annotated[
        str | None,
        typer.Option("--pack", help="Model pack whose detector finds the face (default: auto)."),
    ] = None,
    liveness_pack: Annotated[
        str | None,
        typer.Option(
            "--liveness-pack",
            help="Liveness pack to calibrate (default: FACECOMPARE_LIVENESS_PACK or minifasnet).",
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            callback=writable_file,
            help="Calibration file to write (default: the user data folder's calibration/<pack>.json).",
        ),
    ] = None,
    scores: Annotated[
        Path | None,
        typer.Option("--scores", callback=writable_file, help="Also write file,live,score per image (CSV)."),
    ] = None,
) -> None:
    """Choose the liveness pack's P(live) threshold for the APCER and BPCER asked and write a
    calibration file (the rule: docs/liveness.md, "Operating point")."""
    from datetime import UTC, datetime

    from app import __version__
    from app.engine.calibration import user_calibration_dir
    from app.engine.config import EngineSettings
    from app.engine.errors import EngineError
    from app.engine.liveness_calibration import (
        LivenessCalibration,
        LivenessDataset,
        MeasuredRate,
        save_liveness_calibration,
    )
    from app.engine.packs import resolve_liveness_pack
    from app.evaluation.liveness_point import ErrorRate, choose_operating_point
    from app.evaluation.liveness_scores import (
        CapturesError,
        captures_sha256,
        liveness_scorer,
        read_captures,
        score_captures,
    )

    console = Console(stderr=True)
    _target("--apcer", apcer)
    _target("--bpcer", bpcer)
    name = liveness_pack or EngineSettings().liveness_pack
    try:
        items = read_captures(captures)
        resolved = resolve_liveness_pack(name)
        score = liveness_scorer(pack, resolved.name)
    except CapturesError as exc:
        raise fail(str(exc)) from None
    except EngineError as exc:
        raise fail(f"{exc.code}: {exc.message}") from None
    n_live = sum(c.live for c in items)
    if n_live == 0 or n_live == len(items):
        raise fail(f"{captures} needs live faces and attacks ({n_live} live of {len(items)})")
    target = out or user_calibration_dir() / f"{resolved.name}.json"
    if out is None:
        try:
            writable_file(target)
        except typer.BadParameter as exc:
            raise fail(f"cannot write the calibration file {target}: {exc.message}") from None

    console.print(f"Scoring {len(items)} images ({n_live} live, {len(items) - n_live} attacks)...")
    values = score_captures(items, score)
    # an image without a face found is rejected whatever the threshold: it scores below them all
    flat = [-1.0 if v is None else v for v in values]
    live = [v for c, v in zip(items, flat, strict=True) if c.live]
    attacks = [v for c, v in zip(items, flat, strict=True) if not c.live]
    missed = sum(1 for v in values if v is None)
    point = choose_operating_point(live, attacks, apcer, bpcer)

    def measured(rate: ErrorRate, goal: float) -> MeasuredRate:
        return MeasuredRate(
            target=goal, errors=rate.errors, trials=rate.trials, rate=rate.rate, ci95=rate.ci95
        )

    command = shlex.join(
        ["facecompare", "calibrate-liveness", str(captures), "--apcer", f"{apcer:g}", "--bpcer", f"{bpcer:g}"]
        + (["--pack", pack] if pack else [])
        + ["--liveness-pack", resolved.name]
    )
    notes = []
    if not point.feasible:
        notes.append(
            f"BPCER target {bpcer:g} not met: the APCER target wins (threshold just above the attack "
            "score it allows)."
        )
    if point.apcer.errors == 0:
        notes.append(
            f"0 of {point.apcer.trials} attacks accepted: the data can only show APCER below "
            f"{point.apcer.ci95[1]:.1%} (95% upper bound)."
        )
    if missed:
        notes.append(f"{missed} images without a face found: rejected (live ones count in BPCER).")
    cal = LivenessCalibration(
        pack=resolved.name,
        pack_version=resolved.manifest.version,
        pack_files={f.role: f.sha256 for f in resolved.manifest.files},
        threshold=point.threshold,
        rule=(
            "log-odds middle of the feasible interval (k-th highest attack, k-th lowest live] for the "
            "targets; APCER first when it is empty (docs/liveness.md, Operating point)"
        ),
        apcer=measured(point.apcer, apcer),
        bpcer=measured(point.bpcer, bpcer),
        feasible=point.feasible,
        scoring="engine detector's most prominent face; MiniFASNet black padding, flip, mean P(live)",
        datasets=[
            LivenessDataset(
                name=str(captures),
                sha256=captures_sha256(items),
                live=n_live,
                attacks=len(items) - n_live,
                faces_not_found=missed,
            )
        ],
        created=datetime.now(UTC).replace(microsecond=0),
        app_version=__version__,
        command=command,
        notes=notes,
    )
    save_liveness_calibration(cal, target)
    if scores is not None:
        with scores.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["file", "live", "score"])
            for cap, value in zip(items, values, strict=True):
                writer.writerow([cap.name, int(cap.live), "" if value is None else f"{value:.6f}"])
    typer.echo(cal.summary())
    for note in notes:
        typer.echo(f"note: {note}")
    typer.echo(f"written: {target}")
