"""The verify session (Qt-free): one customer's card, face, comparison and case, as plain state.

``MainWindow`` feeds it events (card loaded or refused, face captured, backend ready, compare
finished or failed, new customer, settings changed) and renders what it says: whether Compare
and the case buttons are enabled, what the result panel shows, which comparison to run next,
which decision agrees with the engine. A case is made only with the customer's consent, and an
override (going against the engine) only with a written reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

from app.gui.common.backends import Backend, CompareFailed, CompareView

if TYPE_CHECKING:
    from app.cases import CaseRecord


#: the operator's outcome that agrees with each engine decision (the button put forward)
AGREEING = {"MATCH": "ACCEPTED", "REVIEW": "FLAGGED", "NO_MATCH": "REJECTED"}


def is_override(decision: str, outcome: str) -> bool:
    """Going against the engine: accepting a NO_MATCH or rejecting a MATCH (``CaseRecord.overridden``)."""
    return (outcome == "ACCEPTED" and decision == "NO_MATCH") or (
        outcome == "REJECTED" and decision == "MATCH"
    )


class Panel(StrEnum):
    """What the result panel shows."""

    EMPTY = "EMPTY"  # nothing compared yet for these inputs
    CARD_REFUSED = "CARD_REFUSED"  # the last card could not be read (until another one loads)
    COMPARING = "COMPARING"
    RESULT = "RESULT"
    FAILED = "FAILED"  # the comparison was refused (``failure``)
    ENGINE_FAILED = "ENGINE_FAILED"  # the engine could not be loaded (``engine_error``)


class Step(StrEnum):
    """What the operator does next (the hint under the gauge says it)."""

    PLACE_CARD = "PLACE_CARD"  # no card yet (nor a photo)
    CAPTURE_FACE = "CAPTURE_FACE"  # the card is in, the customer's photo is not
    ADD_CARD = "ADD_CARD"  # the photo is taken, the card is missing
    FIX_CARD = "FIX_CARD"  # the card was refused: load another
    WAIT_ENGINE = "WAIT_ENGINE"  # both are in, the engine is still loading
    COMPARING = "COMPARING"
    DECIDE = "DECIDE"  # a result is shown: record the decision
    RETRY = "RETRY"  # the comparison was refused: retake or rescan
    ENGINE_FAILED = "ENGINE_FAILED"
    NEXT_CUSTOMER = "NEXT_CUSTOMER"  # the case is recorded


@dataclass(frozen=True, slots=True)
class CompareJob:
    """One comparison to run off the GUI thread: these bytes, on this backend."""

    backend: Backend
    card: bytes
    face: bytes

    def run(self, _report: object = None) -> CompareView:
        """Compare (the worker calls this with its progress callback, unused here)."""
        return self.backend.compare(self.card, self.face)


class EngineSettings(Protocol):
    """The settings that decide where comparisons run and where the camera is."""

    engine_mode: str
    server_url: str
    secret: str
    pack: str
    camera_device: str


@dataclass(frozen=True, slots=True)
class SettingsChange:
    """What applying new settings restarts."""

    restart_camera: bool
    restart_engine: bool  # a new backend (local engine or remote client) is needed
    reload_engine: bool  # the local pack changed: the loaded engine is no longer the right one


class VerifySession:
    """State and rules of one verify screen; every method is an event and returns what to do."""

    def __init__(self) -> None:
        self.backend: Backend | None = None
        self.card: bytes | None = None
        self.face: bytes | None = None
        self.card_error: str | None = None  # why the last card was refused, until a new one loads
        self.result: CompareView | None = None
        self.failure: CompareFailed | None = None
        self.failure_detail = ""  # the backend's own words, shown under the plain-words message
        self.engine_error = ""
        self.comparing = False
        self.recorded: CaseRecord | None = None
        self.panel = Panel.EMPTY

    # -- state out -----------------------------------------------------------------------
    @property
    def can_compare(self) -> bool:
        """Both images are there, something can compare them, and nothing is comparing."""
        return (
            self.backend is not None
            and self.card is not None
            and self.face is not None
            and not self.comparing
        )

    @property
    def can_record(self) -> bool:
        """A result is shown and not yet recorded (one case per result)."""
        return self.result is not None and self.recorded is None

    @property
    def agreeing_outcome(self) -> str | None:
        """The outcome that follows the engine's decision on the shown result (None without one)."""
        return AGREEING.get(self.result.decision) if self.result is not None else None

    def is_override(self, outcome: str) -> bool:
        """Whether deciding ``outcome`` on the shown result goes against the engine."""
        return self.result is not None and is_override(self.result.decision, outcome)

    @property
    def step(self) -> Step:
        """What the operator does next, from what the session holds."""
        if self.panel is Panel.ENGINE_FAILED:
            return Step.ENGINE_FAILED
        if self.recorded is not None:
            return Step.NEXT_CUSTOMER
        if self.panel is Panel.RESULT:
            return Step.DECIDE
        if self.panel is Panel.COMPARING:
            return Step.COMPARING
        if self.panel is Panel.FAILED:
            return Step.RETRY
        if self.card_error:
            return Step.FIX_CARD
        if self.card is None:
            return Step.ADD_CARD if self.face is not None else Step.PLACE_CARD
        if self.face is None:
            return Step.CAPTURE_FACE
        return Step.WAIT_ENGINE

    @property
    def needs_warm_up(self) -> bool:
        """Nothing to compare yet: the engine may spend its first inference on a warm-up."""
        return self.card is None or self.face is None

    # -- events in -----------------------------------------------------------------------
    def card_loaded(self, data: bytes) -> CompareJob | None:
        """A readable card scan; returns the comparison to start, if one can start."""
        self.card, self.card_error = data, None
        self._invalidate()
        return self.start_compare()

    def card_refused(self, text: str) -> CompareFailed:
        """The card could not be read (``text`` says why); returns the failure to report."""
        self.card, self.card_error = None, text
        self._invalidate()
        return CompareFailed("CARD", text)

    def face_captured(self, data: bytes) -> CompareJob | None:
        """A photo of the customer (JPEG); returns the comparison to start, if one can start."""
        self.face = data
        self._invalidate()
        return self.start_compare()

    def backend_ready(self, backend: Backend) -> CompareJob | None:
        """The engine loaded (or the remote client is set up); compares what is waiting."""
        self.backend = backend
        return self.start_compare()

    def backend_gone(self) -> None:
        """The backend is being replaced (settings changed): nothing can compare until ready."""
        self.backend = None

    def engine_failed(self, text: str) -> None:
        """The engine could not be loaded."""
        self.engine_error = text
        self.panel = Panel.ENGINE_FAILED

    def start_compare(self) -> CompareJob | None:
        """The comparison to run now, or None when it cannot (missing input, busy, no backend)."""
        if not self.can_compare:
            return None
        assert self.backend is not None and self.card is not None and self.face is not None
        self.comparing = True
        self.panel = Panel.COMPARING
        return CompareJob(self.backend, self.card, self.face)

    def compare_finished(self, job: CompareJob, view: CompareView) -> CompareView | CompareJob | None:
        """``job`` gave ``view``: the result to show. When the card or face changed meanwhile the
        result is stale: it is dropped and the comparison of the new inputs is returned instead
        (None when none can start)."""
        self.comparing = False
        if self._stale(job):
            return self.start_compare()
        self.result, self.recorded = view, None
        self.panel = Panel.RESULT
        return view

    def compare_failed(self, job: CompareJob, exc: Exception) -> CompareFailed | CompareJob | None:
        """``job`` raised ``exc``: the failure to show and report (``INTERNAL_ERROR`` for anything
        but a :class:`CompareFailed`), or, when the inputs changed meanwhile, the next comparison
        (None when none can start)."""
        self.comparing = False
        if self._stale(job):
            return self.start_compare()
        if isinstance(exc, CompareFailed):
            self.failure, self.failure_detail = exc, exc.message
        else:
            self.failure, self.failure_detail = CompareFailed("INTERNAL_ERROR", str(exc)), ""
        self.panel = Panel.FAILED
        return self.failure

    def new_customer(self) -> None:
        """Forget the card, the photo, the result and the case for the next customer."""
        self.card = self.face = None
        self.card_error = None
        self._invalidate()

    def settings_changed(
        self, old: EngineSettings, new: EngineSettings, *, camera_file: bool
    ) -> SettingsChange:
        """What ``new`` settings restart (a file played as the camera is never swapped)."""
        engine_changed = (new.engine_mode, new.server_url, new.secret) != (
            old.engine_mode,
            old.server_url,
            old.secret,
        )
        reload_engine = new.engine_mode == "local" and new.pack != old.pack
        change = SettingsChange(
            restart_camera=new.camera_device != old.camera_device and not camera_file,
            restart_engine=engine_changed or reload_engine,
            reload_engine=reload_engine,
        )
        if change.restart_engine:
            self.backend_gone()
        return change

    # -- the case ------------------------------------------------------------------------
    def case_record(
        self,
        outcome: str,
        customer_ref: str,
        note: str,
        *,
        workstation: str,
        operator: str,
        consent: bool = False,
    ) -> CaseRecord | None:
        """The case for the shown result as the operator decided it; None without a result,
        without the customer's ``consent`` (the operator confirmed it), or for an override
        without a written reason in ``note``."""
        if not self.can_record or self.card is None or self.face is None or not consent:
            return None
        if self.is_override(outcome) and not note.strip():
            return None
        from app.cases import CaseRecord, Outcome  # the case store loads after start-up
        from app.cases.from_engine import comparison_fields

        view = self.result
        assert view is not None
        return CaseRecord(
            workstation=workstation,
            operator=operator,
            customer_ref=customer_ref,
            outcome=Outcome(outcome),
            note=note,
            engine_mode=view.mode,  # type: ignore[arg-type]
            request_id=view.request_id,
            uid=view.uid,
            consent=True,
            **comparison_fields(view, self.card, self.face),
        )

    def retained_images(self) -> dict[str, bytes]:
        """The images a store with retention keeps: both originals and both aligned crops."""
        from app.cases.from_engine import retained_images

        if self.result is None or self.card is None or self.face is None:
            return {}
        return retained_images(self.result, self.card, self.face)

    def case_recorded(self, record: CaseRecord) -> None:
        """The store kept ``record``; the same result is not recorded twice."""
        self.recorded = record

    # -- rules ---------------------------------------------------------------------------
    def _stale(self, job: CompareJob) -> bool:
        return job.card is not self.card or job.face is not self.face

    def _invalidate(self) -> None:
        self.result, self.recorded, self.failure = None, None, None
        self.panel = Panel.CARD_REFUSED if self.card_error else Panel.EMPTY
