"""Birth date and household: at intake (Add client) and later (the file's Overview).

The minors' rules live in the core (``consent/people.py``) and read what these forms
record: a birth date (or just the year), and a household in which a file is a parent's,
a child's or another member's.  Files stay separate; a household only links them.  The
forms gather; ``records.set_born``, ``records.join_household`` and
``records.leave_household`` decide and record, on the vault's thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from safefile import records
from safefile.records.models import Client
from safefile.ui.form_dialog import FormDialog
from safefile.ui.worker import VaultService, VaultWorker

ROLES = (("a child", "child"), ("a parent or guardian", "parent"), ("another member", "other"))
BORN_HINT = "YYYY-MM-DD, or just the year"
CLIENTS_SHOWN = 5000  # the picker's list: every client of a small program


def client_words(c: Client) -> str:
    """A client as a picker shows them: the name, and what tells two of a name apart."""
    extra = [f"born {c.born}" if c.born else "", f"case {c.case_number}" if c.case_number else ""]
    more = ", ".join(e for e in extra if e)
    return f"{c.name} ({more})" if more else c.name


def forget_when_closed(widget: QWidget, forget: Callable[[], None]) -> None:
    """Call ``forget`` when ``widget``'s dialog closes (saved, cancelled or locked): a
    closed dialog waiting to be deleted keeps no list of clients' names."""
    window = widget.window()
    if isinstance(window, QDialog):
        window.finished.connect(lambda _: forget())


def _roles(name: str) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    for words, role in ROLES:
        combo.addItem(words, role)
    return combo


def born_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setAccessibleName("Date of birth, or the year")
    edit.setPlaceholderText(BORN_HINT)
    edit.setToolTip(
        "A minor's release needs a parent or guardian, and a child-protection report "
        "concerns a minor only: SafeFile can apply those rules only when it knows the age."
    )
    return edit


