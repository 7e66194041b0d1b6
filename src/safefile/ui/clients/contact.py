"""An anonymous contact: a hotline call, a walk-in or a text with no client file.

The form has no field for a name or a number: date, kind, minutes, victimization types
and where the person was referred.  Saved through funder/entries.add_contact."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from safefile.funder import entries
from safefile.ui.clients.intake_fields import check_list, checked
from safefile.ui.day import vault_today
from safefile.ui.program.common import date_edit, message_label, to_date
from safefile.ui.worker import VaultService, plain_message

KINDS = (("hotline", "Hotline call"), ("walk-in", "Walk-in"), ("text", "Text"), ("other", "Other"))


class AnonymousContactDialog(QDialog):
    saved = Signal(int)

    def __init__(self, service: VaultService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.setObjectName("anonymous_contact_dialog")
        self.setWindowTitle("Record an anonymous contact")
        self.on = date_edit(vault_today(self.service))
        self.on.setAccessibleName("Date of the contact")
        self.kind = QComboBox()
        self.kind.setAccessibleName("Kind of contact")
        for key, label in KINDS:
            self.kind.addItem(label, key)
        self.minutes = QSpinBox()
        self.minutes.setRange(0, 1440)
        self.minutes.setSuffix(" min")
        self.minutes.setAccessibleName("Minutes")
        self.victimization = check_list("victimization", "Victimization types")
        self.referral = QLineEdit()
        self.referral.setAccessibleName("Referred to")
        self.referral.setPlaceholderText("where you referred them: an organisation, not a person")
        self.message = message_label()
        intro = QLabel(
            "No file is made and no name or number is asked for: only counts leave SafeFile."
        )
        intro.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(intro)
        form.addRow("&Date", self.on)
        form.addRow("&Kind", self.kind)
        form.addRow("&Minutes", self.minutes)
        form.addRow("&Victimization types", self.victimization)
        form.addRow("&Referred to", self.referral)
        form.addRow(self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def save(self) -> None:
        on, kind = to_date(self.on), str(self.kind.currentData())
        minutes = self.minutes.value() or None
        types, referral = checked(self.victimization), self.referral.text()
        self.message.clear()

        def done(cid: int) -> None:
            self.saved.emit(cid)
            self.accept()

        self.service.submit(
            lambda w: entries.add_contact(
                w.require(),
                on,
                kind,
                minutes=minutes,
                victimization=types or None,
                referral=referral,
                actor=w.require().actor,
            ),
            done,
            lambda exc: self.message.setText(plain_message(exc)),
        )
