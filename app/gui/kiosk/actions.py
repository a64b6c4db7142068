"""What the kiosk's step machine asks its window to do (Qt-free plain values).

The machine (:mod:`app.gui.kiosk.machine`) returns a list of these from every event; the
window performs them in order. An action that starts engine work carries the session's
``token``: the window hands it back with the result, and the machine drops results whose
token is no longer the session's (the customer left, the session was wiped).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from app.cases import CaseRecord
from app.engine.types import Image
from app.gui.kiosk.flow import Step


class Timer(StrEnum):
    """The window's two timers."""

    INACTIVITY = "inactivity"  # no touch and no face for ``inactivity_s``: reset
    RESULT = "result"  # the result screen stays ``result_s``


@dataclass(frozen=True, slots=True)
class ShowStep:
    """Show the page of ``step`` (the machine's ``step`` is already it)."""

    step: Step


@dataclass(frozen=True, slots=True)
class StartTimer:
    """(Re)start ``timer`` from zero."""

    timer: Timer


@dataclass(frozen=True, slots=True)
class StopTimer:
    timer: Timer


@dataclass(frozen=True, slots=True)
class CheckCard:
    """Decode the presented ID and find a face on it → ``card_checked`` or ``card_refused``."""

    token: str
    data: bytes


@dataclass(frozen=True, slots=True)
class FindCardFace:
    """Look for a face in a document-camera ``frame`` → ``card_frame_checked`` (or ``_failed``)."""

    token: str
    frame: object  # whatever the camera delivered; the window converts it to pixels


@dataclass(frozen=True, slots=True)
class TakeCardPhoto:
    """The document camera's ``pixels`` are the ID: encode them and present them (``card_presented``)."""

    pixels: Image


@dataclass(frozen=True, slots=True)
class ShowCard:
    """Show the presented ID's ``pixels`` (while the session lasts)."""

    pixels: Image


@dataclass(frozen=True, slots=True)
class Wipe:
    """Forget what the screen shows of the session: the card preview and the camera picture."""


@dataclass(frozen=True, slots=True)
class CheckGuidance:
    """Run the guidance check on a face-camera ``frame`` taken at ``t`` → ``guidance_checked``."""

    token: str
    frame: object
    t: float


@dataclass(frozen=True, slots=True)
class ResetGuidance:
    """Start the guidance's "hold still" clock again."""


@dataclass(frozen=True, slots=True)
class CaptureFace:
    """Keep ``pixels`` as the customer's photo: encode them (the bytes the case names) and
    report the bytes and their decoded pixels → ``face_captured``."""

    pixels: Image


@dataclass(frozen=True, slots=True)
class RunCompare:
    """Compare the ID's face with the photo's → ``compare_done`` or ``compare_failed``."""

    token: str
    card: Image
    face: Image


@dataclass(frozen=True, slots=True)
class ScoreLiveness:
    """The passive liveness score of the photo → ``liveness_scored`` or ``liveness_failed``."""

    token: str
    face: Image


@dataclass(frozen=True, slots=True)
class AnalyzeFrame:
    """Analyse a challenge ``frame`` taken at ``t`` → ``frame_analyzed`` (or ``analysis_failed``)."""

    token: str
    frame: object
    t: float


@dataclass(frozen=True, slots=True)
class Audit:
    """Write ``action`` to the audit log."""

    action: str
    payload: dict[str, Any]
    case_id: str | None = None


@dataclass(frozen=True, slots=True)
class RecordCase:
    """The session ended: add ``record`` (None when nothing was compared) with ``images`` (the
    store keeps them under retention or while the case waits for review) to the case store, then
    write ``audit``; announce the record."""

    record: CaseRecord | None
    images: dict[str, bytes] | None
    audit: Audit


@dataclass(frozen=True, slots=True)
class AskPin:
    """Open the staff PIN pad → ``pin_entered`` for each PIN, ``pin_cancelled`` when it is closed."""


@dataclass(frozen=True, slots=True)
class PinWrong:
    """Tell the PIN pad the PIN was wrong (it stays open for another)."""


@dataclass(frozen=True, slots=True)
class ClosePin:
    """Close the PIN pad (the right PIN, or the pad locked)."""


@dataclass(frozen=True, slots=True)
class Unlock:
    """Leave full screen and close the kiosk (the right staff PIN was given)."""


@dataclass(frozen=True, slots=True)
class SetLanguage:
    """Show every text in ``language`` from now on."""

    language: str


Action = (
    ShowStep
    | StartTimer
    | StopTimer
    | CheckCard
    | FindCardFace
    | TakeCardPhoto
    | ShowCard
    | Wipe
    | CheckGuidance
    | ResetGuidance
    | CaptureFace
    | RunCompare
    | ScoreLiveness
    | AnalyzeFrame
    | Audit
    | RecordCase
    | AskPin
    | PinWrong
    | ClosePin
    | Unlock
    | SetLanguage
)
