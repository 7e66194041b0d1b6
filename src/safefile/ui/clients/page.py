"""The main screen: instant search over clients, the list, and the selected file."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)  # fmt: skip

from safefile import records
from safefile.clock import today
from safefile.consent import releases
from safefile.records.models import ClientFile
from safefile.ui.clients.entry import AddendumDialog, NoteDialog, ServiceDialog
from safefile.ui.clients.model import ClientTableModel
from safefile.ui.share.dialog import ShareDialog
from safefile.ui.share.release_form import ReleaseDialog
from safefile.ui.worker import VaultService, VaultWorker, plain_message


class AddClientDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add a client")
        form = QFormLayout(self)
        self.name = QLineEdit()
        self.name.setAccessibleName("Name")
        self.alias = QLineEdit()
        self.alias.setAccessibleName("Preferred name")
        self.case = QLineEdit()
        self.case.setAccessibleName("Case number")
        form.addRow("Name", self.name)
        form.addRow("Preferred name (optional)", self.alias)
        form.addRow("Case number (optional)", self.case)
        self.message = QLabel("")
        self.message.setObjectName("error")
        form.addRow(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)  # fmt: skip
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


def describe(f: ClientFile) -> str:
    """The client's file as plain text (never rich text: names are data, not markup)."""
    c = f.client
    lines = [c.name + (f" ({c.alias})" if c.alias else ""),
             f"Case number: {c.case_number or '-'}    Intake: {c.intake_date}    File: {c.status}",
             f"Safe to contact: {'yes' if c.contact_safe else 'NO'}  {c.contact_how}", "",
             f"Services ({len(f.services)})"]  # fmt: skip
    lines += [f"  {s.on_date}  {s.type}" + (f"  {s.minutes} min" if s.minutes else "")
              + (f"  {s.note}" if s.note else "") for s in f.services]  # fmt: skip
    lines += ["", f"Progress notes ({len(f.notes)})"]
    for n in f.notes:
        state = f"signed by {n.signed_by}" if n.signed else "draft"
        lines.append(f"  {n.ref}  {n.on_date}  {state}{'  joint' if n.joint else ''}")
        lines.append(f"    Data: {n.data}")
        lines += [f"    Addendum {a.at[:16]}: {a.text}" for a in n.addenda]
    lines += ["", f"Documents ({len(f.documents)})"]
    lines += [f"  {d.title} ({d.doc_type})" for d in f.documents]
    return "\n".join(lines)


