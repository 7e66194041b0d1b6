"""Settings: the program's (kept in the vault) and this user's text size and contrast.

The program's settings are read and saved on the vault's thread through
:mod:`safefile.settings`; every rule and message comes from there.  Service types are
added and taken out of use at once (each its own change, recorded).  Text size and
high contrast are this user's and apply at once.  Backup settings are on the Backups
screen.  The program seal (export/seal.py) shows its fingerprint here, with buttons to
renew it, to import a certificate from a certificate authority, and to print the
verification card for partner agencies; each runs in the core.  Administrators also see
the Staff page (ui/settings/staff.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from safefile import settings as core
from safefile.errors import InvalidInput
from safefile.export import seal
from safefile.funder import entries as funder_entries
from safefile.funder import lists as funder_lists
from safefile.records import services
from safefile.ui import appearance
from safefile.ui.scrolling import DownScroll
from safefile.ui.settings.categories import CategoriesBox
from safefile.ui.settings.staff import StaffPage
from safefile.ui.worker import VaultService, VaultWorker, plain_message


def _spin(lo_hi: tuple[int, int], suffix: str, name: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(*lo_hi)
    spin.setSuffix(suffix)
    spin.setAccessibleName(name)
    return spin


class SettingsDialog(QDialog):
    """Emits ``saved(Settings)`` after the program's settings were saved."""

    saved = Signal(object)
    loaded = Signal()

    def __init__(self, service: VaultService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.is_loaded = False
        self._shown: dict[str, Any] = {}
        self.setWindowTitle("Settings")

        program_box = QGroupBox("This program")
        form = QFormLayout(program_box)
        self.program = QLineEdit()
        self.program.setAccessibleName("Program name")
        self.program.setPlaceholderText("e.g. Harbour Advocacy Program")
        self.idle_minutes = _spin(core.IDLE_RANGE, " minutes", "Lock after minutes without use")
        self.retention_months = _spin(
            core.RETENTION_RANGE, " months", "Keep closed client files for months"
        )
        self.release_days = _spin(
            core.RELEASE_DAYS_RANGE, " days", "Longest a release may be valid, in days"
        )
        self.program_address = QLineEdit()
        self.program_address.setAccessibleName("Program address")
        self.program_phone = QLineEdit()
        self.program_phone.setAccessibleName("Program phone")
        self.practitioner = QLineEdit()
        self.practitioner.setAccessibleName("Practitioner's name")
        self.credentials = QLineEdit()
        self.credentials.setAccessibleName("Practitioner's credentials")
        self.credentials.setPlaceholderText("e.g. LCSW")
        self.page_size = QComboBox()
        self.page_size.setAccessibleName("Paper size of exports")
        self.page_size.addItem("US Letter", "letter")
        self.page_size.addItem("A4", "a4")
        form.addRow(self._buddy("&Program name", self.program), self.program)
        form.addRow(self._buddy("A&ddress", self.program_address), self.program_address)
        form.addRow(self._buddy("P&hone", self.program_phone), self.program_phone)
        form.addRow(self._buddy("P&ractitioner", self.practitioner), self.practitioner)
        form.addRow(self._buddy("&Credentials", self.credentials), self.credentials)
        form.addRow(self._buddy("Pape&r size", self.page_size), self.page_size)
        form.addRow(self._buddy("&Lock after no use for", self.idle_minutes), self.idle_minutes)
        form.addRow(
            self._buddy("&Keep closed files for", self.retention_months), self.retention_months
        )
        form.addRow(self._buddy("Releases valid at &most", self.release_days), self.release_days)
        explain = QLabel(
            "Name, address and phone are printed on everything you send (whom to call to "
            "verify it). The practitioner signs notes, witnesses releases and makes every "
            "entry. Closed files are due for destruction after the time set here."
        )
        explain.setWordWrap(True)
        form.addRow(explain)

        types_box = QGroupBox("Service types")
        t = QVBoxLayout(types_box)
        self.types = QListWidget()
        self.types.setAccessibleName("Service types in use")
        self.types.setMinimumHeight(120)
        t.addWidget(self.types, 1)
        add_row = QHBoxLayout()
        self.new_type = QLineEdit()
        self.new_type.setAccessibleName("New service type")
        self.new_type.setPlaceholderText("A new type of service")
        self.new_type_pmt = QComboBox()
        self.new_type_pmt.setObjectName("new_type_pmt")
        self.new_type_pmt.setAccessibleName("The PMT category the new type counts under")
        self.new_type_pmt.addItem("PMT category (for the funder's report)…", None)
        # long PMT labels must not widen the dialog past a small screen
        self.new_type_pmt.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.new_type_pmt.setMinimumContentsLength(18)
        for code, label in funder_lists.sub_services():
            self.new_type_pmt.addItem(f"{code} {label}", code)
        self.add_button = QPushButton("&Add")
        self.add_button.setAccessibleName("Add service type")
        self.map_button = QPushButton("Set the selected type's PMT &category")
        self.map_button.setObjectName("map_type_button")
        self.map_button.setEnabled(False)
        self.retire_button = QPushButton("Stop &using the selected type")
        self.retire_button.setEnabled(False)
        add_row.addWidget(self.new_type, 1)
        add_row.addWidget(self.new_type_pmt, 1)
        add_row.addWidget(self.add_button)
        t.addLayout(add_row)
        type_buttons = QHBoxLayout()
        type_buttons.addWidget(self.map_button)
        type_buttons.addStretch()
        type_buttons.addWidget(self.retire_button)
        t.addLayout(type_buttons)
        note = QLabel("A type you stop using stays on the services already recorded.")
        note.setWordWrap(True)
        t.addWidget(note)

        seal_box = QGroupBox("The program's seal")
        sl = QVBoxLayout(seal_box)
        # Set out in lines, not wrapped: a wrapped label got one line's height and was cut
        # off (a fingerprint is read aloud in groups of four, eight to a line).
        self.seal_fingerprint = QLabel("")
        self.seal_fingerprint.setObjectName("sealFingerprint")
        self.seal_fingerprint.setAccessibleName("Seal fingerprint (SHA-256)")
        self.seal_fingerprint.setTextFormat(Qt.TextFormat.PlainText)
        self.seal_fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.seal_fingerprint.setToolTip(
            "Every PDF SafeFile writes is sealed with the program's signature. Give partner "
            "agencies the verification card, and read them this fingerprint when they call."
        )
        self.renew_seal_button = QPushButton("Re&new the seal...")
        self.renew_seal_button.setObjectName("renewSealButton")
        self.print_card_button = QPushButton("Print the &verification card...")
        self.print_card_button.setObjectName("printSealCardButton")
        self.import_seal_button = QPushButton("&Import a certificate...")
        self.import_seal_button.setObjectName("importSealButton")
        self.import_seal_button.setToolTip(
            "Use a certificate from a certificate authority, and its private key (a file not "
            "protected by a password), as the program's seal."
        )
        seal_row = QHBoxLayout()
        seal_row.addWidget(self.renew_seal_button)
        seal_row.addWidget(self.import_seal_button)
        seal_row.addStretch()
        card_row = QHBoxLayout()
        card_row.addWidget(self.print_card_button)
        card_row.addStretch()
        sl.addWidget(self.seal_fingerprint)
        sl.addLayout(seal_row)
        sl.addLayout(card_row)

        look_box = QGroupBox("How SafeFile looks on this computer")
        look = QFormLayout(look_box)
        self.text_size = QComboBox()
        self.text_size.setAccessibleName("Text size")
        for key, label in appearance.TEXT_SIZE_LABELS.items():
            self.text_size.addItem(label, key)
        self.high_contrast = QCheckBox("&High contrast")
        look.addRow(self._buddy("&Text size", self.text_size), self.text_size)
        look.addRow(self.high_contrast)
        prefs = appearance.load()
        self.text_size.setCurrentIndex(max(0, self.text_size.findData(prefs.text_size)))
        self.high_contrast.setChecked(prefs.high_contrast)

        self.message = QLabel("")
        self.message.setObjectName("error")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Message")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setDefault(True)
        self.save_button.setEnabled(False)

        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(program_box)
        left.addWidget(look_box)
        self.staff = StaffPage(service)  # administrators only (ui/settings/staff.py)
        left.addWidget(self.staff)
        left.addStretch()
        right = QVBoxLayout()
        right.addWidget(types_box, 1)
        self.categories = CategoriesBox(service)
        right.addWidget(self.categories)
        right.addWidget(seal_box)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        page = QWidget()
        page.setLayout(columns)
        layout = QVBoxLayout(self)
        layout.addWidget(DownScroll(page), 1)  # at the largest text it scrolls, not clips
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(900, 600)

        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.add_button.clicked.connect(self.add_type)
        self.retire_button.clicked.connect(self.retire_type)
        self.renew_seal_button.clicked.connect(self.renew_seal)
        self.print_card_button.clicked.connect(self._print_card_clicked)
        self.import_seal_button.clicked.connect(self._import_clicked)
        self.types.currentRowChanged.connect(lambda row: self.retire_button.setEnabled(row >= 0))
        self.types.currentRowChanged.connect(lambda row: self.map_button.setEnabled(row >= 0))
        self.map_button.clicked.connect(self.map_type)
        self.text_size.currentIndexChanged.connect(self._appearance_changed)
        self.high_contrast.toggled.connect(self._appearance_changed)
        self._load()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # Qt's name
        """Enter in the new type's field adds it (and does not press Save)."""
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and self.focusWidget() is self.new_type:
            self.add_type()
            return
        super().keyPressEvent(event)

    def _buddy(self, text: str, widget: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(widget)
        return label

    # --- the program's settings -------------------------------------------------------
    def _load(self) -> None:
        def job(w: VaultWorker) -> tuple[core.Settings, list[str], seal.Seal]:
            vault = w.require()
            return (
                core.load(vault),
                services.service_types(vault),
                seal.ensure(vault, actor=vault.actor),
            )

        self.service.submit(job, self._show, self._failed)

    def _show(self, result: tuple[core.Settings, list[str], seal.Seal]) -> None:
        current, types, stamp = result
        self._show_seal(stamp)
        self._shown = self.changes_from(current)
        self.program.setText(current.program_name)
        self.program_address.setText(current.program_address)
        self.program_phone.setText(current.program_phone)
        self.practitioner.setText(current.practitioner)
        self.credentials.setText(current.credentials)
        self.page_size.setCurrentIndex(max(0, self.page_size.findData(current.page_size)))
        self.idle_minutes.setValue(current.idle_minutes)
        self.retention_months.setValue(current.retention_months)
        self.release_days.setValue(current.release_max_days)
        self._show_types(types)
        self.save_button.setEnabled(True)
        self.is_loaded = True
        self.loaded.emit()

    def _show_types(self, types: list[str]) -> None:
        self.types.clear()
        self.types.addItems(types)

    def _failed(self, exc: Exception) -> None:
        self.save_button.setEnabled(self.is_loaded)
        self.message.setText(plain_message(exc))

    @staticmethod
    def changes_from(current: core.Settings) -> dict[str, Any]:
        return {
            "program_name": current.program_name,
            "program_address": current.program_address,
            "program_phone": current.program_phone,
            "practitioner": current.practitioner,
            "credentials": current.credentials,
            "page_size": current.page_size,
            "idle_minutes": current.idle_minutes,
            "retention_months": current.retention_months,
            "release_max_days": current.release_max_days,
        }

    def changes(self) -> dict[str, Any]:
        """Only what the user changed: an unset program name must not stop a new lock time."""
        typed = {
            "program_name": self.program.text(),
            "program_address": self.program_address.text(),
            "program_phone": self.program_phone.text(),
            "practitioner": self.practitioner.text(),
            "credentials": self.credentials.text(),
            "page_size": self.page_size.currentData(),
            "idle_minutes": self.idle_minutes.value(),
            "retention_months": self.retention_months.value(),
            "release_max_days": self.release_days.value(),
        }
        return {k: v for k, v in typed.items() if self._shown.get(k) != v}

    def save(self) -> None:
        changes = self.changes()
        self.save_button.setEnabled(False)
        self.message.setText("")
        self.service.submit(lambda w: core.save(w.require(), changes), self._saved, self._failed)

    def _saved(self, saved: core.Settings) -> None:
        self.saved.emit(saved)
        self.accept()

    # --- service types --------------------------------------------------------------------
    def add_type(self) -> None:
        name = self.new_type.text()
        code = self.new_type_pmt.currentData()

        def job(w: VaultWorker) -> list[str]:
            vault = w.require()
            if not name.strip():
                services.add_service_type(
                    vault, name, actor=vault.actor
                )  # says the name is missing
            if code is None:
                raise InvalidInput(
                    "Choose the PMT category this type of service counts under (A to E, and "
                    "its sub-service), for the funder's report."
                )
            funder_entries.add_service_type(vault, name, str(code), actor=vault.actor)
            return services.service_types(vault)

        def done(types: list[str]) -> None:
            self.new_type.clear()
            self.new_type_pmt.setCurrentIndex(0)
            self.message.setText("")
            self._show_types(types)

        self.service.submit(job, done, self._failed)

    def map_type(self) -> None:
        """The PMT category of a type already in use (chosen in the category list)."""
        item = self.types.currentItem()
        code = self.new_type_pmt.currentData()
        if item is None:
            return
        if code is None:
            self.message.setText("Choose the PMT category in the list beside the new type.")
            return
        name = item.text()

        def done(_: object) -> None:
            self.message.setText(f"'{name}' now counts under {code} on the PMT report.")

        self.service.submit(
            lambda w: funder_entries.map_service_type(
                w.require(), name, str(code), actor=w.require().actor
            ),
            done,
            self._failed,
        )

    def retire_type(self) -> None:
        item = self.types.currentItem()
        if item is None:
            return
        name = item.text()

        def job(w: VaultWorker) -> list[str]:
            vault = w.require()
            services.retire_service_type(vault, name, actor=vault.actor)
            return services.service_types(vault)

        self.service.submit(job, self._show_types, self._failed)

    # --- the program seal ----------------------------------------------------------------
    def _show_seal(self, stamp: seal.Seal) -> None:
        soon = " It expires soon: renew it." if stamp.expires_soon() else ""
        groups = stamp.grouped.split()
        self.seal_fingerprint.setText(
            "Every PDF is sealed. Fingerprint (SHA-256):\n"
            + "\n".join(" ".join(groups[i : i + 8]) for i in range(0, len(groups), 8))
            + f"\nValid until {stamp.not_after.date().isoformat()}.{soon}"
        )

    def renew_seal(self) -> None:
        answer = QMessageBox.question(
            self,
            "Renew the seal",
            "Make a new seal for the program? PDFs sent from now on carry the new "
            "fingerprint: print a new verification card for your partner agencies. PDFs "
            "sent before still check.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.service.submit(
            lambda w: seal.renew(w.require(), actor=w.require().actor),
            self._show_seal,
            self._failed,
        )

    def _import_clicked(self) -> None:
        """Ask for the certificate, then its key, then import them."""
        options = QFileDialog.Option.DontUseNativeDialog
        cert, _ = QFileDialog.getOpenFileName(
            self,
            "The certificate from the certificate authority",
            "",
            "Certificates (*.cer *.crt *.pem *.der);;All files (*)",
            options=options,
        )
        if not cert:
            return
        key, _ = QFileDialog.getOpenFileName(
            self,
            "The certificate's private key",
            str(Path(cert).parent),
            "Keys (*.key *.pem *.der);;All files (*)",
            options=options,
        )
        if key:
            self.import_seal(Path(cert), Path(key))

    def import_seal(self, cert: Path, key: Path) -> None:
        """Use this certificate and key as the seal, on the vault's thread (the core
        refuses anything wrong before it changes anything)."""

        def done(stamp: seal.Seal) -> None:
            self._show_seal(stamp)
            self.message.setText(
                "The certificate is now the program's seal: print a new verification card "
                "for your partner agencies."
            )

        self.service.submit(
            lambda w: seal.import_seal(w.require(), cert, key, actor=w.require().actor),
            done,
            self._failed,
        )

    def _print_card_clicked(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self,
            "Save the verification card",
            "verification-card.pdf",
            "PDF files (*.pdf)",
            options=QFileDialog.Option.DontUseNativeDialog,
        )
        if name:
            self.print_card_to(Path(name))

    def print_card_to(self, dest: Path) -> None:
        """Write the card and the certificate (.cer) beside it, on the vault's thread."""
        from safefile.export.seal_card import Card, print_card

        def done(card: Card) -> None:
            self.message.setText(
                f"The verification card is in {card.pdf}, the certificate in {card.cer}."
            )

        self.service.submit(
            lambda w: print_card(w.require(), dest, actor=w.require().actor), done, self._failed
        )

    # --- this user's appearance ---------------------------------------------------------
    def chosen_appearance(self) -> appearance.Appearance:
        return appearance.Appearance(
            str(self.text_size.currentData()), self.high_contrast.isChecked()
        )

    def _appearance_changed(self) -> None:
        from PySide6.QtWidgets import QApplication

        prefs = self.chosen_appearance()
        try:
            appearance.save(prefs)
        except OSError:
            self.message.setText(
                "SafeFile could not keep this choice for next time; it applies "
                "until you close SafeFile."
            )
        app = QApplication.instance()
        if isinstance(app, QApplication):
            appearance.apply(app, prefs)
