"""Lock when the desktop locks its screen or the machine suspends (stub)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class SessionLockWatcher(QObject):
    """Emits ``lock_now`` when the session's screen locks or the machine is about to sleep."""

    lock_now = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
