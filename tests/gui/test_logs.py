"""The programs' log file: written, rotated, free of images and customer data, and the place
unhandled exceptions go (a windowed build has no console)."""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from app.gui.common.logs import LOG_DIR_ENV, log_dir, start_logging


def test_the_log_folder_is_the_users_unless_the_environment_says(monkeypatch: pytest.MonkeyPatch) -> None:
    from platformdirs import user_log_dir

    monkeypatch.delenv(LOG_DIR_ENV, raising=False)
    assert log_dir() == Path(user_log_dir("facecompare", "facecompare"))
    monkeypatch.setenv(LOG_DIR_ENV, "/srv/logs/facecompare")
    assert log_dir() == Path("/srv/logs/facecompare")


def test_the_file_rotates_and_keeps_a_bounded_number_of_files(tmp_path: Path) -> None:
    session = start_logging("unit", folder=tmp_path, max_bytes=4000, backups=2, console=False)
    try:
        log = logging.getLogger("facecompare.test")
        for i in range(400):
            log.info("line %d of a long session", i)
    finally:
        session.close()
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["unit.log", "unit.log.1", "unit.log.2"]
    assert all(p.stat().st_size <= 4000 for p in tmp_path.iterdir())
    assert "line 399 of a long session" in (tmp_path / "unit.log").read_text(encoding="utf-8")
    assert logging.getLogger().handlers == [
        h for h in logging.getLogger().handlers if h not in session.handlers
    ]


def test_image_bytes_arrays_and_validation_input_never_reach_the_file(tmp_path: Path) -> None:
    from pydantic import BaseModel, ValidationError

    class Case(BaseModel):
        customer_ref: int

    session = start_logging("unit", folder=tmp_path, console=False)
    try:
        log = logging.getLogger("facecompare.test")
        jpeg = b"\xff\xd8\xff\xe0JFIF-image-bytes" * 100
        log.info("photo %s", jpeg)
        log.info("frame %s", np.zeros((480, 640, 3), np.uint8))
        typed = "CUST-SECRET-991"  # what an operator typed (the traceback shows the line below)
        try:
            Case(customer_ref=typed)  # type: ignore[arg-type]
        except ValidationError:
            log.exception("case not valid")
    finally:
        session.close()
    text = (tmp_path / "unit.log").read_text(encoding="utf-8")
    assert f"photo <{len(jpeg)} bytes>" in text and "frame <array (480, 640, 3) uint8>" in text
    assert "JFIF" not in text and "CUST-SECRET-991" not in text
    assert "ValidationError" in text and "int_parsing" in text


@pytest.mark.qt_no_exception_capture
@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_unhandled_exceptions_in_slots_and_threads_are_logged(qapp: Any, tmp_path: Path) -> None:
    from PySide6.QtCore import QTimer

    session = start_logging("unit", folder=tmp_path, console=False)
    try:

        def slot() -> None:
            raise RuntimeError("a slot failed")

        QTimer.singleShot(0, slot)
        for _ in range(20):
            qapp.processEvents()
        worker = threading.Thread(target=lambda: 1 / 0, name="engine-worker")
        worker.start()
        worker.join()
        QTimer.singleShot(0, lambda: None)
    finally:
        session.close()
    assert sys.excepthook is not None and threading.excepthook is not None
    text = (tmp_path / "unit.log").read_text(encoding="utf-8")
    assert "CRITICAL" in text and "unhandled RuntimeError" in text and "a slot failed" in text
    assert "unhandled ZeroDivisionError in thread engine-worker" in text
    assert "unit started: Python" in text
