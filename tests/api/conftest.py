"""One real API server per test session (worker), serving the session's ``open`` engine."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.api.servers import LogCapture, redis_server, running_server


@pytest.fixture(scope="session")
def api_server(open_engine, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, LogCapture]]:  # type: ignore[no-untyped-def]
    with running_server(lambda: open_engine, tmp_path_factory.mktemp("api")) as server:
        yield server


@pytest.fixture(scope="session")
def base_url(api_server: tuple[str, LogCapture]) -> str:
    return api_server[0]


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    with redis_server() as url:
        yield url


@pytest.fixture()
def tmp(tmp_path: Path) -> Path:
    return tmp_path
