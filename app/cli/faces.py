"""``facecompare compare`` and ``facecompare analyze``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from app.cli.choices import OutcomeChoice
from app.cli.errors import print_error
from app.cli.record import NOT_RECORDED_EXIT, NotRecorded
from app.engine.errors import EngineError

if TYPE_CHECKING:  # the wire contract, the client and the cases load when a command needs them
    from pydantic import BaseModel

    from app.cases import SqlCaseStore
    from app.contract import ErrorCode

PackOption = Annotated[
    str | None, typer.Option("--pack", help="Model pack name (default: FACECOMPARE_MODEL_PACK or auto).")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the API's JSON instead of a summary.")]


def _engine(pack: str | None) -> Any:
    """The engine with ``pack`` loaded and warmed up; a pack that will not load is a ModelPackError."""
    from app.engine.engine import Engine
    from app.engine.errors import ModelPackError

    try:
        return Engine(pack)
    except EngineError:
        raise
    except Exception as exc:  # a corrupt or foreign model file: onnxruntime's, dlib's or OpenCV's error
        raise ModelPackError(f"the model pack could not be loaded: {type(exc).__name__}: {exc}") from exc


class UnreadableFile(Exception):
    """An input file could not be read: the API's INVALID_REQUEST, said in the same envelope."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    @property
    def code(self) -> ErrorCode:
        from app.contract import ErrorCode

        return ErrorCode.INVALID_REQUEST


def _unreadable(path: Path, label: str, exc: OSError) -> UnreadableFile:
    where = "" if label in (path.name, str(path)) else f" ({path})"
    return UnreadableFile(f"{label}{where} could not be read: {exc.strerror or exc}")


def check_readable(path: Path, label: str) -> None:
    """Raise ``UnreadableFile`` unless ``path`` is a file this process can open (nothing is read)."""
    try:
        with path.open("rb"):
            pass
    except OSError as exc:
        raise _unreadable(path, label, exc) from None


def _read(path: Path, label: str) -> tuple[bytes, str | None]:
    """Bytes of ``path`` with the format declared by its extension (validated by the loader)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _unreadable(path, label, exc) from None
    from app.client.images import FORMAT_OF_SUFFIX

    return data, FORMAT_OF_SUFFIX.get(path.suffix.lower())


def _write_json(obj: BaseModel | dict[str, Any]) -> None:
    from app.contract import dumps

    sys.stdout.buffer.write(dumps(obj) + b"\n")
    sys.stdout.flush()


def report_image_error(path: Path, code: str, message: str, *, json_out: bool, out: Console) -> None:
    """One image that could not be handled: a JSON line (``--json``) or one red line on ``out``."""
    if json_out:
        _write_json({"image": str(path), "errorCode": code, "message": message})
    else:
        out.print(f"{escape(str(path))}: [red]{code}[/red] {escape(' '.join(message.split()))}")


def _compare_failed(
    err: EngineError | UnreadableFile | NotRecorded, *, json_out: bool, request_id: str, code: int = 1
) -> NoReturn:
    """The API's error envelope on stdout (``--json``) or one line on stderr; exit ``code``."""
    from app.contract import code_of, envelope_of

    if json_out:
        _write_json(envelope_of(err, request_id=request_id))
    else:
        print_error(err.message, label=f"ERROR {code_of(err)}")
    raise typer.Exit(code=code)


