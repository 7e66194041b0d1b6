"""Changing a client's funder answers after intake, and recording later what they were told
(issue 26): the app's ``client edit --gender …`` and ``client acknowledge``.

Each dialog gathers the answers and hands them to the core on the vault's thread
(``funder.intake``, ``records.acknowledgement``); every rule and message is the core's.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QLineEdit, QVBoxLayout, QWidget

from safefile import settings
from safefile.funder import intake
from safefile.records import acknowledgement
from safefile.records.acknowledgement import STATEMENTS
from safefile.records.models import Client
from safefile.ui.clients.intake_fields import IntakeFields
from safefile.ui.day import vault_today
from safefile.ui.form_dialog import FormDialog
from safefile.ui.program.common import date_edit, to_date
from safefile.ui.worker import VaultService, VaultWorker


class IntakeAnswersDialog(FormDialog):
    """The funder's intake answers, as recorded, to change (``is_loaded`` once shown)."""

    def __init__(self, service: VaultService, client: Client, parent: QWidget | None = None):
        super().__init__(
            service,
            "Intake answers",
            "The answers the funder counts. Only counts ever leave SafeFile; an answer set "
            "back to 'Not asked' is recorded so.",
            "&Save the answers",
            parent,
        )
        self.client_id = client.id
        self.funder = IntakeFields(vault_today(service), self, opened=False, told=False)
        self.form.addRow(self.funder)
        self.is_loaded = False
        self.save_button.setEnabled(False)  # until the answers recorded are shown
        cid = client.id
        service.submit(lambda w: intake.get(w.require(), cid), self._show, self._failed)

    def _show(self, now: intake.Intake) -> None:
        self.funder.show_answers(now)
        self.is_loaded = True
        self.save_button.setEnabled(True)

    def job(self) -> Any:
        cid, answers = self.client_id, self.funder.every_answer()

        def save(w: VaultWorker) -> None:
            vault = w.require()
            intake.set_answers(vault, cid, intake.parse(vault, **answers), actor=vault.actor)

        return save


class AcknowledgeDialog(FormDialog):
    """Record that the client was told how their information is kept and shared."""

    def __init__(self, service: VaultService, client: Client, parent: QWidget | None = None):
        super().__init__(
            service,
            "What the client was told",
            "Tick what you told the client; what is not ticked stays to be told. The "
            "record keeps the date and who told them.",
            "&Record it",
            parent,
        )
        self.client_id = client.id
        self.told = {key: QCheckBox(f"Told {text}") for key, text in STATEMENTS.items()}
        boxes = QWidget()
        column = QVBoxLayout(boxes)
        column.setContentsMargins(0, 0, 0, 0)
        for box in self.told.values():
            column.addWidget(box)
        self.notice = QCheckBox("Gave the program's written &notice")
        column.addWidget(self.notice)
        self.on = date_edit(vault_today(self.service))
        self.on.setAccessibleName("The day the client was told")
        self.by = QLineEdit()
        self.by.setAccessibleName("Who told the client")
        self.form.addRow("What was &told", boxes)
        self.form.addRow("&On", self.on)
        self.form.addRow("&By", self.by)
        service.submit(lambda w: settings.load(w.require()).practitioner, self._by, self._failed)

    def _by(self, practitioner: str) -> None:
        if not self.by.text():
            self.by.setText(practitioner)

    def job(self) -> Any:
        cid, on, by = self.client_id, to_date(self.on), self.by.text()
        told = tuple(k for k, box in self.told.items() if box.isChecked())
        notice = self.notice.isChecked()
        return lambda w: acknowledgement.record(
            w.require(),
            cid,
            told_on=on,
            told_by=by,
            told=told,
            notice_given=notice,
            actor=w.require().actor,
        )


__all__ = ["AcknowledgeDialog", "IntakeAnswersDialog"]
