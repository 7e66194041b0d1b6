"""The Releases tab: the client's written releases of information, and revoking one."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from safefile.consent.drafts import Draft
from safefile.consent.releases import Release
from safefile.ui.clients.banner import with_banner
from safefile.ui.clients.file_view.base import FileTab
from safefile.ui.clients.file_view.data import (
    FileData,
    ReleaseRow,
    draft_cells,
    release_cells,
    release_text,
)
from safefile.ui.clients.file_view.widgets import (
    Message,
    button,
    keep_selection,
    plain_label,
    row,
)
from safefile.ui.clients.release_forms import (
    AttachSignedDialog,
    PrintFormDialog,
    WithdrawDraftDialog,
    print_revocation_dialog,
)
from safefile.ui.clients.revoke import ExpiryEventDialog, RevokeDialog, WrittenRevocationDialog
from safefile.ui.tables import RowsModel, selected_row, table_view
from safefile.ui.worker import VaultService


class ReleasesTab(FileTab):
    """``add_requested`` asks for the release entry dialog; ``changed`` says a release was
    revoked or its expiry event recorded (read the file again)."""

    title = "&Releases"
    add_requested = Signal()
    send_requested = Signal(int)  # a release id: send under it
    changed = Signal()

    def __init__(self, service: VaultService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.model: RowsModel[ReleaseRow] = RowsModel(
            ("Release", "To", "State", "What", "Purpose", "Valid"), release_cells
        )
        self.table = table_view(self.model, "Releases of information", (60, 140, 300, 160, 130))
        self.detail = plain_label("The selected release")
        self.add_button = button("&Add a release…", "Add a release of information")
        self.send_button = button("Send &under this release…", "Send under the selected release")
        self.revoke_button = button("Revo&ke…", "Revoke the selected release")
        self.expiry_button = button(
            "The event it e&xpires on happened…", "Record that the event it expires on happened"
        )
        self.revoke_form_button = button(
            "Print re&vocation form…", "Print the revocation form of the selected release"
        )
        self.revoke_form_button.setObjectName("printRevocationForm")
        self.written_button = button(
            "Attach the wri&tten revocation…",
            "Attach the signed written revocation of the selected revoked release",
        )
        # Releases drafted and printed, not yet signed: no road uses them.
        self.waiting_model: RowsModel[Draft] = RowsModel(
            ("Release", "Purpose", "State", "Drafted"), draft_cells
        )
        self.waiting = table_view(self.waiting_model, "Waiting for signature", (60, 200, 260))
        self.waiting.setObjectName("waitingForSignature")
        self.print_button = button("&Print form…", "Print the form of the selected draft")
        self.print_button.setObjectName("printReleaseForm")
        self.attach_button = button(
            "Attach si&gned form…", "Attach the signed form of the selected draft"
        )
        self.attach_button.setObjectName("attachSignedForm")
        self.withdraw_button = button(
            "&Withdraw the draft…", "Withdraw the selected draft (the client does not want it)"
        )
        self.message = Message("Releases message")
        self.language = "en"
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addLayout(row(self.send_button, self.add_button, self.revoke_button))
        # What follows a revocation or an expiry event, on its own row (fits 1366 wide).
        layout.addLayout(row(self.expiry_button, self.revoke_form_button, self.written_button))
        waiting_label = plain_label("Waiting for signature")
        waiting_label.setText(
            "Waiting for signature (nothing is sent under these until the signed form is attached)"
        )
        layout.addWidget(waiting_label)
        layout.addWidget(self.waiting)
        layout.addLayout(row(self.print_button, self.attach_button, self.withdraw_button))
        layout.addWidget(self.message)
        self.models = (self.model, self.waiting_model)
        self.labels = (self.detail, self.message)
        self._open = False
        self.table.selectionModel().currentRowChanged.connect(
            lambda cur, _: self._selected(cur.row())
        )
        self.add_button.clicked.connect(self.add_requested)
        self.send_button.clicked.connect(self._send)
        self.revoke_button.clicked.connect(lambda: self.revoke_dialog().open())
        self.expiry_button.clicked.connect(lambda: self.expiry_dialog().open())
        self.revoke_form_button.clicked.connect(lambda: self.revocation_form_dialog().open())
        self.written_button.clicked.connect(lambda: self.written_dialog().open())
        self.print_button.clicked.connect(lambda: self.print_dialog().open())
        self.attach_button.clicked.connect(lambda: self.attach_dialog().open())
        self.withdraw_button.clicked.connect(lambda: self.withdraw_dialog().open())
        self.waiting.selectionModel().currentRowChanged.connect(lambda *_: self._buttons())

    def show_data(self, data: FileData) -> None:
        self.language = data.language
        keep_selection(self.waiting, self.waiting_model, list(data.waiting))
        keep_selection(self.table, self.model, data.releases)
        self._open = True
        self._selected(selected_row(self.table))

    def set_open(self, is_open: bool) -> None:
        self._open = is_open
        self._buttons()

    def selected(self) -> Release | None:
        r = self.model.item(selected_row(self.table))
        return r.release if r else None

    def _selected(self, at: int) -> None:
        r = self.model.item(at)
        if r is None:
            self.detail.clear()
        else:
            self.detail.setText(release_text(r))
        self._buttons()

    def _buttons(self) -> None:
        self.add_button.setEnabled(self._open)
        rel = self.selected()
        live = self._open and rel is not None and rel.revoked_on is None
        self.revoke_button.setEnabled(live)
        self.send_button.setEnabled(live)
        self.expiry_button.setEnabled(live and rel is not None and bool(rel.expiry_event))
        self.revoke_form_button.setEnabled(self._open and rel is not None)
        # A release revoked orally waits for the client's signed writing (the core refuses
        # a second one, and a scan that is another release's form).
        self.written_button.setEnabled(
            self._open and rel is not None and rel.revoked_on is not None
        )
        draft = self.selected_draft()
        self.print_button.setEnabled(self._open and draft is not None)
        self.attach_button.setEnabled(self._open and draft is not None and bool(draft.prints))
        self.withdraw_button.setEnabled(self._open and draft is not None)

    def selected_draft(self) -> Draft | None:
        return self.waiting_model.item(selected_row(self.waiting))

    def print_dialog(self) -> PrintFormDialog:
        draft = self.selected_draft()
        assert draft is not None
        dialog = PrintFormDialog(self.service, draft.ref, draft.language, parent=self)
        dialog.saved.connect(lambda _: self.changed.emit())
        with_banner(dialog, self.client)
        return dialog

    def attach_dialog(self) -> AttachSignedDialog:
        draft = self.selected_draft()
        assert draft is not None
        dialog = AttachSignedDialog(self.service, draft, self)
        dialog.saved.connect(lambda _: self.changed.emit())
        with_banner(dialog, self.client)
        return dialog

    def withdraw_dialog(self) -> WithdrawDraftDialog:
        draft = self.selected_draft()
        assert draft is not None
        dialog = WithdrawDraftDialog(self.service, draft, self)
        dialog.saved.connect(lambda _: self.changed.emit())
        with_banner(dialog, self.client)
        return dialog

    def written_dialog(self) -> WrittenRevocationDialog:
        rel = self.selected()
        assert rel is not None
        dialog = WrittenRevocationDialog(self.service, rel, self)
        dialog.saved.connect(lambda _: self.changed.emit())
        with_banner(dialog, self.client)
        return dialog

    def revocation_form_dialog(self) -> PrintFormDialog:
        rel = self.selected()
        assert rel is not None
        dialog = print_revocation_dialog(self.service, rel, self.language, self)
        with_banner(dialog, self.client)
        return dialog

    def _send(self) -> None:
        rel = self.selected()
        if rel is not None:
            self.send_requested.emit(rel.id)

    def revoke_dialog(self) -> RevokeDialog:
        rel = self.selected()
        assert rel is not None
        dialog = RevokeDialog(self.service, rel, self)
        dialog.saved.connect(lambda _: self.changed.emit())
        with_banner(dialog, self.client)
        return dialog

    def expiry_dialog(self) -> ExpiryEventDialog:
        rel = self.selected()
        assert rel is not None
        dialog = ExpiryEventDialog(self.service, rel, self)
        dialog.saved.connect(lambda _: self.changed.emit())
        with_banner(dialog, self.client)
        return dialog
