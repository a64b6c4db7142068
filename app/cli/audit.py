"""``facecompare audit``: verify, export, checkpoint and purge; users; and ``compare --record``."""

from __future__ import annotations

import getpass
import json
import socket
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from app.cli.choices import ExportChoice, KeyKind, Language, RoleChoice
from app.cli.errors import fail
from app.cli.paths import writable_file
from app.files import write_private

if TYPE_CHECKING:  # app.cases (SQLAlchemy, alembic, argon2) loads only when a command runs
    from app.cases import CaseRecord, SqlCaseStore
    from app.engine.types import Comparison

audit_app = typer.Typer(no_args_is_help=True)  # its help names the commands registered below

DbOption = Annotated[
    str | None,
    typer.Option(
        "--database", help="SQLAlchemy URL (default: FACECOMPARE_DATABASE_URL or the user data folder)."
    ),
]


def open_store(url: str | None, **kwargs: Any) -> SqlCaseStore:
    """The case store of ``url`` (or the environment's), or one error line and exit 1."""
    from sqlalchemy.exc import ArgumentError, SQLAlchemyError

    from app.cases import people
    from app.cases.db import database_url

    try:
        target = database_url(url)
    except OSError as exc:
        raise fail(f"cannot make the default case database's folder: {exc}") from None
    folder = _sqlite_folder(target)
    if folder is not None and not folder.is_dir():
        raise fail(f"cannot open the case database {target}: the folder {folder} does not exist")
    try:
        return people.open_store(url, **kwargs)
    except ArgumentError as exc:
        raise fail(f"{target} is not a database URL SQLAlchemy knows: {exc}") from None
    except (SQLAlchemyError, OSError, ValueError) as exc:
        reason = getattr(exc, "orig", None) or exc
        raise fail(f"cannot open the case database {_redacted(target)}: {reason}") from None


def _sqlite_folder(url: str) -> Path | None:
    """The folder of a SQLite file URL (None for another database or an in-memory one)."""
    if not url.startswith("sqlite") or "///" not in url:
        return None
    path = url.split("///", 1)[1].split("?", 1)[0]
    return Path(path).parent if path and path != ":memory:" else None


