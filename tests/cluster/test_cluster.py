"""compose.yaml's topology on loopback, under a short load and under faults (issue 17).

Each fault test leaves the cluster as it found it (every part running and ready). Counts are
printed (``-s``) for the closing note; the long measurement is ``benchmarks/cluster_load.py``.
"""

from __future__ import annotations

import signal
import ssl
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, ProgrammingError

from app.cases import CaseRecord, Outcome, SqlCaseStore
from tools.cluster import APP_ROLE, SECRET, Cluster, Replica
from tools.loadgen import LoadResult, answers_in_logs, double_answers, run_load, sample_body

# one worker runs the whole module (make unit: --dist loadgroup), so one cluster starts
pytestmark = pytest.mark.xdist_group("cluster")


def _load(cluster: Cluster, **kwargs: object) -> LoadResult:
    return run_load(cluster.proxy.url, SECRET, verify=cluster.proxy.tls(), **kwargs)  # type: ignore[arg-type]


def _post(base: str, request_id: str, verify: ssl.SSLContext | bool = True) -> httpx.Response:
    return httpx.post(
        base + "/compare",
        content=sample_body()(request_id),
        headers={"X-EKYC-SECRET": SECRET, "Content-Type": "application/json"},
        verify=verify,
        timeout=60,
    )


def _logs(cluster: Cluster) -> list[Path]:
    return [n.log for n in cluster.nodes]


def _report(name: str, result: LoadResult, cluster: Cluster, **extra: object) -> dict[str, int]:
    doubles = double_answers(result, _logs(cluster))
    # the logs are a real witness: every 200 the callers got is there, under its requestId
    seen = answers_in_logs(_logs(cluster))
    answered = [c.final.request_id for c in result.checks if c.final is not None and c.final.status == 200]
    assert all(seen[rid] >= 1 for rid in answered), "a 200 the replicas' logs do not show"
    print(f"\n[cluster] {name}: {result.summary() | {'doubleAnswers': len(doubles)} | extra}")
    return doubles


def _wait_ready(node: Replica, timeout: float = 60) -> float:
    t0 = time.monotonic()
    deadline = t0 + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(node.url + "/ready", timeout=2).status_code == 200:
                return time.monotonic() - t0
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"{node.name} not ready after {timeout} s")


def test_proxy_spreads_load_over_replicas_with_no_5xx(cluster: Cluster) -> None:
    before = cluster.answered_by_replica()
    result = _load(cluster, checks=16, concurrency=4)
    after = cluster.answered_by_replica()
    spread = [b - a for a, b in zip(before, after, strict=True)]
    doubles = _report("spread", result, cluster, perReplica=spread)
    assert result.answered == 16 and result.lost == 0
    assert not result.server_errors, result.server_errors
    assert all(n >= 3 for n in spread), f"least_conn left a replica idle: {spread}"
    assert not doubles


def test_proxy_hides_metrics_and_docs(cluster: Cluster) -> None:
    with cluster.proxy.client() as client:
        assert client.get("/metrics").status_code == 404
        assert client.get("/openapi.json").status_code == 404
        ready = client.get("/ready")
    assert ready.status_code == 200 and ready.headers["strict-transport-security"]
    # ... while each replica serves its own metrics to Prometheus (packaging/prometheus)
    for node in cluster.nodes:
        assert "facecompare_requests_total" in httpx.get(node.url + "/metrics").text


def test_request_id_replayed_to_another_replica_is_refused(cluster: Cluster) -> None:
    a, b = cluster.nodes
    request_id = f"replay-{uuid.uuid4().hex}"
    first = _post(a.url, request_id)
    assert first.status_code == 200, first.text
    again = _post(b.url, request_id)
    through_proxy = _post(cluster.proxy.url, request_id, verify=cluster.proxy.tls())
    print(
        f"\n[cluster] replay: first {first.status_code}, other replica {again.status_code}, "
        f"proxy {through_proxy.status_code}"
    )
    assert again.status_code == 409 and again.json()["errorCode"] == "DUPLICATE_REQUEST_ID"
    assert through_proxy.status_code == 409


