"""One client's file as tabs: overview, services, notes, process notes, documents,
releases and the record of sharing for this client.

Everything shown is loaded on the vault's thread in one audited read
(``records.client_file``) and kept only in the models and labels below, which
``clear()`` empties.  Process notes are read (and the read audited) only when the
user asks to see them, and are hidden again when another client is opened or on
lock.  Every change goes through the core; this view only asks and shows.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from safefile import records
from safefile.clock import today
from safefile.consent import log, releases
from safefile.consent.log import Entry
from safefile.consent.releases import Release
from safefile.records.models import ClientFile, Document, Note, Service
from safefile.ui.clients.documents import AttachDialog, choose_file, size_text
from safefile.ui.clients.revoke import ExpiryEventDialog, RevokeDialog, to_date
from safefile.ui.log.request import RequestDialog
from safefile.ui.tables import RowsModel, selected_row, table_view
from safefile.ui.worker import VaultService, VaultWorker, plain_message
from safefile.words import categories as plain_categories
from safefile.words import category_short, entry_kind, when

PROCESS_EXPLAINED = (
    "Process notes (your private psychotherapy notes) are kept apart from the client's "
    "record: they are never part of the client's own copy or of an ordinary release, and "
    "each time they are shown this is recorded."
)


@dataclass(frozen=True)
class ReleaseRow:
    release: Release
    state: str


@dataclass(frozen=True)
class FileData:
    """What the view shows of one client, read in one job on the vault's thread."""

    file: ClientFile
    types: list[str]
    releases: list[ReleaseRow]
    sharing: list[Entry]
    user_name: str
    today: date


def load_file(w: VaultWorker, client_id: int, include_process: bool) -> FileData:
    v = w.require()
    on = today(v.clock)
    f = records.client_file(v, client_id, include_process=include_process)
    rels = [ReleaseRow(r, releases.state(r, on)) for r in releases.list_releases(v, client_id)]
    return FileData(
        f, records.service_types(v), rels, log.entries(v, client_id=client_id), v.user_name, on
    )


# --- how each kind of item shows in a table (plain words, never markup) ----------------
def _service_cells(s: Service) -> tuple[str, ...]:
    return (s.on_date.isoformat(), s.type, "" if s.minutes is None else str(s.minutes), s.note)


def _note_cells(n: Note) -> tuple[str, ...]:
    state = f"signed by {n.signed_by}" if n.signed else "draft (not signed)"
    extra = f", {len(n.addenda)} addend{'um' if len(n.addenda) == 1 else 'a'}" if n.addenda else ""
    return (n.on_date.isoformat(), n.ref, state + extra, "joint" if n.joint else "")


def _document_cells(d: Document) -> tuple[str, ...]:
    return (d.title, d.doc_type, d.added_at[:10], size_text(d.size))


def categories_text(cats: tuple[str, ...]) -> str:
    """Each category in full plain words (for details)."""
    return plain_categories(cats)


def categories_short(cats: tuple[str, ...]) -> str:
    """Each category in a word or two (for a table cell)."""
    return ", ".join(category_short(c) for c in cats)


def _release_cells(r: ReleaseRow) -> tuple[str, ...]:
    rel = r.release
    return (
        rel.ref,
        rel.recipient,
        r.state,
        categories_short(rel.categories),
        rel.purpose,
        f"{rel.effective_on} to {rel.expires_on}",
    )


def _entry_cells(e: Entry) -> tuple[str, ...]:
    d = e.detail
    who = d.get("recipient") or ", ".join(
        str(d[k]) for k in ("requester", "organisation") if d.get(k)
    )
    return (e.at[:10], e.ref, entry_kind(e.kind), str(who))


def note_text(n: Note) -> str:
    """A note's sections and addenda, as plain text."""
    head = (
        f"{n.ref}  {n.on_date}  "
        + (f"signed by {n.signed_by} on {(n.signed_at or '')[:10]}" if n.signed else "draft")
        + ("  (joint note)" if n.joint else "")
    )
    parts = [head, "", "Data", n.data]
    if n.assessment:
        parts += ["", "Assessment", n.assessment]
    if n.plan:
        parts += ["", "Plan", n.plan]
    for a in n.addenda:
        parts += ["", f"Addendum by {a.author} on {a.at[:10]}", a.text]
    return "\n".join(parts)


