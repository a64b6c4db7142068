"""Retained images, encrypted with AES-256-GCM and bound to their case, kind and digest."""

from __future__ import annotations

import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM


class ImageVault:
    """Seals and opens image bytes; the associated data ties a ciphertext to one case's slot."""

    def __init__(self, key: bytes) -> None:
        if len(key) != 32:
            raise ValueError("AES-256-GCM needs a 32-byte key")
        self._aead = AESGCM(key)

    @staticmethod
    def _aad(case_id: str, kind: str) -> bytes:
        return f"facecompare:{case_id}:{kind}".encode()

    def seal(self, case_id: str, kind: str, data: bytes) -> tuple[bytes, bytes]:
        """(nonce, ciphertext) of ``data``; the ciphertext ends with the 16-byte tag."""
        nonce = secrets.token_bytes(12)
        return nonce, self._aead.encrypt(nonce, data, self._aad(case_id, kind))

    def open(self, case_id: str, kind: str, nonce: bytes, ciphertext: bytes) -> bytes:
        """The plaintext; ``ValueError`` when the key is wrong or the bytes were changed or moved."""
        try:
            return self._aead.decrypt(nonce, ciphertext, self._aad(case_id, kind))
        except InvalidTag:
            raise ValueError(
                f"image {kind} of case {case_id} does not decrypt (wrong key or altered)"
            ) from None
