"""The blocking client."""

from __future__ import annotations

import time
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx

from app.client.errors import FaceCompareError, TransportError
from app.client.images import ImageInput, image
from app.client.models import CompareResult
from app.client.protocol import SECRET_HEADER, Retry, decode, new_request_id, request_kwargs

Source = ImageInput | Path | str | bytes


class FaceCompareClient:
    """Calls a Face Compare server (ours or CLOVA's): ``compare``, ``health``, ``ready``, ``version``.

    ``path`` is the compare endpoint (CLOVA's gateway uses
    ``/ekyc/v1/{domainId}/{signature}/face/compare``); ``timeout`` is per attempt, in seconds.
    """

    def __init__(
        self,
        base_url: str,
        secret: str,
        *,
        path: str = "/compare",
        timeout: float = 60.0,
        connect_timeout: float = 5.0,
        retry: Retry | None = None,
        multipart: bool = False,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.path = path
        self.retry = retry or Retry()
        self.multipart = multipart
        self._http = httpx.Client(
            base_url=base_url,
            headers={SECRET_HEADER: secret},
            timeout=httpx.Timeout(timeout, connect=connect_timeout),
            transport=transport,
        )

    def compare(
        self, card: Source, face: Source, *, request_id: str | None = None, multipart: bool | None = None
    ) -> CompareResult:
        """Compare ``card`` with ``face``; raises FaceCompareError (the API's envelope) or TransportError."""
        kwargs = request_kwargs(
            image(card, default_name="cardImage"),
            image(face, default_name="faceImage"),
            request_id or new_request_id(),
            self.multipart if multipart is None else multipart,
        )
        attempt = 0
        while True:
            try:
                response = self._http.post(self.path, **kwargs)
            except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
                wait = self.retry.wait_after(attempt, None, None)
                if wait is None:
                    raise TransportError(f"cannot reach {self._http.base_url}: {exc}") from None
            except httpx.HTTPError as exc:
                raise TransportError(f"{type(exc).__name__} talking to {self._http.base_url}") from None
            else:
                try:
                    return decode(response)
                except FaceCompareError as err:
                    wait = self.retry.wait_after(attempt, err.status, err.retry_after)
                    if wait is None:
                        raise
            time.sleep(wait)
            attempt += 1

    def _get(self, path: str) -> Any:
        try:
            response = self._http.get(path)
        except httpx.HTTPError as exc:
            raise TransportError(f"{type(exc).__name__} talking to {self._http.base_url}") from None
        return response.status_code, response.json()

    def health(self) -> bool:
        status, body = self._get("/health")
        return bool(status == 200 and body.get("status") == "ok")

    def ready(self) -> bool:
        status, _ = self._get("/ready")
        return bool(status == 200)

    def version(self) -> dict[str, Any]:
        _, body = self._get("/version")
        return dict(body)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> FaceCompareClient:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
