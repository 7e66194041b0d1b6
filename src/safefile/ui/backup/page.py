"""Backups: the policy, "Back up now" with progress, verify (stub)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from safefile.ui.worker import VaultService


class BackupPage(QWidget):
    """``backed_up`` is emitted after a backup was written (the window hides its reminder)."""

    backed_up = Signal()

    def __init__(self, service: VaultService) -> None:
        super().__init__()
        self.service = service
        QVBoxLayout(self)

    def refresh(self) -> None:
        """Load the policy and the list of backups; called after unlock and when shown."""

    def clear(self) -> None:
        """Forget everything shown (on lock)."""

    def back_up_now(self) -> None:
        """Start a backup to the policy's folder, with progress and a way to cancel."""
