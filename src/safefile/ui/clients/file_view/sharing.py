"""The Sharing tab: this client's part of the record of sharing, and recording a request."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from safefile.consent.log import Entry
from safefile.ui.clients.file_view.base import FileTab
from safefile.ui.clients.file_view.data import FileData, entry_cells, entry_text
from safefile.ui.clients.file_view.widgets import button, keep_selection, plain_label, row
from safefile.ui.log.request import RequestDialog
from safefile.ui.tables import RowsModel, selected_row, table_view
from safefile.ui.worker import VaultService


class SharingTab(FileTab):
    """``changed`` says a request was recorded (read the file again)."""

    title = "Shar&ing"
    changed = Signal()

    def __init__(self, service: VaultService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.client_id: int | None = None
        self.model: RowsModel[Entry] = RowsModel(
            ("Date", "Entry", "Kind", "Recipient or requester"), entry_cells
        )
        self.table = table_view(self.model, "Record of sharing for this client", (100, 130, 170))
        self.detail = plain_label("The selected entry")
        self.request_button = button("Record a re&quest…", "Record a request for information")
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addLayout(row(self.request_button))
        self.models = (self.model,)
        self.labels = (self.detail,)
        self.table.selectionModel().currentRowChanged.connect(
            lambda cur, _: self._selected(cur.row())
        )
        self.request_button.clicked.connect(lambda: self.request_dialog().open())

    def show_data(self, data: FileData) -> None:
        self.client_id = data.file.client.id
        keep_selection(self.table, self.model, data.sharing)
        self._selected(selected_row(self.table))
        self.set_open(True)

    def clear(self) -> None:
        self.client_id = None
        super().clear()

    def set_open(self, is_open: bool) -> None:
        self.request_button.setEnabled(is_open)

    def _selected(self, at: int) -> None:
        e = self.model.item(at)
        self.detail.setText(entry_text(e) if e is not None else "")

    def request_dialog(self) -> RequestDialog:
        """Record a request for information about this client (saved → the list again)."""
        dialog = RequestDialog(self.service, self.client_id, self)
        dialog.saved.connect(lambda _: self.changed.emit())
        return dialog
