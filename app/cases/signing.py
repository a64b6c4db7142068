"""Ed25519 signatures of audit checkpoints: the private key signs, anyone with the public key checks.

The private key lives in a PEM file outside the database (created 0600, refused when group or
others may read it) or in the OS keyring (``facecompare/audit-signing-key``). The public key is a
PEM file handed to auditors; it can check a checkpoint but never make one (unlike the old HMAC key).
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

PREFIX = "ed25519:"
SIGNING_KEY_ENV = "FACECOMPARE_AUDIT_SIGNING_KEY"  # path of the private key PEM
PUBLIC_KEY_ENV = "FACECOMPARE_AUDIT_PUBLIC_KEY"  # path of the public key PEM (verify-only machines)
KEYRING_NAME = "audit-signing-key"
_DOMAIN = b"facecompare-audit-checkpoint-v1\n"


class KeyFileError(ValueError):
    """A key file that is missing, unreadable, too open or not an Ed25519 key."""


def sign(key: Ed25519PrivateKey, message: bytes) -> str:
    """``ed25519:`` and the hex signature of ``message`` (domain-separated)."""
    return PREFIX + key.sign(_DOMAIN + message).hex()


def check(public: Ed25519PublicKey, message: bytes, signature: str) -> bool:
    """True when ``signature`` is ``public``'s Ed25519 signature of ``message``."""
    if not signature.startswith(PREFIX):
        return False
    try:
        public.verify(bytes.fromhex(signature[len(PREFIX) :]), _DOMAIN + message)
    except (InvalidSignature, ValueError):
        return False
    return True


def is_ed25519(signature: str) -> bool:
    return signature.startswith(PREFIX)


def new_private_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def private_pem(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def public_pem(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def fingerprint(key: Ed25519PublicKey) -> str:
    """sha256 of the raw public key, hex: names the key in the log and in messages."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()


def write_new_file(path: Path, data: bytes, mode: int) -> None:
    """Create ``path`` with ``mode`` (never replacing a file); its new folder is made 0700."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.chmod(path, mode)  # the umask may have narrowed it; never widened


def private_from_pem(data: bytes, where: str) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as exc:
        raise KeyFileError(f"{where} is not an unencrypted PEM private key ({exc})") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyFileError(f"{where} is not an Ed25519 key")
    return key


def load_private_file(path: Path) -> Ed25519PrivateKey:
    """The private key in ``path``; refused when the file is readable by group or others."""
    try:
        st = path.stat()
        if os.name == "posix" and st.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise KeyFileError(
                f"{path} may be read by others (mode {stat.S_IMODE(st.st_mode):o}); chmod 600 it"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise KeyFileError(f"cannot read the signing key {path}: {exc.strerror}") from None
    return private_from_pem(data, str(path))


def load_public_file(path: Path) -> Ed25519PublicKey:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise KeyFileError(f"cannot read the public key {path}: {exc.strerror}") from None
    try:
        key = serialization.load_pem_public_key(data)
    except ValueError as exc:
        raise KeyFileError(f"{path} is not a PEM public key ({exc})") from None
    if not isinstance(key, Ed25519PublicKey):
        raise KeyFileError(f"{path} is not an Ed25519 public key")
    return key


def configured_private() -> Ed25519PrivateKey | None:
    """The signing key of ``FACECOMPARE_AUDIT_SIGNING_KEY`` (a file), else the keyring's, else None."""
    if os.environ.get(SIGNING_KEY_ENV):
        return load_private_file(Path(os.environ[SIGNING_KEY_ENV]))
    from app.cases.keys import keyring_entry

    stored = keyring_entry(KEYRING_NAME)
    return private_from_pem(stored.encode(), f"the keyring's {KEYRING_NAME}") if stored else None


def configured_public() -> Ed25519PublicKey | None:
    """The public key of ``FACECOMPARE_AUDIT_PUBLIC_KEY`` (a file), or None."""
    path = os.environ.get(PUBLIC_KEY_ENV)
    return load_public_file(Path(path)) if path else None
