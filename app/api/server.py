"""The ASGI app: ``/compare`` (three paths), ``/health``, ``/ready``, ``/version``, ``/metrics``.

``create_app`` is the uvicorn factory (``app.api.server:create_app``); each server process
builds its own app, loads its own engine once and opens its own handle on the request store.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app import __version__
from app.api.auth import HEADER, check_secret
from app.api.body import media_kind, read_body
from app.api.errors import JSON, ApiError, error_response
from app.api.logs import configure_logging, get_logger
from app.api.metrics import CONTENT_TYPE, Metrics
from app.api.openapi import COMPARE_OPENAPI, build_openapi
from app.api.pool import InferencePool, QueueFull
from app.api.readiness import ProcessReadiness
from app.api.replay import RequestIdStore, open_store
from app.api.runtime import EngineHolder
from app.api.service import CompareService, Outcome
from app.api.settings import ApiSettings
from app.contract import ENGINE_NAME, ErrorCode, Health, Ready, VersionInfo, new_uid

if TYPE_CHECKING:
    from app.engine.engine import Engine

log = get_logger()
COMPARE_PATHS = ("/compare", "/face/compare")
GATEWAY_PATH = "/ekyc/v1/{domainId}/{signature}/face/compare"


@dataclass
class ServerState:
    settings: ApiSettings
    engines: EngineHolder
    pool: InferencePool
    metrics: Metrics
    readiness: ProcessReadiness
    store: RequestIdStore | None = None
    service: CompareService | None = None


def _default_factory(settings: ApiSettings) -> Callable[[], Engine]:
    def load() -> Engine:
        from app.engine.config import EngineSettings
        from app.engine.engine import Engine

        engine_settings = EngineSettings()
        if engine_settings.threads is None:  # onnxruntime's intra-op pool: this process's share
            engine_settings = engine_settings.model_copy(update={"threads": settings.library_threads})
        return Engine(settings.model_pack, engine_settings, warm_up=True)

    return load


def _state(request: Request) -> ServerState:
    state: ServerState = request.app.state.fc
    return state


async def compare(request: Request) -> Response:
    """Compare the face on ``cardImage`` with the face in ``faceImage`` (CLOVA Face Compare)."""
    st = _state(request)
    t0 = time.perf_counter()
    uid = new_uid()
    try:
        check_secret(request.headers.get(HEADER), st.settings.secrets)
        kind, boundary = media_kind(request.headers.get("content-type"))
        limits = st.settings
        body = await read_body(request, limits.max_body_bytes, limits.body_timeout_s, limits.body_deadline_s)
        assert st.service is not None
        try:
            out = await st.pool.run(partial(st.service.run, kind, boundary, body, uid))
        except QueueFull as full:
            # Closing the connection lets the retry reach whichever process accepts it first,
            # instead of the busy one that holds this keep-alive connection.
            raise ApiError(
                ErrorCode.TOO_MANY_REQUESTS,
                f"The server is busy; retry in {full.retry_after} s.",
                headers={"Retry-After": str(full.retry_after), "Connection": "close"},
            ) from None
        finally:
            st.metrics.queue_depth.set(st.pool.waiting)
    except ApiError as err:
        out = Outcome.refused(err, uid=uid, strict=st.settings.strict, request_id=err.request_id)
    headers = out.headers
    elapsed = time.perf_counter() - t0
    st.metrics.observe(out.result, out.error_code, elapsed)
    log.info(
        "compare",
        uid=uid,
        requestId=out.request_id,
        status=out.status,
        result=out.result,
        errorCode=out.error_code,
        latencyMs=round(elapsed * 1000.0, 1),
        path=request.url.path,
        **out.names,
    )
    return Response(out.body, status_code=out.status, media_type=JSON, headers=headers)


async def compare_gateway(request: Request, domainId: str, signature: str) -> Response:
    """Same as ``/compare``, on the path shape of CLOVA's API gateway."""
    return await compare(request)


async def health() -> Health:
    """Liveness of the process."""
    return Health(status="ok")


async def ready(request: Request) -> JSONResponse:
    """200 once every server process has loaded and warmed up the model pack and the
    request-ID store answers."""
    st = _state(request)
    store = st.store
    # a real write (it may wait for SQLite's lock): off the event loop
    store_ok = store is not None and await asyncio.to_thread(store.ping)
    engine = st.engines.engine
    others = st.readiness.waiting_for() if engine is not None else None
    store_says = None
    if store is not None and not store_ok:
        store_says = f"The request-ID store ({store.kind}) cannot be written: {store.problem or 'no answer'}."
    details = [d for d in (st.engines.failure, others, store_says) if d]
    body = Ready(
        status="ready" if (engine is not None and store_ok and others is None) else "not ready",
        modelPack=engine.pack.name if engine is not None else None,
        requestStore="ok" if store_ok else "unavailable",
        detail=" ".join(details) or None,
    )
    status = 200 if body.status == "ready" else 503
    return JSONResponse(body.model_dump(exclude_none=True), status_code=status)


