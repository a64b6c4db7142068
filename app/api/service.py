"""One compare request on an inference thread: parse, claim the requestId, compare, serialize."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.api.body import BodyKind
from app.api.errors import ApiError
from app.api.logs import get_logger
from app.api.parse import compare_input, read_raw, request_id_of
from app.api.replay import RequestIdStore
from app.api.runtime import EngineHolder
from app.engine.errors import HTTP_STATUS, EngineError, ErrorCode
from app.engine.serialize import compare_json, dumps, engine_error_json, error_json

log = get_logger()


@dataclass(slots=True)
class Outcome:
    """What the event loop sends back, and what it logs."""

    status: int
    body: bytes
    result: str
    error_code: str | None = None
    request_id: str | None = None
    names: dict[str, str] = field(default_factory=dict)


class CompareService:
    """The thread-side pipeline of ``/compare``; every failure becomes the spec's envelope."""

    def __init__(self, engines: EngineHolder, store: RequestIdStore, *, strict: bool) -> None:
        self.engines = engines
        self.store = store
        self.strict = strict

    def _claim(self, request_id: str) -> None:
        if not self.store.claim(request_id):
            raise ApiError(
                ErrorCode.DUPLICATE_REQUEST_ID,
                "This requestId was already used in the last 10 minutes; send a new one.",
                request_id=request_id,
            )

    def _error(self, code: ErrorCode, body: dict[str, object], request_id: str | None) -> Outcome:
        return Outcome(HTTP_STATUS[code], dumps(body), "ERROR", str(code), request_id)

    def run(self, kind: BodyKind, boundary: bytes | None, body: bytes, uid: str) -> Outcome:
        request_id: str | None = None
        names: dict[str, str] = {}
        try:
            raw = read_raw(kind, boundary, body)
            request_id = request_id_of(raw)
            self._claim(request_id)
            inp = compare_input(raw, request_id)
            names = {"cardImage": inp.card.name[:256], "faceImage": inp.face.name[:256]}
            engine = self.engines.get()
            result = engine.compare(inp.card.data, inp.face.data, inp.card.format, inp.face.format)
            payload = compare_json(result, request_id=request_id, uid=uid, strict=self.strict)
            return Outcome(200, dumps(payload), "SUCCESS", None, request_id, names)
        except ApiError as err:
            rid = err.request_id or request_id
            env = error_json(err.code, err.message, request_id=rid, uid=uid, strict=self.strict)
            out = self._error(err.code, env, rid)
        except EngineError as err:
            env = engine_error_json(err, request_id=request_id, uid=uid, strict=self.strict)
            out = self._error(err.code, env, request_id)
        except Exception:
            log.error("compare failed unexpectedly", uid=uid, requestId=request_id, exc_info=True)
            env = error_json(
                ErrorCode.INTERNAL_ERROR,
                f"Internal error; quote uid {uid} to the operator.",
                request_id=request_id,
                uid=uid,
                strict=self.strict,
            )
            out = self._error(ErrorCode.INTERNAL_ERROR, env, request_id)
        out.names = names
        return out
