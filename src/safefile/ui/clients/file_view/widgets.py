"""Small building blocks the file's tabs share (plain-text labels, read-only details)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QWidget,
)

from safefile.ui.tables import RowsModel, selected_row


def _plain(label: QLabel, name: str) -> QLabel:
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setAccessibleName(name)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def plain_label(name: str) -> QLabel:
    return _plain(QLabel(""), name)


class Message(QLabel):
    """A line saying what went wrong (the file's tabs', the file's and the client list's),
    shown only while it says something: two empty ones under the client list and the
    file left a band of about 85 px on every screen (a helper's screenshots at
    1366x768)."""

    def __init__(self, name: str) -> None:
        super().__init__("")
        _plain(self, name).setObjectName("error")
        self.setVisible(False)

    def setText(self, text: str) -> None:  # Qt's name
        """Shown while it says something, once it is in its place (a text set before it
        has a parent stays hidden: shown alone it would be a window of its own)."""
        super().setText(text)
        if self.parentWidget() is not None:
            self.setVisible(bool(text))

    def clear(self) -> None:  # Qt's name
        self.setText("")


def detail(name: str) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setReadOnly(True)
    edit.setAccessibleName(name)
    edit.setTabChangesFocus(True)
    return edit


def button(text: str, name: str) -> QPushButton:
    b = QPushButton(text)
    b.setAccessibleName(name)
    b.setEnabled(False)
    return b


def row(*widgets: QWidget) -> QHBoxLayout:
    layout = QHBoxLayout()
    for w in widgets:
        layout.addWidget(w)
    layout.addStretch()
    return layout


def above(table: QTableView, below: QWidget) -> QSplitter:
    """A list of notes above the one chosen, read in full."""
    split = QSplitter(Qt.Orientation.Vertical)
    split.addWidget(table)
    split.addWidget(below)
    split.setSizes([180, 260])
    return split


def keep_selection(view: QTableView, model: RowsModel[Any], items: list[Any]) -> None:
    """Replace the rows, keeping the selected row where it was (or the first)."""
    at = selected_row(view)
    model.set_items(items)
    if items:
        view.selectRow(min(max(at, 0), len(items) - 1))
