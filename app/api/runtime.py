"""The engine of this process: loaded once in the background, warmed up, then marked ready."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from app.api.errors import ApiError
from app.api.logs import get_logger
from app.contract import ErrorCode
from app.engine.errors import EngineError

if TYPE_CHECKING:
    from app.engine.engine import Engine

log = get_logger()


class EngineHolder:
    """Runs ``factory`` (load + warm-up) on a thread; requests wait for it, ``/ready`` reports it."""

    def __init__(
        self, factory: Callable[[], Engine], on_loaded: Callable[[float], None] | None = None
    ) -> None:
        self._factory = factory
        self._on_loaded = on_loaded
        self._engine: Engine | None = None
        self._failure: str | None = None
        self._done = threading.Event()
        self.load_seconds: float | None = None

    def start(self) -> None:
        threading.Thread(target=self._load, name="facecompare-engine-load", daemon=True).start()

    def _load(self) -> None:
        t0 = time.perf_counter()
        try:
            self._engine = self._factory()
            self.load_seconds = time.perf_counter() - t0
            if self._on_loaded is not None:
                self._on_loaded(self.load_seconds)
            log.info(
                "model pack loaded", modelPack=self._engine.pack.name, seconds=round(self.load_seconds, 2)
            )
        except EngineError as err:
            self._failure = err.message
            log.error("model pack not loaded", reason=err.message)
        except Exception as err:  # reported by /ready; never a traceback
            self._failure = f"{type(err).__name__} while loading the model pack"
            log.error("model pack not loaded", exc_info=True)
        finally:
            self._done.set()

    @property
    def ready(self) -> bool:
        return self._engine is not None

    @property
    def failure(self) -> str | None:
        return self._failure

    @property
    def engine(self) -> Engine | None:
        return self._engine

    def get(self, timeout: float = 300.0) -> Engine:
        """The engine, waiting for the load to finish; INTERNAL_ERROR when it failed."""
        self._done.wait(timeout)
        if self._engine is None:
            raise ApiError(ErrorCode.INTERNAL_ERROR, "The model pack is not loaded; see /ready.")
        return self._engine
