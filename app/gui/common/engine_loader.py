"""Loading what the screen needs off the GUI thread: the engine (local; in a child process for the
workstation, :class:`EngineProcess`), or only what guidance needs."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.engine.engine import Engine
    from app.engine.preview import PreviewModels

Box = tuple[float, float, float, float]


def load_engine(report: Callable[[str], None], pack: str, warm: Callable[[], bool] = lambda: True) -> Engine:
    """The engine for ``pack``, loaded, then warmed up unless ``warm()`` says a real comparison
    is already waiting (that comparison is then the first inference, with its own progress)."""
    from app.engine.engine import Engine

    report("loading")
    engine = Engine(pack, warm_up=False)
    if warm():
        report("warming")
        engine.warm_up()
    return engine


def load_guidance_models(report: Callable[[str], None]) -> PreviewModels:
    """The ``open`` pack's fast detector and mask classifier, alone: what guidance and the card's
    face box need (remote mode, and local mode while the rest of the engine loads)."""
    from app.engine.preview import load_preview_models

    report("loading")
    return load_preview_models()


def card_face_finder(models: PreviewModels) -> Callable[[Any], Box | None]:
    """``detect(bgr)`` giving the box of the face the engine would choose on a card, or None."""

    def detect(bgr: Any) -> Box | None:
        faces = models.find_faces(bgr)
        return faces[0].box if faces else None

    return detect


# -- the engine in a process of its own --------------------------------------------------------
# Loading the models (dlib's 95 MB landmark model above all) holds the GIL for up to a second:
# on a thread of the window's process the event loop stops meanwhile. In a child process it
# cannot: the window only waits on a pipe (off the GUI thread), which releases the GIL.


@dataclass(frozen=True)
class PackLicence:
    grant: str
    summary: str
    detail: str


@dataclass(frozen=True)
class PackInfo:
    name: str
    licence: PackLicence


def _serve(conn: Any, pack: str) -> None:  # pragma: no cover - runs in the child process
    """The child: load the engine, say what it is, then compare until told to stop (None)."""
    from app.engine.engine import Engine
    from app.engine.errors import EngineError

    try:
        engine = Engine(pack, warm_up=False)
        lic = engine.pack.licence
        conn.send(
            (
                "ready",
                PackInfo(engine.pack.name, PackLicence(str(lic.grant), lic.summary, lic.detail)),
                engine.thresholds,
                engine.thresholds_source,
            )
        )
        if not conn.poll(0.05):  # nothing waits yet: load every model now
            engine.warm_up()
    except Exception as exc:
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    while True:
        try:
            request = conn.recv()
        except EOFError:
            return
        if request is None:
            return
        try:
            conn.send(("ok", engine.compare(*request)))
        except EngineError as err:
            conn.send(("error", str(err.code), err.message))
        except Exception as exc:
            conn.send(("error", "INTERNAL_ERROR", f"{type(exc).__name__}: {exc}"))


class EngineProcess:
    """An engine running in a child process, used like :class:`app.engine.engine.Engine` by the
    window (``pack``, ``thresholds``, ``thresholds_source``, ``compare``); a refused comparison
    raises :class:`app.gui.common.backends.CompareFailed` with the engine's code."""

    preview_models = None  # guidance loads its own (load_guidance_models)

    def __init__(self, pack: str) -> None:
        """Start the child (it loads while this process goes on); :meth:`wait_ready` waits."""
        import multiprocessing

        self.pack_name = pack
        self.ready = False
        context = multiprocessing.get_context("spawn")
        self._conn, child = context.Pipe()
        self._process = context.Process(
            target=_serve, args=(child, pack), daemon=True, name="facecompare-engine"
        )
        self._process.start()
        child.close()
        self._lock = threading.Lock()

    def wait_ready(self) -> EngineProcess:
        """Block (a worker thread, never the GUI's) until the child has its engine."""
        with self._lock:
            if not self.ready:
                try:
                    reply = self._conn.recv()
                except EOFError:
                    reply = ("failed", "the engine process ended")
                if reply[0] != "ready":
                    self.close()
                    raise RuntimeError(reply[1])
                _, self.pack, self.thresholds, self.thresholds_source = reply
                self.ready = True
        return self

    def compare(self, card: bytes, face: bytes) -> Any:
        from app.gui.common.backends import CompareFailed

        with self._lock:
            self._conn.send((card, face))
            reply = self._conn.recv()
        if reply[0] == "ok":
            return reply[1]
        raise CompareFailed(reply[1], reply[2])

    def close(self) -> None:
        """Stop the child (it also ends with this process: it is a daemon)."""
        with contextlib.suppress(OSError, ValueError):
            self._conn.send(None)
        self._process.join(5)
        if self._process.is_alive():
            self._process.terminate()
            self._process.join(2)
        self._conn.close()


def use_engine_process() -> bool:
    """Whether the workstation runs its engine in a child process: yes, unless frozen (a
    PyInstaller build would start itself again) or ``FACECOMPARE_ENGINE_PROCESS=0``."""
    import os
    import sys

    return not getattr(sys, "frozen", False) and os.environ.get("FACECOMPARE_ENGINE_PROCESS", "1") != "0"


_prestarted: list[EngineProcess] = []


def prestart_engine(pack: str) -> None:
    """Start the engine's process now, at program start: it imports and loads in parallel with
    the window's own start (and the operator's sign-in); the window takes it over."""
    if use_engine_process() and not _prestarted:
        _prestarted.append(EngineProcess(pack))


def stop_prestarted_engine() -> None:
    """Stop the engine process started at program start that no window took over (the sign-in
    was cancelled): its models are not left loading, or loaded, for nobody."""
    while _prestarted:
        _prestarted.pop().close()


def start_engine_process(report: Callable[[str], None], pack: str) -> EngineProcess:
    """The engine for ``pack`` in its own process (the one started at program start when it is
    for the same pack), once it has said it is there (worker thread)."""
    report("loading")
    early = _prestarted.pop() if _prestarted else None
    if early is not None and early.pack_name != pack:
        early.close()
        early = None
    return (early or EngineProcess(pack)).wait_ready()