def compare_command(
    card: Annotated[
        Path, typer.Argument(metavar="CARD", help="ID card scan (JPEG, PNG, single-page PDF or TIFF).")
    ],
    selfie: Annotated[Path, typer.Argument(metavar="SELFIE", help="Live photo of the person.")],
    pack: PackOption = None,
    json_out: JsonOption = False,
    request_id: Annotated[str, typer.Option("--request-id", help="requestId echoed in the JSON.")] = "cli",
    server: Annotated[
        str | None,
        typer.Option("--server", help="Ask a Face Compare server (base URL) instead of this machine."),
    ] = None,
    secret: Annotated[
        str | None,
        typer.Option(
            "--secret", hidden=True, help="Refused: the secret comes from FACECOMPARE_SECRET or a prompt."
        ),
    ] = None,
    record: Annotated[
        bool,
        typer.Option("--record", help="Record a case (FACECOMPARE_DATABASE_URL or the default database)."),
    ] = False,
    operator: Annotated[
        str | None,
        typer.Option(
            "--operator",
            help="The operator's account (with --record): FACECOMPARE_PASSWORD or a prompt signs them in.",
        ),
    ] = None,
    consent: Annotated[
        bool,
        typer.Option(
            "--consent", help="The customer agreed to the biometric check (required with --record)."
        ),
    ] = False,
    customer: Annotated[
        str | None, typer.Option("--customer", help="Customer reference (with --record).")
    ] = None,
    outcome: Annotated[
        OutcomeChoice | None,
        typer.Option(
            "--outcome",
            case_sensitive=False,
            help="The operator's decision (with --record; default: from the engine's decision).",
        ),
    ] = None,
    note: Annotated[
        str,
        typer.Option(
            "--note",
            help="The operator's note (with --record); required when --outcome goes against the engine.",
        ),
    ] = "",
) -> None:
    """Compare the face on CARD with the face in SELFIE (--record keeps it as a case).

    Both files are read, and with --record the operator signed in (their password from
    FACECOMPARE_PASSWORD or a prompt), before any model loads. A wrong password exits 2.
    """
    from app.cli.signin import SECRET_ENV, refuse_argument

    refuse_argument(secret, "--secret", SECRET_ENV)
    if record and (not operator or not customer or server):
        raise typer.BadParameter(
            "needs --operator and --customer, and runs the local engine only (not with --server)",
            param_hint="'--record'",
        )
    if record and not consent:
        raise typer.BadParameter(
            "needs --consent: a case is recorded only when the customer agreed to the biometric check",
            param_hint="'--record'",
        )
    try:
        card_bytes, card_fmt = _read(card, "cardImage")
        face_bytes, face_fmt = _read(selfie, "faceImage")
    except UnreadableFile as err:
        _compare_failed(err, json_out=json_out, request_id=request_id)
    if server:
        from app.cli.remote import compare_remote

        compare_remote(server, card, selfie, request_id=request_id, json_out=json_out)
        return
    from app.cli.record import open_signed_in

    store = None
    try:
        if record:
            store, operator = open_signed_in(operator or "")
    except NotRecorded as err:
        _compare_failed(err, json_out=json_out, request_id=request_id, code=NOT_RECORDED_EXIT)
    try:
        try:
            engine = _engine(pack)
            result = engine.compare(card_bytes, face_bytes, card_fmt, face_fmt)
        except EngineError as err:
            _compare_failed(err, json_out=json_out, request_id=request_id)
        if store is not None:
            try:
                _record(store, result, card_bytes, face_bytes, operator, customer, outcome, request_id, note)
            except NotRecorded as err:
                _compare_failed(err, json_out=json_out, request_id=request_id, code=NOT_RECORDED_EXIT)
    finally:
        if store is not None:
            store.close()
    if json_out:
        from app.contract import compare_response

        _write_json(compare_response(result, request_id=request_id))
        return
    _print_comparison(result, engine)


def _print_comparison(result: Any, engine: Any) -> None:
    from app.contract.score import band_words, score_text

    out = Console()
    colour = {"MATCH": "green", "REVIEW": "yellow", "NO_MATCH": "red"}[result.decision.value]
    t = result.thresholds
    raw = "" if result.raw_similarity is None else f", raw {result.raw_similarity:.4f}"
    out.print(
        f"[bold {colour}]{result.decision.value}[/] similarity {score_text(result.similarity)} / 100: "
        f"{band_words(result.similarity, t.review, t.match)} "
        f"(review from {score_text(t.review)}, match from {score_text(t.match)}{raw}) "
        f"in {result.elapsed_ms:.0f} ms with pack {result.pack}"
    )
    table = Table("", "card", "live photo")
    a, b = result.card, result.face
    table.add_row("confidence", f"{a.detection.score:.3f}", f"{b.detection.score:.3f}")
    table.add_row("pose (pitch/yaw/roll)", _pose(a), _pose(b))
    table.add_row("mask", _mask(a), _mask(b))
    table.add_row("eyes apart (px)", f"{a.quality.face_size_px:.0f}", f"{b.quality.face_size_px:.0f}")
    table.add_row("sharpness / brightness", _qual(a), _qual(b))
    table.add_row("faces in image", str(result.card_faces), str(result.face_faces))
    out.print(table)
    out.print(f"[dim]licence of pack {engine.pack.name}: {engine.pack.licence.summary}[/dim]")


