"""Errors raised by the client: one for answers of the API, one for the network."""

from __future__ import annotations

from app.client.answers import ErrorBody


class FaceCompareError(Exception):
    """The API answered ``result: ERROR`` (HTTP 200 for FACE_NOT_FOUND / FACE_TOO_SMALL, else 4xx/5xx)."""

    def __init__(self, status: int, body: ErrorBody, retry_after: float | None = None) -> None:
        super().__init__(f"{body.errorCode or 'ERROR'} (HTTP {status}): {body.message}")
        self.status = status
        self.body = body
        self.retry_after = retry_after

    @property
    def error_code(self) -> str | None:
        return self.body.errorCode

    @property
    def message(self) -> str:
        return self.body.message

    @property
    def uid(self) -> str | None:
        return self.body.uid


class TransportError(Exception):
    """The server could not be reached, timed out, or answered something that is not the API."""
