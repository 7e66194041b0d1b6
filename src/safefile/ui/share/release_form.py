"""Enter a signed release of information, asking for every element in plain words."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from safefile import records
from safefile.consent import releases
from safefile.consent.releases import ReleaseIn
from safefile.ui.share.choices import category_boxes, recipient_combo
from safefile.ui.worker import VaultService, VaultWorker, plain_message

CAPACITIES = [
    ("The client", "client"),
    ("A parent (not the abuser)", "parent"),
    ("A guardian", "guardian"),
    ("A personal representative", "personal-representative"),
    ("The minor together with a parent", "minor-with-parent"),
]


def _date(value: QDate | None = None) -> QDateEdit:
    edit = QDateEdit(value or QDate.currentDate())
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setCalendarPopup(True)
    return edit


class ReleaseDialog(QDialog):
    saved = Signal(int)

    def __init__(
        self, service: VaultService, client_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add a release of information")
        self.service, self.client_id = service, client_id
        self.form_file: Path | None = None
        inner = QWidget()
        form = QFormLayout(inner)
        self.recipient = recipient_combo(service)
        form.addRow("The &organisation it names", self.recipient)
        self.direction = QComboBox()
        for key, words in releases.DIRECTIONS.items():
            self.direction.addItem(words[0].upper() + words[1:], key)
        form.addRow("It allows us", self.direction)
        self.contact = QLineEdit()
        form.addRow("Contact person there (for delivery only)", self.contact)
        self.categories, cats = category_boxes()
        form.addRow("What it allows us to send", cats)
        self.purpose = QLineEdit()
        self.purpose.setPlaceholderText("as written on the form, e.g. Parole compliance")
        form.addRow("For what &purpose", self.purpose)
        self.methods: dict[str, QCheckBox] = {}
        how = QHBoxLayout()
        for key, words in releases.METHODS.items():
            self.methods[key] = QCheckBox(words[0].upper() + words[1:])
            self.methods[key].setAccessibleName(f"May be sent {words}")
            how.addWidget(self.methods[key])
        how.addStretch()
        self.methods["pdf"].setChecked(True)
        form.addRow("How it may be sent", how)
        self.signed_on = _date()
        self.effective_on = _date()
        self.expires_on = _date(QDate.currentDate().addDays(90))
        form.addRow("Signed on", self.signed_on)
        form.addRow("Takes effect on", self.effective_on)
        form.addRow("Expires at the end of", self.expires_on)
        self.expiry_event = QLineEdit()
        self.expiry_event.setPlaceholderText("if it ends earlier on an event, e.g. end of parole")
        form.addRow("Or ends earlier when", self.expiry_event)
        self.signer = QLineEdit()
        self.signer.setPlaceholderText("the client's name, unless someone signed for them")
        form.addRow("Signed by (name)", self.signer)
        self.capacity = QComboBox()
        for label, value in CAPACITIES:
            self.capacity.addItem(label, value)
        form.addRow("Who signed", self.capacity)
        self.authority = QLineEdit()
        self.authority.setPlaceholderText("their authority to consent, if not the client")
        form.addRow("Their authority", self.authority)
        self.witness = QLineEdit()
        self.witness.setPlaceholderText("you, unless a colleague witnessed it")
        form.addRow("Witnessed by", self.witness)
        self.statements: dict[str, QCheckBox] = {}
        told = QVBoxLayout()
        for key, words in releases.STATEMENTS.items():
            self.statements[key] = QCheckBox(words[0].upper() + words[1:])
            told.addWidget(self.statements[key])
        form.addRow("The client was told", told)
        copy_row = QHBoxLayout()
        self.copy_given = QCheckBox("A copy was given to the client on")
        self.copy_given_on = _date()
        self.copy_given_on.setEnabled(False)
        self.copy_given.toggled.connect(self.copy_given_on.setEnabled)
        copy_row.addWidget(self.copy_given)
        copy_row.addWidget(self.copy_given_on)
        copy_row.addStretch()
        form.addRow("Client's copy", copy_row)
        attach_row = QHBoxLayout()
        self.attach_button = QPushButton("Attach the scanned signed form…")
        self.form_label = QLabel("no form attached")
        attach_row.addWidget(self.attach_button)
        attach_row.addWidget(self.form_label, 1)
        form.addRow("Signed form", attach_row)
        self.original = QCheckBox("The signed paper original is on file")
        form.addRow("", self.original)
        for row in range(form.rowCount()):  # every field has its label's name for screen readers
            label_item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field_item = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            caption = label_item.widget() if label_item else None
            field = field_item.widget() if field_item else None
            if isinstance(caption, QLabel) and field is not None and not field.accessibleName():
                field.setAccessibleName(caption.text().replace("&", ""))
        scroll = QScrollArea()
        scroll.setWidget(inner)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.message = QLabel("")
        self.message.setObjectName("error")
        self.message.setWordWrap(True)
        self.save_button = QPushButton("&Save the release")
        self.save_button.setDefault(True)
        cancel = QPushButton("Cancel")
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(cancel)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.resize(860, 700)
        self.attach_button.clicked.connect(self._choose_form)
        self.save_button.clicked.connect(self.save)

    def _choose_form(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            "The scanned signed form",
            "",
            "Scans (*.pdf *.png *.jpg *.jpeg)",
            options=QFileDialog.Option.DontUseNativeDialog,  # no entry in recently-used files
        )
        if name:
            self.set_form(Path(name))

    def set_form(self, path: Path) -> None:
        self.form_file = path
        self.form_label.setText(path.name)

    def data(self) -> dict[str, Any]:
        return {
            "client_id": self.client_id,
            "recipient_org_id": self.recipient.currentData() or 0,
            "contact_person": self.contact.text(),
            "categories": tuple(c for c, b in self.categories.items() if b.isChecked()) or ("",),
            "purpose": self.purpose.text(),
            "signed_on": self.signed_on.date().toPython(),
            "effective_on": self.effective_on.date().toPython(),
            "expires_on": self.expires_on.date().toPython(),
            "signer_capacity": self.capacity.currentData(),
            "signer_authority": self.authority.text(),
            "statements": {k: b.isChecked() for k, b in self.statements.items()},
            "original_on_file": self.original.isChecked(),
            "direction": self.direction.currentData(),
            "methods": tuple(m for m, b in self.methods.items() if b.isChecked()),
            "expiry_event": self.expiry_event.text(),
            "signer_name": self.signer.text(),
            "witness": self.witness.text(),
            "copy_given_on": self.copy_given_on.date().toPython()
            if self.copy_given.isChecked()
            else None,
        }

    def save(self) -> None:
        data, form = self.data(), self.form_file

        def job(w: VaultWorker) -> int:
            vault = w.require()
            with vault.transaction():  # the form and the release together, or neither
                doc = None
                if form is not None:
                    doc = records.attach(
                        vault,
                        data["client_id"],
                        form,
                        title="Signed release",
                        doc_type="signed release",
                    )
                return releases.add_release(
                    vault, ReleaseIn.from_input({**data, "form_document_id": doc})
                )

        def done(release_id: int) -> None:
            self.saved.emit(release_id)
            self.accept()

        self.service.submit(job, done, lambda e: self.message.setText(plain_message(e)))
