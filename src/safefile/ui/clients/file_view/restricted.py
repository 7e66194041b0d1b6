"""The people restricted for this client: no consent is accepted from them, and they never
receive the client's information (docs/rules.md, "Who may consent").

The list is as confidential as process notes: hidden until asked for (reading it is
audited), read on its own and not kept once hidden or when another file opens.  It
holds this client's entries and those on a household member's file, which apply
here too.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from safefile.consent import people
from safefile.ui.clients.file_view.base import FileTab
from safefile.ui.clients.file_view.data import FileData
from safefile.ui.clients.file_view.widgets import Message, button, row
from safefile.ui.tables import RowsModel, table_view
from safefile.ui.worker import VaultService, VaultWorker, plain_message

RESTRICTED_EXPLAINED = (
    "People named here (for example the person who harmed the client, or the child's "
    "other parent under a protective order) are never accepted as the signer of a "
    "release, never receive the client's information as a contact person, and cannot "
    "ask for the client's own copy. An entry on a household member's file applies to "
    "this client too. The list is confidential: it never leaves SafeFile."
)


class RestrictedTab(FileTab):
    title = "Restricted people"
    changed = Signal()

    def __init__(self, service: VaultService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.client_id: int | None = None
        self._generation = 0
        self.stack = QStackedWidget()
        hidden = QWidget()
        explain = QLabel(RESTRICTED_EXPLAINED)
        explain.setWordWrap(True)
        self.show_button = button("Sho&w restricted people", "Show restricted people")
        h = QVBoxLayout(hidden)
        h.addWidget(explain)
        h.addLayout(row(self.show_button))
        h.addStretch()
        shown = QWidget()
        self.model: RowsModel[people.Restriction] = RowsModel(
            ("Person", "On whose file", "Added", "Why"), self._cells
        )
        self.table = table_view(self.model, "Restricted people", (180, 190, 100))
        self.person = QLineEdit()
        self.person.setAccessibleName("Name of the person to restrict")
        self.aliases = QLineEdit()
        self.aliases.setAccessibleName("Other names the person goes by, separated by commas")
        self.aliases.setPlaceholderText("nicknames, other spellings: separated by commas")
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Why no consent is accepted from them")
        self.reason.setPlaceholderText("e.g. named in a protective order")
        form = QFormLayout()
        form.addRow("&Name", self.person)
        form.addRow("Also &known as", self.aliases)
        form.addRow("&Why", self.reason)
        self.add_button = button("&Add to the list", "Add the person to the restricted list")
        self.hide_button = button("Hi&de restricted people", "Hide restricted people")
        self.message = Message("Message about restricted people")
        s = QVBoxLayout(shown)
        s.addWidget(self.table, 1)
        s.addLayout(form)
        s.addLayout(row(self.add_button, self.hide_button))
        s.addWidget(self.message)
        self.stack.addWidget(hidden)
        self.stack.addWidget(shown)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.models = (self.model,)
        self.labels = (self.message,)
        self._open = False
        self.show_button.clicked.connect(self.reveal)
        self.hide_button.clicked.connect(self.conceal)
        self.add_button.clicked.connect(self.add)

    def _cells(self, r: people.Restriction) -> tuple[str, ...]:
        whose = (
            "this client" if r.client_id == self.client_id else f"household member {r.client_id}"
        )
        also = f" (also: {', '.join(r.aliases)})" if r.aliases else ""
        return (r.person + also, whose, r.added_at[:10], r.reason)

    @property
    def revealed(self) -> bool:
        return self.stack.currentIndex() == 1

    def reveal(self) -> None:
        self.stack.setCurrentIndex(1)
        self._buttons()
        self.load()

    def conceal(self) -> None:
        """Hidden means not kept: the rows go."""
        self._generation += 1
        self.model.clear()
        self.person.clear()
        self.aliases.clear()
        self.reason.clear()
        self.message.clear()
        self.stack.setCurrentIndex(0)
        self._buttons()

    def load(self) -> None:
        cid = self.client_id
        if cid is None or not self.revealed:
            return
        self._generation += 1
        gen = self._generation

        def shown(found: list[people.Restriction]) -> None:
            if gen == self._generation and cid == self.client_id and self.revealed:
                self.model.set_items(found)

        def job(w: VaultWorker) -> list[people.Restriction]:
            return people.list_restrictions(w.require(), cid, actor=w.require().actor)

        self.service.submit(job, shown, lambda e: self.message.setText(plain_message(e)))

    def add(self) -> None:
        cid, person, reason = self.client_id, self.person.text(), self.reason.text()
        aliases = tuple(a.strip() for a in self.aliases.text().split(",") if a.strip())
        if cid is None:
            return

        def done(_: object) -> None:
            self.person.clear()
            self.aliases.clear()
            self.reason.clear()
            self.message.clear()
            self.load()

        self.service.submit(
            lambda w: people.add_restriction(
                w.require(), cid, person, reason, aliases=aliases, actor=w.require().actor
            ),
            done,
            lambda e: self.message.setText(plain_message(e)),
        )

    def show_data(self, data: FileData) -> None:
        if data.file.client.id != self.client_id:
            self.conceal()
            self.client_id = data.file.client.id
        self.set_open(True)

    def clear(self) -> None:
        self.conceal()
        self.client_id = None
        self.person.clear()
        self.aliases.clear()
        self.reason.clear()
        super().clear()

    def set_open(self, is_open: bool) -> None:
        self._open = is_open
        self._buttons()

    def shown_texts(self) -> list[str]:
        typed = [self.person.text(), self.aliases.text(), self.reason.text()]
        return [*super().shown_texts(), *(t for t in typed if t)]

    def _buttons(self) -> None:
        self.show_button.setEnabled(self._open)
        self.hide_button.setEnabled(self._open and self.revealed)
        self.add_button.setEnabled(self._open and self.revealed)
