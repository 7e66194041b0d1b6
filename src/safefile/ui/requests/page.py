"""Clients' requests for their own copy: when each is due, which are overdue, and the one
extension.  Every rule and message comes from :mod:`safefile.consent.own_copy`; this page
only asks and shows.  The client's name is shown here as on the client list (it is the
program's own screen), never in a window title.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safefile.clock import today
from safefile.consent import own_copy
from safefile.errors import InvalidInput
from safefile.records import clients as client_records
from safefile.ui.clients.picker import ClientPicker
from safefile.ui.day import qtoday
from safefile.ui.form_dialog import FormDialog
from safefile.ui.tables import RowsModel, selected_row, table_view
from safefile.ui.worker import VaultService, VaultWorker

CHOOSE_CLIENT = "Choose the client first: type part of their name, then pick them from the list."
CAPACITY_WORDS = {"": "the client", **own_copy.CAPACITIES}


@dataclass(frozen=True)
class RequestRow:
    request: own_copy.OwnCopyRequest
    client: str
    state: str
    overdue: bool


def _cells(r: RequestRow) -> tuple[str, ...]:
    q = r.request
    return (q.ref, r.client, q.received_on.isoformat(), q.requester, r.state)


def load_rows(w: VaultWorker, overdue_only: bool) -> list[RequestRow]:
    vault = w.require()
    on = today(vault.clock)
    rows: list[RequestRow] = []
    names: dict[int, str] = {}
    for q in own_copy.list_requests(vault, overdue=overdue_only):
        if q.client_id not in names:
            names[q.client_id] = client_records.get_client(vault, q.client_id).name
        rows.append(RequestRow(q, names[q.client_id], q.state(on), q.overdue_on(on)))
    return rows


def overdue_count(w: VaultWorker) -> int:
    return len(own_copy.list_requests(w.require(), overdue=True))


def _date_edit(name: str, today: QDate) -> QDateEdit:
    edit = QDateEdit(today)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setCalendarPopup(True)
    edit.setMaximumDate(today)
    edit.setAccessibleName(name)
    return edit


def _to_date(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


class RequestDialog(FormDialog):
    """Record a request for the client's own copy, when it is received."""

    def __init__(self, service: VaultService, client_id: int | None = None) -> None:
        super().__init__(
            service,
            "A request for the client's own copy",
            "Record the request the day it arrives. It is due in 30 calendar days. Check the "
            "requester's identity first; someone asking for the client needs the capacity "
            "and authority to do so.",
            "&Record the request",
        )
        # The client of the open file, or found by name: never a number (issue 23).
        self.client = ClientPicker(service, client_id)
        self.received = _date_edit("Date received", qtoday(service))
        self.identity = QLineEdit()
        self.identity.setAccessibleName("How the identity was checked")
        self.identity.setPlaceholderText("e.g. photo ID seen in person")
        self.capacity = QComboBox()
        self.capacity.setAccessibleName("Who asks")
        for key, words in CAPACITY_WORDS.items():
            self.capacity.addItem(words, key)
        self.representative = QLineEdit()
        self.representative.setAccessibleName("Representative's name")
        self.authority = QLineEdit()
        self.authority.setAccessibleName("Representative's authority")
        self.authority.setPlaceholderText("e.g. guardianship order, seen and copied")
        self.form.addRow("&Client", self.client)
        self.form.addRow("Date &received", self.received)
        self.form.addRow("&Identity checked by", self.identity)
        self.form.addRow("&Who asks", self.capacity)
        self.form.addRow("Representative's &name", self.representative)
        self.form.addRow("Their &authority", self.authority)
        self.capacity.currentIndexChanged.connect(self._who)
        self._who()

    def _who(self) -> None:
        rep = bool(self.capacity.currentData())
        self.representative.setEnabled(rep)
        self.authority.setEnabled(rep)

    draft_form = "own-copy-request"  # what was typed is kept at a lock (ui/drafts.py)

    def draft_client(self) -> int | None:
        return self.client.client_id

    def save(self) -> None:
        if self.client.client_id is None:
            self.message.setText(CHOOSE_CLIENT)
            self.client.search.setFocus()
            return
        super().save()

    def job(self) -> Any:
        client_id, received = self.client.client_id, _to_date(self.received.date())
        if client_id is None:  # (save() asks for the client first)
            raise InvalidInput(CHOOSE_CLIENT)
        identity, capacity = self.identity.text(), str(self.capacity.currentData() or "")
        rep = self.representative.text() if capacity else ""
        authority = self.authority.text() if capacity else ""

        def job(w: VaultWorker) -> own_copy.OwnCopyRequest:
            return own_copy.record_request(
                w.require(),
                client_id,
                received_on=received,
                identity_checked_by=identity,
                representative=rep,
                capacity=capacity,
                authority=authority,
                actor=w.require().actor,
            )

        return job


