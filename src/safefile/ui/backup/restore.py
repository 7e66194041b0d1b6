"""Restore a backup into a new vault (stub)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QWidget

from safefile.ui.worker import VaultService


class RestoreDialog(QDialog):
    """``restored`` carries the new vault's folder once it is in place and checked."""

    restored = Signal(Path)

    def __init__(self, service: VaultService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.setWindowTitle("Restore from a backup")
