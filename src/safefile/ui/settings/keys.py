"""Changing the passphrase, re-keying, and a new recovery key, from the app.

Every change asks for the current passphrase first: a person at an unlocked desk must
not be able to take the vault over.  "Someone else may know it" re-keys (a new data key,
the documents sealed again, a new recovery key; ``Vault.rekey``).  A recovery key is
shown once and the user proves it was written down by typing two of its groups back.
The rules (passphrase strength, which key opens what) live in the core; this module only
asks and shows.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from safefile import passphrase as rules
from safefile.errors import InvalidInput
from safefile.store import keys, memberslots
from safefile.store.keyring import unwrap_data_key
from safefile.ui.worker import VaultService, VaultWorker, plain_message

if TYPE_CHECKING:
    from safefile.store.vault import Vault

OLD_BACKUPS = (
    "Backups made before now still open with the old passphrase (and the old recovery "
    "key). Make a fresh backup now, then destroy the older ones."
)
STRENGTH = ("too weak", "weak", "fair", "good", "strong")


def _secret(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setAccessibleName(name)
    edit.setMinimumWidth(edit.fontMetrics().averageCharWidth() * 36)
    return edit


def _error_label() -> QLabel:
    label = QLabel("")
    label.setObjectName("error")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def prove_own_passphrase(vault: Vault, current: str) -> None:
    """``WrongKey`` unless ``current`` is the session's own passphrase: on a vault of
    staff members (issue 28) the one of the member who unlocked (their slot), else the
    vault's."""
    if vault.header.members:
        mine = next((s for s in vault.header.members if s.member_id == vault.signer_uid), None)
        if mine is None or vault.signer is None:
            raise InvalidInput(
                "This session was opened with the recovery key: lock, then unlock with your "
                "own name and passphrase to change it."
            )
        _, data_key = memberslots.open_slot(mine, current, vault_id=vault.header.vault_id)
    else:
        data_key = unwrap_data_key(vault.header, passphrase=current)
    keys.wipe(data_key)


@dataclass(frozen=True)
class Changed:
    """What a change of passphrase did: a new recovery key when the vault was re-keyed."""

    rekeyed: bool
    recovery_key: str | None


class ChangePassphraseDialog(QDialog):
    """Emits ``changed(Changed)`` once the core has changed the passphrase."""

    changed = Signal(object)

    def __init__(self, service: VaultService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.setWindowTitle("Change the passphrase")
        self.current = _secret("Current passphrase")
        self.new1 = _secret("New passphrase")
        self.new2 = _secret("New passphrase again")
        self.strength = QLabel(f"Strength: {STRENGTH[0]}")
        self.strength.setAccessibleName("Passphrase strength")
        self.rekey = QCheckBox(
            "&Someone else may know the current passphrase or has seen the recovery key"
        )
        rekey_help = QLabel(
            "Then SafeFile also changes the key that encrypts everything and gives you a "
            "new recovery key. This takes a little longer."
        )
        rekey_help.setWordWrap(True)
        form = QFormLayout()
        for text, edit in (
            ("&Current passphrase", self.current),
            ("&New passphrase", self.new1),
            ("New passphrase &again", self.new2),
        ):
            label = QLabel(text)
            label.setBuddy(edit)
            form.addRow(label, edit)
        form.addRow("", self.strength)
        self.message = _error_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.save_button.setText("C&hange passphrase")
        self.save_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                f"At least {rules.MIN_LENGTH} characters. Several words you can remember are best."
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.rekey)
        layout.addWidget(rekey_help)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.new1.textChanged.connect(
            lambda text: self.strength.setText(f"Strength: {STRENGTH[rules.strength(text)]}")
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.current.setFocus()

    def save(self) -> None:
        current, new, again = self.current.text(), self.new1.text(), self.new2.text()
        if new != again:
            self.message.setText("The two new passphrases differ. Type the new one again.")
            self.new2.clear()
            self.new2.setFocus()
            return
        rekey = self.rekey.isChecked()

        def job(w: VaultWorker) -> Changed:
            vault = w.require()
            if not current:
                raise InvalidInput("Type the current passphrase first.")
            prove_own_passphrase(vault, current)  # WrongKey if it is not
            if rekey:
                return Changed(True, vault.rekey(new))
            vault.change_passphrase(new)
            return Changed(False, None)

        def done(result: Changed) -> None:
            for edit in (self.current, self.new1, self.new2):
                edit.clear()
            self.changed.emit(result)
            self.accept()

        def failed(exc: Exception) -> None:
            self.save_button.setEnabled(True)
            self.message.setText(plain_message(exc))

        self.save_button.setEnabled(False)
        self.message.setText("Changing the passphrase…")
        self.service.submit(job, done, failed)


class NewRecoveryKeyDialog(QDialog):
    """Asks for the passphrase, then makes a new recovery key; emits ``issued(key)``."""

    issued = Signal(str)

    def __init__(self, service: VaultService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.setWindowTitle("A new recovery key")
        self.current = _secret("Passphrase")
        explain = QLabel(
            "A new recovery key replaces the old one, which stops working at once. Use this "
            "if the old one was lost or someone else may have seen it."
        )
        explain.setWordWrap(True)
        form = QFormLayout()
        label = QLabel("&Passphrase")
        label.setBuddy(self.current)
        form.addRow(label, self.current)
        self.message = _error_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.save_button.setText("&Make a new recovery key")
        self.save_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.current.setFocus()

    def save(self) -> None:
        current = self.current.text()

        def job(w: VaultWorker) -> str:
            return w.require().issue_recovery_key(current)

        def done(key: str) -> None:
            self.current.clear()
            self.issued.emit(key)
            self.accept()

        def failed(exc: Exception) -> None:
            self.save_button.setEnabled(True)
            self.message.setText(plain_message(exc))

        self.save_button.setEnabled(False)
        self.service.submit(job, done, failed)


class RecoveryKeyDialog(QDialog):
    """Shows a new recovery key once; Done only after two of its groups are typed back."""

    def __init__(self, key: str, note: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Your new recovery key")
        self._key = key
        groups = len(key.split("-"))
        self.asked = tuple(sorted(secrets.SystemRandom().sample(range(groups), 2)))
        shown = QLabel(key)
        shown.setObjectName("recoverykey")
        shown.setAccessibleName("Recovery key")
        shown.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.shown = shown
        intro = QLabel(
            "Write this key down by hand and keep it somewhere safe and locked away. It "
            "opens the vault if the passphrase is lost. It is shown only now: if this "
            "window closes before you have written it down, make another one (File > "
            "A new recovery key…)."
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        self.typed: dict[int, QLineEdit] = {}
        for index in self.asked:
            edit = QLineEdit()
            edit.setMaxLength(8)
            edit.setAccessibleName(f"Group {index + 1} of the recovery key")
            label = QLabel(f"Type group &{index + 1} as you wrote it")
            label.setBuddy(edit)
            form.addRow(label, edit)
            self.typed[index] = edit
            edit.textChanged.connect(self._check)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(shown)
        if note:
            extra = QLabel(note)
            extra.setWordWrap(True)
            layout.addWidget(extra)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.done_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.done_button.setText("&Done")
        self.done_button.setEnabled(False)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.typed[self.asked[0]].setFocus()

    def _check(self) -> None:
        ok = all(keys.group_matches(self._key, i, e.text()) for i, e in self.typed.items())
        self.done_button.setEnabled(ok)

    def done(self, result: int) -> None:
        self.shown.clear()
        self._key = ""
        super().done(result)