class HouseholdPicker(QObject):
    """With which client's household this file is linked, in which role (and, when that
    client has no household yet, theirs): rows added to the dialog's own form."""

    def __init__(
        self,
        service: VaultService,
        form: QFormLayout,
        this_client: int | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.clients: dict[int, Client] = {}
        self.this_client = this_client
        self.form = form
        self.household = QComboBox()
        self.household.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.household.setMinimumContentsLength(32)
        self.household.setEditable(True)  # type a name to find the client
        self.household.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.household.setAccessibleName("Same household as")
        self.household.addItem("No one (not in a household)", None)
        completer = self.household.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.role = _roles("This client's role in the household")
        self.with_role = _roles("The other client's role in the household")
        self.with_role.setCurrentIndex(1)  # a child's file is most often linked to a parent's
        self.with_role_label = QLabel("&Their role")
        self.with_role_label.setBuddy(self.with_role)
        form.addRow("Same &household as", self.household)
        form.addRow("This client &is", self.role)
        form.addRow(self.with_role_label, self.with_role)
        self.household.currentIndexChanged.connect(self._chosen)
        self._chosen()
        service.submit(
            lambda w: records.list_clients(w.require(), status="all", limit=CLIENTS_SHOWN),
            self._fill,
        )

    def _fill(self, clients: list[Client]) -> None:
        for c in clients:
            if c.id != self.this_client:
                self.clients[c.id] = c
                self.household.addItem(client_words(c), c.id)
        forget_when_closed(self.household, self.forget)

    def forget(self) -> None:
        """Drop every other client's name the list holds (the dialog closed or locked)."""
        self.clients.clear()
        while self.household.count() > 1:
            self.household.removeItem(self.household.count() - 1)

    def chosen(self) -> int | None:
        data = self.household.currentData()
        return int(data) if data is not None else None

    def _chosen(self) -> None:
        other = self.clients.get(self.chosen() or -1)
        self.role.setEnabled(other is not None)
        needs = other is not None and other.household_id is None
        if self.form.isRowVisible(self.with_role) != needs:
            self.form.setRowVisible(self.with_role, needs)
            window = self.household.window()
            if window.isVisible():  # room for the row shown, nothing squeezed
                window.adjustSize()

    def link(self) -> tuple[int, str, str | None] | None:
        """(the other client, this client's role, theirs if asked) or None."""
        other = self.chosen()
        if other is None:
            return None
        other_client = self.clients.get(other)
        asked = other_client is not None and other_client.household_id is None
        theirs = self.with_role.currentData() if asked else None
        return other, str(self.role.currentData()), theirs


class IntakeFields(QObject):
    """What Add client records beyond the name: birth date, household, safe contact, as
    rows of the dialog's own form (so they line up with its name and case number)."""

    def __init__(self, service: VaultService, form: QFormLayout, parent: QObject) -> None:
        super().__init__(parent)
        self.born = born_edit()
        form.addRow("&Born (optional)", self.born)
        self.picker = HouseholdPicker(service, form, parent=self)
        self.contact_safe = QCheckBox("It is &safe to contact the client")
        self.contact_how = QLineEdit()
        self.contact_how.setAccessibleName("How to contact safely")
        self.contact_how.setPlaceholderText("e.g. text only, weekdays; never leave a voicemail")
        form.addRow(self.contact_safe)
        form.addRow("How to &contact safely", self.contact_how)

    def data(self) -> dict[str, object]:
        return {
            "born": self.born.text().strip() or None,
            "contact_safe": self.contact_safe.isChecked(),
            "contact_how": self.contact_how.text(),
        }


class BornDialog(FormDialog):
    """Record or correct the client's birth date (or birth year)."""

    def __init__(self, service: VaultService, client: Client, parent: QWidget | None = None):
        super().__init__(
            service,
            "Birth date",
            "The date of birth, or just the year if that is all the client gives. SafeFile "
            "uses it for the rules about minors (who signs a release, a child-protection "
            "report). Leave it empty to remove it.",
            "&Save the birth date",
            parent,
        )
        self.client_id = client.id
        self.born = born_edit()
        self.born.setText(client.born or "")
        self.form.addRow("&Born", self.born)

    def job(self) -> Any:
        cid, born = self.client_id, self.born.text().strip() or None
        return lambda w: records.set_born(w.require(), cid, born, actor=w.require().actor)


class HouseholdDialog(FormDialog):
    """Link the file with another client's household, change its role, or take it out."""

    def __init__(
        self,
        service: VaultService,
        client: Client,
        members: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            service,
            "Household",
            "A household links files (a parent's and a child's) without merging them: each "
            "keeps its own record, releases and restricted people. A child in a household is "
            f"treated as a minor until a birth date says otherwise.\n\nNow: {members}",
            "&Save the household",
            parent,
        )
        self.client_id = client.id
        self.in_household = client.household_id is not None
        self.picker = HouseholdPicker(service, self.form, client.id, self)
        if client.household_role is not None:
            role = self.picker.role
            role.setCurrentIndex(role.findData(client.household_role))
        self.leave = QCheckBox("&Take this file out of its household")
        self.leave.setVisible(self.in_household)
        self.form.addRow(self.leave)

    def job(self) -> Any:
        cid, link, leave = self.client_id, self.picker.link(), self.leave.isChecked()

        def job(w: VaultWorker) -> None:
            vault = w.require()
            if leave:
                records.leave_household(vault, cid, actor=vault.actor)
            elif link is not None:
                records.join_household(vault, cid, *link, actor=vault.actor)
            else:
                raise_nothing_chosen()

        return job


def raise_nothing_chosen() -> None:
    from safefile.errors import InvalidInput

    raise InvalidInput(
        "Choose the client whose household this file joins, or tick the box to take it out."
    )


__all__ = [
    "BornDialog",
    "HouseholdDialog",
    "HouseholdPicker",
    "IntakeFields",
    "client_words",
]
