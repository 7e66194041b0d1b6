"""Settings › Staff: the vault's members, and the administrator's changes to them (issue 28).

Everything goes through the core (``safefile.staff.admin``), which checks the session's
role at each call: the page is shown to administrators only, but hiding it is not the
rule.  Adding a member needs no other passphrase than the new member's (the
administrator's session is unlocked); removing one re-keys the vault, a long job on the
vault's thread like every other.  Who makes each change is the session's member, never
a name typed here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safefile.errors import InvalidInput
from safefile.staff.roles import Role
from safefile.ui.form_dialog import FormDialog
from safefile.ui.tables import RowsModel, selected_row, table_view
from safefile.ui.worker import VaultService, VaultWorker, plain_message

if TYPE_CHECKING:
    from safefile.records.models import Client
    from safefile.staff.members import Member

ROLE_WORDS = {
    Role.ADVOCATE: "Advocate (works client files, shares through the release rules)",
    Role.SUPERVISOR: "Supervisor (also destroys, holds, reports, reads the logs)",
    Role.ADMINISTRATOR: "Administrator (also staff, keys, settings, imports, restores)",
    Role.VOLUNTEER: "Volunteer (anonymous contacts only: sees no client file)",
}
FIRST_MEMBER = (
    "This vault has no staff accounts yet. Adding the first member makes you its first "
    "administrator: you then unlock with your name and your current passphrase. Type "
    "your own passphrase below once to confirm it."
)
REMOVE_WARNING = (
    "Remove {name} from the vault's staff?\n\n"
    "Their key is dropped and the whole vault is re-keyed: this takes a little while, and "
    "every other member keeps their own passphrase. {name}'s old passphrase will open no "
    "backup made after this; backups made before still open with it, so make a fresh "
    "backup now and destroy the older ones.\n\n"
    "Their past entries and signatures stay in the record."
)


def _administrator(service: VaultService) -> bool:
    """Whether the open session is an administrator's (read as ``ui/day.py`` reads the
    vault's clock; the core checks the role again at every call)."""
    vault = service.worker.vault
    return vault is not None and vault.is_open and vault.actor.role == Role.ADMINISTRATOR


def _cells(m: Member) -> tuple[str, str, str, str]:
    return (m.name, m.credentials, m.role.value, "yes" if m.active else "removed")