def _record(
    store: SqlCaseStore,
    result: Any,
    card: bytes,
    face: bytes,
    operator: str | None,
    customer: str | None,
    outcome: OutcomeChoice | None,
    request_id: str,
    note: str = "",
) -> None:
    from app.cases.errors import CaseError
    from app.cli.errors import fail
    from app.cli.record import record_case

    try:
        case = record_case(
            store,
            result=result,
            card=card,
            face=face,
            operator=operator or "",
            customer=customer or "",
            outcome=outcome.outcome if outcome else None,
            request_id=request_id,
            note=note,
            consent=True,  # compare_command refuses --record without --consent
        )
    except (CaseError, ValueError) as exc:
        raise fail(f"the case was not recorded: {exc}") from None
    flags = ", ".join(case.flag_reasons) or "none"
    Console(stderr=True, soft_wrap=True).print(
        f"recorded case {case.case_id} ({case.outcome.value}; flags: {flags})"
    )


def _pose(f: Any) -> str:
    p = f.pose
    return f"{p.pitch:+.1f} / {p.yaw:+.1f} / {p.roll:+.1f} ({p.label})"


def _mask(f: Any) -> str:
    return f"{'yes' if f.is_wearing_mask else 'no'} ({f.mask_probability:.2f})"


def _qual(f: Any) -> str:
    return f"{f.quality.sharpness:.2f} / {f.quality.brightness:.2f}"


def analyze_command(
    images: Annotated[list[Path], typer.Argument(metavar="IMAGE...", help="Images to analyse.")],
    pack: PackOption = None,
    json_out: JsonOption = False,
) -> None:
    """Find and describe every face of each IMAGE (models are loaded once for all).

    Every IMAGE is checked first: one that cannot be opened stops the command before any model
    loads. An image the engine refuses gets its errorCode; the exit code is then 1.
    """
    from app.contract import code_of, face_out, to_wire

    errors = Console(stderr=True, soft_wrap=True)
    unreadable = False
    for path in images:
        try:
            check_readable(path, path.name)
        except UnreadableFile as err:
            unreadable = True
            report_image_error(path, str(err.code), err.message, json_out=json_out, out=errors)
    if unreadable:
        raise typer.Exit(code=1)
    try:
        engine = _engine(pack)
    except EngineError as err:
        if json_out:
            _write_json({"errorCode": str(code_of(err)), "message": err.message})
            raise typer.Exit(code=1) from None
        print_error(err.message, label=f"ERROR {code_of(err)}")
        raise typer.Exit(code=1) from None
    failed = False
    out = Console()
    for path in images:
        label = path.name
        try:
            data, fmt = _read(path, label)
            analysis = engine.analyze(data, fmt, label=label)
        except (EngineError, UnreadableFile) as err:
            failed = True
            report_image_error(path, str(code_of(err)), err.message, json_out=json_out, out=errors)
            continue
        if json_out:
            _write_json({"image": str(path), "faces": [to_wire(face_out(f)) for f in analysis.faces]})
            continue
        out.print(
            f"{path}: {analysis.width}×{analysis.height} {analysis.format}, {len(analysis.faces)} face(s)"
        )
        for i, f in enumerate(analysis.faces):
            x1, y1, x2, y2 = f.box
            out.print(
                f"  #{i} box ({x1:.0f},{y1:.0f})-({x2:.0f},{y2:.0f}) conf {f.detection.score:.3f} "
                f"pose {_pose(f)} mask {_mask(f)} eyes {f.quality.face_size_px:.0f}px"
            )
    if failed:
        raise typer.Exit(code=1)
