"""Whose file is this: the client's name, preferred name and case number, in one line
above every tab of the open file and at the top of every dialog that enters something
in it (never in a window title, which the desktop shows in its task switcher)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QBoxLayout, QDialog, QLabel, QWidget

from safefile.records.models import Client


def banner_text(client: Client) -> str:
    parts = [client.name]
    if client.alias:
        parts.append(f"preferred name: {client.alias}")
    parts.append(f"case number: {client.case_number}" if client.case_number else "no case number")
    return "  ·  ".join(parts)


# A dialog that enters something in a file is at least this many average characters
# wide, and wide enough for the banner on one line up to two thirds of the screen: the
# smallest of them (the contact details, voiding an entry) were 250 px wide, the banner
# on two lines and each hint cut short.
LEAST_CHARS = 48


class ClientBanner(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._one_line = False  # (before anything that sends it a change event)
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
        if self._one_line:
            self._fit()

    def keep_on_one_line(self) -> None:
        """In a dialog: at least ``LEAST_CHARS`` wide, and wide enough for the whole line
        up to two thirds of the screen (its own minimum, so the dialog's layout keeps
        counting everything else)."""
        self._one_line = True
        self._fit()

    def _fit(self) -> None:
        self.ensurePolished()  # measured in the font the style sheet gives it
        metrics = self.fontMetrics()
        line = metrics.horizontalAdvance(self.text()) + 4
        least = metrics.averageCharWidth() * LEAST_CHARS
        room = self.screen().availableGeometry().width() * 2 // 3
        self.setMinimumWidth(min(max(least, line), room))

    def changeEvent(self, event: QEvent) -> None:  # Qt's name: the text size changed
        super().changeEvent(event)
        if self._one_line and event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit()


def with_banner(dialog: QDialog, client: Client | None) -> QDialog:
    """Put the client's banner at the top of ``dialog`` (whose layout is a box layout),
    wide enough to show it on one line."""
    layout = dialog.layout()
    if client is not None and isinstance(layout, QBoxLayout):
        banner = ClientBanner(dialog)
        banner.show_client(client)
        layout.insertWidget(0, banner)
        dialog.banner = banner  # type: ignore[attr-defined]
        banner.keep_on_one_line()
    return dialog
