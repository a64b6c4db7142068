"""The kiosk's rules, Qt-free: its steps, the final decision, the case it records, the staff PIN.

Nothing is captured before the customer agrees on the consent screen, and a session without
that consent makes no case.

A session is verified only when all three hold: the engine's decision is MATCH, the passive
liveness score of the captured frame is at or above the pack's threshold, and the active
head-turn challenge passed. Anything else sends the customer to a staff member and the case
to the review queue (outcome FLAGGED).
"""

from __future__ import annotations

import os
import secrets
import uuid
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from app.cases import CaseRecord, Outcome
from app.cases.from_engine import comparison_fields
from app.engine.liveness import scaled_box

#: The staff PIN's argon2 hash, from the environment (else the kiosk settings' ``kiosk/pin_hash``).
PIN_HASH_ENV = "FACECOMPARE_KIOSK_PIN_HASH"
#: The operator name kiosk cases carry (there is no operator at a kiosk).
KIOSK_OPERATOR = "kiosk"
#: The widest liveness patch (MiniFASNetV1SE's 4x box) should fit in the frame, so the passive
#: model sees the context it was trained with (docs/liveness.md).
LIVENESS_SCALE = 4.0
#: A face whose 4x box keeps at least this share inside the frame is close enough to score.
MIN_CONTEXT = 0.95

#: The session reference's letters: no 0/O, 1/I, so it reads back unambiguously over a counter.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"

_hasher = PasswordHasher()


def new_reference() -> str:
    """A short session reference a customer can read to staff, e.g. ``K-7F3Q-2C`` (32^6 ≈ 10^9
    values, random: it says nothing about the customer or the time)."""
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))
    return f"K-{chars[:4]}-{chars[4:]}"


class Step(StrEnum):
    """The screens of one session, in order."""

    CONSENT = "consent"  # agree to the biometric check (nothing is captured before)
    ID = "id"  # present the ID
    FACE = "face"  # look at the camera (guidance)
    CHALLENGE = "challenge"  # turn the head as told
    CHECKING = "checking"  # waiting for the comparison / liveness score
    RESULT = "result"


class Verdict(StrEnum):
    VERIFIED = "verified"
    STAFF = "staff"  # "a staff member will help you"


def hash_pin(pin: str) -> str:
    """An argon2id hash of a staff PIN (digits, at least 4)."""
    if len(pin) < 4 or not pin.isdigit():
        raise ValueError("a staff PIN has at least 4 digits")
    return _hasher.hash(pin)


def check_pin(stored_hash: str | None, pin: str) -> bool:
    """True when ``pin`` matches ``stored_hash``; always False without a hash (no PIN set)."""
    if not stored_hash:
        return False
    try:
        return bool(_hasher.verify(stored_hash, pin))
    except (VerificationError, InvalidHashError):
        return False


def pin_hash(settings_value: str | None) -> str | None:
    """The PIN hash in force: the environment's, else the settings'."""
    return os.environ.get(PIN_HASH_ENV) or settings_value or None


def liveness_context(width: int, height: int, box: tuple[float, float, float, float]) -> float:
    """Share of the 4x liveness box of ``box`` that lies inside a ``width``×``height`` frame."""
    x1, y1, x2, y2 = scaled_box(width, height, box, LIVENESS_SCALE, clamp=False)
    inside = max(0, min(x2, width) - max(x1, 0)) * max(0, min(y2, height) - max(y1, 0))
    return inside / max(1, (x2 - x1) * (y2 - y1))


@dataclass(slots=True)
class SessionData:
    """What one customer's session holds; :meth:`wipe` forgets all of it."""

    session_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    #: what the result screen shows and the case's ``customer_ref`` holds (staff find it by it)
    reference: str = field(default_factory=new_reference)
    consent: bool = False  # the customer agreed on the consent screen
    card: bytes | None = None  # the ID as presented (the bytes the case's card_sha256 names)
    card_pixels: Any = None  # the ID decoded (what the comparison sees)
    face: bytes | None = None  # the captured photo, encoded (the bytes face_sha256 names)
    comparison: Any = None  # the engine's Comparison
    compare_error: str | None = None  # errorCode
    liveness: Any = None  # LivenessResult
    liveness_error: str | None = None  # why the passive score could not be made
    challenge: Any = None  # ChallengeStatus when done
    first_try_failure: str | None = None  # why the first head-turn try failed, when retried

    def wipe(self) -> None:
        self.consent = False
        self.card = self.face = self.card_pixels = None
        self.comparison = self.liveness = self.challenge = None
        self.compare_error = self.liveness_error = None
        self.first_try_failure = None
        self.session_id = uuid.uuid4().hex
        self.reference = new_reference()

    @property
    def complete(self) -> bool:
        """Everything needed for a verdict has come back."""
        return (
            (self.comparison is not None or self.compare_error is not None)
            and (self.liveness is not None or self.liveness_error is not None)
            and self.challenge is not None
        )


