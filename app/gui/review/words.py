"""The case store's values in the reader's language: flag reasons, outcomes, verdicts, roles,
audit actions and fields, a chain report, and the store's refusals.

The store keeps (and exports) the plain values; only the reviewer's window shows these words.
Each text is a literal ``translate("CaseWords", ...)`` so ``make translations`` collects it.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication, QLocale

from app.cases.chain import ChainReport
from app.contract.score import Band, band, score_text
from app.gui.common.messages import decision_text


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
    """A reviewer's verdict (``app.cases.Verdict``): what the reviewer decided about the photos."""
    texts = {
        "APPROVED": QCoreApplication.translate("CaseWords", "same person"),
        "REJECTED": QCoreApplication.translate("CaseWords", "not the same person"),
    }
    return texts.get(str(verdict), str(verdict))


def engine_mode_text(mode: str) -> str:
    """Where the comparison ran (``local`` / ``remote``)."""
    texts = {
        "local": QCoreApplication.translate("CaseWords", "local engine"),
        "remote": QCoreApplication.translate("CaseWords", "remote server"),
    }
    return texts.get(mode, mode)


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
        "user.signed_out": QCoreApplication.translate("CaseWords", "signed out"),
        "user.locked": QCoreApplication.translate("CaseWords", "screen locked (inactive)"),
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
    "user.signed_out",
    "user.locked",
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


def image_kind_text(kind: str) -> str:
    """A retained image (``card``, ``card_crop``, ``face``, ``face_crop``)."""
    texts = {
        "card": QCoreApplication.translate("CaseWords", "ID card"),
        "card_crop": QCoreApplication.translate("CaseWords", "ID card face"),
        "face": QCoreApplication.translate("CaseWords", "live photo"),
        "face_crop": QCoreApplication.translate("CaseWords", "live face"),
    }
    return texts.get(kind, kind)


def value_text(key: str, value: object) -> str:
    """The value of an audit row's field: the store's values in words, the rest as written."""
    words = {
        "decision": decision_text,
        "outcome": outcome_text,
        "verdict": verdict_text,
        "role": role_text,
        "flag_reasons": flag_reason_text,
        "kinds": image_kind_text,
    }.get(key)
    values = value if isinstance(value, list) else [value]
    return "/".join(words(str(v)) if words else str(v) for v in values)


def chain_text(report: ChainReport) -> str:
    """The banner of the audit viewer: intact with its head, or where the chain breaks and why."""
    if report.ok:
        text = QCoreApplication.translate(
            "CaseWords", "Audit chain intact: %1 rows, head #%2 %3 (%4 checkpoints matched)"
        )
        text = text.replace("%1", str(report.rows)).replace("%2", str(report.head_seq))
        text = text.replace("%3", report.head_hash).replace("%4", str(report.checked_checkpoints))
        return text + "".join(f"; {n}" for n in report.notes)
    problem = problem_text(report.problem)
    if report.bad_seq is not None:
        text = QCoreApplication.translate("CaseWords", "Audit chain BROKEN at row #%1: %2")
        return text.replace("%1", str(report.bad_seq)).replace("%2", problem)
    return QCoreApplication.translate("CaseWords", "Audit chain BROKEN: %1").replace("%1", problem)


def problem_text(problem: str) -> str:
    """What ``app.cases.chain`` / ``crosscheck`` found, in the reader's words. Each English source
    text is the verifier's own sentence with its rows or case as %1, %2, …, so English shows it
    unchanged; a finding not listed here is shown as the verifier wrote it."""
    for pattern, text in _problems():
        found = re.fullmatch(pattern, problem)
        if found:
            for i, value in enumerate(found.groups(), start=1):
                text = text.replace(f"%{i}", value)
            return text
    return problem


