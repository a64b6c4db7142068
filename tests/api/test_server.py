"""Operations: /health, /ready, /version, /metrics, OpenAPI, body limit, 429, logs, 500."""

from __future__ import annotations

import hashlib
import os
import re
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.api.servers import (
    SECRETS,
    FailingEngine,
    GatedEngine,
    json_body,
    multipart,
    new_id,
    pair,
    post,
    running_server,
)

pytestmark = [pytest.mark.models, pytest.mark.data]


def test_health_ready_version(base_url: str, open_engine: Any) -> None:
    assert httpx.get(base_url + "/health").json() == {"status": "ok"}
    ready = httpx.get(base_url + "/ready")
    assert ready.status_code == 200 and ready.json()["modelPack"] == "open"
    info = httpx.get(base_url + "/version").json()
    assert info["engine"] == "facecompare/0.1.0" and info["modelPack"]["name"] == "open"
    assert info["modelPack"]["licence"]["grant"] == "open"
    files = info["modelPack"]["files"]
    yunet = open_engine.pack.path("detector_yunet")
    assert files[yunet.name] == hashlib.sha256(yunet.read_bytes()).hexdigest()
    assert all(re.fullmatch(r"[0-9a-f]{64}", sha) for sha in files.values()) and len(files) == 3


def test_ready_turns_200_only_after_the_engine_is_loaded(open_engine: Any, tmp_path: Path) -> None:
    loaded = threading.Event()

    def slow_load() -> Any:
        assert loaded.wait(30)
        return open_engine

    with running_server(slow_load, tmp_path) as (base, _):
        assert httpx.get(base + "/health").status_code == 200
        waiting = httpx.get(base + "/ready")
        assert waiting.status_code == 503 and waiting.json()["status"] == "not ready"
        loaded.set()
        deadline = time.monotonic() + 10
        while httpx.get(base + "/ready").status_code != 200:
            assert time.monotonic() < deadline
            time.sleep(0.02)
        assert "facecompare_model_load_seconds" in httpx.get(base + "/metrics").text


def test_ready_waits_for_every_server_process(open_engine: Any, tmp_path: Path) -> None:
    """As under ``facecompare serve`` with two processes: this one and a peer marking the folder."""
    marks = tmp_path / "ready"
    with running_server(lambda: open_engine, tmp_path, workers=2, ready_dir=marks) as (base, _):
        wait = time.monotonic() + 10
        while not (marks / str(os.getpid())).exists():  # this process has loaded its pack
            assert time.monotonic() < wait
            time.sleep(0.02)
        alone = httpx.get(base + "/ready")
        dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True)
        (marks / dead.stdout.decode().strip()).touch()  # a peer that died after loading
        dead_peer = httpx.get(base + "/ready")
        (marks / str(os.getppid())).touch()  # a living peer (pytest's parent stands in for it)
        both = httpx.get(base + "/ready")
    assert alone.status_code == 503 and alone.json()["detail"] == (
        "1 of 2 server processes have loaded the model pack."
    )
    assert dead_peer.status_code == 503 and both.status_code == 200
    assert not (marks / str(os.getpid())).exists()  # a process that stops takes its mark away


def test_ready_is_503_when_the_request_store_does_not_answer(open_engine: Any, tmp_path: Path) -> None:
    with running_server(lambda: open_engine, tmp_path, request_store="redis://127.0.0.1:1/0") as (base, _):
        time.sleep(0.2)
        res = httpx.get(base + "/ready")
    assert res.status_code == 503 and res.json()["requestStore"] == "unavailable"


def test_openapi_documents_every_endpoint_and_both_bodies(base_url: str) -> None:
    spec = httpx.get(base_url + "/openapi.json").json()
    assert set(spec["paths"]) == {
        "/compare",
        "/face/compare",
        "/ekyc/v1/{domainId}/{signature}/face/compare",
        "/health",
        "/ready",
        "/version",
        "/metrics",
    }
    op = spec["paths"]["/compare"]["post"]
    assert set(op["requestBody"]["content"]) == {"application/json", "multipart/form-data"}
    assert {"200", "400", "401", "409", "413", "415", "429", "500"} <= set(op["responses"])
    assert spec["components"]["securitySchemes"]["ekycSecret"]["name"] == "X-EKYC-SECRET"
    props = spec["components"]["schemas"]["CompareRequest"]["properties"]
    assert set(props) == {"requestId", "cardImage", "faceImage"}
    assert httpx.get(base_url + "/docs").status_code == 200


def test_metrics_count_results_and_error_codes(base_url: str) -> None:
    card, selfie = pair()
    post(base_url, json=json_body(card.read_bytes(), selfie.read_bytes()))
    post(base_url, content=b"x", headers={"Content-Type": "text/plain"})
    text = httpx.get(base_url + "/metrics").text
    assert re.search(r'facecompare_requests_total\{errorCode="",result="SUCCESS"\} [1-9]', text)
    assert re.search(
        r'facecompare_requests_total\{errorCode="UNSUPPORTED_MEDIA_TYPE",result="ERROR"\} [1-9]', text
    )
    assert 'facecompare_request_seconds_bucket{le="0.5",result="SUCCESS"}' in text
    assert "facecompare_queue_depth" in text and "facecompare_model_load_seconds" in text


