"""Keys kept in the OS keyring by `facecompare audit keygen --keyring` and `signing-key --keyring`:
stored once, never replaced, and a clear error where there is no usable keyring."""

from __future__ import annotations

from typing import Any

import keyring
from keyring.backends.fail import Keyring as NoKeyring
from typer.testing import CliRunner

from app.cases import keys
from app.cli.main import app as cli


def test_keygen_stores_a_key_once_and_never_replaces_it(memory_keyring: Any) -> None:
    first = CliRunner().invoke(cli, ["audit", "keygen", "image", "--keyring"])
    assert first.exit_code == 0, first.output
    stored = memory_keyring.items[(keys.SERVICE, "image-key")]
    assert keys.decode_key(stored) == keys.image_key() and stored not in first.output
    again = CliRunner().invoke(cli, ["audit", "keygen", "image", "--keyring"])
    assert again.exit_code != 0 and "not replaced" in again.output
    assert memory_keyring.items[(keys.SERVICE, "image-key")] == stored  # the attacker's overwrite failed


def test_signing_key_goes_to_the_keyring_once(memory_keyring: Any) -> None:
    first = CliRunner().invoke(cli, ["audit", "signing-key", "--keyring"])
    assert first.exit_code == 0, first.output
    pem = memory_keyring.items[(keys.SERVICE, "audit-signing-key")]
    assert pem.startswith("-----BEGIN PRIVATE KEY-----") and pem not in first.output
    again = CliRunner().invoke(cli, ["audit", "signing-key", "--keyring"])
    assert again.exit_code != 0 and "not replaced" in again.output
    assert memory_keyring.items[(keys.SERVICE, "audit-signing-key")] == pem


def test_without_a_usable_keyring_the_error_says_what_to_do_instead() -> None:
    old = keyring.get_keyring()
    keyring.set_keyring(NoKeyring())
    try:
        result = CliRunner().invoke(cli, ["audit", "keygen", "audit", "--keyring"])
    finally:
        keyring.set_keyring(old)
    assert result.exit_code != 0
    assert "no usable OS keyring" in result.output and "environment variable" in result.output
    assert "Traceback" not in result.output
