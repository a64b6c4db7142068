"""``facecompare serve`` as a user runs it, with no options: one process per usable core, called
with curl (the CLOVA page's examples), the client and ``facecompare compare --server``."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from app.api.cores import usable_cores
from app.client import FaceCompareClient, Retry
from tests.api.servers import SECRETS, pair, serve_process

pytestmark = [pytest.mark.models, pytest.mark.data]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    with serve_process(tmp_path_factory.mktemp("serve"), workers=None, loaded=True) as (base, log):
        yield base, log


def _log(log: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in log.read_text().splitlines()]


def _metric(base: str, name: str, label: str = "") -> list[float]:
    """The samples of ``name`` (with ``label`` among its labels) in one scrape of /metrics."""
    text = httpx.get(base + "/metrics", timeout=10).text
    return [
        float(line.rsplit(" ", 1)[1])
        for line in text.splitlines()
        if line.startswith(name) and label in line.split(" ", 1)[0]
    ]


def test_no_options_means_a_process_per_core_with_one_thread_each(served: tuple[str, Path]) -> None:
    base, log = served
    cores = usable_cores()
    (shape,) = [line for line in _log(log) if line["event"] == "serve"]
    assert (shape["processes"], shape["threads"], shape["nativeThreads"]) == (cores, 1, 1)
    loaded = {line["pid"] for line in _log(log) if line["event"] == "model pack loaded"}
    assert len(loaded) == cores and (cores == 1 or shape["pid"] not in loaded)
    ready = httpx.get(base + "/ready")
    assert ready.status_code == 200 and ready.json()["modelPack"] == "open"
    assert len(_metric(base, "facecompare_model_load_seconds")) == cores  # one per process


def test_every_process_answers_and_metrics_sum_them(served: tuple[str, Path]) -> None:
    base, log = served
    card, selfie = pair()
    successes = ("facecompare_requests_total", 'result="SUCCESS"')
    before = sum(_metric(base, *successes))

    def one(_: int) -> str:  # a new connection each time, retried after Retry-After on a 429
        with FaceCompareClient(base, SECRETS[0], retry=Retry(attempts=20)) as fc:
            return fc.compare(card, selfie).result

    with ThreadPoolExecutor(4 * usable_cores()) as ex:
        results = list(ex.map(one, range(8 * usable_cores())))
    assert results == ["SUCCESS"] * len(results)
    assert sum(_metric(base, *successes)) - before == len(results)  # one scrape counts every process
    answered_by = {line["pid"] for line in _log(log) if line["event"] == "compare"}
    assert len(answered_by) >= min(2, usable_cores())


def _curl(*args: str) -> dict[str, object]:
    out = subprocess.run(
        ["curl", "-sS", "--fail-with-body", *args], capture_output=True, check=True, timeout=60
    )
    return dict(json.loads(out.stdout))


def test_curl_json_like_the_clova_page(served: tuple[str, Path], tmp_path: Path) -> None:
    base, _ = served
    card, selfie = pair()
    body = {
        "requestId": "request-001",
        "cardImage": {
            "name": "identification-card",
            "format": "jpg",
            "data": base64.b64encode(card.read_bytes()).decode(),
        },
        "faceImage": {
            "name": "face",
            "format": "jpg",
            "data": base64.b64encode(selfie.read_bytes()).decode(),
        },
    }
    (tmp_path / "body.json").write_text(json.dumps(body))
    out = _curl(
        "--location", "--request", "POST", f"{base}/ekyc/v1/my-domain/my-signature/face/compare",
        "--header", f"X-EKYC-SECRET: {SECRETS[0]}",
        "--header", "Content-Type: application/json",
        "--data", f"@{tmp_path / 'body.json'}",
    )  # fmt: skip
    assert out["result"] == "SUCCESS" and out["requestId"] == "request-001"


def test_curl_multipart_like_the_clova_page(served: tuple[str, Path]) -> None:
    base, _ = served
    card, selfie = pair()
    message = (
        '{"requestId": "request-002", "cardImage": {"name":"card", "format":"jpg"}, '
        '"faceImage": {"name":"face", "format":"jpg"}}'
    )
    out = _curl(
        "--location", "--request", "POST", f"{base}/ekyc/v1/my-domain/my-signature/face/compare",
        "--header", f"X-EKYC-SECRET: {SECRETS[1]}",
        "--header", "Content-Type: multipart/form-data",
        "--form", f"message={message}",
        "--form", f'cardImage=@"{card}"',
        "--form", f'faceImage=@"{selfie}"',
    )  # fmt: skip
    assert out["result"] == "SUCCESS" and out["requestId"] == "request-002"


def test_client_and_compare_server_command(served: tuple[str, Path]) -> None:
    base, _ = served
    card, selfie = pair()
    with FaceCompareClient(base, SECRETS[0], multipart=True) as fc:
        assert fc.ready() and fc.compare(card, selfie).result == "SUCCESS"
    script = Path(sys.executable).parent / "facecompare"
    env = os.environ | {"FACECOMPARE_SECRET": SECRETS[1]}
    cmd = [str(script), "compare", str(card), str(selfie), "--server", base]
    as_json = subprocess.run([*cmd, "--json"], capture_output=True, env=env, timeout=60, check=True)
    body = json.loads(as_json.stdout)
    assert body["result"] == "SUCCESS" and body["requestId"].startswith("fc-")
    summary = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=60, check=True)
    assert "similarity" in summary.stdout and base in summary.stdout
    wrong = env | {"FACECOMPARE_SECRET": "wrong"}
    failed = subprocess.run([*cmd, "--json"], capture_output=True, env=wrong, timeout=60)
    assert failed.returncode == 1 and json.loads(failed.stdout)["errorCode"] == "UNAUTHORIZED"


def test_server_log_is_json_lines_with_uid_and_latency_and_no_secret(served: tuple[str, Path]) -> None:
    _, log = served
    text = log.read_text()
    lines = [json.loads(line) for line in text.splitlines()]  # every line is JSON
    compares = [line for line in lines if line["event"] == "compare"]
    assert compares and all(len(line["uid"]) == 32 and line["latencyMs"] > 0 for line in compares)
    assert all(secret not in text for secret in SECRETS) and "Traceback" not in text


def test_serve_refuses_to_start_without_a_secret() -> None:
    env = {k: v for k, v in os.environ.items() if k != "FACECOMPARE_SECRETS"}
    script = Path(sys.executable).parent / "facecompare"
    res = subprocess.run(
        [str(script), "serve", "--port", "1"], capture_output=True, text=True, env=env, timeout=60
    )
    assert res.returncode == 2 and "FACECOMPARE_SECRETS" in res.stderr
