"""The Notes and Process notes tabs: a list of notes above the one chosen, read in full.

Process notes are read (and the read audited) only when the user asks to see them; the
Process notes tab shows an explanation until then, and again once they are hidden."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QMessageBox, QStackedWidget, QVBoxLayout, QWidget

from safefile.records.models import Note
from safefile.ui.clients.file_view.base import FileTab
from safefile.ui.clients.file_view.data import PROCESS_EXPLAINED, FileData, note_cells, note_text
from safefile.ui.clients.file_view.widgets import above, button, detail, keep_selection, row
from safefile.ui.tables import RowsModel, selected_row, table_view


def confirm_sign(parent: QWidget, ref: str, then: Callable[[str], object]) -> QMessageBox:
    """Ask before signing note ``ref``; Yes calls ``then(ref)``."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Sign the note",
        f"Sign note {ref}? A signed note can no longer be changed; "
        "corrections become dated addenda.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        parent,
    )
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.accepted.connect(lambda: then(ref))
    box.open()
    return box


class NoteList(QWidget):
    """A table of notes above the chosen note's text (shared by both note tabs)."""

    def __init__(self, table_name: str, detail_name: str, placeholder: str, none_yet: str) -> None:
        super().__init__()
        self.placeholder, self.none_yet = placeholder, none_yet
        self.model: RowsModel[Note] = RowsModel(("Date", "Note", "State", "Joint"), note_cells)
        self.table = table_view(self.model, table_name, (100, 70, 220))
        self.detail = detail(detail_name)
        self.detail.setPlaceholderText(placeholder)
        self.split = above(self.table, self.detail)
        self.table.selectionModel().currentRowChanged.connect(
            lambda cur, _: self.selected_changed(cur.row())
        )

    def selected(self) -> Note | None:
        return self.model.item(selected_row(self.table))

    def selected_changed(self, at: int) -> None:
        n = self.model.item(at)
        self.detail.setPlainText(note_text(n) if n else "")

    def set_notes(self, notes: list[Note]) -> None:
        keep_selection(self.table, self.model, notes)
        self.selected_changed(selected_row(self.table))
        # "Choose a note" when there is none to choose said the wrong thing.
        self.detail.setPlaceholderText(self.placeholder if notes else self.none_yet)


class NotesTab(FileTab):
    """``write_requested``/``addendum_requested`` ask for an entry dialog;
    ``sign_requested(ref)`` asks to sign a draft (after the user confirmed)."""

    title = "&Notes"
    write_requested = Signal()
    addendum_requested = Signal()
    sign_requested = Signal(str)
    edit_requested = Signal()
    delete_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = NoteList(
            "Progress notes",
            "The selected note",
            "Choose a note to read it.",
            "No progress notes yet. Write a note to add the first.",
        )
        self.write_button = button("&Write a note…", "Write a note")
        self.sign_button = button("Si&gn the note…", "Sign the selected note")
        self.addendum_button = button("&Add an addendum…", "Add an addendum to a signed note")
        layout = QVBoxLayout(self)
        layout.addWidget(self.list.split, 1)
        self.edit_button = button("&Change the draft…", "Change the selected draft")
        self.delete_button = button("De&lete the draft…", "Delete the selected draft")
        layout.addLayout(
            row(
                self.write_button,
                self.edit_button,
                self.delete_button,
                self.sign_button,
                self.addendum_button,
            )
        )
        self.models = (self.list.model,)
        self.details = (self.list.detail,)
        self._open = False
        self.can_add_addendum = False
        self.list.table.selectionModel().currentRowChanged.connect(lambda *_: self._buttons())
        self.write_button.clicked.connect(self.write_requested)
        self.sign_button.clicked.connect(self.confirm_sign)
        self.addendum_button.clicked.connect(self.addendum_requested)
        self.edit_button.clicked.connect(self.edit_requested)
        self.delete_button.clicked.connect(self.confirm_delete)

    def show_data(self, data: FileData) -> None:
        self.list.set_notes(list(data.file.notes))
        self.set_open(True)

    def set_open(self, is_open: bool) -> None:
        self._open = is_open
        self._buttons()

    def allow_addendum(self, allowed: bool) -> None:
        """Whether any signed note (here or among shown process notes) could take one."""
        self.can_add_addendum = allowed
        self._buttons()

    def _buttons(self) -> None:
        note = self.list.selected()
        self.write_button.setEnabled(self._open)
        draft = self._open and note is not None and not note.signed
        self.sign_button.setEnabled(draft)
        self.edit_button.setEnabled(draft)
        self.delete_button.setEnabled(draft)
        self.addendum_button.setEnabled(self._open and self.can_add_addendum)

    def confirm_sign(self) -> QMessageBox | None:
        n = self.list.selected()
        if n is None or n.signed:
            return None
        return confirm_sign(self, n.ref, self.sign_requested.emit)

    def confirm_delete(self) -> QMessageBox | None:
        n = self.list.selected()
        if n is None or n.signed:
            return None
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Delete the draft",
            f"Delete draft {n.ref}? It has not been signed, so it is not part of the record "
            "yet; once deleted it cannot be brought back.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        ref = n.ref
        box.accepted.connect(lambda: self.delete_requested.emit(ref))
        box.open()
        return box


