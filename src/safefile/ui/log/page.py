"""The record of sharing for the whole program (stub: filled in by the log screen work)."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from safefile.ui.worker import VaultService


class LogPage(QWidget):
    def __init__(self, service: VaultService) -> None:
        super().__init__()
        self.service = service
        QVBoxLayout(self)

    def refresh(self) -> None:
        """Load (again) from the vault; called after unlock and when the tab is shown."""

    def clear(self) -> None:
        """Forget everything shown (on lock)."""