class ExtendDialog(FormDialog):
    """The one 30-day extension, with the written reason given to the client."""

    def __init__(self, service: VaultService, request: own_copy.OwnCopyRequest) -> None:
        super().__init__(
            service,
            "Extend a request by 30 days",
            f"Request {request.ref} is due on {request.due}. One extension of 30 days is "
            "allowed, only within the first 30 days, and only with a written reason given "
            "to the client.",
            "&Extend",
        )
        self.ref = request.ref
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Reason given to the client")
        self.told_on = _date_edit("Date the client was told", qtoday(service))
        self.form.addRow("&Reason given to the client", self.reason)
        self.form.addRow("Date the client was &told", self.told_on)

    def job(self) -> Any:
        ref, reason, told = self.ref, self.reason.text(), _to_date(self.told_on.date())
        return lambda w: own_copy.extend(
            w.require(), ref, reason=reason, told_on=told, actor=w.require().actor
        )


class RequestsPage(QWidget):
    """The workspace tab: every request, overdue ones marked, and the two actions."""

    overdue_changed = Signal(int)

    def __init__(self, service: VaultService) -> None:
        super().__init__()
        self.service = service
        self.model: RowsModel[RequestRow] = RowsModel(
            ("Request", "Client", "Received", "Asked by", "When due"), _cells
        )
        self.table = table_view(self.model, "Own-copy requests", (80, 200, 100, 200))
        self.only_overdue = QCheckBox("Only &overdue")
        self.new_button = QPushButton("&Record a request…")
        self.extend_button = QPushButton("E&xtend by 30 days…")
        self.summary = QLabel("")
        self.summary.setObjectName("reminder")
        self.summary.setAccessibleName("Overdue requests")
        self.summary.setWordWrap(True)
        self.message = QLabel("")
        self.message.setObjectName("error")
        self.message.setWordWrap(True)
        row = QHBoxLayout()
        for b in (self.new_button, self.extend_button):
            row.addWidget(b)
        row.addWidget(self.only_overdue)
        row.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                "Clients' requests for a copy of their own record. Each is due 30 calendar "
                "days after it arrives; the export that answers it is tied to it."
            )
        )
        layout.addWidget(self.summary)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        self.new_button.clicked.connect(self.record)
        self.extend_button.clicked.connect(self.extend)
        self.only_overdue.toggled.connect(lambda _: self.refresh())

    def refresh(self) -> None:
        only = self.only_overdue.isChecked()
        self.service.submit(lambda w: (load_rows(w, only), overdue_count(w)), self._show)

    def _show(self, result: tuple[list[RequestRow], int]) -> None:
        rows, overdue = result
        self.model.set_items(rows)
        self.summary.setText(
            f"{overdue} request{'s' if overdue != 1 else ''} overdue: provide the copy now."
            if overdue
            else ""
        )
        self.summary.setVisible(bool(overdue))
        self.overdue_changed.emit(overdue)

    def clear(self) -> None:
        self.model.clear()
        self.summary.clear()
        self.message.clear()

    def current(self) -> RequestRow | None:
        return self.model.item(selected_row(self.table))

    def record(self) -> RequestDialog:
        dialog = RequestDialog(self.service)
        dialog.saved.connect(lambda _: self.refresh())
        dialog.open()
        return dialog

    def extend(self) -> ExtendDialog | None:
        row = self.current()
        if row is None:
            self.message.setText("Choose a request in the list first.")
            return None
        self.message.clear()
        dialog = ExtendDialog(self.service, row.request)
        dialog.saved.connect(lambda _: self.refresh())
        dialog.open()
        return dialog
