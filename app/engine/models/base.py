"""One base for every model of a pack, and the registry that finds a model's class by file role.

A pack manifest names each of its files by *role* (``detector_yunet``, ``recognizer``...). A
model class (a :class:`PackModel` subclass) says which roles it reads and which *kind* of part
it is (detector, landmarks, recognizer, mask, liveness); registering it is all it takes for
every pack naming those roles to use it. The base loads the model lazily, once, under a lock,
so a model object may be built cheaply and shared by threads.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, ClassVar, Generic, Literal, TypeVar, get_args

from app.engine.config import EngineSettings
from app.engine.packs import PackManifest

ModelKind = Literal["detector", "landmarks", "recognizer", "mask", "liveness"]
MODEL_KINDS: tuple[ModelKind, ...] = get_args(ModelKind)

R = TypeVar("R")
M = TypeVar("M", bound="type[PackModel[Any]]")


class PackModel(ABC, Generic[R]):
    """One part of a pack: its files, and the runtime object built from them on first use.

    Subclasses set ``kind``, ``name`` and ``roles`` (the manifest roles they read; a pack need
    not hold all of them) and implement :meth:`build`. A class with ``fallback = True`` is used
    for its kind when a comparison pack names no file of that kind; it then finds its own files
    (:meth:`fallback_files`).
    """

    kind: ClassVar[ModelKind]
    name: ClassVar[str]
    roles: ClassVar[tuple[str, ...]]
    #: Licence of the weights this class loads, when the class alone decides it ("" = the pack's).
    weights_licence: ClassVar[str] = ""
    fallback: ClassVar[bool] = False

    def __init__(
        self, files: Mapping[str, Path], settings: EngineSettings, manifest: PackManifest | None = None
    ) -> None:
        self.files = dict(files)
        self.settings = settings
        self.manifest = manifest
        self._runtime: R | None = None
        self._load_lock = threading.Lock()

    @abstractmethod
    def build(self) -> R:
        """Read the weights: the runtime object (a detector, a recogniser...). Called once."""

    @classmethod
    def fallback_files(cls) -> dict[str, Path]:
        """The files a ``fallback`` class loads when the pack has none of its roles."""
        raise NotImplementedError(f"{cls.__name__} is no fallback model")

    @property
    def loaded(self) -> bool:
        return self._runtime is not None

    def load(self) -> R:
        """The runtime object, built on the first call only (thread-safe)."""
        runtime = self._runtime
        if runtime is None:
            with self._load_lock:
                if self._runtime is None:
                    self._runtime = self.build()
                runtime = self._runtime
        return runtime

    def warm_up(self) -> None:
        """Load, and run once where a first run is slower than the next (subclasses)."""
        self.load()

    def licence(self) -> str:
        """The weights' licence: the class's own statement, else the pack manifest's."""
        return self.weights_licence or (self.manifest.licence if self.manifest else "")

    def describe(self) -> dict[str, Any]:
        """A JSON-ready description: kind, model, files (name → role) and licence."""
        return {
            "kind": self.kind,
            "model": self.name,
            "files": {path.name: role for role, path in self.files.items()},
            "licence": self.licence(),
            "loaded": self.loaded,
        }


class ModelRegistry:
    """Model classes by the manifest roles they read, and the fallback class of each kind."""

    def __init__(self) -> None:
        self._by_role: dict[str, type[PackModel[Any]]] = {}
        self._fallbacks: dict[str, list[type[PackModel[Any]]]] = {}

    def register(self, cls: M) -> M:
        """Add ``cls`` for each of its roles (usable as a class decorator). A role has one class;
        the last registered fallback of a kind is that kind's fallback."""
        if getattr(cls, "kind", None) not in MODEL_KINDS:
            raise ValueError(f"{cls.__name__}: kind must be one of {', '.join(MODEL_KINDS)}")
        if not cls.roles:
            raise ValueError(f"{cls.__name__} reads no role")
        for role in cls.roles:
            owner = self._by_role.get(role)
            if owner is not None and owner is not cls:
                raise ValueError(f"role {role!r} is already read by {owner.__name__}")
        for role in cls.roles:
            self._by_role[role] = cls
        if cls.fallback and cls not in self._fallbacks.setdefault(cls.kind, []):
            self._fallbacks[cls.kind].append(cls)
        return cls

    def unregister(self, cls: type[PackModel[Any]]) -> None:
        """Remove ``cls`` (its roles become unknown again; an earlier fallback comes back)."""
        for role in cls.roles:
            if self._by_role.get(role) is cls:
                del self._by_role[role]
        fallbacks = self._fallbacks.get(cls.kind, [])
        if cls in fallbacks:
            fallbacks.remove(cls)

    def for_role(self, role: str) -> type[PackModel[Any]] | None:
        """The class that reads files of ``role``, or None (the engine then ignores the file)."""
        return self._by_role.get(role)

    def fallback_for(self, kind: ModelKind) -> type[PackModel[Any]] | None:
        fallbacks = self._fallbacks.get(kind)
        return fallbacks[-1] if fallbacks else None

    def roles(self) -> Iterator[tuple[str, type[PackModel[Any]]]]:
        """Every known role and its class, sorted by role."""
        yield from sorted(self._by_role.items())


#: The one registry; :mod:`app.engine.models.builtin` fills it when ``app.engine.models`` is imported.
MODELS = ModelRegistry()
register = MODELS.register
