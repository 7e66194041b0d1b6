"""The Services tab: the services recorded for the client."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from safefile.records.models import Service
from safefile.ui.clients.file_view.base import FileTab
from safefile.ui.clients.file_view.data import FileData, service_cells
from safefile.ui.clients.file_view.widgets import button, keep_selection, row
from safefile.ui.tables import RowsModel, selected_row, table_view


class ServicesTab(FileTab):
    """``record_requested`` asks for the service entry dialog."""

    title = "Ser&vices"
    record_requested = Signal()
    correct_requested = Signal()
    void_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model: RowsModel[Service] = RowsModel(
            ("Date", "Service", "Minutes", "Note", "Entry"), service_cells
        )
        self.table = table_view(self.model, "Services", (100, 200, 70, 260))
        self.record_button = button("Recor&d a service…  (Ctrl+Shift+S)", "Record a service")
        self.record_button.setToolTip("Record a service (Ctrl+Shift+S)")
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        self.correct_button = button("C&orrect the entry…", "Correct the selected service entry")
        self.void_button = button("Vo&id the entry…", "Void the selected service entry")
        layout.addLayout(row(self.record_button, self.correct_button, self.void_button))
        self.models = (self.model,)
        self._open = False
        self.record_button.clicked.connect(self.record_requested)
        self.correct_button.clicked.connect(self.correct_requested)
        self.void_button.clicked.connect(self.void_requested)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._buttons())

    def show_data(self, data: FileData) -> None:
        keep_selection(self.table, self.model, list(data.file.services))
        self.set_open(True)

    def set_open(self, is_open: bool) -> None:
        self._open = is_open
        self._buttons()

    def selected(self) -> Service | None:
        return self.model.item(selected_row(self.table))

    def _buttons(self) -> None:
        s = self.selected()
        self.record_button.setEnabled(self._open)
        fixable = self._open and s is not None and not s.voided
        self.correct_button.setEnabled(fixable)
        self.void_button.setEnabled(fixable)
