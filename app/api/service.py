"""One compare request on an inference thread: parse, claim the requestId, compare, serialize."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.api.body import BodyKind
from app.api.errors import ApiError
from app.api.logs import get_logger
from app.api.parse import compare_input, read_raw, request_id_of
from app.api.replay import RequestIdStore, StoreUnavailable
from app.api.runtime import EngineHolder
from app.contract import (
    CARD,
    FACE,
    HTTP_STATUS,
    ErrorCode,
    Failure,
    code_of,
    compare_response,
    dumps,
    envelope_of,
)
from app.engine.errors import EngineError

log = get_logger()
#: Retry-After of a 503 when the request-ID store cannot be written
STORE_RETRY_AFTER_S = 5


@dataclass(slots=True)
class Outcome:
    """What the event loop sends back, and what it logs."""

    status: int
    body: bytes
    result: str
    error_code: str | None = None
    request_id: str | None = None
    names: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def refused(cls, err: Failure, *, uid: str, strict: bool, request_id: str | None) -> Outcome:
        """The spec's error envelope for ``err``, with the HTTP status of its code (or the
        ``status`` and ``headers`` an ``ApiError`` carries)."""
        code = code_of(err)
        body = envelope_of(err, request_id=request_id, uid=uid, strict=strict)
        status = getattr(err, "status", None) or HTTP_STATUS[code]
        headers = dict(getattr(err, "headers", None) or {})
        return cls(status, dumps(body), "ERROR", str(code), request_id, headers=headers)


class CompareService:
    """The thread-side pipeline of ``/compare``; every failure becomes the spec's envelope."""

    def __init__(self, engines: EngineHolder, store: RequestIdStore, *, strict: bool) -> None:
        self.engines = engines
        self.store = store
        self.strict = strict

    def _claim(self, request_id: str) -> None:
        try:
            taken = self.store.claim(request_id)
        except StoreUnavailable as err:
            # nothing was used up: the same id may be sent again, here later or to another server
            raise ApiError(
                ErrorCode.INTERNAL_ERROR,
                f"{err} The requestId was not used up; retry later or on another server (see /ready).",
                request_id=request_id,
                status=503,
                headers={"Retry-After": str(STORE_RETRY_AFTER_S)},
            ) from None
        if not taken:
            raise ApiError(
                ErrorCode.DUPLICATE_REQUEST_ID,
                "This requestId was already used in the last 10 minutes; send a new one.",
                request_id=request_id,
            )

    def run(self, kind: BodyKind, boundary: bytes | None, body: bytes, uid: str) -> Outcome:
        request_id: str | None = None
        names: dict[str, str] = {}
        try:
            raw = read_raw(kind, boundary, body)
            request_id = request_id_of(raw)
            self._claim(request_id)
            card, face = compare_input(raw, request_id)
            names = {CARD: card.name[:256], FACE: face.name[:256]}
            engine = self.engines.get()
            result = engine.compare(card.data, face.data, card.format, face.format)
            payload = compare_response(result, request_id=request_id, uid=uid, strict=self.strict)
            return Outcome(200, dumps(payload), "SUCCESS", None, request_id, names)
        except ApiError as err:
            rid = err.request_id or request_id
            out = Outcome.refused(err, uid=uid, strict=self.strict, request_id=rid)
        except EngineError as err:
            out = Outcome.refused(err, uid=uid, strict=self.strict, request_id=request_id)
        except Exception:
            log.error("compare failed unexpectedly", uid=uid, requestId=request_id, exc_info=True)
            internal = ApiError(ErrorCode.INTERNAL_ERROR, f"Internal error; quote uid {uid} to the operator.")
            out = Outcome.refused(internal, uid=uid, strict=self.strict, request_id=request_id)
        out.names = names
        return out
