"""Correcting what was entered: a wrong service entry voided or corrected, a draft note
edited.  The rules (a reason is required, voided entries are fixed, signed notes never
change) are the core's; these dialogs ask and show its answer next to what was typed.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QWidget

from safefile import records
from safefile.records.models import Note, Service, ServiceIn
from safefile.ui.clients.entry import ServiceDialog, _EntryDialog
from safefile.ui.clients.file_view.widgets import plain_label
from safefile.ui.worker import VaultService


def _reason_field(placeholder: str) -> QLineEdit:
    reason = QLineEdit()
    reason.setPlaceholderText(placeholder)
    reason.setAccessibleName("Why the entry is wrong")
    return reason


class CorrectServiceDialog(ServiceDialog):
    draft_form = ""  # a correction names the entry it replaces: no draft of it is kept
    """The service form filled in with the wrong entry, and why it is wrong; saving voids
    the old entry and records the corrected one in one change."""

    def __init__(
        self,
        service: VaultService,
        wrong: Service,
        types: list[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(service, wrong.client_id, types, parent)
        self.setWindowTitle("Correct a service entry")
        self.wrong = wrong
        if self.type.findText(wrong.type) < 0:  # a type since taken out of use
            self.type.addItem(wrong.type)
        self.type.setCurrentText(wrong.type)
        self.on.setDate(QDate(wrong.on_date.year, wrong.on_date.month, wrong.on_date.day))
        self.minutes.setValue(wrong.minutes or 0)
        self.note.setText(wrong.note)
        self.reason = _reason_field("e.g. 300 minutes was a typing mistake for 30")
        self.form.addRow("&Why it was wrong", self.reason)
        self.save_button.setText("Save the correction")

    def job(self) -> Any:
        data = {
            "client_id": self.wrong.client_id,
            "on_date": self.on.date().toPython(),
            "type": self.type.currentText(),
            "minutes": self.minutes.value(),
            "note": self.note.text(),
        }
        wrong_id, reason = self.wrong.id, self.reason.text()
        return lambda w: records.correct_service(
            w.require(), wrong_id, ServiceIn.from_input(data), reason, actor=w.require().actor
        )


class VoidServiceDialog(_EntryDialog):
    """Mark a wrong entry void: it stays in the file, marked, and no longer counts."""

    def __init__(
        self, service: VaultService, wrong: Service, parent: QWidget | None = None
    ) -> None:
        super().__init__(service, "Void a service entry", parent)
        self.wrong = wrong
        minutes = f", {wrong.minutes} minutes" if wrong.minutes is not None else ""
        self.form.addRow("Entry", _fixed(f"{wrong.on_date.isoformat()}, {wrong.type}{minutes}"))
        self.reason = _reason_field("e.g. entered in the wrong client's file")
        self.form.addRow("&Why it is wrong", self.reason)
        self.save_button.setText("Void the entry")

    def job(self) -> Any:
        wrong_id, reason = self.wrong.id, self.reason.text()
        return lambda w: records.void_service(
            w.require(), wrong_id, reason, actor=w.require().actor
        )


class EditDraftDialog(_EntryDialog):
    """A draft's sections, to change before it is signed."""

    def __init__(self, service: VaultService, draft: Note, parent: QWidget | None = None) -> None:
        super().__init__(service, f"Change draft {draft.ref}", parent)
        self.ref = draft.ref
        self.sections: dict[str, QPlainTextEdit] = {}
        for key, label, text in (
            ("data", "&Data", draft.data),
            ("assessment", "&Assessment", draft.assessment),
            ("plan", "&Plan", draft.plan),
        ):
            edit = QPlainTextEdit(text)
            edit.setTabChangesFocus(True)
            edit.setAccessibleName(label.replace("&", ""))
            self.sections[key] = edit
            self.form.addRow(label, edit)
        self.resize(640, 480)
        self.sections["data"].setFocus()

    def texts(self) -> tuple[str, ...]:
        return tuple(e.toPlainText() for e in self.sections.values())

    def job(self) -> Any:
        data, assessment, plan = self.texts()
        ref = self.ref
        return lambda w: records.update_draft(
            w.require(), ref, data=data, assessment=assessment, plan=plan, actor=w.require().actor
        )


def _fixed(text: str) -> QLabel:
    """What the entry is, whole (a read-only field showed only its end: "...niment, 45
    minutes"), selectable to copy by mouse or keyboard, as the field was."""
    shown = plain_label("Entry")
    shown.setText(text)
    shown.setTextInteractionFlags(
        Qt.TextInteractionFlag.TextSelectableByMouse
        | Qt.TextInteractionFlag.TextSelectableByKeyboard
    )
    return shown
