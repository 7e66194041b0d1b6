"""Page objects: how the tests reach the widgets of a screen.

Tests name what a user sees ("the notes table", "the release's detail"); only this file
knows which widget of which tab holds it, so splitting a screen again changes this file,
not the tests.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QLabel, QMessageBox, QPlainTextEdit, QPushButton, QTableView

from safefile.ui.clients.documents import AttachDialog
from safefile.ui.clients.file_view import ClientFileView, FileData
from safefile.ui.clients.file_view.overview import CloseFileDialog, ContactDialog
from safefile.ui.clients.revoke import ExpiryEventDialog, RevokeDialog
from safefile.ui.log.request import RequestDialog
from safefile.ui.tables import RowsModel


class FilePage:
    """The open client file (``ClientsPage.file_view``), tab by tab."""

    TABS = ("overview", "services", "notes", "process", "documents", "releases", "sharing")

    def __init__(self, view: ClientFileView) -> None:
        self.view = view

    # --- the whole file ---------------------------------------------------------------
    @property
    def data(self) -> FileData | None:
        return self.view.data

    @property
    def models(self) -> tuple[RowsModel[Any], ...]:
        return self.view.models

    def go_to(self, tab: str) -> None:
        self.view.setCurrentWidget(getattr(self.view, tab))

    def current_tab(self) -> str:
        return next(t for t in self.TABS if self.view.currentWidget() is getattr(self.view, t))

    def shown_texts(self) -> list[str]:
        return self.view.shown_texts()

    def all_buttons(self) -> list[QPushButton]:
        return [
            self.status_button,
            self.contact_button,
            self.service_button,
            self.note_button,
            self.sign_button,
            self.addendum_button,
            self.show_process_button,
            self.attach_button,
            self.release_button,
            self.send_button,
            self.revoke_button,
            self.expiry_button,
            self.request_button,
        ]

    # --- overview ---------------------------------------------------------------------
    @property
    def name(self) -> QLabel:
        return self.view.overview.name

    @property
    def status(self) -> QLabel:
        return self.view.overview.status

    @property
    def status_button(self) -> QPushButton:
        return self.view.overview.status_button

    @property
    def contact_button(self) -> QPushButton:
        return self.view.overview.contact_button

    @property
    def overview_message(self) -> QLabel:
        return self.view.overview.message

    def set_status(self, status: str, on: date | None = None) -> None:
        self.view.set_status(status, on)

    def close_file_dialog(self) -> CloseFileDialog:
        return self.view.overview.close_file_dialog()

    def contact_dialog(self) -> ContactDialog:
        return self.view.overview.contact_dialog()

    # --- services ---------------------------------------------------------------------
    @property
    def services_model(self) -> RowsModel[Any]:
        return self.view.services.model

    @property
    def service_button(self) -> QPushButton:
        return self.view.services.record_button

    # --- notes ------------------------------------------------------------------------
    @property
    def notes_model(self) -> RowsModel[Any]:
        return self.view.notes.list.model

    @property
    def notes_table(self) -> QTableView:
        return self.view.notes.list.table

    @property
    def note_detail(self) -> QPlainTextEdit:
        return self.view.notes.list.detail

    @property
    def note_button(self) -> QPushButton:
        return self.view.notes.write_button

    @property
    def sign_button(self) -> QPushButton:
        return self.view.notes.sign_button

    @property
    def addendum_button(self) -> QPushButton:
        return self.view.notes.addendum_button

    def confirm_sign(self) -> QMessageBox | None:
        return self.view.notes.confirm_sign()

    # --- process notes ----------------------------------------------------------------
    @property
    def process_model(self) -> RowsModel[Any]:
        return self.view.process.list.model

    @property
    def process_table(self) -> QTableView:
        return self.view.process.list.table

    @property
    def process_detail(self) -> QPlainTextEdit:
        return self.view.process.list.detail

    @property
    def process_shown(self) -> bool:
        return self.view.process_shown

    @property
    def show_process_button(self) -> QPushButton:
        return self.view.process.show_button

    @property
    def hide_process_button(self) -> QPushButton:
        return self.view.process.hide_button

    @property
    def process_sign_button(self) -> QPushButton:
        return self.view.process.sign_button

    def show_process_notes(self) -> None:
        self.view.show_process_notes()

    # --- documents --------------------------------------------------------------------
    @property
    def documents_model(self) -> RowsModel[Any]:
        return self.view.documents.model

    @property
    def documents_message(self) -> QLabel:
        return self.view.documents.message

    @property
    def attach_button(self) -> QPushButton:
        return self.view.documents.attach_button

    def attach_dialog(self, path: Path) -> AttachDialog:
        return self.view.documents.attach_dialog(path)

    def attach_file(self, path: Path, title: str) -> None:
        self.view.attach_file(path, title)

    # --- releases ---------------------------------------------------------------------
    @property
    def releases_model(self) -> RowsModel[Any]:
        return self.view.releases.model

    @property
    def releases_table(self) -> QTableView:
        return self.view.releases.table

    @property
    def release_detail(self) -> QLabel:
        return self.view.releases.detail

    @property
    def release_button(self) -> QPushButton:
        return self.view.releases.add_button

    @property
    def send_button(self) -> QPushButton:
        return self.view.releases.send_button

    @property
    def revoke_button(self) -> QPushButton:
        return self.view.releases.revoke_button

    @property
    def expiry_button(self) -> QPushButton:
        return self.view.releases.expiry_button

    def revoke_dialog(self) -> RevokeDialog:
        return self.view.releases.revoke_dialog()

    def expiry_dialog(self) -> ExpiryEventDialog:
        return self.view.releases.expiry_dialog()

    # --- sharing ----------------------------------------------------------------------
    @property
    def sharing_model(self) -> RowsModel[Any]:
        return self.view.sharing.model

    @property
    def sharing_table(self) -> QTableView:
        return self.view.sharing.table

    @property
    def request_button(self) -> QPushButton:
        return self.view.sharing.request_button

    def request_dialog(self) -> RequestDialog:
        return self.view.sharing.request_dialog()
