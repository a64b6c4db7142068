"""Symmetric keys: image encryption, and the retired HMAC checkpoint key (old data; Ed25519 checkpoint
signatures are in :mod:`app.cases.signing`). The environment first, then the OS keyring."""

from __future__ import annotations

import base64
import binascii
import os
import secrets

SERVICE = "facecompare"
IMAGE_KEY_ENV = "FACECOMPARE_IMAGE_KEY"
AUDIT_KEY_ENV = "FACECOMPARE_AUDIT_KEY"


def decode_key(text: str) -> bytes:
    """A 32-byte key from hex or base64 text."""
    text = text.strip()
    try:
        raw = bytes.fromhex(text) if len(text) == 64 else base64.b64decode(text, validate=True)
    except (ValueError, binascii.Error):
        raise ValueError("the key is neither 64 hex digits nor base64") from None
    if len(raw) != 32:
        raise ValueError(f"the key must be 32 bytes, not {len(raw)}")
    return raw


def new_key_text() -> str:
    """A fresh random 256-bit key as base64 text."""
    return base64.b64encode(secrets.token_bytes(32)).decode()


def keyring_entry(name: str) -> str | None:
    """The OS keyring's ``facecompare/name`` entry, or None (absent, or no usable keyring)."""
    try:
        import keyring
        from keyring.errors import KeyringError

        try:
            return keyring.get_password(SERVICE, name)
        except KeyringError:
            return None
    except ImportError:  # pragma: no cover - keyring is a dependency
        return None


class KeyringUnavailable(RuntimeError):
    """There is no usable OS keyring (the message says why)."""


def store_new_keyring_entry(name: str, text: str) -> str:
    """Keep ``text`` as the keyring's ``facecompare/name`` entry, never replacing one; returns
    where it went. Raises FileExistsError when the entry exists, KeyringUnavailable without a
    usable keyring."""
    import keyring
    from keyring.errors import KeyringError

    try:
        if keyring.get_password(SERVICE, name):
            raise FileExistsError(f"the keyring already holds {SERVICE}/{name}; not replaced")
        keyring.set_password(SERVICE, name, text)
    except KeyringError as exc:
        raise KeyringUnavailable(f"no usable OS keyring ({exc})") from None
    return f"the OS keyring ({SERVICE}/{name})"


def load_key(env: str, name: str) -> bytes | None:
    """The key in ``env``, else the keyring's ``facecompare/name`` entry, else None."""
    if os.environ.get(env):
        return decode_key(os.environ[env])
    stored = keyring_entry(name)
    return decode_key(stored) if stored else None


def image_key() -> bytes | None:
    return load_key(IMAGE_KEY_ENV, "image-key")


def audit_key() -> bytes | None:
    return load_key(AUDIT_KEY_ENV, "audit-key")
