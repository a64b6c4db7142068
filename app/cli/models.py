"""``facecompare models``: list, install, import, verify and bundle model packs.

The main CLI mounts this with ``app.add_typer(models_app, name="models")``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from app.cli.errors import fail
from app.engine import packs
from app.engine.errors import ModelPackError

models_app = typer.Typer(
    name="models",
    help="List, install, import, verify and bundle face model packs.",
    no_args_is_help=True,
)


def _console() -> Console:
    # Created per call so that the output follows whatever sys.stdout is (tests capture it).
    return Console()


def _fail(console: Console, error: ModelPackError) -> typer.Exit:
    """The pack error as one line on stderr (``app.cli.errors.fail``), exit code 1."""
    del console  # errors go to stderr, whatever the command prints its results to
    return fail(error.message)


def calibration_in_use(manifest: packs.PackManifest) -> str:
    """Which calibration file the engine would use for the pack: ``path (source)``, or why none.

    A liveness pack's is its liveness calibration (``app.engine.liveness_calibration``), else
    the manifest's threshold.
    """
    from app.engine.calibration import find_calibration

    if not packs.is_comparison(manifest.kind):
        from app.engine.liveness_calibration import find_liveness_calibration

        try:
            live_found = find_liveness_calibration(manifest)
        except ModelPackError as exc:
            return f"unusable: {exc.message}"
        if live_found is not None:
            return f"P(live) >= {live_found[0].threshold:g}: {live_found[1]} ({live_found[2]})"
        live = (manifest.thresholds or {}).get("live")
        return "none (liveness)" if live is None else f"P(live) >= {live:g} (pack manifest)"
    try:
        found = find_calibration(manifest)
    except ModelPackError as exc:
        return f"unusable: {exc.message}"
    if found is None:
        return "none (pack manifest or default thresholds)"
    _calibration, path, source = found
    return f"{path} ({source})"


@models_app.command("list")
def list_command() -> None:
    """Show every known pack (comparison and liveness): installed or not, where, its licence
    and calibration file."""
    console = _console()
    table = Table(title="Model packs", show_lines=False)
    table.add_column("name", style="bold")
    table.add_column("kind")
    table.add_column("installed")
    table.add_column("location", overflow="fold")
    table.add_column("licence", overflow="fold")
    table.add_column("calibration", overflow="fold")
    statuses = packs.list_packs()
    for status in statuses:
        if status.installed:
            installed = "[green]yes[/green]"
            if status.missing:
                installed += f" (optional missing: {escape(', '.join(status.missing))})"
            if status.size_mismatches:
                installed += f" [yellow](size differs: {escape(', '.join(status.size_mismatches))})[/yellow]"
        elif status.location is not None:
            installed = f"[yellow]incomplete[/yellow] (missing: {escape(', '.join(status.missing))})"
        else:
            installed = "[dim]no[/dim]"
        licence = status.licence.summary
        if status.licence.grant == "commercial":
            licence = f"[green]{escape(licence)}[/green]"
        else:
            licence = escape(licence)
        table.add_row(
            escape(status.name),
            status.kind,
            installed,
            escape(str(status.location)) if status.location is not None else "-",
            licence,
            escape(calibration_in_use(status.manifest)) if status.installed else "-",
        )
    console.print(table)
    if any(s.name == packs.OPEN_PACK for s in statuses):
        console.print(f"[bold]open pack:[/bold] {escape(packs.IBUG_NOTE)}")
    for status in statuses:
        if status.kind == "liveness" and status.installed:
            console.print(f"[bold]{escape(status.name)} (liveness):[/bold] {escape(status.licence.detail)}")
    console.print(
        "InsightFace packs are for non-commercial research use only unless a signed MODEL.LICENSE "
        "granting commercial use is in the pack folder."
    )
    console.print(
        "Searched: " + escape(", ".join(str(r) for r in packs.search_roots())),
        style="dim",
    )


@models_app.command("install")
def install_command(
    name: Annotated[str, typer.Argument(help="Pack to download, e.g. buffalo_l.")],
    dest: Annotated[
        Path | None,
        typer.Option("--dest", help="Models folder to install into (default: the user data folder)."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Reinstall even if already verified.")] = False,
    progress: Annotated[bool, typer.Option("--progress/--no-progress", help="Show a progress bar.")] = True,
) -> None:
    """Download a pack, check every file's sha256 and install it."""
    from app.modelstore.download import install_pack

    console = _console()
    try:
        folder = install_pack(name, dest, progress=progress, force=force)
    except ModelPackError as exc:
        raise _fail(console, exc) from None
    console.print(f"[green]installed[/green] {escape(name)} in {escape(str(folder))}")
    try:
        in_use = packs.resolve_named_pack(name).files
    except ModelPackError:
        return
    where = {path.parent for path in in_use.values()}
    if where and folder not in where:
        console.print(
            f"note: the copy in {escape(', '.join(sorted(map(str, where))))} comes first and stays in "
            "use (an embedded pack is used while it is present)."
        )


