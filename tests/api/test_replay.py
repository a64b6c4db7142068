"""The requestId replay guard: SQLite and Redis stores, and the race across 4 server processes."""

from __future__ import annotations

import contextlib
import json
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from app.api.replay import RedisStore, RequestIdStore, SqliteStore, StoreUnavailable, open_store
from tests.api.servers import SECRETS, new_id, serve_process


def _stores(tmp: Path, redis_url: str, ttl: int) -> list[RequestIdStore]:
    return [SqliteStore(tmp / "ids.sqlite3", ttl), RedisStore(redis_url, ttl)]


def test_an_id_is_claimed_once_then_free_after_the_ttl(tmp_path: Path, redis_url: str) -> None:
    for store in _stores(tmp_path, redis_url, ttl=1):
        rid = new_id()
        assert store.claim(rid) is True
        assert store.claim(rid) is False
        assert store.claim(rid + "x") is True
        assert store.ping()
        time.sleep(1.1)
        assert store.claim(rid) is True, store.kind
        store.close()


def test_sqlite_store_is_shared_by_connections_and_uses_wal(tmp_path: Path) -> None:
    a = SqliteStore(tmp_path / "ids.sqlite3", 600)
    b = open_store(f"sqlite:///{tmp_path / 'ids.sqlite3'}", 600)
    assert a.claim("same") is True and b.claim("same") is False
    mode = a._db.execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_open_store_refuses_unknown_schemes() -> None:
    with pytest.raises(ValueError, match="sqlite"):
        open_store("postgres://x/y", 600)


def _race(base: str, ids: list[str], copies: int) -> dict[str, Counter[int]]:
    # a new connection per request (its own client: a shared pool closing sockets under 16 threads
    # raced into "Bad file descriptor"), so the kernel spreads them over the worker processes
    def send(rid: str) -> tuple[str, int]:
        body = {
            "requestId": rid,
            "cardImage": {"name": "c", "format": "jpg", "data": "####"},
            "faceImage": {"name": "f", "format": "jpg", "data": "####"},
        }
        res = httpx.post(
            base + "/compare",
            headers={"X-EKYC-SECRET": SECRETS[1], "Content-Type": "application/json"},
            content=json.dumps(body),
            timeout=60,
        )
        return rid, res.status_code

    work = [rid for rid in ids for _ in range(copies)]
    with ThreadPoolExecutor(16) as ex:
        results = list(ex.map(send, work))
    by_id: dict[str, Counter[int]] = {rid: Counter() for rid in ids}
    for rid, status in results:
        by_id[rid][status] += 1
    return by_id


@pytest.mark.parametrize("store", ["sqlite", "redis"])
def test_four_workers_accept_each_reused_id_exactly_once(tmp_path: Path, redis_url: str, store: str) -> None:
    url = f"sqlite:///{tmp_path / 'ids.sqlite3'}" if store == "sqlite" else redis_url.replace("/0", "/3")
    ids = [new_id() for _ in range(20)]
    env = {"FACECOMPARE_REQUEST_STORE": url, "FACECOMPARE_QUEUE_SIZE": "64"}
    with serve_process(tmp_path, workers=4, loaded=True, **env) as (base, log):
        by_id = _race(base, ids, copies=8)
        lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    # INVALID_BASE64 (400) comes after the id is claimed: one per id, the other copies are replays
    assert all(c == Counter({400: 1, 409: 7}) for c in by_id.values()), by_id
    pids = {line["pid"] for line in lines if line.get("event") == "compare"}
    assert len(pids) >= 2, "the requests should have been spread over the worker processes"
    assert len({line["pid"] for line in lines if line.get("event") == "server starting"}) == 4


def _bad_base64_body(rid: str) -> dict[str, object]:
    image = {"name": "c", "format": "jpg", "data": "####"}
    return {"requestId": rid, "cardImage": image, "faceImage": image | {"name": "f"}}


def test_a_full_request_store_fails_ready_and_each_compare_says_so(tmp_path: Path) -> None:
    """The issue's full disk under the request-ID store: the server may write no file past
    64 KiB (RLIMIT_FSIZE: the kernel refuses the write, as on a full disk). Before the fix:
    every compare 500 INTERNAL_ERROR while /ready said 200 ``"requestStore": "ok"``."""
    import resource

    limits = {resource.RLIMIT_FSIZE: 64 * 1024}
    with serve_process(tmp_path, workers=1, loaded=True, rlimits=limits) as (base, log):
        ready_before = httpx.get(base + "/ready", timeout=10)
        statuses: Counter[tuple[int, str]] = Counter()
        refused = None
        with httpx.Client(timeout=30) as http:
            for _ in range(100):
                res = http.post(
                    base + "/compare", headers={"X-EKYC-SECRET": SECRETS[0]}, json=_bad_base64_body(new_id())
                )
                statuses[(res.status_code, res.json()["errorCode"])] += 1
                if res.status_code == 503:
                    refused = res
        ready = httpx.get(base + "/ready", timeout=30)
        lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    assert ready_before.status_code == 200
    assert set(statuses) <= {(400, "INVALID_BASE64"), (503, "INTERNAL_ERROR")}, statuses
    assert statuses[(503, "INTERNAL_ERROR")] > 0, "the store never filled up"
    assert refused is not None and int(refused.headers["Retry-After"]) >= 1
    assert "request-ID store (sqlite) cannot be written" in refused.json()["message"]
    assert ready.status_code == 503 and ready.json()["requestStore"] == "unavailable", ready.text
    assert "cannot be written" in ready.json()["detail"], ready.text
    assert [line for line in lines if line.get("event") == "request store cannot be written"]
    assert not [line for line in lines if line.get("event") == "compare failed unexpectedly"]


def test_a_redis_that_refuses_writes_is_not_ready(redis_url: str) -> None:
    """Redis at its memory limit without eviction answers PING but refuses every SET (OOM)."""
    import redis

    url = redis_url.replace("/0", "/5")
    admin = redis.Redis.from_url(url)
    store = RedisStore(url, 600)
    try:
        assert store.ping() and store.claim(new_id())
        used = int(admin.info("memory")["used_memory"])
        admin.config_set("maxmemory-policy", "noeviction")
        admin.config_set("maxmemory", str(used + 64 * 1024))
        with contextlib.suppress(redis.ResponseError):
            admin.set("filler", b"x" * (256 * 1024))
        assert admin.ping()  # it still answers
        assert store.ping() is False and "maxmemory" in (store.problem or "")
        with pytest.raises(StoreUnavailable, match="cannot be written"):
            store.claim(new_id())
    finally:
        admin.config_set("maxmemory", "0")
        admin.delete("filler")
        admin.close()
        store.close()
