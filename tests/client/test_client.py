"""The sync and async clients against a real server: typed results, typed errors, retries, timeouts."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest

from app.client import (
    AsyncFaceCompareClient,
    FaceCompareClient,
    FaceCompareError,
    Retry,
    TransportError,
    image,
)
from tests.api.servers import SECRETS, GatedEngine, free_port, new_id, pair, running_server

pytestmark = [pytest.mark.models, pytest.mark.data]


def _blank_png() -> bytes:
    ok, buf = cv2.imencode(".png", np.full((200, 200, 3), 128, np.uint8))
    assert ok
    return buf.tobytes()


@pytest.mark.parametrize("multipart", [False, True])
def test_compare_returns_a_typed_result(server_url: str, multipart: bool) -> None:
    card, selfie = pair()
    with FaceCompareClient(server_url, SECRETS[1], multipart=multipart) as fc:
        result = fc.compare(card, selfie, request_id=new_id())
    assert result.result == "SUCCESS" and 0 <= result.similarity <= 1
    assert result.verification is not None and result.verification.decision in {"MATCH", "REVIEW", "NO_MATCH"}
    assert [f.source for f in result.faces] == ["cardImage", "faceImage"]
    assert len(result.faces[0].feature) == 128 and result.faces[1].attributes.eulerAngle.pose
    assert json.loads(result.raw)["uid"] == result.uid


def test_gateway_path_and_bytes_input(server_url: str) -> None:
    card, selfie = pair()
    path = "/ekyc/v1/domain-1/signature-1/face/compare"
    with FaceCompareClient(server_url, SECRETS[0], path=path) as fc:
        result = fc.compare(card.read_bytes(), image(selfie, name="live"))
    assert result.requestId.startswith("fc-") and result.similarity > 0


def test_errors_are_typed_with_code_status_and_faces(server_url: str) -> None:
    card, selfie = pair()
    with FaceCompareClient(server_url, SECRETS[0]) as fc:
        with pytest.raises(FaceCompareError) as bad:
            fc.compare(card, image(selfie, fmt="png"))
        with pytest.raises(FaceCompareError) as none:
            fc.compare(card, _blank_png())
    assert (bad.value.status, bad.value.error_code) == (400, "UNSUPPORTED_FORMAT")
    assert "faceImage" in bad.value.message and bad.value.uid
    assert (none.value.status, none.value.error_code) == (200, "FACE_NOT_FOUND")
    assert none.value.body.faces is not None and none.value.body.faces[0].source == "cardImage"


def test_wrong_secret_is_not_retried(server_url: str) -> None:
    card, selfie = pair()
    t0 = time.monotonic()
    with FaceCompareClient(server_url, "nope") as fc, pytest.raises(FaceCompareError) as err:
        fc.compare(card, selfie)
    assert err.value.status == 401 and err.value.error_code == "UNAUTHORIZED"
    assert time.monotonic() - t0 < 1.0


def _fill(base: str, card: Path, selfie: Path) -> list[threading.Thread]:
    """Two requests that hold the single thread and the single queue place of a gated server."""

    def go() -> None:
        with FaceCompareClient(base, SECRETS[0]) as fc:
            fc.compare(card, selfie)

    threads = [threading.Thread(target=go) for _ in range(2)]
    for t in threads:
        t.start()
    import httpx

    deadline = time.monotonic() + 10
    while "facecompare_queue_depth 1.0" not in httpx.get(base + "/metrics").text:
        assert time.monotonic() < deadline
        time.sleep(0.02)
    return threads


def test_429_is_retried_after_retry_after(open_engine: Any, tmp_path: Path) -> None:
    gated = GatedEngine(open_engine)
    card, selfie = pair()
    with running_server(lambda: gated, tmp_path, inference_threads=1, queue_size=1) as (base, logs):
        busy = _fill(base, card, selfie)
        threading.Timer(0.3, gated.gate.set).start()
        t0 = time.monotonic()
        with FaceCompareClient(base, SECRETS[0]) as fc:
            result = fc.compare(card, selfie, request_id="retried-1")
        waited = time.monotonic() - t0
        for t in busy:
            t.join()
    codes = [(line["errorCode"], line["requestId"]) for line in logs.lines() if line["event"] == "compare"]
    assert ("TOO_MANY_REQUESTS", None) in codes and (None, "retried-1") in codes
    assert result.requestId == "retried-1" and waited >= 1.0  # Retry-After is at least 1 s


def test_429_surfaces_when_retries_are_exhausted(open_engine: Any, tmp_path: Path) -> None:
    gated = GatedEngine(open_engine)
    card, selfie = pair()
    with running_server(lambda: gated, tmp_path, inference_threads=1, queue_size=1) as (base, _):
        busy = _fill(base, card, selfie)
        try:
            fc = FaceCompareClient(base, SECRETS[0], retry=Retry(attempts=1))
            with fc, pytest.raises(FaceCompareError) as err:
                fc.compare(card, selfie)
        finally:
            gated.gate.set()
            for t in busy:
                t.join()
    assert err.value.status == 429 and err.value.error_code == "TOO_MANY_REQUESTS"
    assert err.value.retry_after is not None and err.value.retry_after >= 1


def test_timeout_and_unreachable_server_are_transport_errors(open_engine: Any, tmp_path: Path) -> None:
    card, selfie = pair()
    gated = GatedEngine(open_engine)
    with running_server(lambda: gated, tmp_path) as (base, _):
        try:
            with FaceCompareClient(base, SECRETS[0], timeout=0.3) as fc, pytest.raises(TransportError):
                fc.compare(card, selfie)
        finally:
            gated.gate.set()
    dead = f"http://127.0.0.1:{free_port()}"
    fc = FaceCompareClient(dead, SECRETS[0], retry=Retry(attempts=3, backoff_s=0.01))
    with fc, pytest.raises(TransportError, match="cannot reach"):
        fc.compare(card, selfie)


def test_async_client_compares_and_reports(server_url: str) -> None:
    card, selfie = pair()

    async def main() -> tuple[Any, ...]:
        async with AsyncFaceCompareClient(server_url, SECRETS[0]) as fc:
            results = await asyncio.gather(*(fc.compare(card, selfie) for _ in range(3)))
            try:
                await fc.compare(card, image(selfie, fmt="tiff"))
            except FaceCompareError as err:
                error = err
            return results, error, await fc.health(), await fc.ready(), await fc.version()

    results, error, healthy, ready, version = asyncio.run(main())
    assert len({r.requestId for r in results}) == 3 and all(r.similarity > 0 for r in results)
    assert error.error_code == "UNSUPPORTED_FORMAT"
    assert healthy and ready and version["modelPack"]["name"] == "open"
