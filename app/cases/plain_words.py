"""The case store's values in plain English for the PDF report (the reviewer's window has its
translated words in ``app/gui/review/words.py``; the store and the exports keep the values)."""

from __future__ import annotations

DECISIONS = {"MATCH": "match", "REVIEW": "check again", "NO_MATCH": "no match"}
OUTCOMES = {"ACCEPTED": "accepted", "REJECTED": "rejected", "FLAGGED": "sent for review"}
#: a reviewer's verdict says what was decided: whether the two photos show one person
VERDICTS = {"APPROVED": "same person", "REJECTED": "not the same person"}
FLAGS = {
    "review_band": "uncertain similarity",
    "mask": "mask",
    "strong_pose": "head turned",
    "poor_quality": "poor photo",
    "override": "operator overrode the engine",
    "operator_flag": "sent by the operator",
    "liveness": "liveness check failed",
}
POSES = {
    "front": "frontal",
    "up": "looking up",
    "down": "looking down",
    "pan_left": "turned left",
    "pan_right": "turned right",
    "roll_left": "tilted left",
    "roll_right": "tilted right",
}
ACTIONS = {
    "case.recorded": "case recorded",
    "case.reviewed": "case reviewed",
    "images.viewed": "images viewed",
    "images.purged": "images deleted",
    "user.added": "user added",
    "user.signed_in": "signed in",
    "user.signed_out": "signed out",
    "user.locked": "screen locked (inactive)",
    "user.sign_in_failed": "sign-in failed",
    "audit.exported": "audit log exported",
    "audit.signing_started": "signing started",
}


def word(table: dict[str, str], value: object) -> str:
    """``value`` in words, or as stored when the table does not know it."""
    return table.get(str(value), str(value))


def flags_text(reasons: tuple[str, ...] | list[str]) -> str:
    return ", ".join(word(FLAGS, r) for r in reasons)
