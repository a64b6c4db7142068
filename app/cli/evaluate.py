"""``facecompare evaluate`` and ``facecompare calibrate``: error rates and thresholds on labelled pairs."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from app.cli.errors import fail
from app.cli.paths import writable_file, writable_folder

#: ``app.evaluation.impostors.DEFAULT_MAX_PAIRS``, spelled here so that the command line starts
#: without numpy (``tests/cli/test_choices.py`` checks they agree).
DEFAULT_MAX_PAIRS = 2_000_000

PackOption = Annotated[
    str | None, typer.Option("--pack", help="Model pack name (default: FACECOMPARE_MODEL_PACK or auto).")
]
WorkersOption = Annotated[
    int | None,
    typer.Option(
        "--workers", min=1, show_default="all cores", help="Worker processes, each loading the models."
    ),
]
IdentityOption = Annotated[
    bool,
    typer.Option(
        "--identity-from-folder",
        help="Without identity columns, take each image's parent folder name as its identity (LFW "
        "layout); ignored, with a note, for a file whose folders contradict its labels.",
    ),
]
MaxImpostorsOption = Annotated[
    int,
    typer.Option(
        "--max-impostors", min=0, help="Cap on extra cross-identity impostor pairs (random sample)."
    ),
]


def _console() -> Console:
    return Console(stderr=True)


def _check_pack(pack: str | None) -> Any:
    """The pack to score with (found, nothing loaded), or one error line and exit 1."""
    from app.engine import packs
    from app.engine.errors import ModelPackError

    try:
        return packs.resolve_pack(pack or packs.AUTO)
    except ModelPackError as exc:
        raise fail(exc.message) from None


def _score(path: Path, pack: str | None, workers: int | None, identity: bool, max_impostors: int) -> Any:
    """Load and score one pairs/scores CSV with a progress bar over its images."""
    from app.evaluation.pairs import PairsError, load_pairs
    from app.evaluation.scoring import score_pairs

    console = _console()
    try:
        pairs = load_pairs(path, identity_from_folder=identity)
    except PairsError as exc:
        raise typer.BadParameter(str(exc), param_hint="'PAIRS'") from None
    for note in pairs.notes:
        console.print(f"[yellow]note:[/yellow] {escape(note)}")
    if pairs.is_scores:
        return score_pairs(pairs)
    _check_pack(pack)
    n_images = len(pairs.image_paths())
    progress = Progress(
        TextColumn(f"[bold]embedding {escape(path.parent.name or path.name)}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
    )
    with progress:
        task = progress.add_task("images", total=n_images)
        return score_pairs(
            pairs,
            pack=pack,
            workers=workers or 0,  # 0: every core
            max_impostors=max_impostors,
            on_image=lambda _: progress.advance(task),
        )


def _engine_context(pack: str | None) -> dict[str, Any]:
    """Pack, versions and the thresholds the engine would use now (no models loaded)."""
    from app import __version__
    from app.contract import ENGINE_NAME
    from app.engine import packs
    from app.engine.calibration import find_calibration

    ctx: dict[str, Any] = {"app_version": __version__, "engine": ENGINE_NAME}
    try:
        resolved = packs.resolve_pack(pack or "auto")
        ctx["pack"] = resolved.name
        found = find_calibration(resolved.manifest)
        if found is not None:
            cal, where, source = found
            raw_match, raw_review = cal.raw_thresholds()  # the scores evaluated here are raw
            ctx["thresholds_in_use"] = {
                "match": raw_match,
                "review": raw_review,
                "source": f"{where} ({source}; raw cosines of calibrated "
                f"{cal.match.threshold:g} / {cal.review.threshold:g})",
            }
        else:
            from app.engine.config import DEFAULT_THRESHOLDS

            t = dict(DEFAULT_THRESHOLDS, **(resolved.manifest.thresholds or {}))
            ctx["thresholds_in_use"] = {**t, "source": "no calibration file: manifest or defaults"}
    except Exception as exc:  # the report is still useful without them
        ctx["context_error"] = str(exc)
    return ctx


def _print_summary(summary: dict[str, Any], console: Console) -> None:
    c, f, a = summary["counts"], summary["fte"], summary["accuracy"]
    console.print(
        f"{c['pairs']:,} pairs ({c['genuine']:,} genuine, {c['impostors_listed']:,} impostors) + "
        f"{c['impostors_extra']:,} extra impostors; FTE {f['pairs']['count']} "
        f"({100 * (f['pairs']['rate'] or 0):.2f}%)"
    )
    k = a["kfold"]
    console.print(
        f"accuracy {100 * a['at_best_threshold']:.2f}% at {a['best_threshold']:.4f}; "
        f"{k['folds']}-fold {100 * k['mean']:.2f}% ± {100 * k['std']:.2f}%; "
        f"EER {100 * summary['eer']['eer']:.2f}%; AUC {summary['auc']:.5f}"
    )
    t = Table("FAR", "TAR", "95% CI", "threshold", "false accepts", "impostors")
    t.columns[1].no_wrap = True
    for e in summary["tar_at_far"]:
        if not e["measurable"]:
            t.add_row(f"{100 * e['far']:g}%", "not measurable", "", "", "", f"{e['impostors']:,}")
            continue
        lo, hi = e["tar_ci95"]
        t.add_row(
            f"{100 * e['far']:g}%",
            f"{100 * e['tar']:.2f}%",
            f"{100 * lo:.2f}–{100 * hi:.2f}%",
            f"{e['threshold']:.4f}",
            f"{e['false_accepts']:,}",
            f"{e['impostors']:,}",
        )
    console.print(t)


def evaluate_command(
    pairs: Annotated[
        Path,
        typer.Argument(
            metavar="PAIRS",
            exists=True,
            dir_okay=False,
            help="CSV card,selfie,same[,fold][,identity | card_identity,selfie_identity], or a "
            "SCORES.csv of `facecompare batch` with a same column.",
        ),
    ],
    report: Annotated[
        Path,
        typer.Option(
            "--report", callback=writable_folder, help="Folder for report.html, summary.json and PNGs."
        ),
    ],
    pack: PackOption = None,
    workers: WorkersOption = None,
    identity_from_folder: IdentityOption = False,
    max_impostors: MaxImpostorsOption = DEFAULT_MAX_PAIRS,
) -> None:
    """Measure accuracy, EER, TAR at FAR, failure to enrol and more on labelled pairs."""
    from app.evaluation.report import write_report
    from app.evaluation.summary import summarize

    console = _console()
    scored = _score(pairs, pack, workers, identity_from_folder, max_impostors)
    context = _engine_context(pack) if not scored.pairs.is_scores else {}
    summary = summarize(scored, context=context)
    page = write_report(report, scored, summary)
    _print_summary(summary, Console())
    console.print(f"report: {page}")


def calibrate_command(
    pairs: Annotated[
        list[Path],
        typer.Argument(
            metavar="PAIRS...", exists=True, dir_okay=False, help="One or more labelled pairs CSVs (pooled)."
        ),
    ],
    far: Annotated[float, typer.Option("--far", help="False-accept rate of the MATCH threshold.")] = 0.001,
    review_far: Annotated[
        float, typer.Option("--review-far", help="False-accept rate of the REVIEW threshold.")
    ] = 0.01,
    pack: PackOption = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            callback=writable_file,
            help="Calibration file to write (default: the user data folder's calibration/<pack>.json).",
        ),
    ] = None,
    workers: WorkersOption = None,
    identity_from_folder: IdentityOption = False,
    max_impostors: MaxImpostorsOption = DEFAULT_MAX_PAIRS,
) -> None:
    """Choose the pack's MATCH and REVIEW thresholds for the FARs asked and write a calibration file."""
    from app import __version__
    from app.contract import ENGINE_NAME
    from app.engine.calibration import save_calibration, user_calibration_dir
    from app.evaluation.calibrate import CalibrationDataError, build_calibration

    console = _console()
    for name, value in (("--far", far), ("--review-far", review_far)):
        if not 0.0 < value < 1.0:
            raise typer.BadParameter(
                f"must lie strictly between 0 and 1, got {value}", param_hint=f"'{name}'"
            )
    resolved = _check_pack(pack)
    target = out or user_calibration_dir() / f"{resolved.name}.json"
    if out is None:
        try:
            writable_file(target)
        except typer.BadParameter as exc:
            raise fail(f"cannot write the calibration file {target}: {exc.message}") from None
    sets = []
    for path in pairs:
        scored = _score(path, resolved.name, workers, identity_from_folder, max_impostors)
        if scored.pairs.is_scores:
            raise typer.BadParameter(
                f"{path} is a scores CSV; calibration embeds the images itself", param_hint="'PAIRS'"
            )
        sets.append(scored)
    command = shlex.join(
        ["facecompare", "calibrate", *map(str, pairs), "--far", f"{far:g}", "--review-far", f"{review_far:g}"]
        + ["--pack", resolved.name]
        + (["--identity-from-folder"] if identity_from_folder else [])
        + ([] if max_impostors == DEFAULT_MAX_PAIRS else ["--max-impostors", str(max_impostors)])
    )
    try:
        cal = build_calibration(
            sets,
            [str(p) for p in pairs],
            resolved.manifest,
            far=far,
            review_far=review_far,
            app_version=__version__,
            engine=ENGINE_NAME,
            command=command,
        )
    except CalibrationDataError as exc:
        raise fail(str(exc)) from None
    save_calibration(cal, target)
    out_console = Console()
    out_console.print(cal.summary())
    for label, t in (("match", cal.match), ("review", cal.review)):
        lo, hi = t.tar_ci95
        out_console.print(
            f"{label}: threshold {t.threshold:.4f} for FAR {t.far_target:g}: TAR {100 * t.tar:.2f}% "
            f"[{100 * lo:.2f}%, {100 * hi:.2f}%], {t.false_accepts:,} of {cal.impostors:,} impostors accepted"
        )
    for note in cal.notes:
        out_console.print(f"  {escape(note)}")
    console.print(f"wrote {target}")