def verdict(data: SessionData) -> Verdict:
    """VERIFIED only for MATCH + passive live + challenge passed."""
    ok = (
        data.comparison is not None
        and str(data.comparison.decision) == "MATCH"
        and data.liveness is not None
        and bool(data.liveness.live)
        and data.challenge is not None
        and bool(data.challenge.passed)
    )
    return Verdict.VERIFIED if ok else Verdict.STAFF


def liveness_summary(data: SessionData) -> dict[str, Any]:
    """The liveness evidence of a session as plain values (for the case and the audit log)."""
    out: dict[str, Any] = {"session": data.session_id, "reference": data.reference}
    if data.liveness is not None:
        out |= {
            "liveness_score": round(float(data.liveness.score), 4),
            "liveness_live": bool(data.liveness.live),
            "liveness_threshold": float(data.liveness.threshold),
            "liveness_context": float(data.liveness.context),
        }
    if data.challenge is not None:
        ch = data.challenge
        out |= {
            "challenge_passed": bool(ch.passed),
            "challenge_steps": [str(s) for s in ch.steps],
            "challenge_failure": str(ch.failure) if ch.failure else None,
            "challenge_tries": 2 if data.first_try_failure else 1,
            "challenge_first_failure": data.first_try_failure,
        }
    return out


def case_note(data: SessionData) -> str:
    """The note a reviewer reads: liveness score and challenge result in words."""
    s = liveness_summary(data)
    parts = [f"Kiosk session {data.reference}."]
    if "liveness_score" in s:
        verdict_text = "live" if s["liveness_live"] else "NOT live"
        parts.append(
            f"Passive liveness {s['liveness_score']:.3f} ({verdict_text} at {s['liveness_threshold']:.4f}, "
            f"context {s['liveness_context']:.2f})."
        )
    else:
        parts.append(f"Passive liveness: not scored ({data.liveness_error or 'no result'}).")
    if "challenge_passed" in s:
        turns = ", ".join(s["challenge_steps"])
        tries = f" on the second try (first: {data.first_try_failure})" if data.first_try_failure else ""
        if s["challenge_passed"]:
            parts.append(f"Head-turn challenge passed{tries} ({turns}).")
        else:
            parts.append(f"Head-turn challenge FAILED{tries}: {s['challenge_failure']} (asked: {turns}).")
    if data.compare_error:
        parts.append(f"Comparison refused: {data.compare_error}.")
    return " ".join(parts)


def case_record(data: SessionData, *, workstation: str) -> CaseRecord | None:
    """The case of a finished session, or None when nothing was compared (no photo of both) or
    the customer did not agree."""
    cmp = data.comparison
    if cmp is None or data.card is None or data.face is None or not data.consent:
        return None
    v = verdict(data)
    summary = liveness_summary(data)
    return CaseRecord(
        workstation=workstation,
        operator=KIOSK_OPERATOR,
        customer_ref=data.reference,
        outcome=Outcome.ACCEPTED if v is Verdict.VERIFIED else Outcome.FLAGGED,
        note=case_note(data),
        engine_mode="local",
        liveness_score=summary.get("liveness_score"),
        challenge_passed=summary.get("challenge_passed"),
        consent=True,
        **comparison_fields(cmp, data.card, data.face),
    )


__all__ = [
    "KIOSK_OPERATOR",
    "MIN_CONTEXT",
    "PIN_HASH_ENV",
    "REFERENCE_ALPHABET",
    "SessionData",
    "Step",
    "Verdict",
    "case_note",
    "case_record",
    "check_pin",
    "hash_pin",
    "liveness_context",
    "liveness_summary",
    "new_reference",
    "pin_hash",
    "verdict",
]
