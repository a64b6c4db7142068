"""The connection guard: no client can hold the server by opening connections and sending slowly.

uvicorn closes a keep-alive connection that stays idle after a response, but nothing else: a
connection that sends half a request head, or a body slower than it declared, is kept for
ever, and enough of them use up the process's open files until not even ``/health`` is
accepted. :class:`GuardedProtocol` (uvicorn's httptools protocol plus three timers and a cap)
closes

* a connection whose request head (request line and headers) is not complete
  ``header_timeout_s`` after its first byte, or after the connection opened (408);
* a connection whose body falls silent for longer than the app's own body timeout (the app
  answers 408 first; this is the backstop for routes that do not read the body);
* when the process holds ``max_connections`` connections, the oldest of those idle between
  requests, then of those still sending a head, then of those sending a body, so that a new
  connection (``/health``, ``/ready``, a compare) always gets in. Only when every connection
  has a request being answered is the new one refused (503).

Every closure is counted and logged (one line per reason at most every few seconds, with the
count), and ``max_connections`` defaults to what the open-file limit leaves after a reserve.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from app.api.limits import (
    ConnectionLimits,
)
from app.api.logs import get_logger
from app.contract import ErrorCode, dumps, error_envelope, new_uid

if TYPE_CHECKING:
    from app.api.settings import ApiSettings

log = get_logger("facecompare.api.connections")

#: seconds between two log lines of the same reason (the count in between is summed)
LOG_EVERY_S = 5.0
#: the protocol's body backstop fires this long after the app's own body timeout
BACKSTOP_S = 2.0

Phase = Literal["idle", "head", "body", "busy"]
#: which connections are closed first when the cap is reached
EVICTION_ORDER: tuple[Phase, ...] = ("idle", "head", "body")


class TripLog:
    """Counts closures by reason and logs each reason at most every ``LOG_EVERY_S`` seconds."""

    def __init__(self) -> None:
        self.total: dict[str, int] = {}
        self._pending: dict[str, int] = {}
        self._last: dict[str, float] = {}

    def trip(self, reason: str, loop: asyncio.AbstractEventLoop, open_now: int) -> None:
        self.total[reason] = self.total.get(reason, 0) + 1
        self._pending[reason] = self._pending.get(reason, 0) + 1
        now = loop.time()
        last = self._last.get(reason)
        if last is None or now - last >= LOG_EVERY_S:
            self._flush(reason, now, open_now)
        elif self._pending[reason] == 1:  # the first of a new batch: log the batch when it is due
            loop.call_later(LOG_EVERY_S - (now - last), self._flush_later, reason, loop)

    def _flush_later(self, reason: str, loop: asyncio.AbstractEventLoop) -> None:
        if self._pending.get(reason):
            self._flush(reason, loop.time(), None)

    def _flush(self, reason: str, now: float, open_now: int | None) -> None:
        count = self._pending.pop(reason, 0)
        self._last[reason] = now
        extra: dict[str, Any] = {} if open_now is None else {"open": open_now}
        log.warning("connections closed", reason=reason, count=count, total=self.total[reason], **extra)


def _raw_response(status: int, phrase: str, code: ErrorCode, message: str) -> bytes:
    body = dumps(error_envelope(code, message, uid=new_uid()))
    head = (
        f"HTTP/1.1 {status} {phrase}\r\ncontent-type: application/json\r\n"
        f"content-length: {len(body)}\r\nconnection: close\r\n\r\n"
    )
    return head.encode("ascii") + body


class GuardedProtocol(HttpToolsProtocol):
    """uvicorn's HTTP/1.1 protocol with head and body timeouts and a connection cap (see module)."""

    #: None: read from the environment the first time a connection is made (``facecompare serve``)
    limits: ClassVar[ConnectionLimits | None] = None
    trips: ClassVar[TripLog] = TripLog()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cls = type(self)
        if cls.limits is None:
            from app.api.settings import ApiSettings

            cls.limits = ApiSettings().connection_limits
        self._limits: ConnectionLimits = cls.limits
        self._phase: Phase = "head"
        self._since = 0.0
        self._body_started = 0.0
        self._timer: asyncio.TimerHandle | None = None

    # ---- uvicorn's hooks -------------------------------------------------------------------

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._enter("head", self._limits.header_timeout_s, self._head_timed_out)
        if len(self.connections) > self._limits.cap:
            self._make_room()

    def data_received(self, data: bytes) -> None:
        if self._phase == "idle":  # the first byte of the next request on a keep-alive connection
            self._enter("head", self._limits.header_timeout_s, self._head_timed_out)
        super().data_received(data)

    def on_headers_complete(self) -> None:
        super().on_headers_complete()
        self._body_started = self.loop.time()
        self._enter("body", self._body_wait(), self._body_timed_out)

    def on_body(self, body: bytes) -> None:
        if self._phase == "body":
            self._arm(self._body_wait(), self._body_timed_out)
        super().on_body(body)

    def on_message_complete(self) -> None:
        super().on_message_complete()
        if self.cycle is not None and self.cycle.response_complete:
            # answered before its body ended (401, 413...): idle now, and the body's bytes have
            # cancelled uvicorn's keep-alive timer, so this one closes it
            self._enter("idle", self.config.timeout_keep_alive, self._idle_timed_out)
        else:
            self._enter("busy", None, None)

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if self._phase == "busy":  # uvicorn's keep-alive timer now closes it if nothing comes
            self._enter("idle", None, None)

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    # ---- timers ----------------------------------------------------------------------------

    def _enter(self, phase: Phase, after: float | None, then: Any) -> None:
        self._phase = phase
        self._since = self.loop.time()
        if after is None:
            self._disarm()
        else:
            self._arm(after, then)

    def _arm(self, after: float, then: Any) -> None:
        self._disarm()
        self._timer = self.loop.call_later(max(0.0, after), then)

    def _disarm(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _body_wait(self) -> float:
        """The app answers 408 after its body timeout; the protocol closes a little later."""
        silence = self._limits.body_timeout_s + BACKSTOP_S
        left = self._body_started + self._limits.body_deadline_s + BACKSTOP_S - self.loop.time()
        return min(silence, left)

    def _head_timed_out(self) -> None:
        self._close(
            "header timeout",
            _raw_response(
                408,
                "Request Timeout",
                ErrorCode.INVALID_REQUEST,
                f"The request head did not arrive within {self._limits.header_timeout_s:g} s.",
            ),
        )

    def _idle_timed_out(self) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self.transport.close()

    def _body_timed_out(self) -> None:
        self._close("body timeout", None)

    # ---- the cap ---------------------------------------------------------------------------

    def _make_room(self) -> None:
        """Close the connection that costs the others least, or refuse this one (503)."""
        victim: GuardedProtocol | None = None
        for phase in EVICTION_ORDER:
            candidates = [
                c
                for c in self.connections
                if isinstance(c, GuardedProtocol) and c is not self and c._phase == phase
            ]
            if candidates:
                victim = min(candidates, key=lambda c: c._since)
                break
        if victim is not None:
            busy = _raw_response(
                503, "Service Unavailable", ErrorCode.TOO_MANY_REQUESTS, "Too many open connections; retry."
            )
            victim._close(f"connection cap ({victim._phase})", None if victim._phase == "idle" else busy)
            return
        self._close(
            "connection cap (refused)",
            _raw_response(
                503, "Service Unavailable", ErrorCode.TOO_MANY_REQUESTS, "Too many open connections; retry."
            ),
        )

    def _close(self, reason: str, answer: bytes | None) -> None:
        self._disarm()
        if self.transport is None or self.transport.is_closing():
            return
        if self.cycle is not None and not self.cycle.response_complete:
            self.cycle.disconnected = True  # the app sees http.disconnect, never a late write
            self.cycle.message_event.set()
            if self._phase == "busy" or self.cycle.response_started:
                answer = None  # the app's answer has begun (or will): no second one
        if answer is not None:
            self.transport.write(answer)
        self.transport.close()
        self.trips.trip(reason, self.loop, len(self.connections))


def guarded_protocol(limits: ConnectionLimits) -> type[GuardedProtocol]:
    """A :class:`GuardedProtocol` with fixed ``limits`` (one in-process server, as in the tests)."""
    return type("GuardedProtocol", (GuardedProtocol,), {"limits": limits, "trips": TripLog()})


def uvicorn_options(settings: ApiSettings, *, spawned: bool) -> dict[str, Any]:
    """uvicorn's keyword arguments for the guard: the protocol (an import string when uvicorn
    spawns worker processes, which read the limits from the environment) and the keep-alive."""
    http: Any = f"{__name__}:GuardedProtocol" if spawned else guarded_protocol(settings.connection_limits)
    return {"http": http, "timeout_keep_alive": settings.keep_alive_s}
