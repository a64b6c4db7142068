"""Directory sign-in against a real OpenLDAP slapd started for these tests (tests/cases/slapd.py).

The ways a bank configures it are run: search with a service account, then bind as the person
found; bind straight to a DN made from a template; or bind so, then let the person find their own
entry (as with an AD UPN). The attacks: an empty password (or one
that SASLprep empties) binding as anonymous, filter and DN injection in the username, a person
in no mapped group, a case variant of someone else's name, and a directory that is down or hangs.
"""

from __future__ import annotations

import contextlib
import json
import logging
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ldap3 import MODIFY_ADD, MODIFY_DELETE, Connection, Server
from pydantic import ValidationError

from app.cases import Role, SqlCaseStore
from app.cases.directory import Directory, DirectorySettings, DirectoryUnavailable
from tests.cases import slapd as tree
from tests.cases.slapd import PASSWORDS, Slapd, certificates, slapd_server

#: the bank's rule for who may sign in: people, and not those marked as having left
USER_FILTER = "(&(objectClass=inetOrgPerson)(uid={username})(!(employeeType=disabled)))"


@pytest.fixture(scope="module")
def slapd() -> Iterator[Slapd]:
    reason = tree.missing()
    if reason:
        pytest.skip(f"no OpenLDAP slapd for the directory tests: {reason}")
    with slapd_server() as server:
        yield server


def settings(server: Slapd, mode: str = "search", **overrides: Any) -> DirectorySettings:
    """The directory as a bank would configure it for ``server`` in one of the ``MODES``."""
    values: dict[str, Any] = {
        "url": server.url,
        "allow_plaintext": True,  # loopback; the TLS tests below use StartTLS and LDAPS
        "user_filter": USER_FILTER,
        "admin_groups": [tree.ADMINS],
        "reviewer_groups": [tree.REVIEWERS],
        "operator_groups": [tree.OPERATORS],
        "timeout_s": 5,
    }
    if mode == "search":
        values |= {
            "user_base": tree.PEOPLE,
            "bind_dn": tree.SERVICE_DN,
            "bind_password": tree.SERVICE_PASSWORD,
        }
    elif mode == "template":
        values |= {"user_dn_template": f"uid={{username}},{tree.PEOPLE}"}
    else:  # template-search: bind as the person, who then finds their own entry (AD with a UPN)
        values |= {"user_dn_template": f"uid={{username}},{tree.PEOPLE}", "user_base": tree.BASE}
    return DirectorySettings(**(values | overrides))


def directory(server: Slapd, mode: str = "search", **overrides: Any) -> Directory:
    return Directory(settings(server, mode, **overrides))


MODES = ["search", "template", "template-search"]


# ---- the right people get in, with their role --------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_right_password_signs_in_with_the_role_of_the_group(slapd: Slapd, mode: str) -> None:
    d = directory(slapd, mode)
    assert d.authenticate("alice", PASSWORDS["alice"]) == ("alice", Role.ADMIN)
    assert d.authenticate("bob", PASSWORDS["bob"]) == ("bob", Role.REVIEWER)  # uniqueMember
    assert d.authenticate("carol", PASSWORDS["carol"]) == ("carol", Role.OPERATOR)


@pytest.mark.parametrize("mode", MODES)
def test_wrong_password_and_unknown_user_are_refused(slapd: Slapd, mode: str) -> None:
    d = directory(slapd, mode)
    assert d.authenticate("alice", PASSWORDS["bob"]) is None
    assert d.authenticate("alice", PASSWORDS["alice"] + "x") is None
    assert d.authenticate("mallory", "anything-at-all") is None


