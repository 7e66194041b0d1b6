"""The Services tab: the services recorded for the client."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from safefile.records.models import Service
from safefile.ui.clients.file_view.base import FileTab
from safefile.ui.clients.file_view.data import FileData, service_cells
from safefile.ui.clients.file_view.widgets import button, keep_selection, row
from safefile.ui.tables import RowsModel, table_view


class ServicesTab(FileTab):
    """``record_requested`` asks for the service entry dialog."""

    title = "Ser&vices"
    record_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model: RowsModel[Service] = RowsModel(
            ("Date", "Service", "Minutes", "Note"), service_cells
        )
        self.table = table_view(self.model, "Services", (100, 200, 70))
        self.record_button = button("Recor&d a service…  (Ctrl+Shift+S)", "Record a service")
        self.record_button.setToolTip("Record a service (Ctrl+Shift+S)")
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(row(self.record_button))
        self.models = (self.model,)
        self.record_button.clicked.connect(self.record_requested)

    def show_data(self, data: FileData) -> None:
        keep_selection(self.table, self.model, list(data.file.services))
        self.set_open(True)

    def set_open(self, is_open: bool) -> None:
        self.record_button.setEnabled(is_open)
