"""A real API server for the client tests (uvicorn in a thread, the session's ``open`` engine)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.api.servers import running_server


@pytest.fixture(scope="session")
def server_url(open_engine, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:  # type: ignore[no-untyped-def]
    with running_server(lambda: open_engine, tmp_path_factory.mktemp("client")) as (base, _):
        yield base
