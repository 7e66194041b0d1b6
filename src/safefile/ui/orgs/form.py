"""Add or correct an organisation: name, address, phone, and a contact person for delivery.

The recipient of a release is always the organisation; the contact person is noted for
delivery only.  A refusal (a name already in the list, an empty name) is shown inside
the form, next to what was typed, and nothing typed is lost.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from safefile import records
from safefile.records.models import Org, OrgIn
from safefile.ui.worker import VaultService, VaultWorker, plain_message

FIELDS = (
    ("name", "&Name"),
    ("address", "&Address"),
    ("phone", "&Phone"),
    ("contact_person", "&Contact person (for delivery only)"),
    ("job_title", "&Job title"),
)


class OrgDialog(QDialog):
    """Emits ``saved(org_id)`` once the core has stored the organisation."""

    saved = Signal(int)

    def __init__(
        self, service: VaultService, org: Org | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.org = org
        self.setWindowTitle("Correct an organisation" if org else "New organisation")
        self.fields: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for key, label in FIELDS:
            edit = QLineEdit(getattr(org, key) if org else "")
            caption = QLabel(label)
            caption.setBuddy(edit)
            edit.setAccessibleName(label.replace("&", ""))
            edit.setMinimumWidth(edit.fontMetrics().averageCharWidth() * 40)
            self.fields[key] = edit
            form.addRow(caption, edit)
        self.message = QLabel("")
        self.message.setObjectName("error")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel("Information is always sent to the organisation, never to a person.")
        )
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.fields["name"].setFocus()

    def save(self) -> None:
        data = {k: e.text() for k, e in self.fields.items()}
        self.save_button.setEnabled(False)
        self.message.setText("")
        existing = self.org.id if self.org else None

        def job(w: VaultWorker) -> int:
            vault = w.require()
            if existing is None:
                return records.add_org(vault, OrgIn.from_input(data), actor=vault.actor)
            records.update_org(vault, existing, OrgIn.from_input(data), actor=vault.actor)
            return existing

        def done(org_id: int) -> None:
            self.saved.emit(org_id)
            self.accept()

        def failed(exc: Exception) -> None:
            self.save_button.setEnabled(True)
            self.message.setText(plain_message(exc))
            self.fields["name"].setFocus()

        self.service.submit(job, done, failed)
