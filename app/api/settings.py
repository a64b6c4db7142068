"""Server settings from the environment (``FACECOMPARE_*``, names as in the spec)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Literal

import platformdirs
from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


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
    #: server processes (``facecompare serve --workers``)
    workers: int = 1
    #: inference threads per process; 0 = the cores divided among the processes
    inference_threads: int = 0
    #: requests that may wait for an inference thread before 429; 0 = 2 per thread
    queue_size: int = 0
    #: ``strict`` drops the spec's extensions from responses
    api_compat: Literal["extended", "strict"] = "extended"
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
    def threads(self) -> int:
        if self.inference_threads > 0:
            return self.inference_threads
        return max(1, (os.cpu_count() or 1) // max(1, self.workers))

    @property
    def queue_limit(self) -> int:
        return self.queue_size if self.queue_size > 0 else 2 * self.threads

    @property
    def strict(self) -> bool:
        return self.api_compat == "strict"
