"""Request building, response decoding and the retry rule shared by the sync and async clients."""

from __future__ import annotations

import base64
import json
import uuid
from dataclasses import dataclass
from typing import Any

import httpx
from pydantic import ValidationError

from app.client.errors import FaceCompareError, TransportError
from app.client.images import ImageInput
from app.client.models import CompareResult, ErrorBody

SECRET_HEADER = "X-EKYC-SECRET"


def new_request_id() -> str:
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
        message = {
            "requestId": request_id,
            "cardImage": {"name": card.name, "format": card.format},
            "faceImage": {"name": face.name, "format": face.format},
        }
        return {
            "data": {"message": json.dumps(message)},
            "files": {"cardImage": (card.name, card.data), "faceImage": (face.name, face.data)},
        }
    body = {
        "requestId": request_id,
        "cardImage": {"name": card.name, "format": card.format, "data": base64.b64encode(card.data).decode()},
        "faceImage": {"name": face.name, "format": face.format, "data": base64.b64encode(face.data).decode()},
    }
    return {"content": json.dumps(body).encode(), "headers": {"Content-Type": "application/json"}}


def retry_after_of(response: httpx.Response) -> float | None:
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
