"""The staff PIN's lockout, Qt-free: wrong PINs counted in the audit log, growing lockouts.

The count lives in the case store's audit log (``kiosk.pin_failed`` rows since the kiosk's last
``kiosk.unlocked``), so neither closing the pad nor restarting the kiosk resets it, and the
rows are hash-chained like every other. Times are wall-clock seconds (``time.time()``): a
lockout outlives the process.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

#: a wrong PIN ({"failures": n}: the n-th in a row)
PIN_FAILED = "kiosk.pin_failed"
#: the pad locks ({"failures": n, "seconds": s})
PIN_LOCKED = "kiosk.pin_locked"
#: the right PIN: the kiosk was left (and the count starts again)
PIN_OK = "kiosk.unlocked"


@dataclass(frozen=True, slots=True)
class PinPolicy:
    """``free`` wrong PINs in a row, then a lockout after each: ``first_lock_s``, doubling up to
    ``max_lock_s``."""

    free: int = 3
    first_lock_s: float = 60.0
    max_lock_s: float = 3600.0

    def lock_s(self, failures: int) -> float:
        """Seconds the pad stays locked after the ``failures``-th wrong PIN in a row."""
        if failures < self.free:
            return 0.0
        return min(self.max_lock_s, self.first_lock_s * 2.0 ** (failures - self.free))


@dataclass(slots=True)
class PinLock:
    """Wrong PINs since the last right one, and when the newest was entered."""

    policy: PinPolicy = field(default_factory=PinPolicy)
    failures: int = 0
    last_failure: float = 0.0  # epoch seconds

    @property
    def locked_until(self) -> float:
        """Until when the pad stays shut (0 when it is open)."""
        lock = self.policy.lock_s(self.failures)
        return self.last_failure + lock if lock else 0.0

    def locked(self, now: float) -> bool:
        return now < self.locked_until

    def failed(self, now: float) -> float:
        """A wrong PIN at ``now``; the lockout it starts (seconds, 0 for none)."""
        self.failures += 1
        self.last_failure = now
        return self.policy.lock_s(self.failures)

    def succeeded(self) -> None:
        self.failures, self.last_failure = 0, 0.0


class AuditReader(Protocol):
    """What the lock reads of a case store (``SqlCaseStore.audit``)."""

    def audit(self, **filters: Any) -> list[Any]: ...


def pin_lock_from_audit(store: AuditReader, actor: str, policy: PinPolicy | None = None) -> PinLock:
    """The lock the audit log of ``store`` leaves for the kiosk ``actor``: its wrong PINs after
    its last right one."""
    lock = PinLock(policy or PinPolicy())
    last_ok = store.audit(action=PIN_OK, actor=actor, newest_first=True, limit=1)
    after = last_ok[0].seq if last_ok else 0
    since = datetime.fromisoformat(last_ok[0].at) if last_ok else None
    failed = [r for r in store.audit(action=PIN_FAILED, actor=actor, since=since) if r.seq > after]
    if failed:
        lock.failures = len(failed)
        lock.last_failure = datetime.fromisoformat(failed[-1].at).timestamp()
    return lock


__all__ = ["PIN_FAILED", "PIN_LOCKED", "PIN_OK", "AuditReader", "PinLock", "PinPolicy", "pin_lock_from_audit"]
