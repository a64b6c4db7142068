"""Remote mode: the window compares through a real Face Compare API server started by the test."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from app.gui.common.backends import CompareFailed, CompareView
from app.gui.common.messages import error_text
from tests.gui.conftest import MATCH, data_file

pytestmark = [pytest.mark.models, pytest.mark.data]


@pytest.fixture(scope="module")
def server(open_engine: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from tests.api.servers import running_server

    with running_server(lambda: open_engine, tmp_path_factory.mktemp("gui-remote"), max_body_mb=10.0) as (
        base,
        _logs,
    ):
        yield base


def test_remote_compare_matches_the_local_engine(
    qtbot: Any, make_window: Any, camera_folder: Any, server: str, open_engine: Any
) -> None:
    """Through the API the screen shows the same decision and similarity as the engine in process."""
    from tests.api.servers import SECRETS

    window = make_window(
        camera_folder(MATCH[1]), engine=None, engine_mode="remote", server_url=server, secret=SECRETS[1]
    )
    with qtbot.waitSignal(window.result_shown, timeout=60000) as blocker:
        window.card_panel.load_path(data_file(MATCH[0]))
    view = blocker.args[0]
    assert isinstance(view, CompareView), view
    assert view.mode == "remote" and view.request_id and view.uid
    expected = open_engine.compare(window.session.card, window.session.face)
    assert view.decision == str(expected.decision)
    assert view.similarity == pytest.approx(expected.similarity, abs=1e-3)
    assert view.thresholds.match == pytest.approx(expected.thresholds.match)
    assert view.card.aligned.shape == (112, 112, 3) and view.face.aligned.any()
    assert view.face.pose.label == expected.face.pose.label
    assert set(view.face.contours) >= {"CHIN", "LEFT_EYE", "LEFT_PUPIL", "RIGHT_PUPIL"}
    # the server's quality extension reaches the view (and so the recorded case)
    assert view.face.quality.face_size_px == pytest.approx(expected.face.quality.face_size_px, abs=0.01)
    assert view.face.quality.sharpness == pytest.approx(expected.face.quality.sharpness, abs=0.01)
    rp = window.result_panel
    assert rp.gauge.value == pytest.approx(view.similarity * 100)
    assert "remote server" in rp.fields["time"].text()
    assert rp.fields["pack"].text().startswith("open")
    # the licence the server states for its pack is in the About box (Help > About, F1)
    _where, licence = window.about_text()
    assert licence == view.licence and licence
    assert server in window.header.mode_label.text()


def test_wrong_secret_is_explained(qtbot: Any, make_window: Any, camera_folder: Any, server: str) -> None:
    """A refused secret shows the plain-words UNAUTHORIZED message, not a crash."""
    window = make_window(
        camera_folder(MATCH[1]), engine=None, engine_mode="remote", server_url=server, secret="zz-not-it-4821"
    )
    with qtbot.waitSignal(window.result_shown, timeout=60000) as blocker:
        window.card_panel.load_path(data_file(MATCH[0]))
    failure = blocker.args[0]
    assert isinstance(failure, CompareFailed) and failure.code == "UNAUTHORIZED"
    assert window.result_panel.advice.text().startswith(error_text("UNAUTHORIZED"))
    assert "zz-not-it-4821" not in window.result_panel.advice.text()


def test_unreachable_server_is_explained(qtbot: Any, make_window: Any, camera_folder: Any) -> None:
    """No server at the URL: the operator is told it cannot be reached."""
    from tests.api.servers import free_port

    url = f"http://127.0.0.1:{free_port()}"
    window = make_window(
        camera_folder(MATCH[1]), engine=None, engine_mode="remote", server_url=url, secret="x"
    )
    with qtbot.waitSignal(window.result_shown, timeout=60000) as blocker:
        window.card_panel.load_path(data_file(MATCH[0]))
    assert isinstance(blocker.args[0], CompareFailed) and blocker.args[0].code == "TRANSPORT"
    assert window.result_panel.advice.text().startswith(error_text("TRANSPORT"))
