"""The Overview tab: who the client is, whether the file is open, how to contact them."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from safefile.consent.people import minor_on
from safefile.records.language import languages
from safefile.records.models import Client
from safefile.ui.clients.banner import with_banner
from safefile.ui.clients.file_view.base import FileTab
from safefile.ui.clients.file_view.data import FileData, language_text
from safefile.ui.clients.file_view.widgets import Message, button, plain_label, row
from safefile.ui.clients.revoke import to_date
from safefile.ui.day import qdate, vault_today
from safefile.ui.worker import VaultService


def born_words(c: Client, on: date) -> str:
    """The birth date as recorded, and whether the core counts the client a minor today."""
    status = minor_on(c, on)
    return f"{c.born} ({'a minor' if status.minor else 'an adult'} today)"


class CloseFileDialog(QDialog):
    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Close the file")
        intro = QLabel(
            "Close the file when services have ended. The record is kept for the time your "
            "program's retention policy says, counted from the closing date. You can reopen "
            "the file at any time."
        )
        intro.setWordWrap(True)
        self.on = QDateEdit(qdate(today))
        self.on.setDisplayFormat("yyyy-MM-dd")
        self.on.setCalendarPopup(True)
        self.on.setAccessibleName("Closing date")
        form = QFormLayout()
        form.addRow("&Closing date", self.on)
        buttons = QDialogButtonBox()
        accept = QDialogButtonBox.ButtonRole.AcceptRole
        self.ok_button = buttons.addButton("C&lose the file", accept)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)


class ContactDialog(QDialog):
    def __init__(self, safe: bool, how: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Contact details")
        self.safe = QCheckBox("It is &safe to contact the client")
        self.safe.setChecked(safe)
        self.how = QLineEdit(how)
        self.how.setAccessibleName("How to contact safely")
        self.how.setPlaceholderText("e.g. text only, weekdays; never leave a voicemail")
        form = QFormLayout()
        form.addRow(self.safe)
        form.addRow("&How", self.how)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)


class LanguageDialog(QDialog):
    """The language the client reads: release and revocation forms are printed in it."""

    def __init__(self, code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Language the client reads")
        intro = QLabel(
            "Release and revocation forms are printed in this language (with English after "
            "it if you choose). Only languages with reviewed forms are offered."
        )
        intro.setWordWrap(True)
        self.language = language_combo(code)
        form = QFormLayout()
        form.addRow("&Language", self.language)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)


def language_combo(code: str) -> QComboBox:
    """The reviewed languages, ``code`` chosen (records/language.py)."""
    combo = QComboBox()
    combo.setAccessibleName("Language the client reads")
    for each, name in languages().items():
        combo.addItem(f"{name} ({each})", each)
    combo.setCurrentIndex(max(0, combo.findData(code)))
    return combo


class OverviewTab(FileTab):
    """``status_chosen(status, on)`` asks to close (on a date) or reopen the file;
    ``contact_chosen(safe, how)`` asks to change the contact details;
    ``language_chosen(code)`` asks to record the language the client reads."""

    title = "&Overview"
    status_chosen = Signal(str, object)
    contact_chosen = Signal(bool, str)
    language_chosen = Signal(str)  # issue 24: forms are printed in it
    born_requested = Signal()  # the birth date dialog (issue 23)
    household_requested = Signal()  # the household dialog (issue 23)
    intake_requested = Signal()  # the funder's intake answers, to change (issue 26)
    acknowledge_requested = Signal()  # record what the client was told (issue 26)

    def __init__(self, service: VaultService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.data: FileData | None = None
        form = QFormLayout()
        self.name = plain_label("Name")
        self.alias = plain_label("Preferred name")
        self.case_number = plain_label("Case number")
        self.intake = plain_label("Intake date")
        self.born = plain_label("Born")
        self.status = plain_label("File open or closed")
        self.contact = plain_label("Safe to contact")
        self.household = plain_label("Household")
        self.language = plain_label("Language the client reads")
        self.language.setObjectName("clientLanguage")
        for text, widget in (
            ("Name", self.name),
            ("Preferred name", self.alias),
            ("Case number", self.case_number),
            ("Born", self.born),
            ("Intake", self.intake),
            ("File", self.status),
            ("Safe to contact", self.contact),
            ("Household", self.household),
            ("Language", self.language),
        ):
            form.addRow(text, widget)
        self.status_button = button("C&lose the file…", "Close or reopen the file")
        self.contact_button = button("Change contact &details…", "Change contact details")
        self.born_button = button("Bi&rth date…", "Record the birth date")
        self.household_button = button("House&hold…", "Link with a household, or leave it")
        self.language_button = button("Lan&guage…", "Change the language the client reads")
        self.intake_button = button("&Intake answers…", "Change the funder's intake answers")
        self.acknowledge_button = button(
            "What the client was &told…", "Record what the client was told, and when"
        )
        self.message = Message("Overview message")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(
            row(
                self.status_button,
                self.contact_button,
                self.born_button,
                self.household_button,
                self.language_button,
            )
        )
        layout.addLayout(row(self.intake_button, self.acknowledge_button))
        layout.addWidget(self.message)
        layout.addStretch()
        self.labels = (
            self.name,
            self.alias,
            self.case_number,
            self.born,
            self.intake,
            self.status,
            self.contact,
            self.household,
            self.language,
            self.message,
        )
        self.status_button.clicked.connect(self._status_clicked)
        self.contact_button.clicked.connect(self._contact_clicked)
        self.born_button.clicked.connect(self.born_requested)
        self.household_button.clicked.connect(self.household_requested)
        self.language_button.clicked.connect(lambda: self.language_dialog().open())
        self.intake_button.clicked.connect(self.intake_requested)
        self.acknowledge_button.clicked.connect(self.acknowledge_requested)

    def show_data(self, data: FileData) -> None:
        self.data = data
        f, c = data.file, data.file.client
        self.name.setText(c.name)
        self.alias.setText(c.alias or "-")
        self.case_number.setText(c.case_number or "-")
        self.born.setText(born_words(c, data.today) if c.born else "not recorded")
        self.intake.setText(c.intake_date.isoformat())
        self.status.setText("open" if c.status == "open" else f"closed on {c.closed_on}")
        self.status_button.setText("C&lose the file…" if c.status == "open" else "Reopen the fi&le")
        self.contact.setText(
            ("Yes" if c.contact_safe else "NO: do not contact")
            + (f". {c.contact_how}" if c.contact_how else "")
        )
        self.household.setText(
            f"{c.household_role} in a household with "
            + "; ".join(f"file {hid} ({role})" for hid, _, role in f.household)
            if f.household
            else f"{c.household_role} in a household (no other file linked)"
            if c.household_role
            else "none"
        )
        self.language.setText(language_text(data.language))
        self.set_open(True)

    def clear(self) -> None:
        self.data = None
        super().clear()

    def set_open(self, is_open: bool) -> None:
        self.status_button.setEnabled(is_open)
        self.contact_button.setEnabled(is_open)
        self.born_button.setEnabled(is_open)
        self.household_button.setEnabled(is_open)
        self.language_button.setEnabled(is_open)
        self.intake_button.setEnabled(is_open)
        self.acknowledge_button.setEnabled(is_open)

    def close_file_dialog(self) -> CloseFileDialog:
        dialog = CloseFileDialog(vault_today(self.service), self)
        dialog.accepted.connect(
            lambda: self.status_chosen.emit("closed", to_date(dialog.on.date()))
        )
        with_banner(dialog, self.client)
        return dialog

    def contact_dialog(self) -> ContactDialog:
        c = self.data.file.client if self.data is not None else None
        dialog = ContactDialog(c.contact_safe if c else False, c.contact_how if c else "", self)
        dialog.accepted.connect(
            lambda: self.contact_chosen.emit(dialog.safe.isChecked(), dialog.how.text())
        )
        with_banner(dialog, self.client)
        return dialog

    def language_dialog(self) -> LanguageDialog:
        dialog = LanguageDialog(self.data.language if self.data is not None else "en", self)
        dialog.accepted.connect(
            lambda: self.language_chosen.emit(str(dialog.language.currentData()))
        )
        with_banner(dialog, self.client)
        return dialog

    def _status_clicked(self) -> None:
        if self.data is None:
            return
        if self.data.file.client.status == "open":
            self.close_file_dialog().open()
        else:
            self.status_chosen.emit("open", None)

    def _contact_clicked(self) -> None:
        if self.data is not None:
            self.contact_dialog().open()
