"""Sign-in attacks on SQLite and a real PostgreSQL: guessing passwords, restarting to reset the
count, guessing during a lock, varying the name's case; and the directory seam."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from app.cases import AccessDenied, Role, SqlCaseStore
from app.cases.accounts import LOCK_AFTER, Lockout

Make = Callable[..., SqlCaseStore]
T0 = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


def _users(store: SqlCaseStore) -> None:
    store.add_user("boss", Role.ADMIN, "admin-password")
    store.add_user("kim.j", Role.OPERATOR, "operator-pw", actor="boss")


def _guess(store: SqlCaseStore, n: int, name: str = "kim.j") -> None:
    for i in range(n):
        assert store.authenticate(name, f"guess-{i:04d}") is None


def test_the_right_password_is_refused_after_repeated_failures(make_store: Make) -> None:
    """Attacker: guesses until the password is found; after LOCK_AFTER failures even the right one fails."""
    clock = Clock()
    store = make_store(clock=clock)
    _users(store)
    _guess(store, LOCK_AFTER)
    assert store.authenticate("kim.j", "operator-pw") is None
    actions = [r.action for r in store.audit(actor="kim.j")]
    assert actions == ["user.sign_in_failed"] * LOCK_AFTER + ["user.sign_in_locked"]
    assert store.locked_until("kim.j") == T0 + Lockout().period(LOCK_AFTER)


def test_the_lock_survives_a_restart(make_store: Make) -> None:
    """Attacker: closes the program (or opens a second one) to start counting again."""
    clock = Clock()
    first = make_store(clock=clock)
    _users(first)
    _guess(first, LOCK_AFTER - 1)
    first.close()
    second = make_store(clock=clock)
    _guess(second, 1)
    assert second.authenticate("kim.j", "operator-pw") is None


def test_the_name_in_another_case_is_the_same_account(make_store: Make) -> None:
    """Attacker: KIM.J, Kim.J, kim.j... each with a fresh count (a directory matches names without case)."""
    store = make_store(clock=Clock())
    _users(store)
    for name in ("KIM.J", "Kim.J", "kim.J", "kim.j", " kim.j"):
        assert store.authenticate(name, "wrong-password") is None
    assert store.authenticate("kim.j", "operator-pw") is None


def test_the_lock_ends_and_grows(make_store: Make) -> None:
    """After the lock one more guess is allowed; a wrong one locks for twice as long."""
    clock = Clock()
    store = make_store(clock=clock)
    _users(store)
    _guess(store, LOCK_AFTER)
    first = Lockout().period(LOCK_AFTER)
    clock.now = T0 + first - timedelta(seconds=1)
    assert store.authenticate("kim.j", "operator-pw") is None  # still locked
    clock.now = T0 + first
    _guess(store, 1)
    assert store.locked_until("kim.j") == clock.now + 2 * first
    clock.now += 2 * first
    assert store.authenticate("kim.j", "operator-pw") is not None
    assert store.locked_until("kim.j") is None
    _guess(store, LOCK_AFTER - 1)  # a success starts the count again
    assert store.authenticate("kim.j", "operator-pw") is not None


def test_an_admin_unlocks_and_it_is_audited(make_store: Make) -> None:
    store = make_store(clock=Clock())
    _users(store)
    _guess(store, LOCK_AFTER)
    with pytest.raises(AccessDenied):
        store.unlock_user("kim.j", actor="kim.j")
    store.unlock_user("kim.j", actor="boss")
    assert store.authenticate("kim.j", "operator-pw") is not None
    unlocked = store.audit(action="user.unlocked")[-1]
    assert unlocked.actor == "boss" and '"username":"kim.j"' in unlocked.payload


def test_locks_are_per_account(make_store: Make) -> None:
    store = make_store(clock=Clock())
    _users(store)
    _guess(store, LOCK_AFTER)
    assert store.authenticate("boss", "admin-password") is not None


class Directory:
    """The seam's contract held in memory, not LDAP (ldap3 against a real slapd: test_directory.py)."""

    def __init__(self) -> None:
        self.people = {"park.d": ("directory-pw", Role.REVIEWER), "kim.j": ("not-the-local-pw", Role.ADMIN)}
        self.calls: list[str] = []

    def authenticate(self, username: str, password: str) -> tuple[str, Role] | None:
        self.calls.append(username)
        known = self.people.get(username.strip().casefold())
        return (username.strip().casefold(), known[1]) if known and known[0] == password else None


