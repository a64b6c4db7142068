"""``X-EKYC-SECRET`` check: constant time against every configured secret (rotation)."""

from __future__ import annotations

import hmac

from app.api.errors import ApiError
from app.contract import ErrorCode

HEADER = "X-EKYC-SECRET"


def check_secret(given: str | None, secrets: list[str]) -> None:
    """Raise UNAUTHORIZED unless ``given`` equals one of ``secrets``.

    Every secret is compared (no early exit) with :func:`hmac.compare_digest`, so the time
    taken says nothing about which secret, or how much of one, matched.
    """
    if not given or not secrets:
        raise ApiError(ErrorCode.UNAUTHORIZED, f"The {HEADER} header is missing or wrong.")
    candidate = given.encode("utf-8", "surrogateescape")
    ok = False
    for secret in secrets:
        ok |= hmac.compare_digest(candidate, secret.encode("utf-8"))
    if not ok:
        raise ApiError(ErrorCode.UNAUTHORIZED, f"The {HEADER} header is missing or wrong.")
