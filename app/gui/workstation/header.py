"""``Header``: the title bar of the verify screen (where comparisons run, and the main buttons)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget


class Header(QFrame):
    """Title, the engine line, and Compare / New customer / Settings (the window connects them)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("header")
        title = QLabel(self.tr("Face Compare Workstation"))
        title.setObjectName("title")
        title.setStyleSheet("color:#ffffff;")
        self.mode_label = QLabel("")
        self.mode_label.setObjectName("subtitle")
        self.new_button = QPushButton(self.tr("New customer"))
        self.new_button.setToolTip(self.tr("Clear everything for the next customer (Ctrl+N)"))
        self.compare_button = QPushButton(self.tr("Compare"))
        self.compare_button.setToolTip(self.tr("Compare the ID photo with the captured face (Ctrl+Enter)"))
        self.compare_button.setEnabled(False)
        self.settings_button = QPushButton(self.tr("Settings"))
        self.settings_button.setToolTip(self.tr("Engine, camera and language (Ctrl+,)"))
        self.user_label = QLabel("")
        self.user_label.setObjectName("subtitle")
        for b in (self.new_button, self.compare_button, self.settings_button):
            b.setObjectName("headerButton")
            b.setAccessibleName(b.text())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.addWidget(title)
        layout.addSpacing(16)
        layout.addWidget(self.mode_label, 1)
        layout.addWidget(self.user_label)
        layout.addSpacing(12)
        layout.addWidget(self.compare_button)
        layout.addWidget(self.new_button)
        layout.addWidget(self.settings_button)

    def show_user(self, username: str) -> None:
        """Who is signed in: the operator every case is recorded for."""
        self.user_label.setText(self.tr("Operator: %1").replace("%1", username))

    def describe(self, engine_mode: str, server_url: str, engine: Any) -> None:
        """Say where comparisons run: the server's URL, or the local engine's pack (its licence is
        in Help ▸ About)."""
        if engine_mode == "remote":
            self.mode_label.setText(self.tr("Remote server %1").replace("%1", server_url))
        elif engine is not None:
            self.mode_label.setText(self.tr("Local engine · model pack %1").replace("%1", engine.pack.name))
        else:
            self.mode_label.setText(self.tr("Local engine · loading…"))