def _redacted(url: str) -> str:
    """``url`` without its password."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return url


def _when(text: str | None, option: str) -> datetime | None:
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(
            f"{text!r} is not an ISO date or time (e.g. 2026-11-25 or 2026-11-25T09:00)",
            param_hint=f"'{option}'",
        ) from None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _end_of(text: str | None) -> datetime | None:
    """``--to``: a date means up to the end of that day; a time, up to and including it."""
    end = _when(text, "--to")
    if end is None or text is None:
        return None
    return end + (timedelta(days=1) if len(text.strip()) <= 10 else timedelta(microseconds=1))


@audit_app.command("verify")
def verify_command(
    checkpoint: Annotated[
        list[Path] | None,
        typer.Option(
            "--checkpoint",
            exists=True,
            dir_okay=False,
            help="An export or checkpoint file whose head the log must still hold.",
        ),
    ] = None,
    public_key: Annotated[
        list[Path] | None,
        typer.Option(
            "--public-key",
            exists=True,
            dir_okay=False,
            help="An Ed25519 public key (PEM): every checkpoint must then carry its signature.",
        ),
    ] = None,
    export_file: Annotated[
        Path | None,
        typer.Option(
            "--export",
            exists=True,
            dir_okay=False,
            help="Check this CSV/JSONL export instead of a database (needs --public-key; no secret).",
        ),
    ] = None,
    published: Annotated[
        list[Path] | None,
        typer.Option(
            "--published",
            exists=True,
            file_okay=False,
            help="A folder of published checkpoints: each one must match the log.",
        ),
    ] = None,
    database: DbOption = None,
) -> None:
    """Walk the whole chain; exit 0 when intact, 1 naming the first bad row."""
    from app.cases.export import read_checkpoint
    from app.cases.publish import read_folder
    from app.cases.signing import KeyFileError, load_public_file

    points = []
    for path in checkpoint or []:
        try:
            points.append(read_checkpoint(path))
        except Exception as exc:  # whatever the file holds, it is not a head this can check against
            text = str(exc) if str(path) in str(exc) else f"{path} holds no audit head ({exc})"
            raise fail(text) from None
    for folder in published or []:
        try:
            points.extend(read_folder(folder))
        except (OSError, ValueError) as exc:
            raise fail(f"cannot read the published checkpoints in {folder}: {exc}") from None
    try:
        keys = [load_public_file(p) for p in public_key or []]
    except KeyFileError as exc:
        raise fail(str(exc)) from None
    if export_file is not None:
        report = _verify_export(export_file, keys, points)
    else:
        store = open_store(database, **({"public_keys": keys} if keys else {}))
        try:
            report = store.verify_audit(points)
        finally:
            store.close()
    if report.ok:
        typer.echo(report.summary())
        return
    raise fail(report.summary(), label="verification failed")


def _verify_export(path: Path, keys: list[Any], points: list[Any]) -> Any:
    from app.cases.auditor import verify_export

    if not keys:
        raise fail("--export needs --public-key: an export's signature is its only proof", code=2)
    try:
        return verify_export(path, keys, points)
    except (OSError, ValueError, KeyError) as exc:
        raise fail(f"{path} is not an audit export this can read: {exc}") from None


@audit_app.command("export")
def export_command(
    fmt: Annotated[
        ExportChoice,
        typer.Option(
            "--format", case_sensitive=False, help="The log as CSV or JSON Lines, or a PDF page per case."
        ),
    ],
    output: Annotated[Path, typer.Option("--output", callback=writable_file, help="File to write.")],
    since: Annotated[
        str | None, typer.Option("--from", "--since", help="From this ISO date or time (UTC if no zone).")
    ] = None,
    until: Annotated[
        str | None,
        typer.Option("--to", help="Up to this ISO date (the whole day) or time, inclusive of the day."),
    ] = None,
    before: Annotated[str | None, typer.Option("--until", help="Before this ISO time.")] = None,
    action: Annotated[
        str | None, typer.Option("--action", help="Only rows of this action (e.g. case.reviewed).")
    ] = None,
    by: Annotated[str | None, typer.Option("--by", help="Only rows written by this account.")] = None,
    case: Annotated[list[str] | None, typer.Option("--case", help="PDF: only these case ids.")] = None,
    language: Annotated[
        Language, typer.Option("--language", case_sensitive=False, help="PDF: the report's language.")
    ] = Language.en,
    actor: Annotated[
        str | None,
        typer.Option(
            "--actor",
            help="The account exporting, signed in with FACECOMPARE_PASSWORD or a prompt "
            "(default: the login name, unsigned).",
        ),
    ] = None,
    database: DbOption = None,
) -> None:
    """Write the log (or per-case reports) stating whether the chain verified and its head hash."""
    from app.cases.export import export
    from app.cli.signin import sign_in

    if until and before:
        raise typer.BadParameter("give --to or --until, not both", param_hint="'--to'")
    end = _when(before, "--until") if before else _end_of(until)
    window = {"since": _when(since, "--from"), "until": end}
    store = open_store(database)
    try:
        who = sign_in(store, actor).username if actor else getpass.getuser()
        header = export(
            store,
            fmt.value,
            output,
            actor=who,
            case_ids=case,
            action=action,
            by=by,
            language=language.value,
            **window,
        )
    finally:
        store.close()
    typer.echo(f"{output}: {header.line()}")
    if not header.chain_verified:
        raise typer.Exit(code=1)


@audit_app.command("checkpoint")
def checkpoint_command(
    output: Annotated[
        Path,
        typer.Option("--output", callback=writable_file, help="JSON file to keep away from the database."),
    ],
    database: DbOption = None,
) -> None:
    """Record the current head (signed with the Ed25519 key when one is set) and write it to OUTPUT."""
    store = open_store(database)
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
    write_private(output, json.dumps(body, indent=2) + "\n")
    typer.echo(f"checkpoint #{point.seq} {point.hash} -> {output}")


@audit_app.command("signing-key")
def signing_key_command(
    output: Annotated[
        Path | None,
        typer.Option("--output", help="New private key file (PEM, 0600); never replaced."),
    ] = None,
    keyring_store: Annotated[
        bool, typer.Option("--keyring", help="Keep the private key in the OS keyring instead.")
    ] = False,
    public_output: Annotated[
        Path | None, typer.Option("--public", help="Where to write the public key (PEM) for auditors.")
    ] = None,
) -> None:
    """A new Ed25519 key for checkpoint signatures: the private half in a 0600 file or the keyring,
    the public half for auditors (set FACECOMPARE_AUDIT_SIGNING_KEY to the file)."""
    from app.cases import keys, signing

    if (output is None) == (not keyring_store):
        raise fail("give either --output FILE or --keyring", code=2)
    key = signing.new_private_key()
    pem = signing.private_pem(key)
    if output is not None:
        try:
            signing.write_new_file(output, pem, 0o600)
        except FileExistsError:
            raise fail(f"{output} exists; not replaced") from None
        where = str(output)
    else:
        try:
            where = keys.store_new_keyring_entry(signing.KEYRING_NAME, pem.decode())
        except FileExistsError as exc:
            raise fail(str(exc)) from None
        except keys.KeyringUnavailable as exc:
            raise fail(f"{exc}; use --output FILE instead") from None
    public = signing.public_pem(key.public_key())
    if public_output is not None:
        public_output.parent.mkdir(parents=True, exist_ok=True)
        public_output.write_bytes(public)
    typer.echo(f"signing key -> {where}; public key sha256 {signing.fingerprint(key.public_key())}")
    if public_output is None:
        typer.echo(public.decode().rstrip())


@audit_app.command("public-key")
def public_key_command(
    output: Annotated[
        Path | None, typer.Option("--output", callback=writable_file, help="File to write (default: print).")
    ] = None,
) -> None:
    """The public half of the configured signing key (PEM), for auditors."""
    from app.cases import signing

    try:
        key = signing.configured_private()
    except signing.KeyFileError as exc:
        raise fail(str(exc)) from None
    if key is None:
        raise fail(f"no signing key: set {signing.SIGNING_KEY_ENV} or run `facecompare audit signing-key`")
    public = signing.public_pem(key.public_key())
    if output is None:
        typer.echo(public.decode().rstrip())
        return
    output.write_bytes(public)
    typer.echo(f"public key sha256 {signing.fingerprint(key.public_key())} -> {output}")


@audit_app.command("pg-roles")
def pg_roles_command(
    app_role: Annotated[str, typer.Option("--app", help="The application role (workstations, server).")],
    owner: Annotated[
        str, typer.Option("--owner", help="The owner role that runs migrations.")
    ] = "facecompare_owner",
    name: Annotated[str, typer.Option("--database-name", help="The database to create.")] = "facecompare",
    apply: Annotated[
        bool,
        typer.Option("--apply", help="Migrate as the owner (--database) and grant now, instead of printing."),
    ] = False,
    database: DbOption = None,
) -> None:
    """PostgreSQL: the SQL that sets up an owner and an application role that cannot rewrite the log."""
    from app.cases.pgroles import apply_grants, create_roles, grants

    try:
        setup, granted = create_roles(owner, app_role, name), grants(app_role)
    except ValueError as exc:
        raise fail(str(exc), code=2) from None
    if not apply:
        typer.echo("-- once, as a superuser (then set both passwords with \\password):")
        typer.echo("\n".join(f"{s};" for s in setup))
        typer.echo(
            f"-- as {owner}, after migrating (facecompare audit pg-roles --apply --database OWNER-URL):"
        )
        typer.echo("\n".join(f"{s};" for s in granted))
        return
    store = open_store(database)  # opening migrates, as whoever --database names (the owner)
    try:
        if store.dialect != "postgresql":
            raise fail("--apply is for a PostgreSQL database (SQLite has no roles)")
        with store._engine.begin() as conn:
            apply_grants(conn, app_role)
    finally:
        store.close()
    typer.echo(f"migrated, and granted {app_role} what the application needs (nothing more)")


@audit_app.command("purge")
def purge_command(database: DbOption = None) -> None:
    """Delete retained images past FACECOMPARE_RETENTION_DAYS (the purge is audited)."""
    store = open_store(database)
    try:
        n = store.purge_images(actor=getpass.getuser())
    finally:
        store.close()
    typer.echo(f"purged {n} image(s)")


@audit_app.command("keygen")
def keygen_command(
    kind: Annotated[
        KeyKind,
        typer.Argument(
            metavar="KIND",
            case_sensitive=False,
            help="For retained images, or the retired HMAC checkpoint key (new set-ups: signing-key).",
        ),
    ],
    keyring_store: Annotated[
        bool, typer.Option("--keyring", help="Store it in the OS keyring instead of printing it.")
    ] = False,
) -> None:
    """A new random 256-bit key, printed (for FACECOMPARE_IMAGE_KEY / _AUDIT_KEY) or kept in the keyring."""
    from app.cases import keys

    text = keys.new_key_text()
    if not keyring_store:
        typer.echo(text)
        return
    try:
        where = keys.store_new_keyring_entry(f"{kind.value}-key", text)
    except FileExistsError as exc:
        raise fail(str(exc)) from None
    except keys.KeyringUnavailable as exc:
        raise fail(f"{exc}; set the environment variable instead") from None
    typer.echo(f"stored in {where}")


@audit_app.command("show")
def show_command(
    last: Annotated[int, typer.Option("--last", min=1, help="How many rows.")] = 20,
    case: Annotated[str | None, typer.Option("--case", help="Only this case.")] = None,
    database: DbOption = None,
) -> None:
    """Print the newest rows of the log."""
    store = open_store(database)
    try:
        rows = store.audit(case_id=case, limit=last, newest_first=True)
    finally:
        store.close()
    out = Console()
    for r in reversed(rows):
        case_id = r.case_id or ""
        out.print(
            f"#{r.seq} {r.at} [bold]{escape(r.action)}[/bold] {escape(r.actor)} {escape(case_id)} "
            f"[dim]{r.row_hash[:12]}[/dim]"
        )


@audit_app.command("add-user")
def add_user_command(
    username: Annotated[str, typer.Argument(metavar="USERNAME", help="The new user's name.")],
    role: Annotated[RoleChoice, typer.Option("--role", case_sensitive=False, help="What the user may do.")],
    admin: Annotated[
        str | None, typer.Option("--as", help="Admin adding the user (not for the first user).")
    ] = None,
    database: DbOption = None,
) -> None:
    """Add a user (the first must be an admin; later ones need an admin, signed in).

    The new user's password comes from FACECOMPARE_NEW_PASSWORD or a prompt (typed twice), the
    admin's from FACECOMPARE_ADMIN_PASSWORD or a prompt: never from the command line.
    """
    from app.cases import Role
    from app.cases.errors import AccessDenied, CaseError
    from app.cli.signin import ADMIN_PASSWORD_ENV, NEW_PASSWORD_ENV, read_secret, sign_in

    store = open_store(database)
    try:
        if admin:
            sign_in(store, admin, env=ADMIN_PASSWORD_ENV, roles=frozenset({Role.ADMIN}))
        password = read_secret(NEW_PASSWORD_ENV, f"password of the new user {username}", confirm=True)
        if not password:
            raise fail(f"no password for {username}: {NEW_PASSWORD_ENV}, or the prompt typed twice alike", 2)
        user = store.add_user(username, role.value, password, actor=admin)
    except (AccessDenied, CaseError, ValueError) as exc:
        raise fail(str(exc)) from None
    finally:
        store.close()
    typer.echo(f"added {user.username} ({user.role.value})")


@audit_app.command("unlock-user")
def unlock_user_command(
    username: Annotated[str, typer.Argument(metavar="USERNAME", help="The locked-out user.")],
    admin: Annotated[
        str, typer.Option("--as", help="The admin unlocking (FACECOMPARE_ADMIN_PASSWORD or a prompt).")
    ],
    database: DbOption = None,
) -> None:
    """End a user's lockout after repeated wrong passwords (audited)."""
    from app.cases import Role
    from app.cases.errors import AccessDenied
    from app.cli.signin import ADMIN_PASSWORD_ENV, sign_in

    store = open_store(database)
    try:
        sign_in(store, admin, env=ADMIN_PASSWORD_ENV, roles=frozenset({Role.ADMIN}))
        store.unlock_user(username, actor=admin)
    except AccessDenied as exc:
        raise fail(str(exc), 2) from None
    finally:
        store.close()
    typer.echo(f"unlocked {username}")


