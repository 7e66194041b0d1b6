"""The Documents tab: files kept inside the vault, encrypted."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from safefile.records.models import Document
from safefile.records.program_categories import ProgramCategory
from safefile.ui.clients.banner import with_banner
from safefile.ui.clients.documents import AttachDialog, choose_file
from safefile.ui.clients.file_view.base import FileTab
from safefile.ui.clients.file_view.data import FileData, document_cells
from safefile.ui.clients.file_view.widgets import Message, button, keep_selection, row
from safefile.ui.tables import RowsModel, table_view


class DocumentsTab(FileTab):
    """``attach_chosen(path, title, kind, category)`` asks to store a chosen file in the vault."""

    title = "Doc&uments"
    attach_chosen = Signal(object, str, str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model: RowsModel[Document] = RowsModel(
            ("Title", "Kind", "Added", "Size"), document_cells
        )
        self.table = table_view(self.model, "Documents", (260, 130, 100))
        explain = QLabel(
            "Documents stay inside the vault, encrypted; SafeFile never saves a "
            "copy elsewhere to show one."
        )
        explain.setWordWrap(True)
        self.attach_button = button("&Attach a document…", "Attach a document")
        self.message = Message("Documents message")
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(explain)
        layout.addLayout(row(self.attach_button))
        layout.addWidget(self.message)
        self.models = (self.model,)
        self.labels = (self.message,)
        self.attach_button.clicked.connect(self.choose_document)
        self.categories: tuple[ProgramCategory, ...] = ()

    def show_data(self, data: FileData) -> None:
        self.categories = data.categories
        keep_selection(self.table, self.model, list(data.file.documents))
        self.set_open(True)

    def set_open(self, is_open: bool) -> None:
        self.attach_button.setEnabled(is_open)

    def choose_document(self) -> None:
        path = choose_file(self, "Choose the document to attach")
        if path is not None:
            self.attach_dialog(path).open()

    def attach_dialog(self, path: Path) -> AttachDialog:
        dialog = AttachDialog(path, self, self.categories)
        dialog.chosen.connect(
            lambda p, title, kind, cat: self.attach_chosen.emit(p, title, kind, cat)
        )
        with_banner(dialog, self.client)
        return dialog
