"""The requestId replay guard: an id may be claimed once per TTL (10 minutes by default).

Two stores with the same contract, :meth:`claim` being one atomic insert-if-absent:

* SQLite (default, one host, any number of processes): an upsert that only overwrites an
  expired row, in WAL mode with a busy timeout;
* Redis (several hosts): ``SET key 1 NX EX ttl``.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

import redis

from app.files import private_file


class RequestIdStore(Protocol):
    def claim(self, request_id: str) -> bool:
        """True when ``request_id`` was free (it is now taken for the TTL), False when taken."""
        ...

    def ping(self) -> bool:
        """True when the store answers."""
        ...

    def close(self) -> None: ...

    @property
    def kind(self) -> str: ...


class SqliteStore:
    """Request ids in one SQLite file shared by every process of the host."""

    kind = "sqlite"
    _PURGE_EVERY = 1000

    def __init__(self, path: Path, ttl_s: float) -> None:
        self.path = path
        self.ttl_s = ttl_s
        private_file(path)  # 0600 (its -wal and -shm too), in a 0700 folder when this makes it
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, timeout=10.0, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS request_ids "
            "(id TEXT PRIMARY KEY, expires REAL NOT NULL) WITHOUT ROWID"
        )
        self._claims = 0

    def claim(self, request_id: str) -> bool:
        now = time.time()
        with self._lock:
            cur = self._db.execute(
                "INSERT INTO request_ids (id, expires) VALUES (?, ?) "
                "ON CONFLICT(id) DO UPDATE SET expires = excluded.expires WHERE request_ids.expires <= ?",
                (request_id, now + self.ttl_s, now),
            )
            taken = cur.rowcount == 1
            self._claims += 1
            if self._claims % self._PURGE_EVERY == 0:
                self._db.execute("DELETE FROM request_ids WHERE expires <= ?", (now,))
        return taken

    def ping(self) -> bool:
        try:
            with self._lock:
                self._db.execute("SELECT 1 FROM request_ids LIMIT 1").fetchall()
            return True
        except sqlite3.Error:
            return False

    def close(self) -> None:
        with self._lock:
            self._db.close()


class RedisStore:
    """Request ids as Redis keys that expire by themselves."""

    kind = "redis"
    PREFIX = "facecompare:requestId:"

    def __init__(self, url: str, ttl_s: int) -> None:
        self.ttl_s = ttl_s
        self._redis = redis.Redis.from_url(url, socket_timeout=5.0, socket_connect_timeout=5.0)

    def claim(self, request_id: str) -> bool:
        return bool(self._redis.set(self.PREFIX + request_id, b"1", nx=True, ex=self.ttl_s))

    def ping(self) -> bool:
        try:
            return bool(self._redis.ping())
        except redis.RedisError:
            return False

    def close(self) -> None:
        self._redis.close()


def open_store(url: str, ttl_s: int) -> RequestIdStore:
    """The store named by ``FACECOMPARE_REQUEST_STORE``: ``sqlite:///path`` or ``redis://host:port/db``."""
    scheme = urlsplit(url).scheme.lower()
    if scheme == "sqlite":
        path = url.split("://", 1)[1]
        if path.startswith("/"):
            path = path[1:]  # sqlite:///rel.db -> rel.db, sqlite:////abs.db -> /abs.db
        return SqliteStore(Path(path), ttl_s)
    if scheme in ("redis", "rediss", "unix"):
        return RedisStore(url, ttl_s)
    raise ValueError(
        f"FACECOMPARE_REQUEST_STORE must be sqlite:///path or redis://host:port/db, not {scheme!r}"
    )