def _raw_http(port: int, head: bytes, chunks: list[bytes], pause: float = 0.0) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(head)
        for chunk in chunks:
            sock.sendall(chunk)
            time.sleep(pause)
        sock.shutdown(socket.SHUT_WR)
        out = b""
        while data := sock.recv(65536):
            out += data
    return out


def test_declared_oversize_body_is_refused_before_it_is_sent(open_engine: Any, tmp_path: Path) -> None:
    with running_server(lambda: open_engine, tmp_path, max_body_mb=0.05) as (base, _):
        port = int(base.rsplit(":", 1)[1])
        head = (
            f"POST /compare HTTP/1.1\r\nHost: x\r\nX-EKYC-SECRET: {SECRETS[0]}\r\n"
            "Content-Type: application/json\r\nContent-Length: 104857600\r\n\r\n"
        ).encode()
        t0 = time.monotonic()
        answer = _raw_http(port, head, [])
    assert answer.startswith(b"HTTP/1.1 413") and b'"PAYLOAD_TOO_LARGE"' in answer
    assert time.monotonic() - t0 < 5


def test_streamed_body_stops_at_the_limit(open_engine: Any, tmp_path: Path) -> None:
    with running_server(lambda: open_engine, tmp_path, max_body_mb=0.05) as (base, logs):
        port = int(base.rsplit(":", 1)[1])
        head = (
            f"POST /compare HTTP/1.1\r\nHost: x\r\nX-EKYC-SECRET: {SECRETS[0]}\r\n"
            "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        ).encode()
        piece = b"a" * 16384
        chunk = b"%x\r\n%s\r\n" % (len(piece), piece)
        answer = _raw_http(port, head, [chunk] * 5 + [b"0\r\n\r\n"], pause=0.01)
    assert answer.startswith(b"HTTP/1.1 413") and b'"PAYLOAD_TOO_LARGE"' in answer
    assert [line["errorCode"] for line in logs.lines() if line["event"] == "compare"] == ["PAYLOAD_TOO_LARGE"]


def test_full_queue_answers_429_with_retry_after_at_once(open_engine: Any, tmp_path: Path) -> None:
    gated = GatedEngine(open_engine)
    card, selfie = pair()
    a, b = card.read_bytes(), selfie.read_bytes()
    with running_server(lambda: gated, tmp_path, inference_threads=1, queue_size=1) as (base, _):
        with ThreadPoolExecutor(2) as ex:
            busy = [ex.submit(post, base, json=json_body(a, b)) for _ in range(2)]
            deadline = time.monotonic() + 10
            while "facecompare_queue_depth 1.0" not in httpx.get(base + "/metrics").text:
                assert time.monotonic() < deadline, "the two requests never filled the pool"
                time.sleep(0.02)
            t0 = time.monotonic()
            refused = post(base, json=json_body(a, b))
            refused_in = time.monotonic() - t0
            gated.gate.set()
            done = [f.result() for f in busy]
        after = post(base, json=json_body(a, b))
    assert refused.status_code == 429 and refused.json()["errorCode"] == "TOO_MANY_REQUESTS"
    assert int(refused.headers["Retry-After"]) >= 1 and refused_in < 1.0
    assert refused.headers["Connection"] == "close"  # the retry may reach a less busy process
    assert [r.status_code for r in done] == [200, 200] and after.status_code == 200


def test_unexpected_failure_is_500_envelope_and_logs_hold_no_secrets_bytes_or_traces(
    open_engine: Any, tmp_path: Path
) -> None:
    card, selfie = pair()
    a, b = card.read_bytes(), selfie.read_bytes()
    body = json_body(a, b)
    with running_server(lambda: FailingEngine(open_engine), tmp_path) as (base, logs):
        crashed = post(base, json=body)
        post(base, secret="wrong-secret-5d1e", json=json_body(a, b))
        post(base, **multipart(a, b))
        post(base, json=json_body(a, b"\x89PNG\r\n\x1a\n-private-pixels-", face_format="png"))
    with running_server(lambda: open_engine, tmp_path) as (base, ok_logs):
        good = post(base, json=json_body(a, b))
        post(base, json=json_body(a, b"garbage", request_id=new_id()))
    assert crashed.status_code == 500 and crashed.json()["errorCode"] == "INTERNAL_ERROR"
    assert crashed.json()["uid"] in crashed.json()["message"]
    assert "sensitive-detail" not in crashed.text and "Traceback" not in crashed.text
    assert good.status_code == 200
    text = logs.getvalue() + ok_logs.getvalue()
    for forbidden in [
        *SECRETS,
        "wrong-secret-5d1e",
        "sensitive-detail",
        "/srv/secret",
        "Traceback",
        'File "',
    ]:
        assert forbidden not in text, forbidden
    for image in (a, b):
        encoded = json_body(image, image)["cardImage"]["data"]
        assert all(encoded[i : i + 32] not in text for i in range(0, len(encoded) - 32, 4096))
    assert "private-pixels" not in text
    lines = [line for line in logs.lines() + ok_logs.lines() if line["event"] == "compare"]
    assert len(lines) == 6
    for line in lines:
        assert re.fullmatch(r"[0-9a-f]{32}", line["uid"]) and line["latencyMs"] >= 0 and line["pid"] > 0
    crash_log = next(line for line in logs.lines() if line["event"] == "compare failed unexpectedly")
    assert crash_log["uid"] == crashed.json()["uid"] and crash_log["error_type"] == "RuntimeError"
    assert lines[0]["requestId"] == body["requestId"] and lines[0]["cardImage"] == "identification-card"