def plain_label(name: str) -> QLabel:
    label = QLabel("")
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setAccessibleName(name)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _detail(name: str) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setReadOnly(True)
    edit.setAccessibleName(name)
    edit.setTabChangesFocus(True)
    return edit


def _button(text: str, name: str) -> QPushButton:
    b = QPushButton(text)
    b.setAccessibleName(name)
    b.setEnabled(False)
    return b


def _row(*widgets: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    for w in widgets:
        row.addWidget(w)
    row.addStretch()
    return row


# --- small dialogs for the overview ---------------------------------------------------------
class CloseFileDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Close the file")
        intro = QLabel(
            "Close the file when services have ended. The record is kept for the time your "
            "program's retention policy says, counted from the closing date. You can reopen "
            "the file at any time."
        )
        intro.setWordWrap(True)
        self.on = QDateEdit(QDate.currentDate())
        self.on.setDisplayFormat("yyyy-MM-dd")
        self.on.setCalendarPopup(True)
        self.on.setAccessibleName("Closing date")
        form = QFormLayout()
        form.addRow("&Closing date", self.on)
        buttons = QDialogButtonBox()
        accept = QDialogButtonBox.ButtonRole.AcceptRole
        self.ok_button = buttons.addButton("C&lose the file", accept)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)


class ContactDialog(QDialog):
    def __init__(self, safe: bool, how: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Contact details")
        self.safe = QCheckBox("It is &safe to contact the client")
        self.safe.setChecked(safe)
        self.how = QLineEdit(how)
        self.how.setAccessibleName("How to contact safely")
        self.how.setPlaceholderText("e.g. text only, weekdays; never leave a voicemail")
        form = QFormLayout()
        form.addRow(self.safe)
        form.addRow("&How", self.how)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)


def _above(table: QTableView, detail: QWidget) -> QSplitter:
    """A list of notes above the one chosen, read in full."""
    split = QSplitter(Qt.Orientation.Vertical)
    split.addWidget(table)
    split.addWidget(detail)
    split.setSizes([180, 260])
    return split


