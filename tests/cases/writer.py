"""A separate process that records cases as fast as it can:
``python -m tests.cases.writer URL N NAME FOLDER``.

It opens its store, writes ``FOLDER/NAME.ready`` and waits for ``FOLDER/go`` (the test writes it
once every writer is ready), so the writers really start together however long their imports take.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from app.cases import SqlCaseStore
from tests.cases.conftest import case


def main(url: str, n: int, name: str, folder: Path) -> None:
    store = SqlCaseStore(url)
    (folder / f"{name}.ready").touch()
    deadline = time.monotonic() + 120
    while not (folder / "go").exists():  # both writers start together
        if time.monotonic() > deadline:
            raise SystemExit("no go signal")
        time.sleep(0.002)
    for i in range(n):
        store.add(case(operator=name, customer_ref=f"{name}-{i}"))
    store.close()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3], Path(sys.argv[4]))
