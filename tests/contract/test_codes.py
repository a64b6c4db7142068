"""Error codes: every one has the spec's HTTP status, and every engine error maps onto one."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from app.contract import HTTP_STATUS, ErrorCode, code_of
from app.engine import errors as engine_errors
from app.engine.errors import EngineError, EngineErrorCode
from tests.conftest import SHARED, need

TRANSPORT_ONLY = {
    "INVALID_REQUEST", "INVALID_BASE64", "UNAUTHORIZED", "DUPLICATE_REQUEST_ID",
    "UNSUPPORTED_MEDIA_TYPE", "TOO_MANY_REQUESTS",
}  # fmt: skip


def _engine_error_classes() -> list[type[EngineError]]:
    """EngineError and every subclass of it in ``app.engine.errors``."""
    found: list[type[EngineError]] = [EngineError]
    for cls in found:  # grows while walked: breadth first
        found.extend(c for c in cls.__subclasses__() if c.__module__ == engine_errors.__name__)
    return found


def test_the_status_table_is_the_specs() -> None:
    spec = need(SHARED / "spec" / "face-compare-api.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\d{3}) \| `([A-Z0-9_]+)` \|", spec, re.MULTILINE)
    assert {code: int(status) for status, code in rows} == {str(c): s for c, s in HTTP_STATUS.items()}
    assert set(HTTP_STATUS) == set(ErrorCode)


def test_every_engine_error_code_maps_onto_an_api_code() -> None:
    for code in EngineErrorCode:
        assert ErrorCode(code.value).value == code.value
    for cls in _engine_error_classes():
        err = cls("some sentence")
        assert code_of(err) in HTTP_STATUS, cls
    assert len(_engine_error_classes()) >= 9


def test_the_engine_has_no_transport_code_and_no_http() -> None:
    assert not {c.value for c in EngineErrorCode} & TRANSPORT_ONLY
    assert not any(hasattr(cls, "http_status") for cls in _engine_error_classes())


@pytest.mark.parametrize(
    ("cls", "status"),
    [
        (engine_errors.FaceNotFoundError, 200),
        (engine_errors.FaceTooSmallError, 200),
        (engine_errors.UnsupportedFormatError, 400),
        (engine_errors.MultipageError, 400),
        (engine_errors.DecodeError, 400),
        (engine_errors.TooLargeError, 413),
        (engine_errors.ModelPackError, 500),
    ],
)
def test_engine_errors_get_the_specs_status(cls: type[EngineError], status: int) -> None:
    assert HTTP_STATUS[code_of(cls("x"))] == status


def test_importing_the_contract_loads_no_heavy_or_web_module() -> None:
    heavy = ("numpy", "cv2", "PySide6", "fastapi", "starlette", "httpx", "sqlalchemy", "app.engine")
    code = (
        "import sys, app.contract\n"
        f"bad = sorted(m for m in sys.modules if m.startswith({heavy!r}))\n"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