@models_app.command("import")
def import_command(
    path: Annotated[Path, typer.Argument(help="A pack zip or a folder holding the pack's files.")],
    name: Annotated[
        str | None, typer.Option("--name", help="Pack name (default: inferred from the file names).")
    ] = None,
    dest: Annotated[
        Path | None,
        typer.Option("--dest", help="Models folder to install into (default: the user data folder)."),
    ] = None,
) -> None:
    """Install a pack from a zip or folder on this machine (offline), checking every sha256."""
    from app.modelstore.importer import import_pack

    console = _console()
    try:
        folder = import_pack(path, name=name, dest_root=dest)
    except ModelPackError as exc:
        raise _fail(console, exc) from None
    console.print(f"[green]imported[/green] {escape(folder.name)} into {escape(str(folder))}")


@models_app.command("verify")
def verify_command(
    name: Annotated[
        str,
        typer.Argument(
            help="Pack name (minifasnet for liveness), or 'auto' for the pack the engine would use."
        ),
    ] = packs.AUTO,
    quick: Annotated[bool, typer.Option("--quick", help="Check sizes only, skip sha256.")] = False,
) -> None:
    """Check a pack's files against the official sizes and sha256; exit 1 on any mismatch."""
    console = _console()
    try:
        pack = packs.resolve_named_pack(name)
    except ModelPackError as exc:
        raise _fail(console, exc) from None
    checks = packs.verify_pack(pack, check_hashes=not quick)
    table = Table(title=f"{pack.name} ({pack.kind})")
    table.add_column("role")
    table.add_column("file", overflow="fold")
    table.add_column("result", overflow="fold")
    failed = False
    for check in checks:
        if check.ok:
            result = "[green]ok[/green]"
        elif check.status == "missing" and not check.required:
            result = "[dim]missing (optional)[/dim]"
        else:
            failed = True
            result = f"[red]{check.status}[/red]"
            if check.status == "size mismatch":
                result += f" ({check.actual_size} bytes, expected {check.expected_size})"
            elif check.status == "sha mismatch":
                result += f" ({check.actual_sha256})"
        table.add_row(check.role, escape(str(check.path or check.name)), result)
    console.print(table)
    console.print(f"licence: {escape(pack.licence.summary)}")
    if failed:
        embedded = packs.embedded_pack_dir(pack.manifest)
        if embedded is not None and pack.root == embedded:
            how = (
                f"the copy that ships with facecompare ({escape(str(embedded))}) is damaged: reinstall "
                "facecompare, or restore the files from its repository."
            )
        else:
            how = (
                f"reinstall the pack with `facecompare models install {escape(pack.name)} --force` "
                "or import a good copy."
            )
        console.print(f"[red]verification failed:[/red] {how}")
        raise typer.Exit(code=1)
    console.print("[green]all files verified[/green]" + (" (sizes only)" if quick else ""))


@models_app.command("bundle")
def bundle_command(
    name: Annotated[str, typer.Argument(help="Installed pack to bundle, e.g. buffalo_l.")],
    out: Annotated[Path, typer.Argument(help="The zip to write, e.g. /media/usb/buffalo_l-bundle.zip.")],
    force: Annotated[bool, typer.Option("--force", help="Overwrite OUT if it exists.")] = False,
) -> None:
    """Write an offline bundle: the verified files, manifest, licence and a bundle manifest.

    On the machine without network: `facecompare models import OUT.zip`.
    """
    from app.modelstore.bundle import bundle_pack

    console = _console()
    if out.exists() and not force:
        raise _fail(console, ModelPackError(f"{out} exists; pass --force to overwrite it."))
    try:
        doc = bundle_pack(name, out)
    except ModelPackError as exc:
        raise _fail(console, exc) from None
    size = sum(f.size for f in doc.files)
    console.print(
        f"[green]bundled[/green] {escape(doc.pack)} ({len(doc.files)} files, {size / 1e6:.1f} MB, "
        f"sha256 verified) into {escape(str(out))}"
    )
    console.print(f"licence: {escape(doc.licence_summary)}")
    console.print(f"install offline with: facecompare models import {escape(out.name)}")
