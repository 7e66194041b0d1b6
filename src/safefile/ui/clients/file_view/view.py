"""The open file: one small widget per tab, fed the :class:`FileData` this view reads.

Everything shown is loaded on the vault's thread in one audited read
(``records.client_file``) and kept only in the tabs' models and labels, which
``clear()`` empties.  Process notes are read (and the read audited) only when the
user asks to see them, and are hidden again when another client is opened or on
lock.  Every change goes through the core; the tabs ask (signals) and this view runs
the job and feeds them the file again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QPushButton, QScrollArea, QTabWidget, QWidget

from safefile import records
from safefile.records.language import set_client_language
from safefile.ui.clients.banner import with_banner
from safefile.ui.clients.file_view.base import FileTab
from safefile.ui.clients.file_view.data import FileData, load_file
from safefile.ui.clients.file_view.documents import DocumentsTab
from safefile.ui.clients.file_view.notes import NotesTab, ProcessNotesTab
from safefile.ui.clients.file_view.overview import OverviewTab
from safefile.ui.clients.file_view.releases import ReleasesTab
from safefile.ui.clients.file_view.restricted import RestrictedTab
from safefile.ui.clients.file_view.services import ServicesTab
from safefile.ui.clients.file_view.sharing import SharingTab
from safefile.ui.clients.file_view.widgets import Message
from safefile.ui.clients.funder_dialogs import AcknowledgeDialog, IntakeAnswersDialog
from safefile.ui.clients.household import BornDialog, HouseholdDialog
from safefile.ui.scrolling import DownScroll
from safefile.ui.tables import RowsModel
from safefile.ui.worker import Job, VaultService, VaultWorker, plain_message


class ClientFileView(QTabWidget):
    """``entry_requested(what)`` asks the page for an entry dialog ("service", "note",
    "process-note", "addendum", "release"); ``loaded`` carries each fresh
    :class:`FileData`; ``status_changed`` says the file was closed or reopened."""

    entry_requested = Signal(str)
    send_requested = Signal(int)  # send under this release
    loaded = Signal(object)
    status_changed = Signal()

    def __init__(self, service: VaultService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.data: FileData | None = None
        self.client_id: int | None = None
        self._generation = 0
        self.setAccessibleName("Client file")
        self.setUsesScrollButtons(True)
        self.overview = OverviewTab(service)
        self.services = ServicesTab()
        self.notes = NotesTab()
        self.process = ProcessNotesTab()
        self.documents = DocumentsTab()
        self.releases = ReleasesTab(service)
        self.sharing = SharingTab(service)
        self.restricted = RestrictedTab(service)
        self._pages: dict[int, QScrollArea] = {}
        for tab in self.tabs:
            self.addTab(self._page(tab), tab.title)
        self.message = Message("Message")

        self.overview.status_chosen.connect(self.set_status)
        self.overview.contact_chosen.connect(self.set_contact)
        self.overview.language_chosen.connect(self.set_language)
        self.overview.born_requested.connect(lambda: self.born_dialog().open())
        self.overview.household_requested.connect(lambda: self.household_dialog().open())
        self.overview.intake_requested.connect(lambda: self.intake_dialog().open())
        self.overview.acknowledge_requested.connect(lambda: self.acknowledge_dialog().open())
        self.services.record_requested.connect(lambda: self.entry_requested.emit("service"))
        self.services.correct_requested.connect(
            lambda: self.entry_requested.emit("correct-service")
        )
        self.services.void_requested.connect(lambda: self.entry_requested.emit("void-service"))
        self.notes.edit_requested.connect(lambda: self.entry_requested.emit("edit-draft"))
        self.notes.delete_requested.connect(self.delete_draft)
        self.notes.write_requested.connect(lambda: self.entry_requested.emit("note"))
        self.notes.addendum_requested.connect(lambda: self.entry_requested.emit("addendum"))
        self.notes.sign_requested.connect(self.sign)
        self.process.show_requested.connect(self.show_process_notes)
        self.process.hide_requested.connect(self.hide_process_notes)
        self.process.write_requested.connect(lambda: self.entry_requested.emit("process-note"))
        self.process.sign_requested.connect(self.sign)
        self.documents.attach_chosen.connect(self.attach_file)
        self.releases.add_requested.connect(lambda: self.entry_requested.emit("release"))
        self.releases.send_requested.connect(self.send_requested)
        self.releases.changed.connect(self.reload)
        self.sharing.changed.connect(self.reload)

    def _page(self, tab: FileTab) -> QScrollArea:
        """The tab in a scroll area that scrolls down: a tab with many buttons never makes
        the window taller than a small screen at larger text (it scrolls instead)."""
        page = DownScroll(tab)
        self._pages[id(tab)] = page
        return page

    def setCurrentWidget(self, widget: QWidget) -> None:  # Qt's name
        """Show this tab (or its page)."""
        super().setCurrentWidget(self._pages.get(id(widget), widget))

    def currentWidget(self) -> QWidget:  # Qt's name
        """The tab shown (not the scroll area around it)."""
        page = super().currentWidget()
        inner = page.widget() if isinstance(page, QScrollArea) else None
        return inner if inner is not None else page

    @property
    def tabs(self) -> tuple[FileTab, ...]:
        return (
            self.overview,
            self.services,
            self.notes,
            self.process,
            self.documents,
            self.releases,
            self.sharing,
            self.restricted,
        )

    @property
    def models(self) -> tuple[RowsModel[Any], ...]:
        return tuple(m for tab in self.tabs for m in tab.models)

    # the buttons the clients page offers shortcuts for
    @property
    def service_button(self) -> QPushButton:
        return self.services.record_button

    @property
    def note_button(self) -> QPushButton:
        return self.notes.write_button

    @property
    def addendum_button(self) -> QPushButton:
        return self.notes.addendum_button

    @property
    def release_button(self) -> QPushButton:
        return self.releases.add_button

    @property
    def process_shown(self) -> bool:
        return self.process.revealed

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
        for tab in self.tabs:
            tab.clear()
        self.message.clear()
        self.notes.allow_addendum(False)

    def _show(self, data: FileData) -> None:
        self.data = data
        self.message.clear()
        for tab in self.tabs:
            tab.client = data.file.client
            tab.show_data(data)
        self.notes.allow_addendum(bool(self.signed_refs()))
        self.loaded.emit(data)

    def signed_refs(self) -> list[str]:
        """Signed notes an addendum may go to (process notes only while shown)."""
        notes = list(self.notes.list.model.items)
        if self.process_shown:
            notes += self.process.list.model.items
        return [n.ref for n in notes if n.signed]

    def selected_note_ref(self) -> str | None:
        if self.currentWidget() is self.process and self.process_shown:
            n = self.process.list.selected()
        else:
            n = self.notes.list.selected()
        return n.ref if n else None

    # --- process notes ---------------------------------------------------------------------
    def show_process_notes(self) -> None:
        """Read this client's process notes (an audited read) and show them."""
        if self.client_id is None:
            return
        self.process.reveal()
        self.reload()

    def hide_process_notes(self) -> None:
        if self.data is not None and self.data.file.process_notes:  # hidden means not kept
            file = self.data.file.model_copy(update={"process_notes": ()})
            self.data = replace(self.data, file=file)
        self.process.conceal()
        self.notes.allow_addendum(bool(self.signed_refs()))

    # --- actions -----------------------------------------------------------------------------
    def _run(self, job: Job, where: QLabel, then: Callable[[object], None] | None = None) -> None:
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

        def job(w: VaultWorker) -> None:  # retention/closing: the one rule for closing
            from safefile.retention import closing

            if status == "closed":
                closing.close_file(w.require(), cid, on, actor=w.require().actor)
            else:
                closing.reopen_file(w.require(), cid, actor=w.require().actor)

        self._run(
            job,
            self.overview.message,
            lambda _: self.status_changed.emit(),
        )

    def born_dialog(self) -> BornDialog:
        """Record or correct the birth date (issue 23); saved → the file again."""
        assert self.data is not None
        dialog = BornDialog(self.service, self.data.file.client, self)
        dialog.saved.connect(lambda _: self.reload())
        return with_banner(dialog, self.data.file.client)  # type: ignore[return-value]

    def intake_dialog(self) -> IntakeAnswersDialog:
        """Change the funder's intake answers (issue 26)."""
        assert self.data is not None
        dialog = IntakeAnswersDialog(self.service, self.data.file.client, self)
        return with_banner(dialog, self.data.file.client)  # type: ignore[return-value]

    def acknowledge_dialog(self) -> AcknowledgeDialog:
        """Record what the client was told, after intake (issue 26)."""
        assert self.data is not None
        dialog = AcknowledgeDialog(self.service, self.data.file.client, self)
        return with_banner(dialog, self.data.file.client)  # type: ignore[return-value]

    def household_dialog(self) -> HouseholdDialog:
        """Link the file with a household, change its role, or take it out (issue 23)."""
        assert self.data is not None
        words = self.overview.household.text()
        dialog = HouseholdDialog(self.service, self.data.file.client, words, self)
        dialog.saved.connect(lambda _: self.reload())
        return with_banner(dialog, self.data.file.client)  # type: ignore[return-value]

    def set_contact(self, safe: bool, how: str) -> None:
        cid = self.client_id
        if cid is None:
            return
        self._run(
            lambda w: records.update_contact(w.require(), cid, safe, how, actor=w.require().actor),
            self.overview.message,
        )

    def set_language(self, code: str) -> None:
        cid = self.client_id
        if cid is None:
            return
        self._run(
            lambda w: set_client_language(w.require(), cid, code, actor=w.require().actor),
            self.overview.message,
        )

    def sign(self, ref: str) -> None:
        self._run(
            lambda w: records.sign_note(w.require(), ref, actor=w.require().actor), self.message
        )

    def delete_draft(self, ref: str) -> None:
        self._run(
            lambda w: records.delete_draft(w.require(), ref, actor=w.require().actor), self.message
        )

    def attach_file(
        self, path: Path, title: str, doc_type: str = "other", category: str = ""
    ) -> None:
        """Store the file in the vault, encrypted; it then shows in Documents.
        ``category``: the program category it is put in ("" for none)."""
        cid = self.client_id
        if cid is None:
            return
        self._run(
            lambda w: records.attach(
                w.require(),
                cid,
                path,
                title=title,
                doc_type=doc_type,
                category=category or None,
                actor=w.require().actor,
            ),
            self.documents.message,
        )

    # --- for checks ----------------------------------------------------------------------------
    def shown_texts(self) -> list[str]:
        """Every piece of client data this view holds: labels, details and table rows."""
        texts = [t for tab in self.tabs for t in tab.shown_texts()]
        return texts + ([self.message.text()] if self.message.text() else [])

    def toPlainText(self) -> str:
        """All of the above as one text ("" when nothing is open)."""
        return "\n".join(self.shown_texts())
