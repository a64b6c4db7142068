"""The asyncio client: :class:`~app.client.sync_client.FaceCompareClient`'s behaviour, awaited."""

from __future__ import annotations

import asyncio
from types import TracebackType
from typing import Any

import httpx

from app.client import core
from app.client.answers import CompareResult
from app.client.core import ClientCore, Reply, Source


class AsyncFaceCompareClient(ClientCore[httpx.AsyncClient, httpx.AsyncBaseTransport]):
    """The asyncio client (see :class:`~app.client.core.ClientCore` for the options)."""

    def _open(self, **options: Any) -> httpx.AsyncClient:
        return httpx.AsyncClient(**options)

    async def _send(self, method: str, path: str, **kwargs: Any) -> Reply:
        try:
            return await self._http.request(method, path, **kwargs)
        except httpx.HTTPError as exc:
            return exc

    async def compare(
        self, card: Source, face: Source, *, request_id: str | None = None, multipart: bool | None = None
    ) -> CompareResult:
        """Compare ``card`` with ``face``; raises FaceCompareError (the API's envelope) or TransportError."""
        call = self._call(card, face, request_id, multipart)
        while (wait := call.settle(await self._send("POST", call.path, **call.kwargs))) is not None:
            await asyncio.sleep(wait)
        assert call.result is not None
        return call.result

    async def health(self) -> bool:
        """True when the server process answers ``/health``."""
        return core.healthy(self._json(await self._send("GET", "/health")))

    async def ready(self) -> bool:
        """True once the server's model pack is loaded and its request store answers."""
        return core.ready(self._json(await self._send("GET", "/ready")))

    async def version(self) -> dict[str, Any]:
        """App, engine and model pack versions, with the pack's licence."""
        return core.version(self._json(await self._send("GET", "/version")))

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> AsyncFaceCompareClient:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()