def test_the_highest_mapped_role_wins_and_the_mapping_is_the_banks(slapd: Slapd) -> None:
    # alice is in fc-admins and canteen; erin only in canteen, now mapped to operator
    d = directory(slapd, operator_groups=[tree.OPERATORS, tree.CANTEEN])
    assert d.authenticate("alice", PASSWORDS["alice"]) == ("alice", Role.ADMIN)
    assert d.authenticate("erin", PASSWORDS["erin"]) == ("erin", Role.OPERATOR)
    # carol's group mapped to reviewer instead
    d = directory(slapd, reviewer_groups=[tree.OPERATORS], operator_groups=[])
    assert d.authenticate("carol", PASSWORDS["carol"]) == ("carol", Role.REVIEWER)


# ---- attacks -----------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_a_person_in_no_mapped_group_is_refused(slapd: Slapd, mode: str) -> None:
    """erin's password is right, but the bank gave her no group of this application."""
    assert directory(slapd, mode).authenticate("erin", PASSWORDS["erin"]) is None


def test_the_test_directory_really_has_the_anonymous_bind_trap(slapd: Slapd) -> None:
    """Like AD, the server answers success to a name with an empty password, as anonymous
    (ldap3 itself refuses to send one; OpenLDAP's own client, like others, does not)."""
    if shutil.which("ldapwhoami") is None:
        pytest.skip("ldapwhoami is absent: apt-get install -y ldap-utils (make sysdeps does)")
    command = ["ldapwhoami", "-x", "-H", slapd.url, "-D", tree.user_dn("alice"), "-w", ""]
    answer = subprocess.run(command, capture_output=True, text=True, check=True)
    assert answer.stdout.strip() == "anonymous"


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("password", ["", "\u00ad", "\u200b", "\u00ad\u200b\ufeff"])
def test_an_empty_password_never_signs_in(slapd: Slapd, mode: str, password: str) -> None:
    """Empty, or only characters SASLprep maps to nothing (soft hyphen, zero-width space): the
    bind would be unauthenticated, which the directory answers with success."""
    d = directory(slapd, mode)
    for uid in ("alice", "carol"):
        assert d.authenticate(uid, password) is None


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("username", ["*", "al*", "*lice", "a*e", "alice)(uid=*", "alice\x00"])
def test_filter_and_dn_metacharacters_in_the_username_match_nobody(
    slapd: Slapd, mode: str, username: str
) -> None:
    """Unescaped, ``al*`` finds alice and her password signs her in under a name that is not hers."""
    assert directory(slapd, mode).authenticate(username, PASSWORDS["alice"]) is None


def test_injection_cannot_lift_the_banks_filter(slapd: Slapd) -> None:
    """dave has left (employeeType: disabled) but his password still works: the filter must hold.
    Unescaped, ``dave)(|(uid=dave`` turns the filter's ``!(disabled)`` into an alternative."""
    d = directory(slapd)
    assert d.authenticate("dave", PASSWORDS["dave"]) is None
    for username in ("dave)(|(uid=dave", "dave)(|(employeeType=disabled", "dave))(|(uid=dave"):
        assert d.authenticate(username, PASSWORDS["dave"]) is None


@pytest.mark.parametrize("mode", MODES)
def test_the_name_is_the_directorys_not_what_was_typed(slapd: Slapd, mode: str) -> None:
    """LDAP matches uid without case; four eyes compares names, so ALICE must come back alice."""
    assert directory(slapd, mode).authenticate("ALICE", PASSWORDS["alice"]) == ("alice", Role.ADMIN)
    assert directory(slapd, mode).authenticate(" Alice ", PASSWORDS["alice"]) in (None, ("alice", Role.ADMIN))