def test_sigkill_a_replica_mid_load_then_restart(cluster: Cluster) -> None:
    """Checks in flight on the killed replica get the proxy's clear refusal and are sent again
    with a new id; none is lost, none answered twice; the restarted replica comes back ready."""
    victim = cluster.nodes[1]
    box: dict[str, LoadResult] = {}
    loader = threading.Thread(target=lambda: box.setdefault("r", _load(cluster, checks=24, concurrency=4)))
    loader.start()
    time.sleep(3.0)
    victim.send(signal.SIGKILL)
    victim.proc.wait()  # type: ignore[union-attr]
    loader.join(timeout=240)
    result = box["r"]
    victim.start(wait=False)
    back = _wait_ready(victim, timeout=120)
    doubles = _report("sigkill", result, cluster, restartedReadyS=round(back, 1))
    assert result.lost == 0 and result.answered == 24
    assert not result.server_errors, result.server_errors
    assert not doubles, doubles
    assert all(a.status in (200, 429, 502, 503, 504) for a in result.attempts)


def test_sigterm_drains_in_flight_requests(cluster: Cluster) -> None:
    """SIGTERM to a replica's main process (what Docker and Kubernetes send), on a replica of two
    server processes as ``serve`` runs by default on two cores: the requests it has accepted
    are answered 200 before it exits."""
    # room for all four in either process (the kernel may hand every connection to one of them):
    # a 429 is a refusal, not an accepted request, and this test is about the accepted ones
    env = cluster.nodes[0].env | {"FACECOMPARE_QUEUE_SIZE": "8"}
    node = Replica("drain", cluster.folder / "drain.log", workers=2, env=env)
    node.start()
    in_flight: list[int] = []

    def one() -> None:
        in_flight.append(_post(node.url, f"drain-{uuid.uuid4().hex}").status_code)

    callers = [threading.Thread(target=one) for _ in range(4)]
    try:
        for t in callers:
            t.start()
        time.sleep(0.5)  # accepted and on (or waiting for) the inference threads
        t0 = time.monotonic()
        node.send(signal.SIGTERM, group=False)
        code = node.proc.wait(timeout=60)  # type: ignore[union-attr]
        exited = time.monotonic() - t0
        for t in callers:
            t.join(timeout=60)
    finally:
        node.stop()
    print(f"\n[cluster] sigterm: in-flight answers {sorted(in_flight)}, exit {code} after {exited:.1f} s")
    assert in_flight == [200, 200, 200, 200]
    # a single uvicorn process re-raises the signal once drained (-15 from Popen, 143 in Docker)
    assert code in (0, -signal.SIGTERM)


def test_redis_restart_guard_comes_back_and_remembers_ids(cluster: Cluster) -> None:
    node = cluster.nodes[0]
    used = f"redis-{uuid.uuid4().hex}"
    assert _post(node.url, used).status_code == 200
    time.sleep(1.2)  # appendfsync everysec
    cluster.redis.stop(signal.SIGKILL)  # a crash, not a clean save
    down = httpx.get(node.url + "/ready", timeout=10)
    refused = _post(cluster.proxy.url, f"redis-{uuid.uuid4().hex}", verify=cluster.proxy.tls())
    cluster.redis.start()
    back = _wait_ready(node, timeout=30)
    replay = _post(cluster.nodes[1].url, used)
    fresh = _post(node.url, f"redis-{uuid.uuid4().hex}")
    t0 = time.monotonic()  # and the proxy sends requests again (its health checks saw /ready 503)
    tls = cluster.proxy.tls()
    while _post(cluster.proxy.url, f"redis-{uuid.uuid4().hex}", verify=tls).status_code != 200:
        assert time.monotonic() - t0 < 30, "the proxy still refuses 30 s after Redis came back"
        time.sleep(0.5)
    proxy_back = time.monotonic() - t0
    print(
        f"\n[cluster] redis: /ready while down {down.status_code} {down.json()}, compare while down "
        f"{refused.status_code} {refused.json().get('errorCode')}, ready again after {back:.1f} s, "
        f"id used before the crash: {replay.status_code}, new id: {fresh.status_code}, "
        f"proxy answering 200 again {proxy_back:.1f} s later"
    )
    assert down.status_code == 503 and down.json()["requestStore"] == "unavailable"
    assert refused.status_code >= 500 and refused.json()["result"] == "ERROR"  # fails closed, clearly
    assert replay.status_code == 409  # the append-only file kept it
    assert fresh.status_code == 200