def _secret(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setAccessibleName(name)
    return edit


def _roles(choose: Role = Role.ADVOCATE) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName("Role")
    for role, words in ROLE_WORDS.items():
        combo.addItem(words, role)
    combo.setCurrentIndex(max(0, combo.findData(choose)))
    return combo


class AddMemberDialog(FormDialog):
    """A new member: name, role, credentials and their own passphrase, twice.

    On a vault without staff accounts yet (``first``), the first member added makes the
    practitioner its first administrator with their current passphrase, which the core
    asks for once (``admin.add_member(..., admin_passphrase=)``): that field is shown
    then only."""

    def __init__(
        self, service: VaultService, parent: QWidget | None = None, *, first: bool = False
    ) -> None:
        super().__init__(
            service,
            "Add a staff member",
            "The new member unlocks SafeFile with their name and their own passphrase; "
            "what they may do is set by their role. Let them type the passphrase "
            "themselves, and never write it down where others can read it.",
            "&Add the member",
            parent,
        )
        self.name = QLineEdit()
        self.name.setAccessibleName("Name")
        self.name.setPlaceholderText("e.g. Maria Lopez")
        self.role = _roles()
        self.credentials = QLineEdit()
        self.credentials.setAccessibleName("Credentials")
        self.credentials.setPlaceholderText("optional, e.g. LCSW")
        self.passphrase = _secret("The new member's passphrase")
        self.again = _secret("The new member's passphrase again")
        self.yours = _secret("Your own current passphrase")
        rows: tuple[tuple[str, QWidget], ...] = (
            ("&Name", self.name),
            ("&Role", self.role),
            ("&Credentials", self.credentials),
            ("&Passphrase", self.passphrase),
            ("Passphrase a&gain", self.again),
        )
        if first:
            rows += (("&Your own passphrase", self.yours),)
            self.form.addRow(QLabel(FIRST_MEMBER))
        for text, edit in rows:
            label = QLabel(text)
            label.setBuddy(edit)
            self.form.addRow(label, edit)
        self.first = first
        order = tuple(edit for _, edit in rows)
        for a, b in zip(order, (*order[1:], self.save_button), strict=True):
            QWidget.setTabOrder(a, b)
        self.name.setFocus()

    def save(self) -> None:
        if self.passphrase.text() != self.again.text():
            self.message.setText("The two passphrases differ. Type the second again.")
            self.again.clear()
            self.again.setFocus()
            return
        super().save()

    def job(self) -> Any:
        name, credentials = self.name.text(), self.credentials.text()
        role, passphrase = Role(self.role.currentData()), self.passphrase.text()
        yours = self.yours.text() if self.first else None

        def job(w: VaultWorker) -> Member:
            from safefile.staff import admin

            vault = w.require()
            return admin.add_member(
                vault,
                name=name,
                role=role,
                passphrase=passphrase,
                credentials=credentials,
                actor=vault.actor,
                admin_passphrase=yours,
            )

        return job

    def _done(self, result: object) -> None:
        for edit in (self.passphrase, self.again, self.yours):
            edit.clear()
        super()._done(result)


class RoleDialog(FormDialog):
    """A member's new role."""

    def __init__(self, service: VaultService, member: Member, parent: QWidget | None = None):
        super().__init__(
            service,
            "Change a staff member's role",
            f"What {member.name} may do from their next action on.",
            "&Change the role",
            parent,
        )
        self.member_name = member.name
        self.role = _roles(member.role)
        label = QLabel("&Role")
        label.setBuddy(self.role)
        self.form.addRow(label, self.role)
        self.role.setFocus()

    def job(self) -> Any:
        name, role = self.member_name, Role(self.role.currentData())

        def job(w: VaultWorker) -> Member:
            from safefile.staff import admin

            vault = w.require()
            return admin.change_role(vault, name, role, actor=vault.actor)

        return job


class RestrictFileDialog(FormDialog):
    """Close a client's file to a member who knows the client (or the person who harmed
    them): to that member the file is not there."""

    def __init__(
        self,
        service: VaultService,
        members: list[Member],
        clients: list[Client],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            service,
            "Close a file to a staff member",
            "For a member who knows the client personally, or is related to the person who "
            "caused harm. That member will not find, open, count or send the file; SafeFile "
            "records each attempt without telling them the client's name. Only an "
            "administrator can undo it.",
            "C&lose the file to them",
            parent,
        )
        self.member = QComboBox()
        self.member.setAccessibleName("Staff member")
        for m in members:
            if m.active:
                self.member.addItem(m.signs_as, m.name)
        self.client = QComboBox()
        self.client.setAccessibleName("Client")
        self.client.setEditable(True)  # type to find the client
        self.client.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.client.addItem("", None)
        for c in clients:
            case = f" ({c.case_number})" if c.case_number else ""
            self.client.addItem(f"{c.name}{case}", c.id)
        completer = self.client.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Reason")
        self.reason.setPlaceholderText("e.g. knows the client from church")
        for text, edit in (
            ("Staff &member", self.member),
            ("C&lient", self.client),
            ("&Reason", self.reason),
        ):
            label = QLabel(text)
            label.setBuddy(edit)
            self.form.addRow(label, edit)
        self.member.setFocus()

    def chosen_client(self) -> int | None:
        index = self.client.findText(self.client.currentText())
        data = self.client.itemData(index) if index >= 0 else None
        return data if isinstance(data, int) else None

    def save(self) -> None:
        if self.chosen_client() is None:
            self.message.setText("Choose the client from the list.")
            self.client.setFocus()
            return
        super().save()

    def job(self) -> Any:
        name, client_id = str(self.member.currentData() or ""), self.chosen_client()
        reason = self.reason.text()
        if client_id is None:  # (save() asks for the client first)
            raise InvalidInput("Choose the client from the list.")

        def job(w: VaultWorker) -> None:
            from safefile.staff import admin

            vault = w.require()
            admin.restrict_file(vault, name, client_id, reason=reason, actor=vault.actor)

        return job


class StaffPage(QGroupBox):
    """The members and the buttons that change them; shown to administrators only."""

    changed = Signal()

    def __init__(self, service: VaultService, parent: QWidget | None = None) -> None:
        super().__init__("Staff", parent)
        self.setObjectName("staffPage")
        self.service = service
        self.model: RowsModel[Member] = RowsModel(("Name", "Credentials", "Role", "Active"), _cells)
        self.table = table_view(self.model, "Staff members", (140, 75, 120))
        self.table.setObjectName("staffList")
        self.table.setMinimumHeight(120)
        self.add_button = QPushButton("Add a &member…")
        self.add_button.setObjectName("staffAdd")
        self.role_button = QPushButton("Change r&ole…")
        self.role_button.setObjectName("staffRole")
        self.remove_button = QPushButton("Remo&ve…")
        self.remove_button.setObjectName("staffRemove")
        self.restrict_button = QPushButton("Close a &file to a member…")
        self.restrict_button.setObjectName("staffRestrictFile")
        self.message = QLabel("")
        self.message.setObjectName("error")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setAccessibleName("Staff message")
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        buttons = QGridLayout()  # two by two: the settings fit a small screen in large text
        buttons.addWidget(self.add_button, 0, 0)
        buttons.addWidget(self.role_button, 0, 1)
        buttons.addWidget(self.remove_button, 1, 0)
        buttons.addWidget(self.restrict_button, 1, 1)
        buttons.setColumnStretch(2, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.add_button.clicked.connect(lambda: self.add_dialog().open())
        self.role_button.clicked.connect(self._role_clicked)
        self.remove_button.clicked.connect(self._remove_clicked)
        self.restrict_button.clicked.connect(self._restrict_clicked)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selected())
        self.model.modelReset.connect(self._selected)
        # Shown at once for an administrator's session (the dialog's layout is settled
        # before it appears); the load below decides again on the vault's thread.
        self.setVisible(_administrator(service))
        self.first = False  # the vault has no staff accounts yet
        self.refresh()

    # --- the list ---------------------------------------------------------------------
    def refresh(self) -> None:
        def job(w: VaultWorker) -> list[Member] | None:
            vault = w.require()
            if Role(vault.actor.role) is not Role.ADMINISTRATOR:
                return None  # not shown; the core refuses the changes anyway
            from safefile.staff import admin

            return admin.members(vault, removed=True)

        self.service.submit(job, self._show, self._failed)

    def _show(self, members: list[Member] | None) -> None:
        self.setVisible(members is not None)
        self.model.set_items(members or [])
        self.first = not members  # no staff accounts yet: the practitioner alone
        if self.first and members is not None:
            self.message.setText(
                "No staff accounts yet: you are this vault's only user. Add a member to "
                "give each person their own name and passphrase."
            )

    def _failed(self, exc: Exception) -> None:
        self.message.setText(plain_message(exc))

    def _selected(self) -> None:
        m = self.current()
        self.role_button.setEnabled(m is not None and m.active)
        self.remove_button.setEnabled(m is not None and m.active)

    def current(self) -> Member | None:
        return self.model.item(selected_row(self.table))

    def _changed(self, text: str) -> None:
        self.message.setText(text)
        self.refresh()
        self.changed.emit()

    # --- the changes ------------------------------------------------------------------
    def add_dialog(self) -> AddMemberDialog:
        dialog = AddMemberDialog(self.service, self, first=self.first)
        dialog.saved.connect(
            lambda m: self._changed(
                f"{m.name} was added. They unlock with their name and their own passphrase."
            )
        )
        return dialog

    def _role_clicked(self) -> None:
        m = self.current()
        if m is not None:
            self.role_dialog(m).open()

    def role_dialog(self, member: Member) -> RoleDialog:
        dialog = RoleDialog(self.service, member, self)
        dialog.saved.connect(lambda m: self._changed(f"{m.name} is now {m.role.with_article}."))
        return dialog

    def _remove_clicked(self) -> None:
        m = self.current()
        if m is None:
            return
        answer = QMessageBox.question(
            self, "Remove a staff member", REMOVE_WARNING.format(name=m.name)
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.remove(m.name)

    def remove(self, name: str) -> None:
        """Remove the member and re-key the vault, on the vault's thread."""

        def job(w: VaultWorker) -> str | None:
            from safefile.staff import admin

            vault = w.require()
            return admin.remove_member(vault, name, actor=vault.actor)

        def failed(exc: Exception) -> None:
            self.setEnabled(True)
            self._failed(exc)

        def done(recovery_key: str | None) -> None:
            self.setEnabled(True)
            self._changed(
                f"{name} was removed and the vault re-keyed. Make a fresh backup now: "
                "backups made before still open with their old passphrase."
            )
            if recovery_key:  # the old one opened the old key only: shown once, now
                from safefile.ui.settings.keys import OLD_BACKUPS, RecoveryKeyDialog

                RecoveryKeyDialog(recovery_key, OLD_BACKUPS, self).open()

        self.setEnabled(False)
        self.message.setText(f"Removing {name} and re-keying the vault…")
        self.service.submit(job, done, failed)

    def _restrict_clicked(self) -> None:
        def job(w: VaultWorker) -> tuple[list[Member], list[Client]]:
            from safefile.records.clients import count_clients, list_clients
            from safefile.staff import admin

            vault = w.require()
            return admin.members(vault), list_clients(vault, limit=count_clients(vault) + 1)

        def show(found: tuple[list[Member], list[Client]]) -> None:
            self.restrict_dialog(*found).open()

        self.service.submit(job, show, self._failed)

    def restrict_dialog(self, members: list[Member], clients: list[Client]) -> RestrictFileDialog:
        dialog = RestrictFileDialog(self.service, members, clients, self)
        dialog.saved.connect(
            lambda _: self._changed("The file is closed to that member from now on.")
        )
        return dialog

    def clear(self) -> None:
        self.model.clear()
        self.message.clear()


__all__ = ["AddMemberDialog", "RestrictFileDialog", "RoleDialog", "StaffPage"]
