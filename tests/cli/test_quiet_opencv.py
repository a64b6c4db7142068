"""OpenCV's own log (``[ WARN:0@… setPreferableTarget …]`` when YuNet loads) never reaches the user."""

from __future__ import annotations

import pytest

from tests.cli.cli_tree import SAMPLES, run_cli

pytestmark = pytest.mark.models


def test_compare_on_the_shipped_samples_prints_no_opencv_warning() -> None:
    res = run_cli(["compare", SAMPLES / "card.jpg", SAMPLES / "selfie.jpg", "--pack", "open"])
    assert res.returncode == 0, res.stderr
    assert "MATCH" in res.stdout
    assert "[ WARN" not in res.stderr and "setPreferableTarget" not in res.stderr


def test_opencv_log_level_still_shows_it_when_asked() -> None:
    """The line is really OpenCV's and really there: OPENCV_LOG_LEVEL brings it back for diagnosis."""
    res = run_cli(
        ["compare", SAMPLES / "card.jpg", SAMPLES / "selfie.jpg", "--pack", "open", "--json"],
        env={"OPENCV_LOG_LEVEL": "INFO"},
    )
    assert res.returncode == 0, res.stderr
    assert "setPreferableTarget" in res.stderr
