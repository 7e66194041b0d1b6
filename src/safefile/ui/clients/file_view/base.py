"""What every tab of the file is: fed a :class:`FileData`, emptied by ``clear()``, and
able to list every text of client data it holds (for the lock's checks)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QPlainTextEdit, QWidget

from safefile.ui.clients.file_view.data import FileData
from safefile.ui.tables import RowsModel


class FileTab(QWidget):
    """One tab. Subclasses build their widgets and fill ``models``, ``labels`` and
    ``details``; they never reach for their parent: the view feeds them."""

    title = ""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.models: tuple[RowsModel[Any], ...] = ()
        self.labels: tuple[QLabel, ...] = ()
        self.details: tuple[QPlainTextEdit, ...] = ()

    def show_data(self, data: FileData) -> None:
        raise NotImplementedError

    def set_open(self, is_open: bool) -> None:
        """Enable what makes sense with a file open (or nothing open)."""

    def clear(self) -> None:
        for model in self.models:
            model.clear()
        for label in self.labels:
            label.clear()
        for edit in self.details:
            edit.clear()
        self.set_open(False)

    def shown_texts(self) -> list[str]:
        texts = [label.text() for label in self.labels]
        texts += [edit.toPlainText() for edit in self.details]
        for model in self.models:
            texts += model.texts()
        return [t for t in texts if t]
