"""The main screen: instant search over clients, the list, and the selected file."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from safefile import records
from safefile.jobs import new_client
from safefile.records.language import DEFAULT
from safefile.records.models import ClientFile, ClientIn
from safefile.ui.clients.banner import ClientBanner, with_banner
from safefile.ui.clients.contact import AnonymousContactDialog
from safefile.ui.clients.corrections import (
    CorrectServiceDialog,
    EditDraftDialog,
    VoidServiceDialog,
)
from safefile.ui.clients.entry import AddendumDialog, NoteDialog, ServiceDialog
from safefile.ui.clients.file_view import ClientFileView, FileData
from safefile.ui.clients.file_view.overview import language_combo
from safefile.ui.clients.file_view.widgets import Message
from safefile.ui.clients.household import IntakeFields
from safefile.ui.clients.intake_fields import IntakeFields as FunderFields
from safefile.ui.clients.model import ClientTableModel
from safefile.ui.day import vault_today
from safefile.ui.scrolling import DownScroll
from safefile.ui.share.dialog import ShareDialog
from safefile.ui.share.release_form import ReleaseDialog
from safefile.ui.tables import BASE_POINT_SIZE, column_width
from safefile.ui.worker import VaultService, VaultWorker, plain_message


def _field_error() -> QLabel:
    label = QLabel("")
    label.setObjectName("error")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.hide()
    return label


def save_intake(
    w: VaultWorker,
    data: dict[str, object],
    link: tuple[int, str, str | None] | None,
    language: str,
    answers: dict[str, Any],
    told: tuple[str, ...],
    notice: bool,
) -> int:
    """The new file (linked into the chosen client's household), the language they read,
    their intake answers and what they were told, in one transaction: a refusal of any
    part adds no one."""
    return new_client.add_at_intake(
        w.require(), data, link, language, answers, told, notice, actor=w.require().actor
    )


class AddClientDialog(QDialog):
    """Saves the new client itself and closes only once saved: a refusal is shown next to
    the field it is about, and everything typed stays as it was."""

    saved = Signal(int)

    def __init__(self, service: VaultService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.setWindowTitle("Add a client")
        # Taller than a 1366x768 screen at any text size: the fields scroll, the message
        # and the buttons stay in sight below them.
        fields = QWidget()
        form = QFormLayout(fields)
        form.setContentsMargins(0, 0, 0, 0)
        self.name = QLineEdit()
        self.name.setAccessibleName("Name")
        self.alias = QLineEdit()
        self.alias.setAccessibleName("Preferred name (optional)")
        self.case = QLineEdit()
        self.case.setAccessibleName("Case number (optional)")
        # the intake date (the vault's day), the funder's answers, what was told
        self.funder = FunderFields(vault_today(service))
        self.errors = {"name": _field_error(), "alias": _field_error(), "case": _field_error()}
        for text, field, key in (
            ("&Name", self.name, "name"),
            ("&Preferred name (optional)", self.alias, "alias"),
            ("&Case number (optional)", self.case, "case"),
        ):
            form.addRow(text, field)
            self.errors[key].setAccessibleName(f"Problem with {field.accessibleName()}")
            form.addRow("", self.errors[key])
        self.intake = IntakeFields(service, form, self)  # born, household, safe contact
        self.language = language_combo(DEFAULT)  # forms are printed in it (issue 24)
        form.addRow("&Language the client reads", self.language)
        form.addRow(self.funder)
        self.fields_area = DownScroll(fields)
        layout = QVBoxLayout(self)
        layout.addWidget(self.fields_area, 1)
        self.message = QLabel("")
        self.message.setObjectName("error")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setDefault(True)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._saving = False
        self.name.setFocus()

    def data(self) -> dict[str, object]:
        return {
            "name": self.name.text(),
            "alias": self.alias.text() or None,
            "case_number": self.case.text() or None,
            **self.intake.data(),
            "intake_date": self.funder.intake_date(),
        }

    def save(self) -> None:
        """Save (once: a second press while saving does nothing). Save is never disabled
        here: disabling the focused default button would pass "default" to Cancel, and
        the next Return would throw the form away."""
        if self._saving:
            return
        data = self.data()
        link = self.intake.picker.link()
        answers = self.funder.answers()
        told = self.funder.told_statements()
        notice = self.funder.notice.isChecked()
        self._saving = True
        self._show_problem("")
        language = str(self.language.currentData())
        self.service.submit(
            lambda w: save_intake(w, data, link, language, answers, told, notice),
            self._saved,
            self._failed,
        )

    def _saved(self, cid: int) -> None:
        self._saving = False
        self.saved.emit(cid)
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self._saving = False
        self._show_problem(plain_message(exc))
        self.save_button.setDefault(True)

    def _show_problem(self, text: str) -> None:
        """Next to the field the core's message is about (by the words it uses)."""
        low = text.lower()
        key = (
            "case"
            if "case number" in low
            else "alias"
            if "preferred name" in low or "alias" in low
            else "name"
            if "name" in low
            else ""
        )
        for k, label in self.errors.items():
            label.setText(text if k == key else "")
            label.setVisible(k == key and bool(text))
        self.message.setText(text if text and not key else "")
        field = {"name": self.name, "alias": self.alias, "case": self.case}.get(key)
        if field is not None:
            field.setFocus()
            self.fields_area.ensureWidgetVisible(field)  # scrolled back to it, its problem below it


class ClientsPage(QWidget):
    """The list of clients (instant search, open/closed filter) beside the open file."""

    lock_requested = Signal()

    def __init__(self, service: VaultService) -> None:
        super().__init__()
        self.service = service
        self.types: list[str] = []
        self.model = ClientTableModel(service)
        top = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search by name, preferred name or case number")
        self.search.setAccessibleName("Search clients")
        self.search.setClearButtonEnabled(True)
        self.status = QComboBox()
        self.status.addItems(["All files", "Open files", "Closed files"])
        self.status.setAccessibleName("Show files")
        self.add_button = QPushButton("Add clien&t…")
        self.add_button.setAccessibleName("Add a client")
        self.contact_button = QPushButton("Anon&ymous contact…")
        self.contact_button.setToolTip(
            "Record an anonymous contact (a hotline call, a walk-in, a text): no file, no name"
        )
        self.contact_button.setObjectName("anonymous_contact_button")
        self.contact_button.setAccessibleName("Record an anonymous contact (no file, no name)")
        self.share_button = QPushButton("Send infor&mation…")
        self.share_button.setAccessibleName("Send information about this client")
        self.share_button.setEnabled(False)
        self.lock_button = QPushButton("Lock")
        self.lock_button.setAccessibleName("Lock SafeFile now")
        self.lock_button.setToolTip("Lock SafeFile now (Ctrl+L)")
        top.addWidget(self.search, 1)
        top.addWidget(self.status)
        top.addWidget(self.add_button)
        top.addWidget(self.contact_button)
        top.addWidget(self.share_button)
        top.addWidget(self.lock_button)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # the name gets the room
        for column in (1, 2, 3):  # fixed: no per-row measuring
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        self._size_columns()
        self.model.modelReset.connect(self._size_columns)  # the text size may have changed
        self.table.setAccessibleName("Clients")
        self.file_view = ClientFileView(service)
        self.service_button = self.file_view.service_button
        self.note_button = self.file_view.note_button
        self.addendum_button = self.file_view.addendum_button
        self.release_button = self.file_view.release_button
        self.placeholder = QLabel("Choose a client in the list to see their file.")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.right = QStackedWidget()
        self.right.addWidget(self.placeholder)
        file_page = QWidget()
        file_layout = QVBoxLayout(file_page)
        file_layout.setContentsMargins(0, 0, 0, 0)
        self.banner = ClientBanner()  # above every tab of the file
        file_layout.addWidget(self.banner)
        file_layout.addWidget(self.file_view, 1)
        file_layout.addWidget(self.file_view.message)
        self.right.addWidget(file_page)
        self.split = QSplitter()
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(self.table)
        self.split.addWidget(self.right)
        self.split.setStretchFactor(0, 0)
        self.split.setStretchFactor(1, 1)
        self.split.setSizes([520, 830])  # names and case numbers whole; fits 1366x768
        self._split_scale = 1.0
        self.message = Message("Message")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.split, 1)
        layout.addWidget(self.message)
        self.quick_service = QAction("Record a service", self)
        self.quick_service.setShortcuts([QKeySequence("Ctrl+Shift+S"), QKeySequence("Ctrl+R")])
        self.quick_service.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.quick_service.triggered.connect(self.quick_entry)
        self.addAction(self.quick_service)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(self.reload_list)
        self.search.textChanged.connect(lambda _: self._debounce.start())
        self.status.currentIndexChanged.connect(lambda _: self.reload_list())
        self.add_button.clicked.connect(lambda: self.add_client())
        self.contact_button.clicked.connect(lambda: self.anonymous_contact().open())
        self.share_button.clicked.connect(lambda: self._share_clicked())
        self.file_view.send_requested.connect(self._share_clicked)
        self.file_view.entry_requested.connect(lambda what: self.entry(what).open())
        self.file_view.loaded.connect(self._loaded)
        self.file_view.status_changed.connect(self.reload_list)
        self.lock_button.clicked.connect(self.lock_requested)
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _: self._open(cur.row()))
        self.table.activated.connect(lambda index: self._focus_file(index.row()))
        self.setTabOrder(self.search, self.status)
        self.setTabOrder(self.status, self.table)
        self.setTabOrder(self.table, self.file_view)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self._size_split)

    def _size_split(self) -> None:
        """With larger text the list gets wider, up to 43% (the file's tabs keep room)."""
        if not isValid(self):
            return
        scale = max(self.font().pointSizeF() / BASE_POINT_SIZE, 1.0)
        total = self.split.width() - self.split.handleWidth()
        if scale != self._split_scale and total > 600:
            self._split_scale = scale
            left = min(round(520 * scale), round(total * 0.43))
            self.split.setSizes([left, total - left])

    def _size_columns(self) -> None:
        for column, width in ((1, 110), (2, 110), (3, 64)):
            self.table.setColumnWidth(column, column_width(self.table, column, width))

    @property
    def current(self) -> ClientFile | None:
        """The open client's file (None when none is open)."""
        return self.file_view.data.file if self.file_view.data is not None else None

    def refresh(self) -> None:
        """Reload the list and read the open file again (it stays open)."""
        self.reload_list()
        self.file_view.reload()

    def reload_list(self) -> None:
        """The list again, under the search and the open/closed filter."""
        status = ("all", "open", "closed")[self.status.currentIndex()]
        self.model.reload(search=self.search.text(), status=status)

    def clear(self) -> None:
        """Forget every bit of client data: the list, the file, the search, every dialog."""
        self._debounce.stop()
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.message.clear()
        self.file_view.clear()
        self.banner.clear()
        self.right.setCurrentWidget(self.placeholder)
        self.share_button.setEnabled(False)
        self.model.clear()
        for dialog in self.findChildren(QDialog):  # already rejected by the lock
            dialog.hide()
            dialog.setParent(None)
            dialog.deleteLater()

    def selected_client(self) -> int | None:
        if self.file_view.client_id is not None:
            return self.file_view.client_id
        row = self.table.currentIndex().row()
        return self.model.rows[row].id if 0 <= row < len(self.model.rows) else None

    def share(self, release_id: int | None = None) -> ShareDialog:
        """The share dialog for the open client (the caller shows it); with a release,
        filled in for it and checked at once."""
        cid = self.selected_client()
        assert cid is not None
        dialog = ShareDialog(self.service, cid, self)
        if self.current is not None and self.current.client.id == cid:
            with_banner(dialog, self.current.client)
            dialog.client.hide()  # the banner says it, with the case number
        if release_id is not None:
            dialog.send_under(release_id)
        return dialog

    def _share_clicked(self, release_id: int | None = None) -> None:
        dialog = self.share(release_id)
        dialog.finished.connect(lambda _: self.file_view.reload())  # its log entries
        dialog.open()

    def quick_entry(self) -> None:
        """Ctrl+Shift+S (or Ctrl+R): record a service for the open client in a few keys."""
        if self.current is None:
            self.message.setText("Choose a client in the list first, then record the service.")
            return
        self.entry("service").open()

    def entry(self, what: str) -> QDialog:
        """An entry dialog for the open file: "service", "note", "process-note", "addendum",
        "release", "correct-service", "void-service" (the selected service) or "edit-draft"
        (the selected draft note); saving reads the file again."""
        assert self.current is not None
        cid = self.current.client.id
        dialog: QDialog
        if what == "service":
            dialog = ServiceDialog(self.service, cid, self.types, self)
        elif what in ("note", "process-note"):
            dialog = NoteDialog(self.service, cid, self)
            if what == "process-note":
                dialog.kind.setCurrentIndex(dialog.kind.findData("process"))
        elif what == "release":
            dialog = ReleaseDialog(self.service, cid, self)
        elif what in ("correct-service", "void-service"):
            wrong = self.file_view.services.selected()
            assert wrong is not None
            dialog = (
                CorrectServiceDialog(self.service, wrong, self.types, self)
                if what == "correct-service"
                else VoidServiceDialog(self.service, wrong, self)
            )
        elif what == "edit-draft":
            draft = self.file_view.notes.list.selected()
            assert draft is not None and not draft.signed
            dialog = EditDraftDialog(self.service, draft, self)
        else:
            dialog = AddendumDialog(self.service, self.file_view.signed_refs(), self)
            dialog.client_id = cid
            ref = self.file_view.selected_note_ref()
            if ref is not None and dialog.note.findText(ref) >= 0:
                dialog.note.setCurrentText(ref)
        dialog.saved.connect(lambda _: self.file_view.reload())
        return with_banner(dialog, self.current.client)

    def _open(self, row: int) -> None:
        if not 0 <= row < len(self.model.rows):
            return  # the list was reloaded: the open file stays open
        cid = self.model.rows[row].id
        self.message.clear()
        self.share_button.setEnabled(True)
        self.right.setCurrentIndex(1)
        self.file_view.open_client(cid)

    def _focus_file(self, row: int) -> None:
        if 0 <= row < len(self.model.rows):
            self.file_view.setFocus()

    def _loaded(self, data: FileData) -> None:
        self.types = data.types
        self.banner.show_client(data.file.client)

    def add_client_dialog(self) -> AddClientDialog:
        dialog = AddClientDialog(self.service, self)
        dialog.saved.connect(self.show_new_client)
        return dialog

    def show_new_client(self, client_id: int) -> None:
        """After Add: the new client's file opens and their row is selected in the list
        (the search is cleared, so that the list can show them)."""
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.status.setCurrentIndex(0)  # (reloads the list when it changes)

        def select(*_: object) -> None:  # once, on the list's first page
            self.model.rowsInserted.disconnect(select)
            row = next((i for i, c in enumerate(self.model.rows) if c.id == client_id), None)
            if row is not None:
                self.table.selectRow(row)
                self.table.scrollTo(self.model.index(row, 0))

        self.model.rowsInserted.connect(select)
        self.reload_list()
        self.message.clear()
        self.share_button.setEnabled(True)
        self.right.setCurrentIndex(1)
        self.file_view.open_client(client_id)

    def add_client(self) -> None:
        self.add_client_dialog().open()

    def anonymous_contact(self) -> AnonymousContactDialog:
        return AnonymousContactDialog(self.service, self)

    def save_client(self, data: dict[str, object]) -> None:
        def job(w: VaultWorker) -> int:
            return records.add_client(
                w.require(), ClientIn.from_input(data), actor=w.require().actor
            )

        def done(_: int) -> None:
            self.message.clear()
            self.reload_list()

        self.service.submit(job, done, lambda e: self.message.setText(plain_message(e)))
