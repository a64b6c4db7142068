"""One loopback cluster for the whole module: two replicas behind Caddy, Redis, PostgreSQL."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

from tools.cluster import Cluster, running


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    """Started once per module (about 15 s) in a temporary folder PostgreSQL's user can reach;
    everything it started is stopped and the folder removed afterwards."""
    if os.environ.get("FACECOMPARE_HEADLESS") == "1":
        pytest.skip("the cluster runs once, in the full suite (make unit); nothing here needs Qt either way")
    if shutil.which("caddy") is None:
        pytest.skip("needs Debian's caddy (make sysdeps installs it)")
    with running(replicas=2, workers=1, postgres=True) as started:
        yield started