class ClientsPage(QWidget):
    lock_requested = Signal()

    def __init__(self, service: VaultService) -> None:
        super().__init__()
        self.service = service
        self.model = ClientTableModel(service)
        top = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search by name, preferred name or case number")
        self.search.setAccessibleName("Search clients")
        self.status = QComboBox()
        self.status.addItems(["All files", "Open files", "Closed files"])
        self.status.setAccessibleName("Show files")
        self.add_button = QPushButton("Add client…")
        self.share_button = QPushButton("Send information…")
        self.share_button.setEnabled(False)
        self.lock_button = QPushButton("Lock")
        self.lock_button.setToolTip("Lock SafeFile now (Ctrl+L)")
        top.addWidget(self.search, 1)
        top.addWidget(self.status)
        top.addWidget(self.add_button)
        top.addWidget(self.share_button)
        top.addWidget(self.lock_button)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        for column, width in enumerate((240, 150, 130)):  # fixed: no per-row measuring
            self.table.setColumnWidth(column, width)
        self.table.setAccessibleName("Clients")
        self.file_view = QPlainTextEdit()
        self.file_view.setReadOnly(True)
        self.file_view.setAccessibleName("Client file")
        self.file_view.setPlaceholderText("Choose a client to see their file.")
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.file_view, 1)
        actions = QHBoxLayout()
        self.service_button = QPushButton("Record a service…")
        self.note_button = QPushButton("Write a note…")
        self.addendum_button = QPushButton("Add an addendum…")
        self.release_button = QPushButton("Add a release…")
        for b in (self.service_button, self.note_button, self.addendum_button,
                  self.release_button):  # fmt: skip
            b.setEnabled(False)
            actions.addWidget(b)
        actions.addStretch()
        right_layout.addLayout(actions)
        split = QSplitter()
        split.addWidget(self.table)
        split.addWidget(right)
        split.setSizes([520, 480])
        self.message = QLabel("")
        self.message.setObjectName("error")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addWidget(self.message)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _: self._debounce.start())
        self.status.currentIndexChanged.connect(lambda _: self.refresh())
        self.add_button.clicked.connect(self.add_client)
        self.share_button.clicked.connect(lambda: self.share().exec())
        self.service_button.clicked.connect(lambda: self.entry("service").exec())
        self.note_button.clicked.connect(lambda: self.entry("note").exec())
        self.addendum_button.clicked.connect(lambda: self.entry("addendum").exec())
        self.release_button.clicked.connect(lambda: self.entry("release").exec())
        self.current: ClientFile | None = None
        self.lock_button.clicked.connect(self.lock_requested)
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _: self._open(cur.row()))

    def refresh(self) -> None:
        status = ("all", "open", "closed")[self.status.currentIndex()]
        self.file_view.clear()
        self.model.reload(search=self.search.text(), status=status)

    def clear(self) -> None:
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.file_view.clear()
        self.message.clear()
        for b in (self.share_button, self.service_button, self.note_button, self.addendum_button,
                  self.release_button):  # fmt: skip
            b.setEnabled(False)
        self.current = None
        self.model.clear()

    def selected_client(self) -> int | None:
        row = self.table.currentIndex().row()
        return self.model.rows[row].id if 0 <= row < len(self.model.rows) else None

    def share(self) -> ShareDialog:
        """The share dialog for the selected client (the caller shows it)."""
        cid = self.selected_client()
        assert cid is not None
        return ShareDialog(self.service, cid, self)

    def entry(self, what: str) -> QDialog:
        """A quick-entry dialog for the open file; saving refreshes the file view."""
        assert self.current is not None
        f = self.current
        dialog: QDialog
        if what == "service":
            dialog = ServiceDialog(self.service, f.client.id, self.types, self)
        elif what == "note":
            dialog = NoteDialog(self.service, f.client.id, self)
        elif what == "release":
            dialog = ReleaseDialog(self.service, f.client.id, self)
        else:
            dialog = AddendumDialog(self.service, [n.ref for n in f.notes if n.signed], self)
        dialog.saved.connect(lambda _: self._open(self.table.currentIndex().row()))  # type: ignore[attr-defined]
        return dialog

    def _open(self, row: int) -> None:
        valid = 0 <= row < len(self.model.rows)
        for b in (self.share_button, self.service_button, self.note_button, self.release_button):
            b.setEnabled(valid)
        if not valid:
            return
        cid = self.model.rows[row].id

        def job(w: VaultWorker) -> tuple[ClientFile, list[str], list[str]]:
            v = w.require()
            on = today(v.clock)
            rels = [f"  {r.ref}  to {r.recipient}: {', '.join(r.categories)}; "
                    f"{releases.state(r, on)}" for r in releases.list_releases(v, cid)]  # fmt: skip
            return records.client_file(v, cid), records.service_types(v), rels

        def shown(result: tuple[ClientFile, list[str], list[str]]) -> None:
            self.current, self.types, rels = result
            text = describe(self.current) + f"\n\nReleases of information ({len(rels)})\n"
            self.file_view.setPlainText(text + "\n".join(rels))
            self.addendum_button.setEnabled(any(n.signed for n in self.current.notes))

        self.service.submit(job, shown, lambda e: self.message.setText(plain_message(e)))

    def add_client(self, dialog: AddClientDialog | None = None) -> None:
        dialog = dialog or AddClientDialog(self)
        if not dialog.exec():
            return
        data: dict[str, object] = {"name": dialog.name.text(), "alias": dialog.alias.text() or None,
                "case_number": dialog.case.text() or None}  # fmt: skip
        self.save_client(data)

    def save_client(self, data: dict[str, object]) -> None:
        def job(w: VaultWorker) -> int:
            return records.add_client(w.require(), data)

        def done(_: int) -> None:
            self.message.clear()
            self.refresh()

        self.service.submit(job, done, lambda e: self.message.setText(plain_message(e)))
