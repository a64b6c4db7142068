"""The blocking client; everything but the I/O is :class:`~app.client.core.ClientCore`'s."""

from __future__ import annotations

import time
from types import TracebackType
from typing import Any

import httpx

from app.client import core
from app.client.answers import CompareResult
from app.client.core import ClientCore, Reply, Source


class FaceCompareClient(ClientCore[httpx.Client, httpx.BaseTransport]):
    """The blocking client (see :class:`~app.client.core.ClientCore` for the options)."""

    def _open(self, **options: Any) -> httpx.Client:
        return httpx.Client(**options)

    def _send(self, method: str, path: str, **kwargs: Any) -> Reply:
        try:
            return self._http.request(method, path, **kwargs)
        except httpx.HTTPError as exc:
            return exc

    def compare(
        self, card: Source, face: Source, *, request_id: str | None = None, multipart: bool | None = None
    ) -> CompareResult:
        """Compare ``card`` with ``face``; raises FaceCompareError (the API's envelope) or TransportError."""
        call = self._call(card, face, request_id, multipart)
        while (wait := call.settle(self._send("POST", call.path, **call.kwargs))) is not None:
            time.sleep(wait)
        assert call.result is not None
        return call.result

    def health(self) -> bool:
        """True when the server process answers ``/health``."""
        return core.healthy(self._json(self._send("GET", "/health")))

    def ready(self) -> bool:
        """True once the server's model pack is loaded and its request store answers."""
        return core.ready(self._json(self._send("GET", "/ready")))

    def version(self) -> dict[str, Any]:
        """App, engine and model pack versions, with the pack's licence."""
        return core.version(self._json(self._send("GET", "/version")))

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> FaceCompareClient:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
