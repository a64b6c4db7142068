"""A separate process that records cases as fast as it can: ``python -m tests.cases.writer URL N NAME``."""

from __future__ import annotations

import sys
import time

from app.cases import SqlCaseStore
from tests.cases.conftest import case


def main(url: str, n: int, name: str, start_at: float) -> None:
    store = SqlCaseStore(url)
    while time.time() < start_at:  # both writers start together
        time.sleep(0.005)
    for i in range(n):
        store.add(case(operator=name, customer_ref=f"{name}-{i}"))
    store.close()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3], float(sys.argv[4]))
