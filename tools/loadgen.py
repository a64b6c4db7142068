"""A bounded compare load as a bank's callers send it: each caller honours ``Retry-After``.

One *check* is one customer's card and selfie. A caller sends it and:

* 200 (or another final answer): done;
* 429: waits ``Retry-After`` and sends the same requestId again (the server refuses before it
  claims the id, so the id is still free);
* 502/503/504 with the proxy's ``UPSTREAM_UNAVAILABLE`` (a replica lost mid-request): the id
  may be used up, so it sends the check again with a **new** requestId, as docs/deployment.md
  tells callers;
* a transport error (no HTTP answer at all): the same, with a new requestId.

A check that has no final answer after ``max_attempts`` is *lost*. Whether any requestId was
answered twice is read from the replicas' own logs (:func:`answers_in_logs`), not from the caller.
"""

from __future__ import annotations

import base64
import json
import ssl
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

SAMPLES = Path(__file__).resolve().parents[1] / "packaging" / "samples"
RESEND_NEW_ID = {502, 503, 504}


def sample_body() -> Callable[[str], bytes]:
    """JSON bodies with the shipped sample card and selfie, for a given requestId."""
    card = base64.b64encode((SAMPLES / "card.jpg").read_bytes()).decode()
    face = base64.b64encode((SAMPLES / "selfie.jpg").read_bytes()).decode()

    def body(request_id: str) -> bytes:
        return json.dumps(
            {
                "requestId": request_id,
                "cardImage": {"name": "card", "format": "jpg", "data": card},
                "faceImage": {"name": "face", "format": "jpg", "data": face},
            }
        ).encode()

    return body


@dataclass
class Attempt:
    request_id: str
    status: int  # 0: no HTTP answer (transport error)
    code: str | None
    seconds: float


@dataclass
class Check:
    """One customer's check and every attempt it took."""

    attempts: list[Attempt] = field(default_factory=list)

    @property
    def final(self) -> Attempt | None:
        last = self.attempts[-1] if self.attempts else None
        if last is None or last.status == 0 or last.status == 429 or last.status in RESEND_NEW_ID:
            return None
        return last

    @property
    def ids(self) -> set[str]:
        return {a.request_id for a in self.attempts}


@dataclass
class LoadResult:
    checks: list[Check]
    seconds: float

    @property
    def attempts(self) -> list[Attempt]:
        return [a for c in self.checks for a in c.attempts]

    @property
    def statuses(self) -> Counter[int]:
        return Counter(a.status for a in self.attempts)

    @property
    def answered(self) -> int:
        """Checks answered 200."""
        return sum(1 for c in self.checks if c.final is not None and c.final.status == 200)

    @property
    def lost(self) -> int:
        """Checks with no final answer."""
        return sum(1 for c in self.checks if c.final is None)

    @property
    def per_second(self) -> float:
        return self.answered / self.seconds if self.seconds else 0.0

    @property
    def share_429(self) -> float:
        attempts = self.attempts
        return sum(1 for a in attempts if a.status == 429) / len(attempts) if attempts else 0.0

    @property
    def server_errors(self) -> list[Attempt]:
        """5xx answers other than the proxy's clear ``UPSTREAM_UNAVAILABLE``."""
        return [a for a in self.attempts if a.status >= 500 and a.code != "UPSTREAM_UNAVAILABLE"]

    def summary(self) -> dict[str, object]:
        return {
            "checks": len(self.checks),
            "answered200": self.answered,
            "lost": self.lost,
            "attempts": len(self.attempts),
            "statuses": dict(sorted(self.statuses.items())),
            "share429": round(self.share_429, 3),
            "perSecond": round(self.per_second, 2),
            "seconds": round(self.seconds, 1),
        }


def run_load(
    base_url: str,
    secret: str,
    *,
    checks: int | None = None,
    duration_s: float | None = None,
    concurrency: int = 4,
    verify: ssl.SSLContext | bool = True,
    max_attempts: int = 20,
    timeout_s: float = 60.0,
    body: Callable[[str], bytes] | None = None,
    stop: threading.Event | None = None,
) -> LoadResult:
    """``concurrency`` callers send checks until ``checks`` are done or ``duration_s`` has passed."""
    make_body = body or sample_body()
    lock = threading.Lock()
    done: list[Check] = []
    issued = 0
    t0 = time.monotonic()

    def take() -> bool:
        nonlocal issued
        with lock:
            if stop is not None and stop.is_set():
                return False
            if checks is not None and issued >= checks:
                return False
            if duration_s is not None and time.monotonic() - t0 >= duration_s:
                return False
            issued += 1
            return True

    def caller() -> None:
        headers = {"X-EKYC-SECRET": secret, "Content-Type": "application/json"}
        with httpx.Client(base_url=base_url, verify=verify, timeout=timeout_s, headers=headers) as client:
            while take():
                check = Check()
                request_id = f"load-{uuid.uuid4().hex}"
                for _ in range(max_attempts):
                    started = time.monotonic()
                    try:
                        r = client.post("/compare", content=make_body(request_id))
                        status, code = r.status_code, _code(r)
                        retry_after = float(r.headers.get("Retry-After", "1") or 1)
                    except httpx.HTTPError:
                        status, code, retry_after = 0, None, 0.5
                    check.attempts.append(Attempt(request_id, status, code, time.monotonic() - started))
                    if status == 429:
                        time.sleep(min(retry_after, 5.0))
                    elif status in RESEND_NEW_ID or status == 0:
                        time.sleep(min(retry_after, 2.0))
                        request_id = f"load-{uuid.uuid4().hex}"
                    else:
                        break
                with lock:
                    done.append(check)

    threads = [threading.Thread(target=caller, daemon=True) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return LoadResult(done, time.monotonic() - t0)


def _code(response: httpx.Response) -> str | None:
    try:
        data = response.json()
    except ValueError:
        return None
    return data.get("errorCode") if isinstance(data, dict) else None


def answers_in_logs(logs: Iterable[Path]) -> Counter[str]:
    """How many times each requestId was answered 200, over every replica's JSON log."""
    seen: Counter[str] = Counter()
    for log in logs:
        for line in log.read_text(errors="replace").splitlines():
            if '"compare"' not in line:
                continue
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if entry.get("event") == "compare" and entry.get("status") == 200 and entry.get("requestId"):
                seen[entry["requestId"]] += 1
    return seen


def double_answers(result: LoadResult, logs: Iterable[Path]) -> dict[str, int]:
    """Doubles: a requestId answered 200 more than once, or one check answered 200 under two ids."""
    seen = answers_in_logs(logs)
    doubles = {rid: n for rid, n in seen.items() if n > 1}
    for check in result.checks:
        answered = [rid for rid in check.ids if seen.get(rid)]
        if len(answered) > 1:
            doubles[",".join(sorted(answered))] = len(answered)
    return doubles