class ClientFileView(QTabWidget):
    """The open file. ``entry_requested(what)`` asks the page for an entry dialog
    ("service", "note", "process-note", "addendum", "release"); ``loaded`` carries each
    fresh :class:`FileData`; ``status_changed`` says the file was closed or reopened."""

    entry_requested = Signal(str)
    loaded = Signal(object)
    status_changed = Signal()

    def __init__(self, service: VaultService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.data: FileData | None = None
        self.client_id: int | None = None
        self.process_shown = False
        self._generation = 0
        self.setAccessibleName("Client file")
        self.setUsesScrollButtons(True)
        self.services_model: RowsModel[Service] = RowsModel(
            ("Date", "Service", "Minutes", "Note"), _service_cells
        )
        self.notes_model: RowsModel[Note] = RowsModel(
            ("Date", "Note", "State", "Joint"), _note_cells
        )
        self.process_model: RowsModel[Note] = RowsModel(
            ("Date", "Note", "State", "Joint"), _note_cells
        )
        self.documents_model: RowsModel[Document] = RowsModel(
            ("Title", "Kind", "Added", "Size"), _document_cells
        )
        self.releases_model: RowsModel[ReleaseRow] = RowsModel(
            ("Release", "To", "State", "What", "Purpose", "Valid"), _release_cells
        )
        self.sharing_model: RowsModel[Entry] = RowsModel(
            ("Date", "Entry", "Kind", "Recipient or requester"), _entry_cells
        )
        self.addTab(self._overview_tab(), "&Overview")
        self.addTab(self._services_tab(), "Ser&vices")
        self.addTab(self._notes_tab(), "&Notes")
        self.addTab(self._process_tab(), "&Process notes")
        self.addTab(self._documents_tab(), "Doc&uments")
        self.addTab(self._releases_tab(), "&Releases")
        self.addTab(self._sharing_tab(), "Shar&ing")
        self.message = plain_label("Message")
        self.message.setObjectName("error")
        self._update_buttons()

    @property
    def models(self) -> tuple[RowsModel[Any], ...]:
        return (
            self.services_model,
            self.notes_model,
            self.process_model,
            self.documents_model,
            self.releases_model,
            self.sharing_model,
        )

    # --- tabs -------------------------------------------------------------------------------
    def _overview_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout()
        self.name = plain_label("Name")
        self.alias = plain_label("Preferred name")
        self.case_number = plain_label("Case number")
        self.intake = plain_label("Intake date")
        self.status = plain_label("File open or closed")
        self.contact = plain_label("Safe to contact")
        self.household = plain_label("Household")
        for label, widget in (
            ("Name", self.name),
            ("Preferred name", self.alias),
            ("Case number", self.case_number),
            ("Intake", self.intake),
            ("File", self.status),
            ("Safe to contact", self.contact),
            ("Household", self.household),
        ):
            form.addRow(label, widget)
        self.status_button = _button("C&lose the file…", "Close or reopen the file")
        self.contact_button = _button("Change contact &details…", "Change contact details")
        self.overview_message = plain_label("Overview message")
        self.overview_message.setObjectName("error")
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addLayout(_row(self.status_button, self.contact_button))
        layout.addWidget(self.overview_message)
        layout.addStretch()
        self.status_button.clicked.connect(self._status_clicked)
        self.contact_button.clicked.connect(self._contact_clicked)
        return page

    def _services_tab(self) -> QWidget:
        page = QWidget()
        self.services_table = table_view(self.services_model, "Services", (100, 200, 70))
        self.service_button = _button("Recor&d a service…  (Ctrl+Shift+S)", "Record a service")
        self.service_button.setToolTip("Record a service (Ctrl+Shift+S)")
        layout = QVBoxLayout(page)
        layout.addWidget(self.services_table, 1)
        layout.addLayout(_row(self.service_button))
        self.service_button.clicked.connect(lambda: self.entry_requested.emit("service"))
        return page

    def _notes_tab(self) -> QWidget:
        page = QWidget()
        self.notes_table = table_view(self.notes_model, "Progress notes", (100, 70, 220))
        self.note_detail = _detail("The selected note")
        self.note_detail.setPlaceholderText("Choose a note to read it.")
        split = _above(self.notes_table, self.note_detail)
        self.note_button = _button("&Write a note…", "Write a note")
        self.sign_button = _button("Si&gn the note…", "Sign the selected note")
        self.addendum_button = _button("&Add an addendum…", "Add an addendum to a signed note")
        layout = QVBoxLayout(page)
        layout.addWidget(split, 1)
        layout.addLayout(_row(self.note_button, self.sign_button, self.addendum_button))
        self.notes_table.selectionModel().currentRowChanged.connect(
            lambda cur, _: self._note_selected(cur.row())
        )
        self.note_button.clicked.connect(lambda: self.entry_requested.emit("note"))
        self.sign_button.clicked.connect(lambda: self.confirm_sign(self.notes_table))
        self.addendum_button.clicked.connect(lambda: self.entry_requested.emit("addendum"))
        return page

    def _process_tab(self) -> QWidget:
        self.process_stack = QStackedWidget()
        hidden = QWidget()
        explain = QLabel(PROCESS_EXPLAINED)
        explain.setWordWrap(True)
        self.show_process_button = _button("Sho&w process notes", "Show process notes")
        h = QVBoxLayout(hidden)
        h.addWidget(explain)
        h.addLayout(_row(self.show_process_button))
        h.addStretch()
        shown = QWidget()
        self.process_table = table_view(self.process_model, "Process notes", (100, 70, 220))
        self.process_detail = _detail("The selected process note")
        self.process_detail.setPlaceholderText("Choose a process note to read it.")
        split = _above(self.process_table, self.process_detail)
        self.process_note_button = _button("&Write a process note…", "Write a process note")
        self.process_sign_button = _button("Si&gn the note…", "Sign the selected process note")
        self.hide_process_button = _button("Hi&de process notes", "Hide process notes")
        s = QVBoxLayout(shown)
        s.addWidget(split, 1)
        s.addLayout(
            _row(self.process_note_button, self.process_sign_button, self.hide_process_button)
        )
        self.process_stack.addWidget(hidden)
        self.process_stack.addWidget(shown)
        self.process_table.selectionModel().currentRowChanged.connect(
            lambda cur, _: self._process_selected(cur.row())
        )
        self.show_process_button.clicked.connect(self.show_process_notes)
        self.hide_process_button.clicked.connect(self.hide_process_notes)
        self.process_note_button.clicked.connect(lambda: self.entry_requested.emit("process-note"))
        self.process_sign_button.clicked.connect(lambda: self.confirm_sign(self.process_table))
        return self.process_stack

    def _documents_tab(self) -> QWidget:
        page = QWidget()
        self.documents_table = table_view(self.documents_model, "Documents", (260, 130, 100))
        explain = QLabel(
            "Documents stay inside the vault, encrypted; SafeFile never saves a "
            "copy elsewhere to show one."
        )
        explain.setWordWrap(True)
        self.attach_button = _button("&Attach a document…", "Attach a document")
        self.documents_message = plain_label("Documents message")
        self.documents_message.setObjectName("error")
        layout = QVBoxLayout(page)
        layout.addWidget(self.documents_table, 1)
        layout.addWidget(explain)
        layout.addLayout(_row(self.attach_button))
        layout.addWidget(self.documents_message)
        self.attach_button.clicked.connect(self.choose_document)
        return page

    def _releases_tab(self) -> QWidget:
        page = QWidget()
        self.releases_table = table_view(
            self.releases_model, "Releases of information", (60, 140, 250, 160, 130)
        )
        self.release_detail = plain_label("The selected release")
        self.release_button = _button("&Add a release…", "Add a release of information")
        self.revoke_button = _button("Revo&ke…", "Revoke the selected release")
        self.expiry_button = _button(
            "The event it e&xpires on happened…", "Record that the event it expires on happened"
        )
        self.releases_message = plain_label("Releases message")
        self.releases_message.setObjectName("error")
        layout = QVBoxLayout(page)
        layout.addWidget(self.releases_table, 1)
        layout.addWidget(self.release_detail)
        layout.addLayout(_row(self.release_button, self.revoke_button, self.expiry_button))
        layout.addWidget(self.releases_message)
        self.releases_table.selectionModel().currentRowChanged.connect(
            lambda cur, _: self._release_selected(cur.row())
        )
        self.release_button.clicked.connect(lambda: self.entry_requested.emit("release"))
        self.revoke_button.clicked.connect(lambda: self.revoke_dialog().open())
        self.expiry_button.clicked.connect(lambda: self.expiry_dialog().open())
        return page

    def _sharing_tab(self) -> QWidget:
        page = QWidget()
        self.sharing_table = table_view(
            self.sharing_model, "Record of sharing for this client", (100, 130, 170)
        )
        self.sharing_detail = plain_label("The selected entry")
        self.request_button = _button("Record a re&quest…", "Record a request for information")
        layout = QVBoxLayout(page)
        layout.addWidget(self.sharing_table, 1)
        layout.addWidget(self.sharing_detail)
        layout.addLayout(_row(self.request_button))
        self.sharing_table.selectionModel().currentRowChanged.connect(
            lambda cur, _: self._entry_selected(cur.row())
        )
        self.request_button.clicked.connect(lambda: self.request_dialog().open())
        return page

    # --- loading and forgetting -------------------------------------------------------------
    def open_client(self, client_id: int) -> None:
        """Show another client's file (process notes hidden again)."""
        if client_id != self.client_id:
            self.clear()
        self.client_id = client_id
        self.reload()

    def reload(self) -> None:
        """Read the open file again (after a change); process notes stay as they were."""
        cid = self.client_id
        if cid is None:
            return
        self._generation += 1
        gen, process = self._generation, self.process_shown

        def shown(data: FileData) -> None:
            if gen == self._generation and cid == self.client_id:
                self._show(data)

        def failed(exc: Exception) -> None:
            if gen == self._generation:
                self.message.setText(plain_message(exc))

        self.service.submit(lambda w: load_file(w, cid, process), shown, failed)

    def clear(self) -> None:
        """Forget every bit of client data shown (another client, or the lock)."""
        self._generation += 1
        self.data = None
        self.client_id = None
        self.process_shown = False
        self.process_stack.setCurrentIndex(0)
        for model in self.models:
            model.clear()
        for label in self._data_labels():
            label.clear()
        self.note_detail.clear()
        self.process_detail.clear()
        self._update_buttons()

    def _show(self, data: FileData) -> None:
        self.data = data
        f, c = data.file, data.file.client
        self.message.clear()
        self.name.setText(c.name)
        self.alias.setText(c.alias or "-")
        self.case_number.setText(c.case_number or "-")
        self.intake.setText(c.intake_date.isoformat())
        self.status.setText("open" if c.status == "open" else f"closed on {c.closed_on}")
        self.status_button.setText("C&lose the file…" if c.status == "open" else "Reopen the fi&le")
        self.contact.setText(
            ("Yes" if c.contact_safe else "NO: do not contact")
            + (f". {c.contact_how}" if c.contact_how else "")
        )
        self.household.setText(
            "; ".join(f"file {hid} ({role})" for hid, _, role in f.household)
            if f.household
            else "none"
        )
        self._keep_selection(self.services_table, self.services_model, list(f.services))
        self._keep_selection(self.notes_table, self.notes_model, list(f.notes))
        if self.process_shown:
            self._keep_selection(self.process_table, self.process_model, list(f.process_notes))
        self._keep_selection(self.documents_table, self.documents_model, list(f.documents))
        self._keep_selection(self.releases_table, self.releases_model, data.releases)
        self._keep_selection(self.sharing_table, self.sharing_model, data.sharing)
        self._note_selected(selected_row(self.notes_table))
        self._process_selected(selected_row(self.process_table))
        self._release_selected(selected_row(self.releases_table))
        self._entry_selected(selected_row(self.sharing_table))
        self._update_buttons()
        self.loaded.emit(data)

    @staticmethod
    def _keep_selection(view: QTableView, model: RowsModel[Any], items: list[Any]) -> None:
        """Replace the rows, keeping the selected row where it was (or the first)."""
        row = selected_row(view)
        model.set_items(items)
        if items:
            view.selectRow(min(max(row, 0), len(items) - 1))

    # --- selection details and which actions make sense ---------------------------------------
    def _note_selected(self, row: int) -> None:
        n = self.notes_model.item(row)
        self.note_detail.setPlainText(note_text(n) if n else "")
        self._update_buttons()

    def _process_selected(self, row: int) -> None:
        n = self.process_model.item(row)
        self.process_detail.setPlainText(note_text(n) if n else "")
        self._update_buttons()

    def _release_selected(self, row: int) -> None:
        r = self.releases_model.item(row)
        if r is None:
            self.release_detail.clear()
        else:
            rel = r.release
            form = (
                "the signed form is attached"
                if rel.form_document_id is not None
                else "the signed paper original is on file"
            )
            text = (
                f"{rel.ref} to {rel.recipient}, {r.state}. It allows sending: "
                f"{categories_text(rel.categories)}; for: {rel.purpose}. Valid from "
                f"{rel.effective_on} to {rel.expires_on}. Signed on {rel.signed_on} by "
                f"{rel.signer_name} ({rel.signer_capacity}); {form}."
            )
            if rel.expiry_event:
                text += f" Ends early when: {rel.expiry_event}."
            if rel.revoked_on:
                text += (
                    f" Revoked on {rel.revoked_on} ({rel.revoked_how}), "
                    f"taken by {rel.revoked_taken_by}."
                )
            self.release_detail.setText(text)
        self._update_buttons()

    def _entry_selected(self, row: int) -> None:
        e = self.sharing_model.item(row)
        if e is None:
            self.sharing_detail.clear()
            return
        d = e.detail
        parts = [f"{e.ref} by {e.actor} at {when(e.at)}: {entry_kind(e.kind)}"]
        for key, words in (
            ("purpose", "purpose"),
            ("reason", "reason"),
            ("summary", "asked for"),
            ("decision", "decision"),
            ("release", "under release"),
        ):
            if d.get(key):
                parts.append(f"{words}: {d[key]}")
        if d.get("categories"):
            parts.append("what: " + categories_text(tuple(d["categories"])))
        if d.get("reasons"):
            parts.append("reasons: " + " ".join(str(r) for r in d["reasons"]))
        self.sharing_detail.setText("; ".join(parts))

    def _update_buttons(self) -> None:
        data = self.data
        is_open = data is not None
        for b in (
            self.status_button,
            self.contact_button,
            self.service_button,
            self.note_button,
            self.attach_button,
            self.release_button,
            self.request_button,
            self.show_process_button,
            self.hide_process_button,
            self.process_note_button,
        ):
            b.setEnabled(is_open)
        note = self.notes_model.item(selected_row(self.notes_table))
        self.sign_button.setEnabled(is_open and note is not None and not note.signed)
        self.addendum_button.setEnabled(is_open and bool(self.signed_refs()))
        pnote = self.process_model.item(selected_row(self.process_table))
        self.process_sign_button.setEnabled(
            is_open and self.process_shown and pnote is not None and not pnote.signed
        )
        r = self.releases_model.item(selected_row(self.releases_table))
        live = is_open and r is not None and r.release.revoked_on is None
        self.revoke_button.setEnabled(live)
        self.expiry_button.setEnabled(live and r is not None and bool(r.release.expiry_event))

    def signed_refs(self) -> list[str]:
        """Signed notes an addendum may go to (process notes only while shown)."""
        notes = list(self.notes_model.items)
        if self.process_shown:
            notes += self.process_model.items
        return [n.ref for n in notes if n.signed]

    def selected_note_ref(self) -> str | None:
        if self.currentIndex() == self.indexOf(self.process_stack) and self.process_shown:
            n = self.process_model.item(selected_row(self.process_table))
        else:
            n = self.notes_model.item(selected_row(self.notes_table))
        return n.ref if n else None

    def selected_release(self) -> Release | None:
        r = self.releases_model.item(selected_row(self.releases_table))
        return r.release if r else None

    # --- process notes ---------------------------------------------------------------------
    def show_process_notes(self) -> None:
        """Read this client's process notes (an audited read) and show them."""
        if self.client_id is None:
            return
        self.process_shown = True
        self.process_stack.setCurrentIndex(1)
        self.reload()

    def hide_process_notes(self) -> None:
        self.process_shown = False
        if self.data is not None and self.data.file.process_notes:  # hidden means not kept
            file = self.data.file.model_copy(update={"process_notes": ()})
            self.data = replace(self.data, file=file)
        self.process_model.clear()
        self.process_detail.clear()
        self.process_stack.setCurrentIndex(0)
        self._update_buttons()

    # --- actions -----------------------------------------------------------------------------
    def _run(self, job: Any, where: QLabel, then: Any = None) -> None:
        """Run a change on the vault's thread, then read the file again; errors go to ``where``."""
        gen = self._generation

        def done(result: object) -> None:
            where.clear()
            if then is not None:
                then(result)
            if gen == self._generation:
                self.reload()

        self.service.submit(job, done, lambda e: where.setText(plain_message(e)))

    def set_status(self, status: str, on: date | None = None) -> None:
        """Close (on a date) or reopen the open file."""
        cid = self.client_id
        if cid is None:
            return
        self._run(
            lambda w: records.set_status(w.require(), cid, status, on),
            self.overview_message,
            lambda _: self.status_changed.emit(),
        )

    def close_file_dialog(self) -> CloseFileDialog:
        dialog = CloseFileDialog(self)
        dialog.accepted.connect(lambda: self.set_status("closed", to_date(dialog.on.date())))
        return dialog

    def _status_clicked(self) -> None:
        if self.data is None:
            return
        if self.data.file.client.status == "open":
            self.close_file_dialog().open()
        else:
            self.set_status("open")

    def set_contact(self, safe: bool, how: str) -> None:
        cid = self.client_id
        if cid is None:
            return
        self._run(
            lambda w: records.update_contact(w.require(), cid, safe, how), self.overview_message
        )

    def _contact_clicked(self) -> None:
        if self.data is None:
            return
        c = self.data.file.client
        dialog = ContactDialog(c.contact_safe, c.contact_how, self)
        dialog.accepted.connect(
            lambda: self.set_contact(dialog.safe.isChecked(), dialog.how.text())
        )
        dialog.open()

    def sign(self, ref: str) -> None:
        self._run(lambda w: records.sign_note(w.require(), ref), self.message)

    def confirm_sign(self, table: QTableView) -> None:
        model = self.process_model if table is self.process_table else self.notes_model
        n = model.item(selected_row(table))
        if n is None or n.signed:
            return
        ref = n.ref
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Sign the note",
            f"Sign note {ref}? A signed note can no longer be changed; "
            "corrections become dated addenda.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.accepted.connect(lambda: self.sign(ref))
        box.open()

    def attach_file(self, path: Path, title: str, doc_type: str = "other") -> None:
        """Store the file in the vault, encrypted; it then shows in Documents."""
        cid = self.client_id
        if cid is None:
            return
        self._run(
            lambda w: records.attach(w.require(), cid, path, title=title, doc_type=doc_type),
            self.documents_message,
        )

    def choose_document(self) -> None:
        path = choose_file(self, "Choose the document to attach")
        if path is not None:
            self.attach_dialog(path).open()

    def attach_dialog(self, path: Path) -> AttachDialog:
        dialog = AttachDialog(path, self)
        dialog.chosen.connect(lambda p, title, kind: self.attach_file(p, title, kind))
        return dialog

    def revoke_dialog(self) -> RevokeDialog:
        rel = self.selected_release()
        assert rel is not None and self.data is not None
        dialog = RevokeDialog(self.service, rel, self.data.user_name, self)
        dialog.saved.connect(lambda _: self.reload())
        return dialog

    def expiry_dialog(self) -> ExpiryEventDialog:
        rel = self.selected_release()
        assert rel is not None
        dialog = ExpiryEventDialog(self.service, rel, self)
        dialog.saved.connect(lambda _: self.reload())
        return dialog

    def request_dialog(self) -> RequestDialog:
        """Record a request for information about this client (saved → the list again)."""
        dialog = RequestDialog(self.service, self.client_id, self)
        dialog.saved.connect(lambda _: self.reload())
        return dialog

    # --- for checks ----------------------------------------------------------------------------
    def _data_labels(self) -> tuple[QLabel, ...]:
        return (
            self.name,
            self.alias,
            self.case_number,
            self.intake,
            self.status,
            self.contact,
            self.household,
            self.release_detail,
            self.sharing_detail,
            self.message,
            self.overview_message,
            self.documents_message,
            self.releases_message,
        )

    def shown_texts(self) -> list[str]:
        """Every piece of client data this view holds: labels, details and table rows."""
        texts = [label.text() for label in self._data_labels()]
        texts += [self.note_detail.toPlainText(), self.process_detail.toPlainText()]
        for model in self.models:
            texts += model.texts()
        return [t for t in texts if t]

    def toPlainText(self) -> str:  # noqa: N802 - reads like the text view it replaced
        """All of the above as one text ("" when nothing is open)."""
        return "\n".join(self.shown_texts())
