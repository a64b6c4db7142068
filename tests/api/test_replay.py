"""The requestId replay guard: SQLite and Redis stores, and the race across 4 server processes."""

from __future__ import annotations

import json
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from app.api.replay import RedisStore, RequestIdStore, SqliteStore, open_store
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
    # a new connection per request, so the kernel spreads them over the worker processes
    http = httpx.Client(limits=httpx.Limits(max_connections=16, max_keepalive_connections=0), timeout=60)

    def send(rid: str) -> tuple[str, int]:
        body = {
            "requestId": rid,
            "cardImage": {"name": "c", "format": "jpg", "data": "####"},
            "faceImage": {"name": "f", "format": "jpg", "data": "####"},
        }
        res = http.post(
            base + "/compare",
            headers={"X-EKYC-SECRET": SECRETS[1], "Content-Type": "application/json"},
            content=json.dumps(body),
        )
        return rid, res.status_code

    work = [rid for rid in ids for _ in range(copies)]
    with http, ThreadPoolExecutor(16) as ex:
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
