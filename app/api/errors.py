"""The API's own refusals (before the engine runs) and the error response in the spec's envelope."""

from __future__ import annotations

from starlette.responses import Response

from app.contract import HTTP_STATUS, ErrorCode, dumps, error_envelope

JSON = "application/json"


class ApiError(Exception):
    """A request refused with ``code``; ``message`` is a human sentence (no bytes, no trace)."""

    def __init__(
        self,
        code: ErrorCode,
        message: str,
        *,
        request_id: str | None = None,
        headers: dict[str, str] | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(message)
        #: the HTTP status when it is not the code's own (408 for a body that stopped arriving)
        self.status = status
        self.code = code
        self.message = message
        self.request_id = request_id
        self.headers = headers or {}


def error_response(
    code: ErrorCode,
    message: str,
    *,
    uid: str,
    request_id: str | None = None,
    strict: bool = False,
    status: int | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """The spec's error envelope as a response (status from the code unless given)."""
    body = dumps(error_envelope(code, message, request_id=request_id, uid=uid, strict=strict))
    return Response(body, status_code=status or HTTP_STATUS[code], media_type=JSON, headers=headers)
