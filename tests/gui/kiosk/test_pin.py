"""The staff PIN against someone at the lobby screen: the count of wrong PINs survives a cancelled
pad and a restart (it is read back from the audit log), every wrong PIN and every lockout is an
audit row, and each lockout is longer than the last.

No Qt: the step machine and a real SQLite case store (runs in the headless step too).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from app.cases import SqlCaseStore
from app.gui.kiosk.actions import Action, AskPin, Audit, ClosePin, PinWrong, Unlock
from app.gui.kiosk.flow import hash_pin
from app.gui.kiosk.machine import KioskMachine, Notice
from app.gui.kiosk.pin import PIN_FAILED, PIN_LOCKED, PIN_OK, PinLock, PinPolicy, pin_lock_from_audit

PIN = "2468"
HASH = hash_pin(PIN)
KIOSK = "lobby-1"
T0 = 1_800_000_000.0  # a wall-clock time (epoch seconds): lockouts must outlive the process


def machine(lock: PinLock | None = None) -> KioskMachine:
    return KioskMachine(workstation=KIOSK, pin_hash=HASH, pin_lock=lock)


def audits(actions: list[Action]) -> list[Audit]:
    return [a for a in actions if isinstance(a, Audit)]


class Kiosk:
    """A kiosk process on a real case store: the machine, with its audit actions written the way
    the window writes them; :meth:`restart` is a new process on the same database. The store's
    clock is the test's (``now``), so hours pass in no time."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.now = T0
        self.store = self.open()
        self.m = machine(pin_lock_from_audit(self.store, KIOSK))

    def open(self) -> SqlCaseStore:
        return SqlCaseStore.at(self.path, clock=lambda: datetime.fromtimestamp(self.now, UTC))

    def do(self, actions: list[Action]) -> list[Action]:
        for a in audits(actions):
            self.store.audit_event(KIOSK, a.action, a.payload, case_id=a.case_id)
        return actions

    def guess(self, pin: str, now: float) -> list[Action]:
        self.now = now
        opened = self.do(self.m.staff_requested(now))
        if opened != [AskPin()]:
            return opened
        return self.do(self.m.pin_entered(pin, now))

    def restart(self) -> None:
        self.store.close()
        self.store = self.open()
        self.m = machine(pin_lock_from_audit(self.store, KIOSK))

    def rows(self, action: str) -> list[dict[str, Any]]:
        return [json.loads(r.payload) for r in self.store.audit(action=action)]


@pytest.fixture
def kiosk(tmp_path: Path) -> Any:
    k = Kiosk(tmp_path / "cases.sqlite3")
    yield k
    k.store.close()


def test_cancelling_the_pad_after_two_wrong_pins_does_not_reset_the_count() -> None:
    m = machine()
    for t in (0.0, 1.0):
        assert m.staff_requested(T0 + t) == [AskPin()]
        assert PinWrong() in m.pin_entered("1111", T0 + t)
        m.pin_cancelled()  # the attacker closes the pad and opens it again
    assert m.staff_requested(T0 + 2) == [AskPin()]
    third = m.pin_entered("1111", T0 + 2)
    assert ClosePin() in third and m.notice is Notice.PIN_LOCKED
    assert Audit(PIN_LOCKED, {"failures": 3, "seconds": 60.0}) in third
    assert m.staff_requested(T0 + 3) == []  # locked: the pad does not even open


def test_a_restart_does_not_reset_the_count_or_the_lockout(kiosk: Kiosk) -> None:
    kiosk.guess("1111", T0)
    kiosk.guess("2222", T0 + 1)
    kiosk.restart()  # the attacker pulls the plug
    kiosk.guess("3333", T0 + 2)
    assert kiosk.m.pin_lock.failures == 3 and kiosk.m.pin_lock.locked(T0 + 3)
    kiosk.restart()
    assert kiosk.guess(PIN, T0 + 30) == []  # still locked after the restart: not even the right PIN
    assert kiosk.m.notice is Notice.PIN_LOCKED


def test_every_wrong_pin_and_every_lockout_is_audited_without_the_pin(kiosk: Kiosk) -> None:
    for i, pin in enumerate(("1111", "2222", "3333")):
        kiosk.guess(pin, T0 + i)
    assert kiosk.rows(PIN_FAILED) == [{"failures": 1}, {"failures": 2}, {"failures": 3}]
    assert kiosk.rows(PIN_LOCKED) == [{"failures": 3, "seconds": 60.0}]
    texts = " ".join(r.payload for r in kiosk.store.audit())
    assert "1111" not in texts and "3333" not in texts and "argon2" not in texts


def test_each_lockout_is_longer_than_the_last_up_to_an_hour(kiosk: Kiosk) -> None:
    now = T0
    for _ in range(3):
        kiosk.guess("1111", now)
    seconds = []
    for _ in range(8):
        until = kiosk.m.pin_lock.locked_until
        assert kiosk.guess("1111", until - 0.5) == []  # a moment too early: refused, not counted
        now = until
        kiosk.restart()
        acts = kiosk.guess("1111", now)
        (locked,) = [a for a in acts if isinstance(a, Audit) and a.action == PIN_LOCKED]
        seconds.append(locked.payload["seconds"])
    assert seconds == [120.0, 240.0, 480.0, 960.0, 1920.0, 3600.0, 3600.0, 3600.0]
    assert len(kiosk.rows(PIN_FAILED)) == 11


def test_the_right_pin_unlocks_and_starts_the_count_again(kiosk: Kiosk) -> None:
    kiosk.guess("1111", T0)
    kiosk.guess("1111", T0 + 1)
    acts = kiosk.guess(PIN, T0 + 2)
    assert Unlock() in acts and Audit(PIN_OK, {"session": kiosk.m.token}) in acts
    kiosk.restart()
    assert kiosk.m.pin_lock.failures == 0
    kiosk.guess("1111", T0 + 3)
    kiosk.guess("1111", T0 + 4)
    assert not kiosk.m.pin_lock.locked(T0 + 5)  # two wrong since the right one: not locked


def test_a_wrong_pin_at_another_kiosk_on_the_same_database_does_not_count_here(kiosk: Kiosk) -> None:
    for i in range(3):
        kiosk.store.audit_event("lobby-2", PIN_FAILED, {"failures": i + 1})
    kiosk.restart()
    assert kiosk.m.pin_lock.failures == 0


def guesses_in(seconds: float, policy: PinPolicy) -> int:
    """Wrong PINs an attacker can enter in ``seconds``, each as soon as the pad allows."""
    m = KioskMachine(workstation=KIOSK, pin_hash=HASH, pin_lock=PinLock(policy))
    now, count = T0, 0
    while now < T0 + seconds:
        if m.staff_requested(now) == [AskPin()]:
            m.pin_entered("0000", now)
            count += 1
        now = max(now + 1.0, m.pin_lock.locked_until)
    return count


def test_an_attacker_gets_eight_guesses_in_the_first_hour_then_one_an_hour() -> None:
    policy = PinPolicy()
    assert guesses_in(3600, policy) == 8
    assert guesses_in(24 * 3600, policy) == 8 + 23  # then one an hour at most
