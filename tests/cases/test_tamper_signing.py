"""Ed25519-signed checkpoints: the public key checks them and cannot make them; with a key
configured, a checkpoint swapped for an unsigned one or re-signed with another key is an error."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from app.cases import SqlCaseStore
from app.cases.chain import Checkpoint
from app.cases.signing import KeyFileError, load_private_file, new_private_key, private_pem, write_new_file
from tests.cases.conftest import case


def _signed_store(make_store: Callable[..., SqlCaseStore]) -> tuple[SqlCaseStore, Checkpoint]:
    key = new_private_key()
    store = make_store(signing_key=key)
    for i in range(4):
        store.add(case(customer_ref=f"C-{i}"))
    point = store.checkpoint()
    assert point.signature.startswith("ed25519:")
    return store, point


def test_a_signed_checkpoint_verifies_with_the_public_key_alone(
    make_store: Callable[..., SqlCaseStore],
) -> None:
    store, point = _signed_store(make_store)
    public = store._signing_key.public_key()  # type: ignore[union-attr]
    auditor = make_store(public_keys=[public])  # no private key, no HMAC key
    report = auditor.verify_audit([point])
    assert report.ok and report.signed_checkpoints == 2, report.summary()  # stored + given


def test_an_unsigned_checkpoint_is_an_error_when_a_key_is_configured(
    make_store: Callable[..., SqlCaseStore],
) -> None:
    store, point = _signed_store(make_store)
    unsigned = Checkpoint(point.seq, point.hash, point.at)
    report = store.verify_audit([unsigned])
    assert not report.ok and "unsigned" in report.problem
    hmac_signed = unsigned.signed(b"k" * 32)  # the retired shared key: an auditor could forge it
    assert "HMAC" in store.verify_audit([hmac_signed]).problem


def test_a_checkpoint_re_signed_with_another_key_is_an_error(make_store: Callable[..., SqlCaseStore]) -> None:
    store, point = _signed_store(make_store)
    forged = Checkpoint(point.seq, point.hash, point.at).signed(new_private_key())
    report = store.verify_audit([forged])
    assert not report.ok and "another key" in report.problem


def test_checkpoints_older_than_signing_stay_valid(make_store: Callable[..., SqlCaseStore]) -> None:
    """A database that exported (unsigned) before a key was configured still verifies."""
    store = make_store()
    store.add(case())
    old = store.checkpoint()
    assert old.signature == ""
    signed = make_store(signing_key=new_private_key())
    signed.add(case())
    assert signed.checkpoint().signature.startswith("ed25519:")
    assert signed.verify_audit([old]).ok, signed.verify_audit([old]).summary()


def test_the_private_key_file_is_0600_and_refused_when_others_may_read_it(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "audit-signing.pem"
    write_new_file(path, private_pem(new_private_key()), 0o600)
    assert (path.stat().st_mode & 0o777) == 0o600 and (path.parent.stat().st_mode & 0o777) == 0o700
    load_private_file(path)
    os.chmod(path, 0o644)
    with pytest.raises(KeyFileError, match="chmod 600"):
        load_private_file(path)
    with pytest.raises(FileExistsError):
        write_new_file(path, b"x", 0o600)
