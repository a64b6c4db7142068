"""Server settings from the environment (``FACECOMPARE_*``, names as in the spec)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import platformdirs
from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from app.api.cores import per_process, usable_cores
from app.api.limits import ConnectionLimits


def default_store() -> str:
    """``sqlite:///`` + a file in the user data folder (``~/.local/share/facecompare`` on Linux)."""
    folder = Path(platformdirs.user_data_dir("facecompare"))
    return f"sqlite:///{folder / 'request-ids.sqlite3'}"


class ApiSettings(BaseSettings):
    """Everything the server reads from the environment; only ``FACECOMPARE_SECRETS`` is required."""

    model_config = SettingsConfigDict(env_prefix="FACECOMPARE_", extra="ignore")

    #: valid ``X-EKYC-SECRET`` values, comma-separated (several at once for rotation)
    secrets: Annotated[list[str], NoDecode] = Field(default_factory=list, repr=False)
    model_pack: str = "auto"
    #: ``sqlite:///path`` (relative to the working folder) or ``redis://host:port/db``
    request_store: str = Field(default_factory=default_store)
    #: seconds a requestId stays used
    request_id_ttl_s: int = 600
    max_body_mb: float = 20.0
    #: server processes (``facecompare serve --workers``); 0 = one per usable core
    workers: int = Field(default=0, ge=0)
    #: inference threads per process; 0 = the cores divided among the processes
    inference_threads: int = Field(default=0, ge=0)
    #: threads OpenCV and onnxruntime may each use in one process; 0 = the cores divided
    #: among the processes (``FACECOMPARE_THREADS``, the engine's own setting, wins for onnxruntime)
    native_threads: int = Field(default=0, ge=0)
    #: requests that may wait for an inference thread before 429; 0 = 2 per thread
    queue_size: int = Field(default=0, ge=0)
    #: folder where each server process marks itself ready (``facecompare serve`` sets it
    #: when it starts several); ``/ready`` is 200 only when ``processes`` of them are
    ready_dir: Path | None = None
    #: ``strict`` drops the spec's extensions from responses
    api_compat: Literal["extended", "strict"] = "extended"
    #: seconds a request head (request line and headers) may take to arrive
    header_timeout_s: float = Field(default=10.0, gt=0)
    #: the longest silence inside a request body, in seconds (then 408)
    body_timeout_s: float = Field(default=10.0, gt=0)
    #: seconds the whole request body may take to arrive (then 408)
    body_deadline_s: float = Field(default=120.0, gt=0)
    #: seconds an idle keep-alive connection stays open after a response
    keep_alive_s: int = Field(default=5, ge=1)
    #: open connections per process; 0 = the open-file limit minus a reserve (at most 4096)
    max_connections: int = Field(default=0, ge=0)
    host: str = "127.0.0.1"
    port: int = 8000
    log_level: str = "info"

    @field_validator("secrets", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        if isinstance(value, str):
            return [s.strip() for s in value.split(",") if s.strip()]
        return value

    @property
    def max_body_bytes(self) -> int:
        return int(self.max_body_mb * 1024 * 1024)

    @property
    def processes(self) -> int:
        """Server processes: ``workers``, or one per usable core."""
        return self.workers if self.workers > 0 else usable_cores()

    @property
    def threads(self) -> int:
        """Inference threads of each process."""
        return self.inference_threads or per_process(self.processes)

    @property
    def library_threads(self) -> int:
        """Threads OpenCV's and onnxruntime's own pools may use in each process."""
        return self.native_threads or per_process(self.processes)

    @property
    def queue_limit(self) -> int:
        return self.queue_size if self.queue_size > 0 else 2 * self.threads

    @property
    def connection_limits(self) -> ConnectionLimits:
        return ConnectionLimits(
            header_timeout_s=self.header_timeout_s,
            body_timeout_s=self.body_timeout_s,
            body_deadline_s=self.body_deadline_s,
            max_connections=self.max_connections,
        )

    @property
    def strict(self) -> bool:
        return self.api_compat == "strict"
