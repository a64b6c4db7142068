"""``SettingsDialog``: engine (local / remote), pack, camera, language; thresholds read-only.

There is no operator here: the operator is whoever signed in.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.gui.common.resources import LANGUAGES
from app.gui.common.settings import WorkstationSettings


class SettingsDialog(QDialog):
    """Edits a copy of the settings; ``result_settings()`` gives the new ones after OK."""

    def __init__(
        self,
        settings: WorkstationSettings,
        *,
        packs: list[str],
        cameras: list[tuple[str, str]],
        thresholds: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.setMinimumWidth(520)
        self._settings = settings

        self.mode = QComboBox()
        self.mode.addItem(self.tr("Local engine (this computer)"), "local")
        self.mode.addItem(self.tr("Remote server (Face Compare API)"), "remote")
        self.mode.setCurrentIndex(0 if settings.engine_mode == "local" else 1)
        self.url = QLineEdit(settings.server_url)
        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setPlaceholderText(
            self.tr("saved — type to replace") if settings.secret else self.tr("not set")
        )
        self.pack = QComboBox()
        for name in ["auto", *packs]:
            self.pack.addItem(name, name)
        self.pack.setCurrentIndex(max(0, self.pack.findData(settings.pack)))
        self.camera = QComboBox()
        self.camera.addItem(self.tr("Default camera"), "")
        for device_id, description in cameras:
            self.camera.addItem(description, device_id)
        self.camera.setCurrentIndex(max(0, self.camera.findData(settings.camera_device)))
        self.language = QComboBox()
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        self.auto = QCheckBox(self.tr("Capture automatically when the face is good"))
        self.auto.setChecked(settings.auto_capture)
        self.watch = QLineEdit(settings.watch_folder)
        self.watch.setPlaceholderText(self.tr("folder where the scanner saves ID scans"))
        self.thresholds = QLabel(thresholds)
        self.thresholds.setWordWrap(True)
        self.thresholds.setObjectName("muted")
        note = QLabel(
            self.tr("Changes apply at once, the language at the next start. The secret is never shown.")
        )
        note.setObjectName("muted")
        note.setWordWrap(True)

        form = QFormLayout()
        for label, widget in (
            (self.tr("Engine"), self.mode),
            (self.tr("Server URL"), self.url),
            (self.tr("Server secret"), self.secret),
            (self.tr("Model pack"), self.pack),
            (self.tr("Camera"), self.camera),
            (self.tr("Language"), self.language),
            (self.tr("Scanner folder"), self.watch),
            (self.tr("Thresholds"), self.thresholds),
        ):
            widget.setAccessibleName(label)
            form.addRow(label, widget)
        form.addRow("", self.auto)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.mode.currentIndexChanged.connect(self._mode_changed)
        self._mode_changed()

    def _mode_changed(self) -> None:
        remote = self.mode.currentData() == "remote"
        self.url.setEnabled(remote)
        self.secret.setEnabled(remote)
        self.pack.setEnabled(not remote)

    def result_settings(self) -> WorkstationSettings:
        s = self._settings
        return WorkstationSettings(
            engine_mode=self.mode.currentData(),
            server_url=self.url.text().strip(),
            secret=self.secret.text() or s.secret,  # empty field keeps the saved secret
            pack=self.pack.currentData(),
            camera_device=self.camera.currentData(),
            language=self.language.currentData(),
            auto_capture=self.auto.isChecked(),
            watch_folder=self.watch.text().strip(),
            lock_minutes=s.lock_minutes,
            workstation=s.workstation,
            cases_db=s.cases_db,
        )
