"""Pieces the backup screens share: the secret a backup opens with, and plain wording
of times, sizes and what a backup holds."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from PySide6.QtWidgets import QCheckBox, QFileDialog, QLineEdit, QVBoxLayout, QWidget

# The native GTK chooser writes what it opened into the desktop's recently-used list.
NO_NATIVE = QFileDialog.Option.DontUseNativeDialog


class SecretField(QWidget):
    """The passphrase, or the recovery key, that a backup was made with."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.edit.setAccessibleName("Passphrase the backup was made with")
        self.edit.setPlaceholderText("The vault's passphrase when the backup was made")
        self.use_recovery = QCheckBox("Use the &recovery key instead")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.use_recovery)
        self.use_recovery.toggled.connect(self._mode)
        self.setFocusProxy(self.edit)

    def _mode(self, recovery: bool) -> None:
        self.edit.setEchoMode(
            QLineEdit.EchoMode.Normal if recovery else QLineEdit.EchoMode.Password
        )
        self.edit.setPlaceholderText(
            "The recovery key, as written on your paper copy"
            if recovery
            else "The vault's passphrase when the backup was made"
        )
        self.edit.setAccessibleName(
            "Recovery key" if recovery else "Passphrase the backup was made with"
        )

    def take(self) -> tuple[str | None, str | None]:
        """(passphrase, recovery key), one of them set, and forget the text; (None, None)
        when nothing was typed."""
        text = self.edit.text()
        self.edit.clear()
        if not text:
            return None, None
        return (None, text) if self.use_recovery.isChecked() else (text, None)

    def clear(self) -> None:
        self.edit.clear()


def when(created: str) -> str:
    """An ISO time as the user reads it: "22 Nov 2026, 10:00"."""
    try:
        at = datetime.fromisoformat(created).astimezone()
    except ValueError:
        return created or "an unknown time"
    return f"{at.day} {at:%b %Y, %H:%M}"


def size_text(n: int) -> str:
    value = float(n)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{n} bytes" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{n} bytes"  # pragma: no cover - the loop always returns


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def contents(counts: Mapping[str, int]) -> str:
    """What a backup holds, in words: "3 clients, 2 services, 1 document, …"."""
    words = (
        ("clients", "client", "clients"),
        ("services", "service", "services"),
        ("progress_notes", "progress note", "progress notes"),
        ("process_notes", "process note", "process notes"),
        ("documents", "document", "documents"),
        ("releases", "release", "releases"),
        ("disclosures", "entry in the record of sharing", "entries in the record of sharing"),
    )
    return ", ".join(_count(int(counts.get(k, 0)), one, many) for k, one, many in words)
