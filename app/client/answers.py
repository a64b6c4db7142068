"""The client's typed answers: the contract's response models plus the body as received."""

from __future__ import annotations

from pydantic import PrivateAttr

from app.contract import CompareResponse, ErrorResponse


class CompareResult(CompareResponse):
    """A SUCCESS answer of ``/compare``."""

    _raw: bytes = PrivateAttr(default=b"")

    @property
    def raw(self) -> bytes:
        """The response body exactly as received (the server's serializer bytes)."""
        return self._raw


class ErrorBody(ErrorResponse):
    """The error envelope (``errorCode`` is absent when the server runs in strict mode)."""

    _raw: bytes = PrivateAttr(default=b"")

    @property
    def raw(self) -> bytes:
        """The response body exactly as received."""
        return self._raw
