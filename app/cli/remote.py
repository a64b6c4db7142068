"""``facecompare compare --server URL``: the same command answered by a Face Compare server."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.console import Console

from app.cli.errors import fail, print_error
from app.client import FaceCompareClient, FaceCompareError, TransportError


def compare_remote(server: str, card: Path, selfie: Path, *, request_id: str, json_out: bool) -> None:
    """Send CARD and SELFIE to ``server`` with the secret of FACECOMPARE_SECRET (or typed at a
    prompt); print its JSON as received (``--json``) or a summary."""
    from app.cli.signin import SECRET_ENV, read_secret

    secret = read_secret(SECRET_ENV, f"X-EKYC-SECRET of {server}")
    if not secret:
        raise typer.BadParameter(
            f"needs the server's secret ({SECRET_ENV} or the prompt)", param_hint="'--server'"
        )
    rid = None if request_id == "cli" else request_id
    try:
        with FaceCompareClient(server, secret) as client:
            result = client.compare(card, selfie, request_id=rid)
    except FaceCompareError as err:
        if json_out:
            sys.stdout.buffer.write(err.body.raw + b"\n")
        else:
            print_error(err.message, label=f"ERROR {err.error_code}")
        raise typer.Exit(code=1) from None
    except (TransportError, OSError) as exc:
        raise fail(f"{server}: {exc}", label="ERROR") from None
    if json_out:
        sys.stdout.buffer.write(result.raw + b"\n")
        sys.stdout.flush()
        return
    v = result.verification
    decision = v.decision if v else "(strict server: no decision)"
    colour = {"MATCH": "green", "REVIEW": "yellow", "NO_MATCH": "red"}.get(decision, "white")
    extra = f" (match ≥ {v.threshold:.3f}) in {v.elapsedMs} ms with pack {v.modelPack}" if v else ""
    Console().print(f"[bold {colour}]{decision}[/] similarity {result.similarity:.4f}{extra} from {server}")