def test_a_referral_does_not_carry_the_password_elsewhere(slapd: Slapd) -> None:
    """The people's base is (or has been made) a referral to another server: a client that
    chases referrals binds there with the service account's password. Nobody signs in instead."""
    heard = bytearray()
    with socket.socket() as trap:
        trap.bind(("127.0.0.1", 0))
        trap.listen()
        trap.settimeout(3)
        ref = f"ldap://127.0.0.1:{trap.getsockname()[1]}/ou=people,dc=elsewhere"
        partners = f"ou=partners,{tree.PEOPLE}"
        with Connection(Server(slapd.url), tree.ROOT_DN, tree.ROOT_PASSWORD, auto_bind=True) as root:
            attributes = {"ou": "partners", "ref": ref}
            assert root.add(partners, ["referral", "extensibleObject"], attributes), root.result

        def listen() -> None:
            try:
                peer, _ = trap.accept()
            except OSError:
                return
            with peer:
                peer.settimeout(2)
                with contextlib.suppress(OSError):
                    heard.extend(peer.recv(4096))

        listener = threading.Thread(target=listen)
        listener.start()
        try:
            d = directory(slapd, user_base=partners, timeout_s=2)
            assert d.authenticate("carol", PASSWORDS["carol"]) is None
        finally:
            listener.join()
            with Connection(Server(slapd.url), tree.ROOT_DN, tree.ROOT_PASSWORD, auto_bind=True) as root:
                manage_dsa_it = ("2.16.840.1.113730.3.4.2", False, None)  # the referral entry itself
                assert root.delete(partners, controls=[manage_dsa_it]), root.result
        assert tree.SERVICE_PASSWORD.encode() not in heard
        assert not heard


@pytest.mark.parametrize("mode", MODES)
def test_a_person_with_two_names_is_refused(slapd: Slapd, mode: str) -> None:
    """frank's entry has uid frank and uid f.jones: one name could record and the other review."""
    d = directory(slapd, mode)
    assert d.authenticate("frank", PASSWORDS["frank"]) is None
    if mode == "search":
        assert d.authenticate("f.jones", PASSWORDS["frank"]) is None


def test_the_person_who_binds_is_the_one_whose_groups_count(slapd: Slapd) -> None:
    """A DN template for the staff but a user base that also finds someone else of the same name
    (a contractor carol who is an admin): staff carol's password must not give her that role."""
    contractors = f"ou=contractors,{tree.BASE}"
    other_carol = f"uid=carol,{contractors}"
    with Connection(Server(slapd.url), tree.ROOT_DN, tree.ROOT_PASSWORD, auto_bind=True) as root:
        assert root.add(contractors, ["organizationalUnit"], {"ou": "contractors"}), root.result
        assert root.add(other_carol, ["inetOrgPerson"], {"uid": "carol", "cn": "Carol", "sn": "C"})
        assert root.modify(tree.ADMINS, {"member": [(MODIFY_ADD, [other_carol])]}), root.result
        try:
            d = directory(slapd, "template", user_base=contractors)
            assert d.authenticate("carol", PASSWORDS["carol"]) is None
        finally:
            root.modify(tree.ADMINS, {"member": [(MODIFY_DELETE, [other_carol])]})
            root.delete(other_carol)
            root.delete(contractors)


def test_a_mapped_group_missing_from_the_directory_is_a_warning(
    slapd: Slapd, caplog: pytest.LogCaptureFixture
) -> None:
    missing = f"cn=fc-operatorz,{tree.GROUPS}"
    d = directory(slapd, operator_groups=[missing, tree.OPERATORS])
    assert d.authenticate("carol", PASSWORDS["carol"]) == ("carol", Role.OPERATOR)
    assert missing in caplog.text


# ---- the directory down, hung, or misconfigured ------------------------------------------------


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize("mode", MODES)
def test_a_directory_that_is_down_is_a_clear_error(slapd: Slapd, mode: str) -> None:
    url = f"ldap://127.0.0.1:{_closed_port()}"
    d = directory(slapd, mode, url=url)
    with pytest.raises(DirectoryUnavailable, match=url) as raised:
        d.authenticate("alice", PASSWORDS["alice"])
    assert PASSWORDS["alice"] not in str(raised.value)
    assert tree.SERVICE_PASSWORD not in str(raised.value)