# ---- facecompare compare --record ---------------------------------------------------------

_DEFAULT_OUTCOME = {"MATCH": "ACCEPTED", "REVIEW": "FLAGGED", "NO_MATCH": "REJECTED"}


def record_comparison(
    result: Comparison,
    card: bytes,
    face: bytes,
    *,
    store: SqlCaseStore,
    operator: str,
    customer: str,
    outcome: str | None,
    note: str = "",
    request_id: str | None = None,
    consent: bool | None = None,
) -> CaseRecord:
    """Record an engine ``Comparison`` in ``store`` (images kept, encrypted, under retention or
    when the case is flagged);
    the store refuses it unless ``consent`` is True."""
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
        consent=consent,
        **comparison_fields(result, card, face),
    )
    # kept (encrypted) under retention, and for a flagged case until it is reviewed
    store.add(record, images=retained_images(result, card, face))
    return record


def review_command(
    database: DbOption = None,
    user: Annotated[str | None, typer.Option("--user", help="Reviewer name to sign in with.")] = None,
    language: Annotated[
        Language | None, typer.Option("--language", case_sensitive=False, help="Language of the window.")
    ] = None,
) -> None:
    """Open the reviewer's window: the queue of flagged cases and the audit log."""
    from app.gui.review.main import run_review

    raise typer.Exit(run_review(database, user=user, language=language.value if language else None))


def _help() -> str:
    names = ", ".join(str(c.name) for c in audit_app.registered_commands)
    return f"The hash-chained audit log of cases: {names}."


audit_app.info.help = _help()
