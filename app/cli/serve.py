"""``facecompare serve``: the Face Compare API server (uvicorn, one engine per process)."""

from __future__ import annotations

import os
import shutil
import tempfile
from typing import Annotated

import typer

FACTORY = "app.api.server:served_app"


def serve_command(
    host: Annotated[str, typer.Option("--host", envvar="FACECOMPARE_HOST", help="Address to listen on.")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option("--port", envvar="FACECOMPARE_PORT", help="TCP port.")] = 8000,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            envvar="FACECOMPARE_WORKERS",
            min=1,
            help="Server processes, each with its own engine.",
        ),
    ] = 1,
    pack: Annotated[
        str | None, typer.Option("--pack", help="Model pack (default: FACECOMPARE_MODEL_PACK or auto).")
    ] = None,
    store: Annotated[
        str | None,
        typer.Option("--store", help="requestId store: sqlite:///path or redis://host:port/db."),
    ] = None,
    log_level: Annotated[str, typer.Option("--log-level", envvar="FACECOMPARE_LOG_LEVEL")] = "info",
) -> None:
    """Serve the CLOVA-compatible Face Compare API. The secrets come from FACECOMPARE_SECRETS only."""
    from app.api.settings import ApiSettings

    env = {"FACECOMPARE_WORKERS": str(workers), "FACECOMPARE_LOG_LEVEL": log_level}
    if pack:
        env["FACECOMPARE_MODEL_PACK"] = pack
    if store:
        env["FACECOMPARE_REQUEST_STORE"] = store
    os.environ.update(env)  # every worker process builds its settings from the environment
    settings = ApiSettings()
    if not settings.secrets:
        typer.echo("FACECOMPARE_SECRETS is not set: give at least one secret (comma-separated).", err=True)
        raise typer.Exit(code=2)
    metrics_dir = None
    if workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        metrics_dir = tempfile.mkdtemp(prefix="facecompare-metrics-")
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = metrics_dir  # /metrics sums every worker

    import uvicorn

    from app.api.logs import configure_logging

    configure_logging(log_level)
    try:
        uvicorn.run(
            FACTORY,
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_config=None,
            access_log=False,
            server_header=False,
            timeout_graceful_shutdown=30,
        )
    finally:
        if metrics_dir:
            shutil.rmtree(metrics_dir, ignore_errors=True)