def _record(n: int) -> CaseRecord:
    return CaseRecord(
        customer_ref=f"C-{n}",
        operator="teller-1",
        workstation="ws-1",
        outcome=Outcome.ACCEPTED,
        decision="MATCH",
        similarity=0.9,
        match_threshold=0.6,
        review_threshold=0.5,
        model_pack="open",
        engine_mode="remote",
        request_id=f"pg-{n}",
        card_sha256="a" * 64,
        face_sha256="b" * 64,
        consent=True,
    )


def test_postgres_reached_by_the_application_role_only(cluster: Cluster) -> None:
    assert cluster.db is not None
    store = SqlCaseStore(cluster.db.app_url)
    try:
        with store._engine.connect() as conn:
            assert conn.execute(text("SELECT current_user")).scalar() == APP_ROLE
            with pytest.raises(ProgrammingError, match="permission denied"):
                conn.execute(text("DELETE FROM cases"))
            conn.rollback()
            with pytest.raises(ProgrammingError, match="must be owner"):
                conn.execute(text("DROP TABLE audit_log"))
    finally:
        store.close()


def test_postgres_restart_case_writes_fail_loudly_never_half_written(cluster: Cluster) -> None:
    """A workstation writing cases while PostgreSQL restarts: each write is recorded with its
    audit row or raises; afterwards writes succeed again and the chain verifies."""
    assert cluster.db is not None
    store = SqlCaseStore(cluster.db.app_url)
    ok: list[str] = []
    ok_at: list[float] = []
    failed: dict[str, str] = {}
    stop = threading.Event()

    def workstation() -> None:
        n = 0
        while not stop.is_set():
            record = _record(n)
            n += 1
            try:
                store.add(record)
                ok.append(record.case_id)
                ok_at.append(time.monotonic())
            except DBAPIError as err:
                failed[record.case_id] = type(err.orig).__name__
                time.sleep(0.2)
            time.sleep(0.02)

    writer = threading.Thread(target=workstation)
    writer.start()
    try:
        time.sleep(1.0)
        down = cluster.db.restart(signal.SIGINT)
        restarted = time.monotonic()
        time.sleep(2.0)
    finally:
        stop.set()
        writer.join(timeout=60)
    try:
        with store._engine.connect() as conn:
            stored = set(conn.execute(text("SELECT case_id FROM cases")).scalars())
            logged = set(
                conn.execute(text("SELECT case_id FROM audit_log WHERE action = 'case.recorded'")).scalars()
            )
        report = store.verify_audit()
    finally:
        store.close()
    after_restart = sum(1 for t in ok_at if t > restarted)
    print(
        f"\n[cluster] postgres restart ({down:.1f} s down): {len(ok)} writes recorded, "
        f"({after_restart} after it), {len(failed)} failed loudly ({sorted(set(failed.values()))}), "
        f"lost {len(set(ok) - stored)}, "
        f"half-written {len(stored ^ logged)}, chain {'ok' if report.ok else report.problem}"
    )
    assert set(ok) <= stored, "a write that returned was not recorded"
    assert not (set(failed) & stored), "a write that raised was recorded anyway"
    assert stored == logged, "a case without its audit row, or the reverse"
    assert report.ok, report.problem
    assert after_restart > 0, "no write succeeded after the restart"
    # the auditor's command line agrees, as the application role
    verify = subprocess.run(
        [sys.executable, "-m", "app.cli", "audit", "verify", "--database", cluster.db.app_url],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert verify.returncode == 0, verify.stdout + verify.stderr
