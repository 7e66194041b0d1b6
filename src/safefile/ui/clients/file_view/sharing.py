"""The Sharing tab: this client's part of the record of sharing, and recording a request."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from safefile.consent.log import Entry
from safefile.ui.accounting.dialog import AccountingDialog
from safefile.ui.clients.banner import with_banner
from safefile.ui.clients.file_view.base import FileTab
from safefile.ui.clients.file_view.data import FileData, entry_cells, entry_text
from safefile.ui.clients.file_view.widgets import button, keep_selection, plain_label, row
from safefile.ui.log.outcome import OutcomeDialog
from safefile.ui.log.request import RequestDialog
from safefile.ui.requests.page import RequestDialog as OwnCopyRequestDialog
from safefile.ui.share.disclose import DiscloseDialog
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
        self.own_copy_button = button("Own-cop&y request…", "Record a request for an own copy")
        self.accounting_button = button("Acco&unting of disclosures…", "Accounting of disclosures")
        # issue 23: a call, a letter, a fax…; and what came of an entry
        self.disclose_button = button(
            "Record a &disclosure (call, letter…)…",
            "Record a disclosure made by phone, in person, by email, fax or letter",
        )
        self.outcome_button = button("Record the ou&tcome…", "Record the outcome of the entry")
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addLayout(row(self.request_button, self.own_copy_button, self.accounting_button))
        layout.addLayout(row(self.disclose_button, self.outcome_button))
        self.models = (self.model,)
        self.labels = (self.detail,)
        self.table.selectionModel().currentRowChanged.connect(
            lambda cur, _: self._selected(cur.row())
        )
        self.request_button.clicked.connect(lambda: self.request_dialog().open())
        self.own_copy_button.clicked.connect(lambda: self.own_copy_dialog().open())
        self.accounting_button.clicked.connect(lambda: self.accounting_dialog().open())
        self.disclose_button.clicked.connect(lambda: self.disclose_dialog().open())
        self.outcome_button.clicked.connect(self._outcome_clicked)

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
        self.own_copy_button.setEnabled(is_open)
        self.accounting_button.setEnabled(is_open)
        self.disclose_button.setEnabled(is_open)
        chosen = self.model.item(selected_row(self.table)) is not None
        self.outcome_button.setEnabled(is_open and chosen)

    def _selected(self, at: int) -> None:
        e = self.model.item(at)
        self.detail.setText(entry_text(e) if e is not None else "")
        self.outcome_button.setEnabled(e is not None)

    def request_dialog(self) -> RequestDialog:
        """Record a request for information about this client (saved → the list again)."""
        dialog = RequestDialog(self.service, self.client_id, self)
        dialog.saved.connect(lambda _: self.changed.emit())
        with_banner(dialog, self.client)
        return dialog

    def own_copy_dialog(self) -> OwnCopyRequestDialog:
        """Record this client's request for their own copy (saved → the list again)."""
        dialog = OwnCopyRequestDialog(self.service, self.client_id)
        dialog.setParent(self, dialog.windowFlags())
        dialog.saved.connect(lambda _: self.changed.emit())
        return dialog

    def disclose_dialog(self) -> DiscloseDialog:
        """Record a disclosure made by phone, in person, email, fax or letter (issue 23)."""
        assert self.client_id is not None
        dialog = DiscloseDialog(self.service, self.client_id, self)
        dialog.recorded.connect(lambda _: self.changed.emit())
        with_banner(dialog, self.client)
        return dialog

    def outcome_dialog(self) -> OutcomeDialog | None:
        """The outcome of the selected entry (issue 23)."""
        e = self.model.item(selected_row(self.table))
        if e is None:
            return None
        dialog = OutcomeDialog(self.service, e.ref, entry_cells(e)[2], self)
        dialog.saved.connect(lambda _: self.changed.emit())
        with_banner(dialog, self.client)
        return dialog

    def _outcome_clicked(self) -> None:
        dialog = self.outcome_dialog()
        if dialog is not None:
            dialog.open()

    def accounting_dialog(self) -> AccountingDialog:
        """This client's accounting of disclosures (issue 13), and saving it as a PDF."""
        assert self.client_id is not None
        return AccountingDialog(self.service, self.client_id, self)