def _problems() -> list[tuple[str, str]]:
    row, rows = r"(#\d+)", r"(#\d+(?:\.\.#\d+)?)"
    return [
        (
            r"its content does not match its hash \(the row was modified, renumbered or moved\)",
            QCoreApplication.translate(
                "CaseWords", "its content does not match its hash (the row was modified, renumbered or moved)"
            ),
        ),
        (
            r"its link to the previous row is broken \(a row before it was changed, inserted or moved\)",
            QCoreApplication.translate(
                "CaseWords",
                "its link to the previous row is broken (a row before it was changed, inserted or moved)",
            ),
        ),
        (
            rf"row {rows} is missing \(deleted\); the log jumps to {row}",
            QCoreApplication.translate("CaseWords", "row %1 is missing (deleted); the log jumps to %2"),
        ),
        (
            rf"row {row} appears again or out of order after {row}",
            QCoreApplication.translate("CaseWords", "row %1 appears again or out of order after %2"),
        ),
        (
            rf"checkpoint {row} has a bad signature \(forged or altered\)",
            QCoreApplication.translate("CaseWords", "checkpoint %1 has a bad signature (forged or altered)"),
        ),
        (
            rf"the log ends at {row} but its head records {row}: the tail was cut \(rows {rows} are gone\)",
            QCoreApplication.translate(
                "CaseWords", "the log ends at %1 but its head records %2: the tail was cut (rows %3 are gone)"
            ),
        ),
        (
            rf"the log ends at {row} but its checkpoint records {row}: "
            rf"the tail was cut \(rows {rows} are gone\)",
            QCoreApplication.translate(
                "CaseWords",
                "the log ends at %1 but its checkpoint records %2: the tail was cut (rows %3 are gone)",
            ),
        ),
        (
            rf"the head records {row} but the log goes on to {row}: "
            rf"row {row} was inserted behind the writer's back",
            QCoreApplication.translate(
                "CaseWords",
                "the head records %1 but the log goes on to %2: row %3 was inserted behind the writer's back",
            ),
        ),
        (
            rf"row {row} differs from the head recorded for it \(the log was rewritten\)",
            QCoreApplication.translate(
                "CaseWords", "row %1 differs from the head recorded for it (the log was rewritten)"
            ),
        ),
        (
            rf"row {row} differs from the checkpoint recorded for it \(the log was rewritten\)",
            QCoreApplication.translate(
                "CaseWords", "row %1 differs from the checkpoint recorded for it (the log was rewritten)"
            ),
        ),
        (
            r"case (\w+) has no audit row \(it was inserted behind the store's back\)",
            QCoreApplication.translate(
                "CaseWords", "case %1 has no audit row (it was inserted behind the store's back)"
            ),
        ),
        (
            rf"case (\w+) no longer matches audit row {row} \((.*) changed\)",
            QCoreApplication.translate("CaseWords", "case %1 no longer matches audit row %2 (%3 changed)"),
        ),
        (
            r"the review of case (\w+) does not match the audit log",
            QCoreApplication.translate("CaseWords", "the review of case %1 does not match the audit log"),
        ),
    ]


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


def band_text(similarity: float, review: float, match: float) -> str:
    """The band's words (``app.contract.score``) in the reader's language."""
    texts = {
        Band.DIFFERENT: QCoreApplication.translate("CaseWords", "different people"),
        Band.CHECK: QCoreApplication.translate("CaseWords", "check again"),
        Band.SAME: QCoreApplication.translate("CaseWords", "same person"),
    }
    return texts[band(similarity, review, match)]


def similarity_text(similarity: float, review: float, match: float) -> str:
    """The score as every screen shows it, its band, and where the bands start (same scale)."""
    return (
        QCoreApplication.translate("CaseWords", "%1 / 100, %2 (check again from %3, same person from %4)")
        .replace("%1", score_text(similarity))
        .replace("%2", band_text(similarity, review, match))
        .replace("%3", score_text(review))
        .replace("%4", score_text(match))
    )


def report_language() -> str:
    """The language a PDF report is written in: the window's (Korean when its translation is on)."""
    return "ko" if QLocale().language() == QLocale.Language.Korean else "en"
