"""``AboutDialog`` (Help ▸ About): the program, where it compares, the model pack's licence in
full, the thresholds and the keys; the result panel keeps only the pack's name."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout, QWidget

from app import __version__


def shortcuts_html(rows: list[tuple[str, str]]) -> str:
    cells = "".join(f"<tr><td><b>{keys}</b></td><td>&nbsp;&nbsp;{what}</td></tr>" for keys, what in rows)
    return f"<table>{cells}</table>"


class AboutDialog(QDialog):
    """Closes on Enter or Esc."""

    def __init__(
        self,
        *,
        engine: str,
        licence: str,
        thresholds: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About Face Compare Workstation"))
        title = QLabel(self.tr("Face Compare Workstation %1").replace("%1", __version__))
        title.setStyleSheet("font-size:18px; font-weight:700;")
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(False)
        self.text.setAccessibleName(self.tr("About this program"))
        # what the pack may be used for in the reader's words, then its terms as published
        grant, _, terms = licence.partition(": ")
        in_short, published = grant_text(grant), self.tr("Terms as published:")
        licence_html = (
            f"<p><b>{_escape(in_short)}</b></p><p>{published} {_escape(terms)}</p>"
            if in_short
            else f"<p>{_escape(licence)}</p>"
        )
        names = self.tr("Comparisons"), self.tr("Model pack licence"), self.tr("Thresholds")
        body = f"<h4>{names[0]}</h4><p>{_escape(engine)}</p>"
        body += f"<h4>{names[1]}</h4>{licence_html}"
        body += f"<h4>{names[2]}</h4><p>{_escape(thresholds)}</p>"
        keys = self.tr("Keys")
        body += f"<h4>{keys}</h4>" + shortcuts_html(shortcut_rows())
        self.text.setHtml(body)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.resize(620, 560)
        buttons.setFocus(Qt.FocusReason.OtherFocusReason)


def grant_text(grant: str) -> str:
    """What a pack with this licence grant (``LicenceStatus.grant``) may be used for, in the
    reader's language; empty for a grant this does not know (the terms are shown as they are)."""
    from PySide6.QtCore import QCoreApplication

    texts = {
        "non-commercial": QCoreApplication.translate(
            "AboutDialog", "Non-commercial research use only: not for use in a commercial service."
        ),
        "commercial": QCoreApplication.translate(
            "AboutDialog", "Commercial use: a signed licence for this pack was found and verified."
        ),
        "open": QCoreApplication.translate(
            "AboutDialog",
            "Open licences, with two exceptions: the landmark model may not be used commercially "
            "without a licence from its creators (iBUG 300-W terms), and the mask classifier was "
            "trained on research data.",
        ),
    }
    return texts.get(grant.strip(), "")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>")


def shortcut_rows() -> list[tuple[str, str]]:
    """Every key of the verify screen, in the order of a verification."""
    from PySide6.QtCore import QCoreApplication

    return [
        (
            "Ctrl+O",
            QCoreApplication.translate(
                "AboutDialog", "open the ID scan (or the scanner folder loads it by itself)"
            ),
        ),
        ("F5", QCoreApplication.translate("AboutDialog", "take the photo now; again: retake")),
        ("Ctrl+Enter", QCoreApplication.translate("AboutDialog", "compare again (it starts by itself)")),
        (
            "F6 / F7",
            QCoreApplication.translate(
                "AboutDialog", "zoom the ID / live crop (wheel or +/-, 0 fits, Esc closes)"
            ),
        ),
        ("Alt+C", QCoreApplication.translate("AboutDialog", "the customer consented")),
        (
            "Enter",
            QCoreApplication.translate(
                "AboutDialog", "record what the engine said (in the reference, note or consent)"
            ),
        ),
        (
            "Ctrl+1 / Ctrl+2 / Ctrl+3",
            QCoreApplication.translate("AboutDialog", "accept / reject / flag for review"),
        ),
        ("Ctrl+N", QCoreApplication.translate("AboutDialog", "next customer")),
        ("Ctrl+L", QCoreApplication.translate("AboutDialog", "landmarks on or off")),
        ("Ctrl+,", QCoreApplication.translate("AboutDialog", "settings")),
        ("F1", QCoreApplication.translate("AboutDialog", "this window")),
        ("Ctrl+Q", QCoreApplication.translate("AboutDialog", "quit")),
    ]
