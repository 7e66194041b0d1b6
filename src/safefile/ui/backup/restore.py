"""Restore a backup into a new vault (stub)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QWidget


class RestoreDialog(QDialog):
    """``restored`` carries the new vault's folder once it is in place and checked."""

    restored = Signal(Path)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore from a backup")
