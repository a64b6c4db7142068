"""The requestId replay guard: an id may be claimed once per TTL (10 minutes by default).

Two stores with the same contract, :meth:`claim` being one atomic insert-if-absent:

* SQLite (default, one host, any number of processes): an upsert that only overwrites an
  expired row, in WAL mode with a busy timeout;
* Redis (several hosts): ``SET key 1 NX EX ttl``.

:meth:`ping` (``/ready``) writes, as a claim does: a store that answers reads but refuses
writes (a full disk, a read-only file, Redis at its memory limit) is not ready. A claim that
cannot be written raises :class:`StoreUnavailable` (the API answers 503, nothing used up).
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

import redis

from app.api.logs import get_logger
from app.files import private_file

log = get_logger()
#: the key /ready rewrites to prove the store takes writes; the spaces make it an id no request
#: can carry (a requestId is printable ASCII without white space)
PROBE_ID = "facecompare ready probe"


class StoreUnavailable(Exception):
    """The store could not record a requestId (it is not used up); ``reason`` is the store's word."""

    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(f"The request-ID store ({kind}) cannot be written: {reason}.")
        self.reason = reason


class _Health:
    """The last write's outcome, logged when it changes (not once per request)."""

    kind = "store"
    problem: str | None = None

    def _failed(self, err: Exception) -> StoreUnavailable:
        reason = str(err).splitlines()[0][:200] or type(err).__name__
        if self.problem is None:
            log.error("request store cannot be written", store=self.kind, reason=reason)
        self.problem = reason
        return StoreUnavailable(self.kind, reason)

    def _ok(self) -> None:
        if self.problem is not None:
            log.info("request store writable again", store=self.kind)
        self.problem = None


class RequestIdStore(Protocol):
    def claim(self, request_id: str) -> bool:
        """True when ``request_id`` was free (it is now taken for the TTL), False when taken."""
        ...

    def ping(self) -> bool:
        """True when the store takes a write now (``problem`` says why not)."""
        ...

    @property
    def problem(self) -> str | None:
        """Why the last write failed, None after a success."""
        ...

    def close(self) -> None: ...

    @property
    def kind(self) -> str: ...


class SqliteStore(_Health):
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
        try:
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
        except sqlite3.Error as err:
            raise self._failed(err) from None
        self._ok()
        return taken

    def ping(self) -> bool:
        try:
            with self._lock:  # an expired row, rewritten: a real write, and never a live id
                self._db.execute(
                    "INSERT INTO request_ids (id, expires) VALUES (?, ?) "
                    "ON CONFLICT(id) DO UPDATE SET expires = excluded.expires",
                    (PROBE_ID, -time.time()),
                )
        except sqlite3.Error as err:
            self._failed(err)
            return False
        self._ok()
        return True

    def close(self) -> None:
        with self._lock:
            self._db.close()


class RedisStore(_Health):
    """Request ids as Redis keys that expire by themselves."""

    kind = "redis"
    PREFIX = "facecompare:requestId:"

    def __init__(self, url: str, ttl_s: int) -> None:
        self.ttl_s = ttl_s
        self._redis = redis.Redis.from_url(url, socket_timeout=5.0, socket_connect_timeout=5.0)

    def claim(self, request_id: str) -> bool:
        try:
            taken = bool(self._redis.set(self.PREFIX + request_id, b"1", nx=True, ex=self.ttl_s))
        except redis.RedisError as err:
            raise self._failed(err) from None
        self._ok()
        return taken

    def ping(self) -> bool:
        try:  # a write: Redis at its memory limit (or failing to save) still answers PING
            self._redis.set(self.PREFIX + PROBE_ID, b"1", ex=60)
        except redis.RedisError as err:
            self._failed(err)
            return False
        self._ok()
        return True

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
