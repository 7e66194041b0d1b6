"""Program settings (stub)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QWidget

from safefile.ui.worker import VaultService


class SettingsDialog(QDialog):
    def __init__(self, service: VaultService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.setWindowTitle("Settings")
