"""Quick entry in a client's file: a service, a note (with sign), an addendum.

Before saving, the core's minimum-necessary check runs and its warnings are shown;
the user decides ("Save anyway"), and the text is never changed for them.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from safefile import records
from safefile.records.models import NoteIn, ServiceIn, Warning
from safefile.records.program_categories import ProgramCategory, list_categories
from safefile.records.warnings import check_entry
from safefile.ui.clients.joint import JointPicker
from safefile.ui.day import qtoday
from safefile.ui.worker import Job, VaultService, VaultWorker, plain_message


class _EntryDialog(QDialog):
    """Shared flow: check → show warnings → save (or save anyway) → saved(result)."""

    saved = Signal(object)

    def __init__(self, service: VaultService, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.service = service
        self.form = QFormLayout()
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setObjectName("error")
        self.save_button = QPushButton("Save")
        self.save_button.setDefault(True)
        cancel = QPushButton("Cancel")
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(cancel)
        row.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addLayout(row)
        cancel.clicked.connect(self.reject)
        self.save_button.clicked.connect(self.save)
        self._warned_for: tuple[str, ...] | None = None

    def texts(self) -> tuple[str, ...]:
        return ()

    def job(self) -> Job:
        raise NotImplementedError

    def save(self) -> None:
        texts = self.texts()
        if self._warned_for == texts:  # the user read the warnings and still saves
            self._write()
            return

        def check(w: VaultWorker) -> list[Warning]:
            return check_entry(w.require(), *texts)

        def checked(warnings: list[Warning]) -> None:
            if not warnings:
                self._write()
                return
            self._warned_for = texts
            self.message.setText(
                "Before saving, please look again. This may not belong in the record:\n"
                + "\n".join(f"- {w.kind} ({w.match}): {w.advice}" for w in warnings)
            )
            self.save_button.setText("Save anyway")

        self.service.submit(check, checked, lambda e: self.message.setText(plain_message(e)))

    def _write(self) -> None:
        def done(result: object) -> None:
            self.saved.emit(result)
            self.accept()

        self.service.submit(self.job(), done, lambda e: self.message.setText(plain_message(e)))


class ServiceDialog(_EntryDialog):
    draft_form = "service"  # what was typed is kept at a lock (ui/drafts.py)

    def __init__(
        self, service: VaultService, client_id: int, types: list[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(service, "Record a service", parent)
        self.client_id = client_id
        today = qtoday(service)
        self.on = QDateEdit(today)
        self.on.setDisplayFormat("yyyy-MM-dd")
        self.on.setMaximumDate(today)
        self.type = QComboBox()
        self.type.addItems(types)
        self.minutes = QSpinBox()
        self.minutes.setRange(0, 1440)
        self.minutes.setSingleStep(15)
        self.minutes.setValue(30)
        self.note = QLineEdit()
        self.note.setPlaceholderText("a short factual note (optional)")
        self.on.setCalendarPopup(True)
        for label, widget in (
            ("&Service", self.type),
            ("&Date", self.on),
            ("&Minutes", self.minutes),
            ("N&ote", self.note),
        ):
            widget.setAccessibleName(label.replace("&", ""))
            self.form.addRow(label, widget)
        # Quick entry: the type has the focus (type its first letters), Enter saves.
        self.type.setFocus()

    def texts(self) -> tuple[str, ...]:
        return (self.note.text(),)

    def job(self) -> Job:
        data = {
            "client_id": self.client_id,
            "on_date": self.on.date().toPython(),
            "type": self.type.currentText(),
            "minutes": self.minutes.value(),
            "note": self.note.text(),
        }
        return lambda w: records.add_service(
            w.require(), ServiceIn.from_input(data), actor=w.require().actor
        )


class NoteDialog(_EntryDialog):
    draft_form = "note"

    def __init__(
        self, service: VaultService, client_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(service, "Write a note", parent)
        self.client_id = client_id
        self.kind = QComboBox()
        self.kind.addItem("Progress note (part of the record)", "progress")
        self.kind.addItem("Process note (kept apart, never in ordinary releases)", "process")
        self.data = QPlainTextEdit()
        self.data.setPlaceholderText("What you observed and what was done: facts only")
        self.assessment = QPlainTextEdit()
        self.assessment.setPlaceholderText("Your professional judgement (optional)")
        self.plan = QPlainTextEdit()
        self.plan.setPlaceholderText("Next steps (optional)")
        self.sign = QCheckBox(
            "Sign now (a signed note can no longer be changed; corrections become dated addenda)"
        )
        today = qtoday(service)
        self.on = QDateEdit(today)  # the session it records, not the typing day
        self.on.setDisplayFormat("yyyy-MM-dd")
        self.on.setMaximumDate(today)
        self.on.setCalendarPopup(True)
        for label, widget in (
            ("Kind", self.kind),
            ("Date of the session", self.on),
            ("Data", self.data),
            ("Assessment", self.assessment),
            ("Plan", self.plan),
        ):
            widget.setAccessibleName(label)
            self.form.addRow(label, widget)
        self.with_clients = JointPicker(service, client_id)  # a joint session (issue 23)
        self.form.addRow("Joint session &with", self.with_clients)
        self.category = QComboBox()
        self.category.setObjectName("noteCategory")
        self.category.setAccessibleName("Category of information it belongs to")
        self.category.addItem("Progress notes (no category of its own)", "")
        self.form.addRow("Cate&gory", self.category)
        service.submit(lambda w: list_categories(w.require()), self._show_categories)
        self.kind.currentIndexChanged.connect(self._joint_allowed)  # never a process note
        self.form.addRow(self.sign)
        self.resize(640, 520)
        # Text typed at once goes into the note (the kind and date are usually right).
        self.data.setFocus()

    def _joint_allowed(self) -> None:
        progress = self.kind.currentData() != "process"
        self.form.setRowVisible(self.with_clients, progress)
        self.form.setRowVisible(self.category, progress)  # a process note is its own

    def _show_categories(self, cats: list[ProgramCategory]) -> None:
        for c in cats:
            self.category.addItem(f"{c.name}: only under a release naming it", c.code)

    def texts(self) -> tuple[str, ...]:
        return (self.data.toPlainText(), self.assessment.toPlainText(), self.plan.toPlainText())

    def job(self) -> Job:
        joint = self.with_clients.chosen() if self.kind.currentData() != "process" else []
        data = {
            "kind": self.kind.currentData(),
            "client_ids": [self.client_id, *joint],
            "data": self.data.toPlainText(),
            "assessment": self.assessment.toPlainText(),
            "plan": self.plan.toPlainText(),
        }
        sign = self.sign.isChecked()
        on = self.on.date().toPython()
        progress = self.kind.currentData() != "process"
        category = (self.category.currentData() or None) if progress else None

        def job(w: VaultWorker) -> str:
            vault = w.require()
            return records.add_note(
                vault,
                NoteIn.from_input({**data, "on_date": on}),
                sign=sign,
                category=category,
                actor=vault.actor,
            )

        return job


class AddendumDialog(_EntryDialog):
    draft_form = "addendum"
    client_id: int | None = None  # set by the file that opens it

    def __init__(
        self, service: VaultService, signed_refs: list[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(service, "Add an addendum to a signed note", parent)
        self.note = QComboBox()
        self.note.addItems(signed_refs)
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText("The correction or addition; the original note stays as it is")
        for label, widget in (("Note", self.note), ("Addendum", self.text)):
            widget.setAccessibleName(label)
            self.form.addRow(label, widget)

    def texts(self) -> tuple[str, ...]:
        return (self.text.toPlainText(),)

    def job(self) -> Job:
        ref, text = self.note.currentText(), self.text.toPlainText()
        return lambda w: records.add_addendum(w.require(), ref, text, actor=w.require().actor)
