"""Copies of client data to the clipboard, cleared after a short time (stub)."""

from __future__ import annotations

from PySide6.QtCore import QObject


class ClipboardGuard(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)

    def clear_ours(self) -> None:
        """Empty the clipboard if it still holds something SafeFile put there."""
