"""``facecompare serve``: the Face Compare API server (uvicorn, one engine per process)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from app.cli.choices import LogLevel

FACTORY = "app.api.server:served_app"
#: seconds a worker process may take to answer uvicorn's health ping before it is replaced
WORKER_PING_TIMEOUT_S = 60


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
            min=0,
            help="Server processes, each with its own engine; 0 = one per usable core.",
        ),
    ] = 0,
    pack: Annotated[
        str | None, typer.Option("--pack", help="Model pack (default: FACECOMPARE_MODEL_PACK or auto).")
    ] = None,
    store: Annotated[
        str | None,
        typer.Option("--store", help="requestId store: sqlite:///path or redis://host:port/db."),
    ] = None,
    log_level: Annotated[
        LogLevel, typer.Option("--log-level", envvar="FACECOMPARE_LOG_LEVEL", case_sensitive=False)
    ] = LogLevel.info,
) -> None:
    """Serve the CLOVA-compatible Face Compare API. The secrets come from FACECOMPARE_SECRETS only.

    By default every usable core gets its own server process with one inference thread
    (docs/api.md, "Processes and threads").
    """
    from app.api.cores import usable_cores

    processes = workers or usable_cores()
    env = {"FACECOMPARE_WORKERS": str(processes), "FACECOMPARE_LOG_LEVEL": log_level.value}
    if pack:
        env["FACECOMPARE_MODEL_PACK"] = pack
    if store:
        env["FACECOMPARE_REQUEST_STORE"] = store
    os.environ.update(env)  # every worker process builds its settings from the environment
    from app.api.settings import ApiSettings

    try:
        settings = ApiSettings()
    except ValueError as err:
        typer.echo(f"Invalid server setting: {_first_error(err)}", err=True)
        raise typer.Exit(code=2) from None
    if not settings.secrets:
        typer.echo("FACECOMPARE_SECRETS is not set: give at least one secret (comma-separated).", err=True)
        raise typer.Exit(code=2)
    run_dir = Path(tempfile.mkdtemp(prefix="facecompare-serve-")) if processes > 1 else None
    if run_dir is not None:
        # /metrics sums every process; /ready waits for every process's model pack
        if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            (run_dir / "metrics").mkdir()
            os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(run_dir / "metrics")
        os.environ["FACECOMPARE_READY_DIR"] = str(run_dir / "ready")
    else:
        os.environ.pop("FACECOMPARE_READY_DIR", None)

    import uvicorn

    from app.api.connections import uvicorn_options
    from app.api.limits import raise_open_file_limit
    from app.api.logs import configure_logging, get_logger

    configure_logging(log_level.value)
    files_before, files = raise_open_file_limit()  # the worker processes inherit it
    limits = settings.connection_limits
    get_logger().info(
        "serve",
        processes=processes,
        threads=settings.threads,
        nativeThreads=settings.library_threads,
        queueLimit=settings.queue_limit,
        usableCores=usable_cores(),
        openFiles=files,
        openFilesBefore=files_before,
        maxConnections=limits.cap,
        headerTimeoutS=limits.header_timeout_s,
        bodyTimeoutS=limits.body_timeout_s,
        bodyDeadlineS=limits.body_deadline_s,
        keepAliveS=settings.keep_alive_s,
    )
    try:
        uvicorn.run(
            FACTORY,
            factory=True,
            host=host,
            port=port,
            workers=processes,
            log_config=None,
            access_log=False,
            server_header=False,
            timeout_graceful_shutdown=30,
            # uvicorn restarts a worker that does not answer its supervisor's ping in time; its
            # 5 s default killed workers still importing OpenCV and dlib on a loaded machine
            timeout_worker_healthcheck=WORKER_PING_TIMEOUT_S,
            # head and body timeouts, the connection cap and keep-alive (app/api/connections.py)
            **uvicorn_options(settings, spawned=True),
        )
    finally:
        if run_dir is not None:
            shutil.rmtree(run_dir, ignore_errors=True)


def _first_error(err: ValueError) -> str:
    """The first line of a settings error, without pydantic's help links."""
    errors = getattr(err, "errors", None)
    if callable(errors):
        first = errors()[0]
        where = ".".join(str(x) for x in first.get("loc", ()))
        return f"FACECOMPARE_{where.upper()}: {first.get('msg', '')}" if where else str(first.get("msg"))
    return str(err).splitlines()[0]
