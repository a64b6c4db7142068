"""Property-based requests generated from the server's OpenAPI, sent to the running server: never a 5xx.

The schema is built at collection time from the same ``create_app`` (schemathesis'
``from_fixture`` does not work with pytest 9); the first test checks it is exactly what the
running server publishes at ``/openapi.json``.
"""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from app.api.server import create_app
from app.api.settings import ApiSettings
from app.contract import REQUEST_ID_PATTERN
from tests.api.servers import SECRETS, new_id

REQUEST_ID = re.compile(REQUEST_ID_PATTERN)

pytestmark = [pytest.mark.models]

OPENAPI = create_app(ApiSettings(secrets=SECRETS)).openapi()
schema = schemathesis.openapi.from_dict(OPENAPI)


def test_the_generated_requests_follow_the_running_servers_openapi(base_url: str) -> None:
    assert httpx.get(base_url + "/openapi.json").json() == OPENAPI


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_server_error_for_any_generated_request(case: Any, base_url: str) -> None:
    body = case.body
    if (
        isinstance(body, dict)
        and isinstance(body.get("requestId"), str)
        and REQUEST_ID.fullmatch(body["requestId"])
    ):
        body["requestId"] = new_id()  # else most cases stop at the replay guard (409)
    case.call_and_validate(
        base_url=base_url, headers={"X-EKYC-SECRET": SECRETS[0]}, checks=[not_a_server_error]
    )
