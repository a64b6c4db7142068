"""The case store's values in the reader's language: flag reasons, outcomes, verdicts, roles,
audit actions and fields, a chain report, and the store's refusals.

The store keeps (and exports) the plain values; only the reviewer's window shows these words.
Each text is a literal ``translate("CaseWords", ...)`` so ``make translations`` collects it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.cases.chain import ChainReport


def flag_reason_text(reason: str) -> str:
    """Why a case is in the queue (``app.cases.flags.REASONS``)."""
    texts = {
        "review_band": QCoreApplication.translate("CaseWords", "uncertain similarity"),
        "mask": QCoreApplication.translate("CaseWords", "mask"),
        "strong_pose": QCoreApplication.translate("CaseWords", "head turned"),
        "poor_quality": QCoreApplication.translate("CaseWords", "poor photo"),
        "override": QCoreApplication.translate("CaseWords", "operator overrode the engine"),
        "operator_flag": QCoreApplication.translate("CaseWords", "sent by the operator"),
        "liveness": QCoreApplication.translate("CaseWords", "liveness check failed"),
    }
    return texts.get(reason, reason)


def flag_reasons_text(reasons: tuple[str, ...] | list[str]) -> str:
    return ", ".join(flag_reason_text(r) for r in reasons)


def outcome_text(outcome: str) -> str:
    """The operator's outcome (``app.cases.Outcome``)."""
    texts = {
        "ACCEPTED": QCoreApplication.translate("CaseWords", "accepted"),
        "REJECTED": QCoreApplication.translate("CaseWords", "rejected", "the operator's outcome"),
        "FLAGGED": QCoreApplication.translate("CaseWords", "sent for review"),
    }
    return texts.get(str(outcome), str(outcome))


def verdict_text(verdict: str) -> str:
    """A reviewer's verdict (``app.cases.Verdict``)."""
    texts = {
        "APPROVED": QCoreApplication.translate("CaseWords", "approved"),
        "REJECTED": QCoreApplication.translate("CaseWords", "rejected", "a reviewer's verdict"),
    }
    return texts.get(str(verdict), str(verdict))


def role_text(role: str) -> str:
    texts = {
        "operator": QCoreApplication.translate("CaseWords", "operator"),
        "reviewer": QCoreApplication.translate("CaseWords", "reviewer"),
        "admin": QCoreApplication.translate("CaseWords", "administrator"),
    }
    return texts.get(str(role), str(role))


def action_text(action: str) -> str:
    """An audit row's action (the log keeps the identifier; it shows as the tooltip)."""
    texts = {
        "case.recorded": QCoreApplication.translate("CaseWords", "case recorded"),
        "case.reviewed": QCoreApplication.translate("CaseWords", "case reviewed"),
        "images.viewed": QCoreApplication.translate("CaseWords", "images viewed"),
        "images.purged": QCoreApplication.translate("CaseWords", "images deleted"),
        "user.added": QCoreApplication.translate("CaseWords", "user added"),
        "user.signed_in": QCoreApplication.translate("CaseWords", "signed in"),
        "user.sign_in_failed": QCoreApplication.translate("CaseWords", "sign-in failed"),
        "audit.exported": QCoreApplication.translate("CaseWords", "audit log exported"),
        "kiosk.liveness": QCoreApplication.translate("CaseWords", "kiosk: verification"),
        "kiosk.session": QCoreApplication.translate("CaseWords", "kiosk: not compared"),
        "kiosk.abandoned": QCoreApplication.translate("CaseWords", "kiosk: abandoned"),
        "kiosk.pin_refused": QCoreApplication.translate("CaseWords", "kiosk: wrong staff PIN"),
        "kiosk.unlocked": QCoreApplication.translate("CaseWords", "kiosk: left by staff"),
    }
    return texts.get(action, action)


ACTIONS = (
    "case.recorded",
    "case.reviewed",
    "images.viewed",
    "images.purged",
    "user.added",
    "user.signed_in",
    "user.sign_in_failed",
    "audit.exported",
    "kiosk.liveness",
    "kiosk.session",
    "kiosk.abandoned",
    "kiosk.pin_refused",
    "kiosk.unlocked",
)


def field_text(key: str) -> str:
    """A field of an audit row's details."""
    texts = {
        "customer_ref": QCoreApplication.translate("CaseWords", "customer"),
        "decision": QCoreApplication.translate("CaseWords", "engine decision"),
        "outcome": QCoreApplication.translate("CaseWords", "outcome"),
        "verdict": QCoreApplication.translate("CaseWords", "verdict"),
        "reason": QCoreApplication.translate("CaseWords", "reason"),
        "username": QCoreApplication.translate("CaseWords", "user"),
        "role": QCoreApplication.translate("CaseWords", "role"),
        "format": QCoreApplication.translate("CaseWords", "format"),
        "purged": QCoreApplication.translate("CaseWords", "deleted"),
        "kinds": QCoreApplication.translate("CaseWords", "images"),
        "flag_reasons": QCoreApplication.translate("CaseWords", "flagged because"),
        "head_seq": QCoreApplication.translate("CaseWords", "last row"),
    }
    return texts.get(key, key)


def chain_text(report: ChainReport) -> str:
    """The banner of the audit viewer: intact with its head, or where the chain breaks and why."""
    if report.ok:
        text = QCoreApplication.translate(
            "CaseWords", "Audit chain intact: %1 rows, head #%2 %3 (%4 checkpoints matched)"
        )
        text = text.replace("%1", str(report.rows)).replace("%2", str(report.head_seq))
        text = text.replace("%3", report.head_hash).replace("%4", str(report.checked_checkpoints))
        return text + "".join(f"; {n}" for n in report.notes)
    if report.bad_seq is not None:
        text = QCoreApplication.translate("CaseWords", "Audit chain BROKEN at row #%1: %2")
        return text.replace("%1", str(report.bad_seq)).replace("%2", report.problem)
    return QCoreApplication.translate("CaseWords", "Audit chain BROKEN: %1").replace("%1", report.problem)


def refusal_text(message: str) -> str:
    """The store's refusal of a verdict (``AccessDenied`` / ``CaseError`` text) in the reader's
    words; its own words when the refusal is not one of these."""
    if "four eyes:" in message:
        return QCoreApplication.translate(
            "CaseWords", "Four eyes: you recorded this case, so another reviewer must decide it."
        )
    if "is not a reviewer" in message:
        return QCoreApplication.translate("CaseWords", "Only reviewers and admins review cases.")
    if "is already reviewed" in message:
        return QCoreApplication.translate("CaseWords", "This case has already been reviewed.")
    if "was not flagged" in message:
        return QCoreApplication.translate("CaseWords", "This case was not sent for review.")
    if "a reason is required" in message:
        return QCoreApplication.translate("CaseWords", "Write the reason first.")
    return QCoreApplication.translate("CaseWords", "Refused: %1").replace("%1", message)


def similarity_text(similarity: float, match: float, review: float) -> str:
    return (
        QCoreApplication.translate("CaseWords", "%1 (match from %2, review from %3)")
        .replace("%1", f"{similarity:.4f}")
        .replace("%2", f"{match:.4f}")
        .replace("%3", f"{review:.4f}")
    )
