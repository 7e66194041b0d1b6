"""Settings: the program's (kept in the vault) and this user's text size and contrast.

The program's settings are read and saved on the vault's thread through
:mod:`safefile.settings`; every rule and message comes from there.  Service types are
added and taken out of use at once (each its own change, recorded).  Text size and
high contrast are this user's and apply at once.  Backup settings are on the Backups
screen.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from safefile import settings as core
from safefile.records import services
from safefile.ui import appearance
from safefile.ui.worker import VaultService, VaultWorker, plain_message


def _spin(lo_hi: tuple[int, int], suffix: str, name: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(*lo_hi)
    spin.setSuffix(suffix)
    spin.setAccessibleName(name)
    return spin


class SettingsDialog(QDialog):
    """Emits ``saved(Settings)`` after the program's settings were saved."""

    saved = Signal(object)
    loaded = Signal()

    def __init__(self, service: VaultService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.is_loaded = False
        self._shown: dict[str, Any] = {}
        self.setWindowTitle("Settings")

        program_box = QGroupBox("This program")
        form = QFormLayout(program_box)
        self.program = QLineEdit()
        self.program.setAccessibleName("Program name")
        self.program.setPlaceholderText("e.g. Harbour Advocacy Program")
        self.idle_minutes = _spin(core.IDLE_RANGE, " minutes", "Lock after minutes without use")
        self.retention_months = _spin(
            core.RETENTION_RANGE, " months", "Keep closed client files for months"
        )
        self.release_days = _spin(
            core.RELEASE_DAYS_RANGE, " days", "Longest a release may be valid, in days"
        )
        form.addRow(self._buddy("&Program name", self.program), self.program)
        form.addRow(self._buddy("&Lock after no use for", self.idle_minutes), self.idle_minutes)
        form.addRow(
            self._buddy("&Keep closed files for", self.retention_months), self.retention_months
        )
        form.addRow(self._buddy("Releases valid at &most", self.release_days), self.release_days)
        explain = QLabel(
            "The program's name is printed on everything you send. Closed client files are "
            "due for secure destruction after the time you set here."
        )
        explain.setWordWrap(True)
        form.addRow(explain)

        types_box = QGroupBox("Service types")
        t = QVBoxLayout(types_box)
        self.types = QListWidget()
        self.types.setAccessibleName("Service types in use")
        self.types.setMinimumHeight(120)
        t.addWidget(self.types, 1)
        add_row = QHBoxLayout()
        self.new_type = QLineEdit()
        self.new_type.setAccessibleName("New service type")
        self.new_type.setPlaceholderText("A new type of service")
        self.add_button = QPushButton("&Add")
        self.add_button.setAccessibleName("Add service type")
        self.retire_button = QPushButton("Stop &using the selected type")
        self.retire_button.setEnabled(False)
        add_row.addWidget(self.new_type, 1)
        add_row.addWidget(self.add_button)
        t.addLayout(add_row)
        t.addWidget(self.retire_button, alignment=Qt.AlignmentFlag.AlignRight)
        note = QLabel("A type you stop using stays on the services already recorded.")
        note.setWordWrap(True)
        t.addWidget(note)

        look_box = QGroupBox("How SafeFile looks on this computer")
        look = QFormLayout(look_box)
        self.text_size = QComboBox()
        self.text_size.setAccessibleName("Text size")
        for key, label in appearance.TEXT_SIZE_LABELS.items():
            self.text_size.addItem(label, key)
        self.high_contrast = QCheckBox("&High contrast")
        look.addRow(self._buddy("&Text size", self.text_size), self.text_size)
        look.addRow(self.high_contrast)
        prefs = appearance.load()
        self.text_size.setCurrentIndex(max(0, self.text_size.findData(prefs.text_size)))
        self.high_contrast.setChecked(prefs.high_contrast)

        self.message = QLabel("")
        self.message.setObjectName("error")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Message")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setDefault(True)
        self.save_button.setEnabled(False)

        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(program_box)
        left.addWidget(look_box)
        left.addStretch()
        columns.addLayout(left, 1)
        columns.addWidget(types_box, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(900, 520)

        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.add_button.clicked.connect(self.add_type)
        self.retire_button.clicked.connect(self.retire_type)
        self.types.currentRowChanged.connect(lambda row: self.retire_button.setEnabled(row >= 0))
        self.text_size.currentIndexChanged.connect(self._appearance_changed)
        self.high_contrast.toggled.connect(self._appearance_changed)
        self._load()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # Qt's name
        """Enter in the new type's field adds it (and does not press Save)."""
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and self.focusWidget() is self.new_type:
            self.add_type()
            return
        super().keyPressEvent(event)

    def _buddy(self, text: str, widget: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(widget)
        return label

    # --- the program's settings -------------------------------------------------------
    def _load(self) -> None:
        def job(w: VaultWorker) -> tuple[core.Settings, list[str]]:
            vault = w.require()
            return core.load(vault), services.service_types(vault)

        self.service.submit(job, self._show, self._failed)

    def _show(self, result: tuple[core.Settings, list[str]]) -> None:
        current, types = result
        self._shown = self.changes_from(current)
        self.program.setText(current.program_name)
        self.idle_minutes.setValue(current.idle_minutes)
        self.retention_months.setValue(current.retention_months)
        self.release_days.setValue(current.release_max_days)
        self._show_types(types)
        self.save_button.setEnabled(True)
        self.is_loaded = True
        self.loaded.emit()

    def _show_types(self, types: list[str]) -> None:
        self.types.clear()
        self.types.addItems(types)

    def _failed(self, exc: Exception) -> None:
        self.save_button.setEnabled(self.is_loaded)
        self.message.setText(plain_message(exc))

    @staticmethod
    def changes_from(current: core.Settings) -> dict[str, Any]:
        return {
            "program_name": current.program_name,
            "idle_minutes": current.idle_minutes,
            "retention_months": current.retention_months,
            "release_max_days": current.release_max_days,
        }

    def changes(self) -> dict[str, Any]:
        """Only what the user changed: an unset program name must not stop a new lock time."""
        typed = {
            "program_name": self.program.text(),
            "idle_minutes": self.idle_minutes.value(),
            "retention_months": self.retention_months.value(),
            "release_max_days": self.release_days.value(),
        }
        return {k: v for k, v in typed.items() if self._shown.get(k) != v}

    def save(self) -> None:
        changes = self.changes()
        self.save_button.setEnabled(False)
        self.message.setText("")
        self.service.submit(lambda w: core.save(w.require(), changes), self._saved, self._failed)

    def _saved(self, saved: core.Settings) -> None:
        self.saved.emit(saved)
        self.accept()

    # --- service types --------------------------------------------------------------------
    def add_type(self) -> None:
        name = self.new_type.text()

        def job(w: VaultWorker) -> list[str]:
            vault = w.require()
            services.add_service_type(vault, name)
            return services.service_types(vault)

        def done(types: list[str]) -> None:
            self.new_type.clear()
            self.message.setText("")
            self._show_types(types)

        self.service.submit(job, done, self._failed)

    def retire_type(self) -> None:
        item = self.types.currentItem()
        if item is None:
            return
        name = item.text()

        def job(w: VaultWorker) -> list[str]:
            vault = w.require()
            services.retire_service_type(vault, name)
            return services.service_types(vault)

        self.service.submit(job, self._show_types, self._failed)

    # --- this user's appearance ---------------------------------------------------------
    def chosen_appearance(self) -> appearance.Appearance:
        return appearance.Appearance(
            str(self.text_size.currentData()), self.high_contrast.isChecked()
        )

    def _appearance_changed(self) -> None:
        from PySide6.QtWidgets import QApplication

        prefs = self.chosen_appearance()
        try:
            appearance.save(prefs)
        except OSError:
            self.message.setText(
                "SafeFile could not keep this choice for next time; it applies "
                "until you close SafeFile."
            )
        app = QApplication.instance()
        if isinstance(app, QApplication):
            appearance.apply(app, prefs)
