"""A separate process that records cases as fast as it can:
``python -m tests.cases.writer URL N NAME FOLDER``.

It opens its store, writes ``FOLDER/NAME.ready`` and waits for ``FOLDER/go`` (the test writes it
once every writer is ready), so the writers really start together however long their imports take.
Half-way it writes ``FOLDER/NAME.half`` and waits for ``FOLDER/on``, so the test can verify the
chain at a moment it knows both writers are in the middle of their work.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from app.cases import SqlCaseStore
from tests.cases.conftest import case


def _wait_for(flag: Path) -> None:
    deadline = time.monotonic() + 120
    while not flag.exists():
        if time.monotonic() > deadline:
            raise SystemExit(f"no {flag.name} signal")
        time.sleep(0.002)


def main(url: str, n: int, name: str, folder: Path) -> None:
    store = SqlCaseStore(url)
    (folder / f"{name}.ready").touch()
    _wait_for(folder / "go")  # both writers start together
    for i in range(n):
        if i == n // 2:
            (folder / f"{name}.half").touch()
            _wait_for(folder / "on")
        store.add(case(operator=name, customer_ref=f"{name}-{i}"))
    store.close()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3], Path(sys.argv[4]))
