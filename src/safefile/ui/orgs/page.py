"""The list of organisations that may receive information: add, correct, delete.

An organisation that a release or the record of sharing names cannot be deleted (the
core refuses, and says why); it can still be corrected.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from safefile import records
from safefile.records.models import Org
from safefile.ui.orgs.form import OrgDialog
from safefile.ui.tables import RowsModel, selected_row, table_view
from safefile.ui.worker import VaultService, VaultWorker, plain_message


def _cells(o: Org) -> tuple[str, ...]:
    return (o.name, o.phone, o.address, o.contact_person, o.job_title)


class OrgsPage(QWidget):
    def __init__(self, service: VaultService) -> None:
        super().__init__()
        self.service = service
        self.model: RowsModel[Org] = RowsModel(
            ("Organisation", "Phone", "Address", "Contact person", "Job title"), _cells
        )
        self.table = table_view(self.model, "Organisations", (220, 120, 220, 160))
        self.new_button = QPushButton("&New organisation…")
        self.edit_button = QPushButton("C&orrect…")
        self.delete_button = QPushButton("&Delete…")
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setObjectName("error")
        row = QHBoxLayout()
        for b in (self.new_button, self.edit_button, self.delete_button):
            row.addWidget(b)
        row.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                "Organisations that may receive information. Releases and disclosures "
                "always name an organisation; a contact person is for delivery only."
            )
        )
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        self.new_button.clicked.connect(lambda: self.open_form(None))
        self.edit_button.clicked.connect(lambda: self.open_form(self.current()))
        self.delete_button.clicked.connect(self.delete)
        self.table.doubleClicked.connect(lambda _: self.open_form(self.current()))

    def current(self) -> Org | None:
        return self.model.item(selected_row(self.table))

    def refresh(self) -> None:
        self.service.submit(lambda w: records.list_orgs(w.require()), self.model.set_items)

    def clear(self) -> None:
        self.model.clear()
        self.message.clear()

    def open_form(self, org: Org | None) -> OrgDialog | None:
        if org is None and self.sender() is self.edit_button:
            self.message.setText("Choose an organisation in the list first.")
            return None
        self.message.clear()
        dialog = OrgDialog(self.service, org, self)
        dialog.saved.connect(lambda _: self.refresh())
        dialog.open()
        return dialog

    def delete(self) -> None:
        org = self.current()
        if org is None:
            self.message.setText("Choose an organisation in the list first.")
            return
        answer = QMessageBox.question(
            self,
            "Delete organisation",
            f"Delete '{org.name}' from the list? This cannot be undone.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return

        def job(w: VaultWorker) -> None:
            records.delete_org(w.require(), org.id, actor=w.require().actor)

        def failed(exc: Exception) -> None:
            self.message.setText(plain_message(exc))

        self.service.submit(job, lambda _: self.refresh(), failed)
