"""Changing a client's funder answers after intake, and recording later what they were told
(issue 26): the app's ``client edit --gender …`` and ``client acknowledge``.

Each dialog gathers the answers and hands them to the core on the vault's thread
(``funder.intake``, ``records.acknowledgement``); every rule and message is the core's.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QVBoxLayout, QWidget

from safefile.funder import intake
from safefile.records import acknowledgement
from safefile.records.acknowledgement import STATEMENTS
from safefile.records.models import Client
from safefile.ui.clients.intake_fields import IntakeFields
from safefile.ui.day import vault_today
from safefile.ui.form_dialog import FormDialog
from safefile.ui.program.common import date_edit, to_date
from safefile.ui.who import session_field
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
        self.by = session_field(service, "Who told the client (the person unlocked)")
        self.form.addRow("What was &told", boxes)
        self.form.addRow("&On", self.on)
        self.form.addRow("&By", self.by)

    def job(self) -> Any:
        cid, on = self.client_id, to_date(self.on)
        told = tuple(k for k, box in self.told.items() if box.isChecked())
        notice = self.notice.isChecked()
        return lambda w: acknowledgement.record(
            w.require(),
            cid,
            told_on=on,
            told_by=w.require().actor.name,  # the session's member (ui/who.py)
            told=told,
            notice_given=notice,
            actor=w.require().actor,
        )


__all__ = ["AcknowledgeDialog", "IntakeAnswersDialog"]
