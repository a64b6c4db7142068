"""Plain-words text for engine errors and guidance hints, translated through Qt."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.gui.common.guidance import Hint


def hint_text(hint: Hint) -> str:
    """What the preview banner says to the customer."""
    texts = {
        Hint.NO_FACE: QCoreApplication.translate("Messages", "Please look into the camera"),
        Hint.TOO_DARK: QCoreApplication.translate("Messages", "Too dark: more light on the face"),
        Hint.COME_CLOSER: QCoreApplication.translate("Messages", "Come closer"),
        Hint.REMOVE_MASK: QCoreApplication.translate("Messages", "Please remove your mask"),
        Hint.LOOK_AT_CAMERA: QCoreApplication.translate("Messages", "Look straight at the camera"),
        Hint.HOLD_STILL: QCoreApplication.translate("Messages", "Hold still"),
        Hint.GOOD: QCoreApplication.translate("Messages", "Good: hold still"),
    }
    return texts[hint]


def error_text(code: str) -> str:
    """A sentence an operator can act on, for an API/engine errorCode."""
    texts = {
        "FACE_NOT_FOUND": QCoreApplication.translate(
            "Messages",
            "No face was found. Check that the ID photo is visible and the customer faces the camera.",
        ),
        "FACE_TOO_SMALL": QCoreApplication.translate(
            "Messages",
            "The face is too small: rescan the card at higher resolution, or have the customer come closer.",
        ),
        "UNSUPPORTED_FORMAT": QCoreApplication.translate(
            "Messages", "This file type is not supported. Use JPEG, PNG, TIFF or a one-page PDF."
        ),
        "MULTIPAGE_NOT_SUPPORTED": QCoreApplication.translate(
            "Messages", "The file has several pages. Scan only the front of the card."
        ),
        "IMAGE_DECODE_FAILED": QCoreApplication.translate(
            "Messages", "The file is damaged or is not an image. Scan the card again."
        ),
        "PAYLOAD_TOO_LARGE": QCoreApplication.translate(
            "Messages", "The file is too large. Scan at a lower resolution."
        ),
        "UNAUTHORIZED": QCoreApplication.translate(
            "Messages", "The server refused the workstation's secret. Check the remote engine settings."
        ),
        "TOO_MANY_REQUESTS": QCoreApplication.translate(
            "Messages", "The server is busy. Try again in a moment."
        ),
        "TRANSPORT": QCoreApplication.translate(
            "Messages",
            "The comparison server cannot be reached. Check the network or switch to the local engine.",
        ),
    }
    return texts.get(code, QCoreApplication.translate("Messages", "The comparison could not be made."))


def decision_text(decision: str) -> str:
    texts = {
        "MATCH": QCoreApplication.translate("Messages", "MATCH"),
        "REVIEW": QCoreApplication.translate("Messages", "REVIEW"),
        "NO_MATCH": QCoreApplication.translate("Messages", "NO MATCH"),
    }
    return texts.get(decision, decision)


def decision_advice(decision: str) -> str:
    texts = {
        "MATCH": QCoreApplication.translate("Messages", "Same person: the faces match."),
        "REVIEW": QCoreApplication.translate(
            "Messages", "Uncertain: check the ID by eye, or flag for review."
        ),
        "NO_MATCH": QCoreApplication.translate(
            "Messages", "Different person: do not proceed without a second check."
        ),
    }
    return texts.get(decision, "")


def pose_label_text(label: str) -> str:
    """The engine's pose label (the API's values) in words."""
    texts = {
        "front": QCoreApplication.translate("Messages", "frontal"),
        "up": QCoreApplication.translate("Messages", "looking up"),
        "down": QCoreApplication.translate("Messages", "looking down"),
        "pan_left": QCoreApplication.translate("Messages", "turned left"),
        "pan_right": QCoreApplication.translate("Messages", "turned right"),
        "roll_left": QCoreApplication.translate("Messages", "tilted left"),
        "roll_right": QCoreApplication.translate("Messages", "tilted right"),
    }
    return texts.get(label, label)


DECISION_COLORS = {"MATCH": "#1e7b46", "REVIEW": "#b26a00", "NO_MATCH": "#b3261e"}