class ProcessNotesTab(FileTab):
    """Hidden (an explanation) until ``show_requested`` is answered with ``reveal()``."""

    title = "&Process notes"
    show_requested = Signal()
    hide_requested = Signal()
    write_requested = Signal()
    sign_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stack = QStackedWidget()
        hidden = QWidget()
        explain = QLabel(PROCESS_EXPLAINED)
        explain.setWordWrap(True)
        self.show_button = button("Sho&w process notes", "Show process notes")
        h = QVBoxLayout(hidden)
        h.addWidget(explain)
        h.addLayout(row(self.show_button))
        h.addStretch()
        shown = QWidget()
        self.list = NoteList(
            "Process notes",
            "The selected process note",
            "Choose a process note to read it.",
            "No process notes yet.",
        )
        self.write_button = button("&Write a process note…", "Write a process note")
        self.sign_button = button("Si&gn the note…", "Sign the selected process note")
        self.hide_button = button("Hi&de process notes", "Hide process notes")
        s = QVBoxLayout(shown)
        s.addWidget(self.list.split, 1)
        s.addLayout(row(self.write_button, self.sign_button, self.hide_button))
        self.stack.addWidget(hidden)
        self.stack.addWidget(shown)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.models = (self.list.model,)
        self.details = (self.list.detail,)
        self._open = False
        self.list.table.selectionModel().currentRowChanged.connect(lambda *_: self._buttons())
        self.show_button.clicked.connect(self.show_requested)
        self.hide_button.clicked.connect(self.hide_requested)
        self.write_button.clicked.connect(self.write_requested)
        self.sign_button.clicked.connect(self.confirm_sign)

    @property
    def revealed(self) -> bool:
        return self.stack.currentIndex() == 1

    def reveal(self) -> None:
        self.stack.setCurrentIndex(1)
        self._buttons()

    def conceal(self) -> None:
        """Hidden means not kept: the rows and the text go."""
        self.list.model.clear()
        self.list.detail.clear()
        self.stack.setCurrentIndex(0)
        self._buttons()

    def show_data(self, data: FileData) -> None:
        if self.revealed:
            self.list.set_notes(list(data.file.process_notes))
        self.set_open(True)

    def clear(self) -> None:
        self.stack.setCurrentIndex(0)
        super().clear()

    def set_open(self, is_open: bool) -> None:
        self._open = is_open
        self._buttons()

    def _buttons(self) -> None:
        for b in (self.show_button, self.hide_button, self.write_button):
            b.setEnabled(self._open)
        note = self.list.selected()
        self.sign_button.setEnabled(
            self._open and self.revealed and note is not None and not note.signed
        )

    def confirm_sign(self) -> QMessageBox | None:
        n = self.list.selected()
        if n is None or n.signed:
            return None
        return confirm_sign(self, n.ref, self.sign_requested.emit)
