"""``facecompare audit``: verify, export, checkpoint and purge; users; and ``compare --record``."""

from __future__ import annotations

import getpass
import json
import socket
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

if TYPE_CHECKING:  # app.cases (SQLAlchemy, alembic, argon2) loads only when a command runs
    from app.cases import CaseRecord, SqlCaseStore
    from app.engine.types import Comparison

audit_app = typer.Typer(
    help="The hash-chained audit log of cases: verify, export, checkpoint, purge, users.",
    no_args_is_help=True,
)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--database", help="SQLAlchemy URL (default: FACECOMPARE_DATABASE_URL or the user data folder)."
    ),
]


def _store(url: str | None) -> SqlCaseStore:
    from app.cases import SqlCaseStore

    return SqlCaseStore.from_env(url)


def _when(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(
            f"{text!r} is not an ISO date or time (e.g. 2026-11-25 or 2026-11-25T09:00)"
        ) from None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


@audit_app.command("verify")
def verify_command(
    checkpoint: Annotated[
        list[Path] | None,
        typer.Option("--checkpoint", help="An export or checkpoint file whose head the log must still hold."),
    ] = None,
    database: DbOption = None,
) -> None:
    """Walk the whole chain; exit 0 when intact, 1 naming the first bad row."""
    from app.cases.export import read_checkpoint

    store = _store(database)
    try:
        points = [read_checkpoint(p) for p in checkpoint or []]
        report = store.verify_audit(points)
    finally:
        store.close()
    if report.ok:
        typer.echo(report.summary())
        return
    typer.echo(report.summary(), err=True)
    raise typer.Exit(code=1)


@audit_app.command("export")
def export_command(
    fmt: Annotated[str, typer.Option("--format", help="csv, jsonl or pdf (a page per case).")],
    output: Annotated[Path, typer.Option("--output", help="File to write.")],
    since: Annotated[str | None, typer.Option("--since", help="From this ISO time (UTC if no zone).")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Before this ISO time.")] = None,
    case: Annotated[list[str] | None, typer.Option("--case", help="PDF: only these case ids.")] = None,
    actor: Annotated[
        str | None, typer.Option("--actor", help="Who exports (default: the login name).")
    ] = None,
    database: DbOption = None,
) -> None:
    """Write the log (or per-case reports) stating whether the chain verified and its head hash."""
    from app.cases.export import FORMATS, export

    if fmt not in FORMATS:
        raise typer.BadParameter(f"--format must be one of {', '.join(FORMATS)}")
    store = _store(database)
    try:
        header = export(
            store,
            fmt,
            output,
            actor=actor or getpass.getuser(),
            since=_when(since),
            until=_when(until),
            case_ids=case,
        )
    finally:
        store.close()
    typer.echo(f"{output}: {header.line()}")
    if not header.chain_verified:
        raise typer.Exit(code=1)


@audit_app.command("checkpoint")
def checkpoint_command(
    output: Annotated[Path, typer.Option("--output", help="JSON file to keep away from the database.")],
    database: DbOption = None,
) -> None:
    """Record the current head (signed when FACECOMPARE_AUDIT_KEY is set) and write it to OUTPUT."""
    store = _store(database)
    try:
        point = store.checkpoint()
    finally:
        store.close()
    body = {
        "head_seq": point.seq,
        "head_hash": point.hash,
        "checkpoint_at": point.at,
        "signature": point.signature,
    }
    output.write_text(json.dumps(body, indent=2) + "\n", encoding="utf-8")
    typer.echo(f"checkpoint #{point.seq} {point.hash} -> {output}")


@audit_app.command("purge")
def purge_command(database: DbOption = None) -> None:
    """Delete retained images past FACECOMPARE_RETENTION_DAYS (the purge is audited)."""
    store = _store(database)
    try:
        n = store.purge_images(actor=getpass.getuser())
    finally:
        store.close()
    typer.echo(f"purged {n} image(s)")


@audit_app.command("keygen")
def keygen_command(
    kind: Annotated[str, typer.Argument(help="image (retained images) or audit (checkpoint signatures).")],
    keyring_store: Annotated[
        bool, typer.Option("--keyring", help="Store it in the OS keyring instead of printing it.")
    ] = False,
) -> None:
    """A new random 256-bit key, printed (for FACECOMPARE_IMAGE_KEY / _AUDIT_KEY) or kept in the keyring."""
    from app.cases import keys

    if kind not in ("image", "audit"):
        raise typer.BadParameter("KIND must be image or audit")
    text = keys.new_key_text()
    if not keyring_store:
        typer.echo(text)
        return
    import keyring
    from keyring.errors import KeyringError

    name = f"{kind}-key"
    try:
        if keyring.get_password(keys.SERVICE, name):
            typer.echo(f"the keyring already holds {keys.SERVICE}/{name}; not replaced", err=True)
            raise typer.Exit(code=1)
        keyring.set_password(keys.SERVICE, name, text)
    except KeyringError as exc:
        typer.echo(f"no usable OS keyring ({exc}); set the environment variable instead", err=True)
        raise typer.Exit(code=1) from None
    typer.echo(f"stored {keys.SERVICE}/{name} in the OS keyring")


@audit_app.command("show")
def show_command(
    last: Annotated[int, typer.Option("--last", help="How many rows.")] = 20,
    case: Annotated[str | None, typer.Option("--case", help="Only this case.")] = None,
    database: DbOption = None,
) -> None:
    """Print the newest rows of the log."""
    store = _store(database)
    try:
        rows = store.audit(case_id=case, limit=last, newest_first=True)
    finally:
        store.close()
    out = Console()
    for r in reversed(rows):
        case_id = r.case_id or ""
        out.print(f"#{r.seq} {r.at} [bold]{r.action}[/bold] {r.actor} {case_id} [dim]{r.row_hash[:12]}[/dim]")


@audit_app.command("add-user")
def add_user_command(
    username: Annotated[str, typer.Argument(help="The new user's name.")],
    role: Annotated[str, typer.Option("--role", help="operator, reviewer or admin.")],
    admin: Annotated[
        str | None, typer.Option("--as", help="Admin adding the user (not for the first user).")
    ] = None,
    password: Annotated[
        str,
        typer.Option(
            prompt=True, hide_input=True, confirmation_prompt=True, envvar="FACECOMPARE_NEW_PASSWORD"
        ),
    ] = "",
    admin_password: Annotated[
        str | None, typer.Option("--admin-password", envvar="FACECOMPARE_ADMIN_PASSWORD", hide_input=True)
    ] = None,
    database: DbOption = None,
) -> None:
    """Add a user (the first must be an admin; later ones need an admin's name and password)."""
    from app.cases.errors import AccessDenied, CaseError

    if role not in ("operator", "reviewer", "admin"):
        raise typer.BadParameter("--role must be operator, reviewer or admin")
    store = _store(database)
    try:
        if admin:
            secret = admin_password or typer.prompt(f"password of {admin}", hide_input=True)
            if store.authenticate(admin, secret) is None:
                typer.echo("wrong admin name or password", err=True)
                raise typer.Exit(code=1)
        user = store.add_user(username, role, password, actor=admin)
    except (AccessDenied, CaseError, ValueError) as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(code=1) from None
    finally:
        store.close()
    typer.echo(f"added {user.username} ({user.role.value})")


# ---- facecompare compare --record ---------------------------------------------------------

_DEFAULT_OUTCOME = {"MATCH": "ACCEPTED", "REVIEW": "FLAGGED", "NO_MATCH": "REJECTED"}


def record_comparison(
    result: Comparison,
    card: bytes,
    face: bytes,
    *,
    operator: str,
    customer: str,
    outcome: str | None,
    note: str = "",
    request_id: str | None = None,
    database: str | None = None,
) -> CaseRecord:
    """Record an engine ``Comparison`` as a case (images kept, encrypted, only under retention)."""
    from app.cases import CaseRecord, Outcome
    from app.cases.from_engine import comparison_fields, retained_images

    decision = str(result.decision)
    record = CaseRecord(
        workstation=socket.gethostname(),
        operator=operator,
        customer_ref=customer,
        outcome=Outcome(outcome.upper() if outcome else _DEFAULT_OUTCOME[decision]),
        note=note,
        engine_mode="local",
        request_id=request_id,
        **comparison_fields(result, card, face),
    )
    store = _store(database)
    try:
        images = retained_images(result, card, face) if store.retention_days > 0 else None
        store.add(record, images=images)
    finally:
        store.close()
    return record


def review_command(
    database: DbOption = None,
    user: Annotated[str | None, typer.Option("--user", help="Reviewer name to sign in with.")] = None,
    language: Annotated[str | None, typer.Option("--language", help="en or ko.")] = None,
) -> None:
    """Open the reviewer's window: the queue of flagged cases and the audit log."""
    from app.gui.review.main import run_review

    raise typer.Exit(run_review(database, user=user, language=language))
