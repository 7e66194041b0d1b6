"""Whose file is this: the client's name, preferred name and case number, in one line
above every tab of the open file and at the top of every dialog that enters something
in it (never in a window title, which the desktop shows in its task switcher)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QBoxLayout, QDialog, QLabel, QWidget

from safefile.records.models import Client


def banner_text(client: Client) -> str:
    parts = [client.name]
    if client.alias:
        parts.append(f"preferred name: {client.alias}")
    parts.append(f"case number: {client.case_number}" if client.case_number else "no case number")
    return "  ·  ".join(parts)


class ClientBanner(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clientbanner")
        self.setTextFormat(Qt.TextFormat.PlainText)  # a name is never markup
        self.setWordWrap(True)
        self.setAccessibleName("Client")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.font()
        font.setBold(True)
        self.setFont(font)

    def show_client(self, client: Client | None) -> None:
        self.setText(banner_text(client) if client is not None else "")


def with_banner(dialog: QDialog, client: Client | None) -> QDialog:
    """Put the client's banner at the top of ``dialog`` (whose layout is a box layout)."""
    layout = dialog.layout()
    if client is not None and isinstance(layout, QBoxLayout):
        banner = ClientBanner(dialog)
        banner.show_client(client)
        layout.insertWidget(0, banner)
        dialog.banner = banner  # type: ignore[attr-defined]
    return dialog
