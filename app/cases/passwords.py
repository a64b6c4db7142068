"""Password hashes (argon2id); a hash never leaves the store and never enters the audit log."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()  # argon2id, the library's current defaults (RFC 9106 low-memory profile)

MIN_LENGTH = 8


def hash_password(password: str) -> str:
    """An argon2id hash of ``password`` (refused when shorter than ``MIN_LENGTH``)."""
    if len(password) < MIN_LENGTH:
        raise ValueError(f"a password needs at least {MIN_LENGTH} characters")
    return _hasher.hash(password)


def check_password(stored_hash: str, password: str) -> bool:
    """True when ``password`` matches ``stored_hash`` (constant-time inside argon2)."""
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False
