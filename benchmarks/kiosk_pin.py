"""How many staff PINs someone at a kiosk can try in an hour, before and after issue 14.

Before: wrong PINs were counted per pad in memory; cancelling after two reset the count (and a
restart reset a lockout), so nothing but the time to type one and to check it bounded the
attacker. A PIN typed by a keyboard emulator (the pad's field takes keys and Enter) costs one
argon2 check: measured here. A person tapping costs about two seconds a PIN.

After: the step machine with ``PinPolicy()`` and the attacker entering a PIN the moment the pad
opens (the count is in the audit log: cancelling or restarting changes nothing).

    python -m benchmarks.kiosk_pin
"""

from __future__ import annotations

import time

from app.gui.kiosk.flow import check_pin, hash_pin
from app.gui.kiosk.machine import KioskMachine
from app.gui.kiosk.pin import PinLock, PinPolicy

HUMAN_S = 2.0  # a person tapping four digits and OK on the pad
PINS = 10_000  # a 4-digit PIN


def seconds_per_check(n: int = 20) -> float:
    stored = hash_pin("2468")
    start = time.perf_counter()
    for i in range(n):
        check_pin(stored, f"{i:04d}")
    return (time.perf_counter() - start) / n


def guesses_after(seconds: float, policy: PinPolicy, check_s: float) -> int:
    """PINs the attacker enters in ``seconds`` against today's kiosk (each as soon as allowed)."""
    m = KioskMachine(workstation="k", pin_hash=None, pin_lock=PinLock(policy))
    t0 = now = 0.0
    count = 0
    while now < t0 + seconds:
        if m.staff_requested(now):
            m.pin_entered("0000", now)
            count += 1
        now = max(now + check_s, m.pin_lock.locked_until)
    return count


def main() -> None:
    check_s = seconds_per_check()
    policy = PinPolicy()
    before_machine = 3600 / check_s
    before_human = 3600 / HUMAN_S
    hour = guesses_after(3600, policy, HUMAN_S)
    day = guesses_after(24 * 3600, policy, HUMAN_S)
    print(f"argon2 check of one PIN: {check_s * 1000:.0f} ms")
    print(f"before: {before_machine:,.0f} guesses/hour by a keyboard emulator, {before_human:,.0f} by hand")
    half_machine, half_human = PINS / 2 / before_machine * 60, PINS / 2 / before_human
    print(f"        half of all 4-digit PINs: {half_machine:.1f} min / {half_human:.1f} h")
    print(f"after:  {hour} guesses in the first hour, {day} in 24 h, then 1 an hour (any typing speed)")
    print(f"        half of all 4-digit PINs: {(PINS / 2 - hour) / 24:.0f} days, every guess an audit row")


if __name__ == "__main__":
    main()
