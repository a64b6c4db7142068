"""Everything the sync and async clients share but the I/O: options, requests, answers, retries."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

import httpx
from pydantic import ValidationError

from app.client.answers import CompareResult, ErrorBody
from app.client.errors import FaceCompareError, TransportError
from app.client.images import ImageInput, image
from app.contract import CARD, FACE, compare_message, compare_request

SECRET_HEADER = "X-EKYC-SECRET"
Source = ImageInput | Path | str | bytes
#: what one HTTP attempt gives back: the response, or the httpx error that stopped it
Reply = httpx.Response | httpx.HTTPError
H = TypeVar("H", httpx.Client, httpx.AsyncClient)
T = TypeVar("T", httpx.BaseTransport, httpx.AsyncBaseTransport)


def new_request_id() -> str:
    """A fresh requestId for a call that was not given one."""
    return f"fc-{uuid.uuid4().hex}"


@dataclass(frozen=True, slots=True)
class Retry:
    """429 is retried after ``Retry-After`` (capped), connection failures after a short backoff."""

    attempts: int = 4
    max_wait_s: float = 30.0
    backoff_s: float = 0.5

    def wait_after(self, attempt: int, status: int | None, retry_after: float | None) -> float | None:
        """Seconds to wait before attempt ``attempt + 1``, or None to give up."""
        if attempt + 1 >= self.attempts:
            return None
        if status == 429:
            return min(self.max_wait_s, retry_after if retry_after is not None else 1.0)
        if status is None:
            return min(self.max_wait_s, self.backoff_s * (2**attempt))
        return None


def request_kwargs(card: ImageInput, face: ImageInput, request_id: str, multipart: bool) -> dict[str, Any]:
    """httpx keyword arguments for a CLOVA-shaped JSON or multipart request."""
    if multipart:
        message = compare_message(request_id, card, face).model_dump()
        return {
            "data": {"message": json.dumps(message)},
            "files": {CARD: (card.name, card.data), FACE: (face.name, face.data)},
        }
    body = compare_request(request_id, card, face).model_dump()
    return {"content": json.dumps(body).encode(), "headers": {"Content-Type": "application/json"}}


def retry_after_of(response: httpx.Response) -> float | None:
    """The ``Retry-After`` header in seconds, if present and numeric."""
    value = response.headers.get("retry-after")
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def decode(response: httpx.Response) -> CompareResult:
    """The typed result, or :class:`FaceCompareError` for an error envelope."""
    try:
        body = response.json()
    except ValueError:
        raise TransportError(f"HTTP {response.status_code} without a JSON body from {response.url}") from None
    try:
        if isinstance(body, dict) and body.get("result") == "SUCCESS" and response.status_code == 200:
            result = CompareResult.model_validate(body)
            result._raw = response.content
            return result
        error = ErrorBody.model_validate(body)
        error._raw = response.content
        raise FaceCompareError(response.status_code, error, retry_after_of(response))
    except ValidationError:
        raise TransportError(
            f"HTTP {response.status_code}: the answer is not the Face Compare API's"
        ) from None


class Call:
    """One ``compare`` call: what each attempt sends, and what each reply means."""

    def __init__(self, base_url: httpx.URL, path: str, kwargs: dict[str, Any], retry: Retry) -> None:
        self.base_url = base_url
        self.path = path
        self.kwargs = kwargs
        self.retry = retry
        self.attempt = 0
        self.result: CompareResult | None = None

    def settle(self, reply: Reply) -> float | None:
        """Seconds to wait before the next attempt, or None once :attr:`result` is set.

        Raises :class:`FaceCompareError` or :class:`TransportError` when no attempt is left.
        """
        if isinstance(reply, (httpx.ConnectError, httpx.ConnectTimeout)):
            wait = self.retry.wait_after(self.attempt, None, None)
            if wait is None:
                raise TransportError(f"cannot reach {self.base_url}: {reply}") from None
        elif isinstance(reply, httpx.HTTPError):
            raise transport_error(reply, self.base_url)
        else:
            try:
                self.result = decode(reply)
                return None
            except FaceCompareError as err:
                wait = self.retry.wait_after(self.attempt, err.status, err.retry_after)
                if wait is None:
                    raise
        self.attempt += 1
        return wait


def transport_error(exc: httpx.HTTPError, base_url: httpx.URL) -> TransportError:
    """An httpx failure as the client's TransportError (its type, never its details)."""
    return TransportError(f"{type(exc).__name__} talking to {base_url}")


class ClientCore(Generic[H, T]):
    """A Face Compare client (ours or CLOVA's server): ``compare``, ``health``, ``ready``, ``version``.

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
        transport: T | None = None,
    ) -> None:
        self.path = path
        self.retry = retry or Retry()
        self.multipart = multipart
        self._http: H = self._open(
            base_url=base_url,
            headers={SECRET_HEADER: secret},
            timeout=httpx.Timeout(timeout, connect=connect_timeout),
            transport=transport,
        )

    def _open(self, **options: Any) -> H:
        """The httpx client (sync or async) with these options."""
        raise NotImplementedError

    def _call(self, card: Source, face: Source, request_id: str | None, multipart: bool | None) -> Call:
        kwargs = request_kwargs(
            image(card, default_name=CARD),
            image(face, default_name=FACE),
            request_id or new_request_id(),
            self.multipart if multipart is None else multipart,
        )
        return Call(self._http.base_url, self.path, kwargs, self.retry)

    def _json(self, reply: Reply) -> tuple[int, Any]:
        """Status and JSON body of a GET's reply (a failed GET is a TransportError)."""
        if isinstance(reply, httpx.HTTPError):
            raise transport_error(reply, self._http.base_url)
        return reply.status_code, reply.json()


def healthy(answer: tuple[int, Any]) -> bool:
    """``/health`` answered 200 ``{"status": "ok"}``."""
    status, body = answer
    return bool(status == 200 and body.get("status") == "ok")


def ready(answer: tuple[int, Any]) -> bool:
    """``/ready`` answered 200."""
    return answer[0] == 200


def version(answer: tuple[int, Any]) -> dict[str, Any]:
    """``/version``'s body."""
    return dict(answer[1])
