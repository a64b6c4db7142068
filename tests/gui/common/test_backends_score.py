"""The raw score and its scale reach the workstation's view (and so its case record), local or remote."""

from __future__ import annotations

from types import SimpleNamespace

from app.cases.from_engine import comparison_fields
from app.contract import compare_response
from app.gui.common.backends import LocalBackend, RemoteBackend
from tests.contract.faces import comparison


def _calibrated() -> object:
    c = comparison()
    c.raw_similarity, c.score_scale = 0.9123, "0123456789abcdef"
    return c


def test_local_and_remote_views_carry_the_raw_score_and_scale() -> None:
    result = _calibrated()
    engine = SimpleNamespace(pack=SimpleNamespace(licence=SimpleNamespace(grant="g", summary="s")))
    engine.compare = lambda card, face: result
    local = LocalBackend(engine).compare(b"c", b"f")
    response = compare_response(result, request_id="r")  # type: ignore[arg-type]
    client = SimpleNamespace(compare=lambda card, face: response, version=lambda: {})
    remote = RemoteBackend("http://x", "s", client=client).compare(b"c", b"f")
    for view in (local, remote):
        assert (view.similarity, view.raw_similarity, view.score_scale) == (
            0.40129185,
            0.9123,
            "0123456789abcdef",
        )
        fields = comparison_fields(view, b"c", b"f")
        assert (fields["raw_similarity"], fields["score_scale"]) == (0.9123, "0123456789abcdef")