def test_a_directory_user_signs_in_and_gets_the_mapped_role_in_the_log(make_store: Make) -> None:
    store = make_store(clock=Clock())
    _users(store)
    directory = Directory()
    user = store.authenticate("Park.D", "directory-pw", directory=directory)
    assert user is not None and (user.username, user.role) == ("park.d", Role.REVIEWER)
    assert store.user("park.d") is not None and store.user("park.d").role is Role.REVIEWER  # type: ignore[union-attr]
    added = store.audit(action="user.added")[-1]
    assert added.actor == "directory" and '"role":"reviewer"' in added.payload
    # the stored directory account has no password of its own
    assert store.authenticate("park.d", "directory-pw") is None
    # the role follows the directory, and the change is in the log
    directory.people["park.d"] = ("directory-pw", Role.OPERATOR)
    assert store.authenticate("park.d", "directory-pw", directory=directory).role is Role.OPERATOR  # type: ignore[union-attr]
    assert store.audit(action="user.role_changed")[-1].actor == "directory"


def test_a_local_account_is_not_taken_over_by_the_directory(make_store: Make) -> None:
    """Attacker: owns a directory entry with a local user's name and a role above theirs."""
    store = make_store(clock=Clock())
    _users(store)
    directory = Directory()
    assert store.authenticate("kim.j", "not-the-local-pw", directory=directory) is None
    assert store.user("kim.j").role is Role.OPERATOR  # type: ignore[union-attr]
    assert store.authenticate("kim.j", "operator-pw", directory=directory) is not None


def test_the_directory_is_not_asked_during_a_lock_or_with_an_empty_password(make_store: Make) -> None:
    """An empty password would be an anonymous bind; a locked account's guesses go nowhere."""
    store = make_store(clock=Clock())
    _users(store)
    directory = Directory()
    assert store.authenticate("park.d", "", directory=directory) is None
    assert directory.calls == []
    _guess(store, LOCK_AFTER - 1, "park.d")
    assert store.authenticate("park.d", "wrong", directory=directory) is None
    calls = len(directory.calls)
    assert store.authenticate("park.d", "directory-pw", directory=directory) is None
    assert len(directory.calls) == calls


def test_an_unknown_name_takes_as_long_as_a_wrong_password(make_store: Make) -> None:
    """Attacker: times the answers to learn which names have accounts."""
    import statistics
    import time

    store = make_store(clock=Clock())
    _users(store)

    def took(name: str) -> float:
        times = []
        for i in range(5):
            t0 = time.perf_counter()
            store.authenticate(name, f"wrong-{i}")
            times.append(time.perf_counter() - t0)
        return statistics.median(times)

    took("nobody-here")  # the dummy hash is made once, on first use
    assert took("nobody-else") > 0.5 * took("boss")


def test_an_unreachable_directory_is_an_error_not_a_failed_guess(make_store: Make) -> None:
    from app.cases import CaseError

    class Down:
        def authenticate(self, username: str, password: str) -> tuple[str, Role] | None:
            raise CaseError("the directory ldap://127.0.0.1:9 cannot be reached")

    store = make_store(clock=Clock())
    _users(store)
    rows = len(store.audit())
    with pytest.raises(CaseError, match="cannot be reached"):
        store.authenticate("park.d", "directory-pw", directory=Down())
    assert len(store.audit()) == rows and store.locked_until("park.d") is None
