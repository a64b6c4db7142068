"""The About box says in the reader's words what the pack may be used for, then its terms as published."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Non-commercial research use only: not for use in a commercial service."),
        ("ko", "비상업적 연구 목적으로만 사용할 수 있습니다."),
    ],
)
def test_the_licence_grant_reads_in_the_windows_language(qtbot: Any, language: str, expected: str) -> None:
    from PySide6.QtWidgets import QApplication

    from app.gui.common.resources import install_translators, remove_translators
    from app.gui.workstation.about_dialog import AboutDialog

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    translators = install_translators(app, language, "facecompare")
    try:
        terms = "InsightFace pretrained models: non-commercial research use only"
        dialog = AboutDialog(
            engine="Local engine", licence=f"non-commercial: {terms}", thresholds="0.7 / 0.8"
        )
        qtbot.addWidget(dialog)
        text = dialog.text.toPlainText()
        assert expected in text
        assert text.index(expected) < text.index(terms)  # the words first, then the terms themselves
    finally:
        remove_translators(app, translators)


def test_a_grant_it_does_not_know_shows_the_licence_as_it_is(qtbot: Any) -> None:
    from app.gui.workstation.about_dialog import AboutDialog

    dialog = AboutDialog(engine="Remote server", licence="reported by the server", thresholds="-")
    qtbot.addWidget(dialog)
    assert "reported by the server" in dialog.text.toPlainText()
    assert "Terms as published" not in dialog.text.toPlainText()