def test_a_directory_that_hangs_times_out(slapd: Slapd) -> None:
    """A server that accepts the connection and never answers: refused after the timeout."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"ldap://127.0.0.1:{silent.getsockname()[1]}"
        d = directory(slapd, url=url, timeout_s=1)
        started = time.monotonic()
        with pytest.raises(DirectoryUnavailable, match=url):
            d.authenticate("alice", PASSWORDS["alice"])
        assert time.monotonic() - started < 5


def test_a_wrong_service_account_is_a_clear_error_not_everyone_refused(slapd: Slapd) -> None:
    d = directory(slapd, bind_password="not-the-service-password")
    with pytest.raises(DirectoryUnavailable, match="service account"):
        d.authenticate("alice", PASSWORDS["alice"])


def test_no_password_reaches_a_log_or_a_repr(slapd: Slapd, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    s = settings(slapd)
    d = Directory(s)
    d.authenticate("alice", PASSWORDS["alice"])
    d.authenticate("alice", "wrong-" + PASSWORDS["alice"])
    with pytest.raises(DirectoryUnavailable):
        directory(slapd, url=f"ldap://127.0.0.1:{_closed_port()}").authenticate("bob", PASSWORDS["bob"])
    text = caplog.text + repr(s) + str(s) + repr(d)
    for secret in (PASSWORDS["alice"], PASSWORDS["bob"], tree.SERVICE_PASSWORD):
        assert secret not in text


# ---- TLS ---------------------------------------------------------------------------------------


def test_plain_ldap_without_starttls_is_refused_unless_allowed(slapd: Slapd) -> None:
    """A password over plain LDAP can be read on the wire: the settings refuse it by default."""
    with pytest.raises(ValidationError, match="StartTLS"):
        settings(slapd, allow_plaintext=False)
    with pytest.raises(ValidationError, match="TLS already"):
        settings(slapd, url=slapd.ldaps_url, start_tls=True)


def by_name(url: str) -> str:
    """``url`` with the server's DNS name: a bank names its directory so, and ldap3 2.9 matches a
    certificate by DNS name only on Python 3.12+ (ssl.match_hostname is gone; its backport takes
    no IP addresses), so ``ldaps://127.0.0.1`` is refused there even with the IP in the SAN."""
    return url.replace("127.0.0.1", "localhost")


def test_starttls_with_the_banks_ca(slapd: Slapd) -> None:
    d = directory(slapd, url=by_name(slapd.url), allow_plaintext=False, start_tls=True, ca_file=slapd.ca_file)
    assert d.authenticate("alice", PASSWORDS["alice"]) == ("alice", Role.ADMIN)


def test_ldaps_with_the_banks_ca(slapd: Slapd) -> None:
    url = by_name(slapd.ldaps_url)
    d = directory(slapd, "template", url=url, allow_plaintext=False, ca_file=slapd.ca_file)
    assert d.authenticate("bob", PASSWORDS["bob"]) == ("bob", Role.REVIEWER)


@pytest.mark.parametrize("how", ["ldaps", "starttls"])
def test_a_certificate_the_bank_does_not_trust_is_refused(slapd: Slapd, how: str, tmp_path: Path) -> None:
    """The server's certificate is from a CA outside the configured trust: no password is sent."""
    other_ca, _, _ = certificates(tmp_path)  # a CA of its own, not the one that signed slapd's
    url, start_tls = (slapd.ldaps_url, False) if how == "ldaps" else (slapd.url, True)
    d = directory(slapd, url=url, allow_plaintext=False, start_tls=start_tls, ca_file=other_ca)
    with pytest.raises(DirectoryUnavailable):
        d.authenticate("alice", PASSWORDS["alice"])


def test_a_certificate_for_another_name_is_refused(slapd: Slapd) -> None:
    """The right CA, but the certificate names 127.0.0.1 and localhost, not 127.0.0.2."""
    d = directory(slapd, url=slapd.wrong_name_url, allow_plaintext=False, ca_file=slapd.ca_file)
    with pytest.raises(DirectoryUnavailable, match="doesn't match"):
        d.authenticate("alice", PASSWORDS["alice"])


# ---- through the case store's sign-in ----------------------------------------------------------