async def version(request: Request) -> VersionInfo:
    """App and engine versions, the loaded pack with its files' sha256 and its licence grant."""
    engine = _state(request).engines.engine
    return VersionInfo(
        app=f"facecompare {__version__}",
        engine=ENGINE_NAME,
        modelPack=engine.pack.summary() if engine is not None else None,
        api="CLOVA eKYC Face Compare compatible",
    )


async def metrics(request: Request) -> Response:
    """Prometheus text format."""
    st = _state(request)
    st.metrics.queue_depth.set(st.pool.waiting)
    st.metrics.running.set(st.pool.admitted - st.pool.waiting)
    return Response(st.metrics.render(), media_type=CONTENT_TYPE)


class CatchAll:
    """Outermost guard: an unexpected exception becomes a 500 envelope, logged without traceback."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception:
            uid = new_uid()
            log.error("request failed unexpectedly", uid=uid, path=scope.get("path"), exc_info=True)
            if not started:
                resp = error_response(
                    ErrorCode.INTERNAL_ERROR, f"Internal error; quote uid {uid} to the operator.", uid=uid
                )
                await resp(scope, receive, send)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    message = "No such endpoint." if exc.status_code == 404 else f"HTTP {exc.status_code}: {exc.detail}"
    return error_response(ErrorCode.INVALID_REQUEST, message, uid=new_uid(), status=exc.status_code)


def create_app(
    settings: ApiSettings | None = None, engine_factory: Callable[[], Engine] | None = None
) -> FastAPI:
    """The Face Compare API; ``engine_factory`` (tests) replaces loading ``settings.model_pack``."""
    settings = settings or ApiSettings()
    if not settings.secrets:
        raise ValueError("FACECOMPARE_SECRETS is empty: set at least one secret (comma-separated).")
    meters = Metrics()
    readiness = ProcessReadiness(settings.ready_dir, settings.processes)

    def loaded(seconds: float) -> None:
        meters.model_load.set(seconds)
        readiness.mark_ready()

    state = ServerState(
        settings=settings,
        engines=EngineHolder(engine_factory or _default_factory(settings), on_loaded=loaded),
        pool=InferencePool(settings.threads, settings.queue_limit),
        metrics=meters,
        readiness=readiness,
    )

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        state.store = open_store(settings.request_store, settings.request_id_ttl_s)
        state.service = CompareService(state.engines, state.store, strict=settings.strict)
        state.engines.start()
        log.info(
            "server starting",
            processes=settings.processes,
            threads=settings.threads,
            nativeThreads=settings.library_threads,
            queueLimit=settings.queue_limit,
            requestStore=state.store.kind,
            maxBodyMb=settings.max_body_mb,
        )
        try:
            yield
        finally:
            readiness.clear()
            state.pool.shutdown()
            state.store.close()

    app = FastAPI(
        title="Face Compare API",
        version=__version__,
        description="Compares the face on an identity document with a live photo (CLOVA eKYC compatible).",
        lifespan=lifespan,
    )
    app.state.fc = state
    common: dict[str, Any] = {"methods": ["POST"], "openapi_extra": COMPARE_OPENAPI, "tags": ["compare"]}
    for path in COMPARE_PATHS:
        app.add_api_route(path, compare, operation_id="compare" + path.replace("/", "_"), **common)
    app.add_api_route(GATEWAY_PATH, compare_gateway, operation_id="compare_gateway", **common)
    ops: dict[str, Any] = {"methods": ["GET"], "tags": ["ops"]}
    text = {"content": {"text/plain": {"schema": {"type": "string"}}}}
    app.add_api_route("/health", health, response_model=Health, **ops)
    app.add_api_route("/ready", ready, responses={200: {"model": Ready}, 503: {"model": Ready}}, **ops)
    app.add_api_route("/version", version, response_model=VersionInfo, **ops)
    app.add_api_route("/metrics", metrics, responses={200: text}, **ops)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_middleware(CatchAll)
    app.openapi = partial(build_openapi, app)  # type: ignore[method-assign]
    return app


def served_app() -> FastAPI:
    """The uvicorn factory of ``facecompare serve``: settings from the environment, JSON logs."""
    settings = ApiSettings()
    configure_logging(settings.log_level)
    _quiet_opencv()
    _limit_opencv_threads(settings.library_threads)
    return create_app(settings)


def _quiet_opencv() -> None:
    """OpenCV prints its warnings straight to stderr; keep the log JSON-only (errors still show)."""
    import cv2

    cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_ERROR)


def _limit_opencv_threads(threads: int) -> None:
    """OpenCV's own pool (resizing, the YuNet detector) gets this process's share of
    the cores, so N processes on N cores do not start N × N threads."""
    import cv2

    cv2.setNumThreads(threads)
