"""Record a request for information and the decision on it (stub)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QWidget

from safefile.ui.worker import VaultService


class RequestDialog(QDialog):
    """``saved`` carries the new entry's reference (e.g. "D-0007-1A2B")."""

    saved = Signal(str)

    def __init__(
        self, service: VaultService, client_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.service, self.client_id = service, client_id
        self.setWindowTitle("Record a request for information")