def test_a_directory_user_signs_in_through_the_store_and_it_is_audited(slapd: Slapd, tmp_path: Path) -> None:
    store = SqlCaseStore(f"sqlite:///{tmp_path / 'cases.sqlite3'}")
    try:
        d = directory(slapd)
        user = store.authenticate("carol", PASSWORDS["carol"], directory=d)
        assert user is not None and (user.username, user.role) == ("carol", Role.OPERATOR)
        assert store.authenticate("erin", PASSWORDS["erin"], directory=d) is None
        assert store.authenticate("carol", "", directory=d) is None
        rows = [(r.actor, r.action, json.loads(r.payload)) for r in store.audit()]
        assert ("carol", "user.signed_in", {"directory": True, "role": "operator"}) in rows
        assert ("erin", "user.sign_in_failed", {"directory": True}) in rows
        assert ("carol", "user.sign_in_failed", {"directory": True}) in rows
        assert store.verify_audit().ok
    finally:
        store.close()


def test_four_eyes_with_two_directory_accounts(slapd: Slapd, tmp_path: Path) -> None:
    """carol (operator, directory) records a flagged case; she cannot review it, bob (reviewer,
    directory) can; both are users the log granted, so the cross-check passes."""
    from app.cases import Outcome, Verdict
    from app.cases.errors import AccessDenied, CaseError
    from tests.cases.conftest import case

    store = SqlCaseStore(f"sqlite:///{tmp_path / 'cases.sqlite3'}")
    try:
        d = directory(slapd)
        carol = store.authenticate("carol", PASSWORDS["carol"], directory=d)
        bob = store.authenticate("bob", PASSWORDS["bob"], directory=d)
        assert carol is not None and bob is not None and bob.role is Role.REVIEWER
        flagged = store.add(case(operator=carol.username, outcome=Outcome.FLAGGED, decision="REVIEW"))
        with pytest.raises((AccessDenied, CaseError)):
            store.review(flagged.case_id, carol.username, Verdict.APPROVED, "my own case")
        review = store.review(flagged.case_id, bob.username, Verdict.APPROVED, "same person: ears")
        assert review.reviewer == "bob"
        report = store.verify_audit()
        assert report.ok, report
    finally:
        store.close()


def test_the_command_line_signs_a_directory_operator_in_from_the_environment(
    slapd: Slapd, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Configured by ``FACECOMPARE_LDAP_*`` alone (as a bank would), ``compare --record`` signs
    carol in at the directory and records her case; a wrong password records nothing."""
    from typer.testing import CliRunner

    from app.cli.main import app

    url = f"sqlite:///{tmp_path / 'cases.sqlite3'}"
    env = {
        "FACECOMPARE_LDAP_URL": slapd.url,
        "FACECOMPARE_LDAP_ALLOW_PLAINTEXT": "1",
        "FACECOMPARE_LDAP_USER_DN_TEMPLATE": f"uid={{username}},{tree.PEOPLE}",
        "FACECOMPARE_LDAP_OPERATOR_GROUPS": tree.OPERATORS,
        "FACECOMPARE_LDAP_REVIEWER_GROUPS": tree.REVIEWERS,
        "FACECOMPARE_LDAP_ADMIN_GROUPS": tree.ADMINS,
        "FACECOMPARE_DATABASE_URL": url,
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    samples = Path(__file__).resolve().parents[2] / "packaging" / "samples"
    args = ["compare", str(samples / "card.jpg"), str(samples / "selfie.jpg"), "--record"]
    args += ["--operator", "carol", "--customer", "C-7", "--consent"]
    monkeypatch.setenv("FACECOMPARE_PASSWORD", "not-carols-password")
    assert CliRunner().invoke(app, args).exit_code == 2
    monkeypatch.setenv("FACECOMPARE_PASSWORD", PASSWORDS["carol"])
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 0, res.output
    store = SqlCaseStore(url)
    try:
        (case,) = store.list()
        assert case.operator == "carol"
        assert store.verify_audit().ok
    finally:
        store.close()
