"""Record a request for information (to us, or one we made) and the decision on it.

Every rule (what must be recorded, a refusal needs its reasons, no future dates)
is the core's (consent/requests.record_request); this dialog shows its message and
changes nothing until the core accepts the entry.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from safefile import records
from safefile.consent import log, requests
from safefile.records.models import Client
from safefile.ui.clients.banner import ClientBanner
from safefile.ui.day import qtoday
from safefile.ui.program.common import policy_panel
from safefile.ui.worker import VaultService, VaultWorker, plain_message

DIRECTIONS = (("A request to us", "incoming"), ("A request we made to another agency", "outgoing"))
DECISIONS = (
    ("Granted", "granted"),
    ("Refused", "refused"),
    ("Pending: not decided yet", "pending"),
    ("Referred to someone else to decide", "referred"),
)
LABELS = {  # field: (incoming, outgoing)
    "requester": ("&Who asked", "&Who we asked"),
    "organisation": ("&Organisation", "&Organisation we asked"),
    "identity": ("How their &identity was confirmed", "How we confirmed who they &are"),
    "reason": ("&Reason they gave", "&Reason we asked"),
}


def _line(name: str, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setAccessibleName(name)
    edit.setPlaceholderText(placeholder)
    return edit


def _text(name: str, placeholder: str = "") -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setAccessibleName(name)
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)  # Tab moves on, as in every other field
    edit.setFixedHeight(60)
    return edit


class RequestDialog(QDialog):
    """``saved`` carries the new entry's reference (e.g. "D-0007-1A2B")."""

    draft_form = "request"  # what was typed is kept at a lock (ui/drafts.py)

    saved = Signal(str)

    def __init__(
        self, service: VaultService, client_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.service, self.client_id = service, client_id
        self.entry_ref: str | None = None
        self.setWindowTitle("Record a request for information")
        self.direction = QComboBox()
        self.direction.setAccessibleName("Direction of the request")
        for words, key in DIRECTIONS:
            self.direction.addItem(words, key)
        self.client = QComboBox()
        self.client.setAccessibleName("Client")
        self.client.addItem("No client (not about one person)", None)
        self.requester = _line("Who asked")
        self.organisation = _line("Organisation")
        self.job_title = _line("Job title")
        self.phone = _line("Telephone")
        self.identity = _line(
            "How their identity was confirmed", "e.g. rang back on the number we already had"
        )
        self.reason = _line("Reason for the request")
        self.summary = _text("What was asked for", "a short summary of what was asked for")
        self.decision = QComboBox()
        self.decision.setAccessibleName("Decision")
        for words, key in DECISIONS:
            self.decision.addItem(words, key)
        self.reasons = _text("Reasons for the decision", "required when the request is refused")
        self.received = QDateEdit(qtoday(service))
        self.received.setCalendarPopup(True)
        self.received.setDisplayFormat("yyyy-MM-dd")
        self.received.setAccessibleName("Date received")
        self.form = QFormLayout()
        self.form.addRow("&Direction", self.direction)
        self.form.addRow("&Client", self.client)
        # Whom the request is about, in full (name, preferred name, case number).
        self.banner = ClientBanner()
        self.banner.hide()
        self.form.addRow("", self.banner)
        self._clients: dict[int, Client] = {}
        self.client.currentIndexChanged.connect(lambda _: self._show_banner())
        self.form.addRow(LABELS["requester"][0], self.requester)
        self.form.addRow(LABELS["organisation"][0], self.organisation)
        self.form.addRow("&Job title", self.job_title)
        self.form.addRow("&Telephone", self.phone)
        self.form.addRow(LABELS["identity"][0], self.identity)
        self.form.addRow(LABELS["reason"][0], self.reason)
        self.form.addRow("W&hat was asked for", self.summary)
        self.form.addRow("D&ecision", self.decision)
        self.form.addRow("Reasons for the decisio&n", self.reasons)
        self.form.addRow("Date recei&ved", self.received)
        self.message = QLabel("")
        self.message.setObjectName("error")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setAccessibleName("Message")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        self.policies = policy_panel(  # the program's own policies (ui/program)
            service, ("policy_outside_request", "policy_legal_demand", "policy_client_request")
        )
        layout.addWidget(self.policies)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(560, 640)
        self.direction.currentIndexChanged.connect(lambda _: self._relabel())
        self._load_clients()

    def _relabel(self) -> None:
        which = 0 if self.direction.currentData() == "incoming" else 1
        for name, widget in (
            ("requester", self.requester),
            ("organisation", self.organisation),
            ("identity", self.identity),
            ("reason", self.reason),
        ):
            label = self.form.labelForField(widget)
            if isinstance(label, QLabel):
                label.setText(LABELS[name][which])
                widget.setAccessibleName(LABELS[name][which].replace("&", ""))

    def _load_clients(self) -> None:
        wanted = self.client_id

        def job(w: VaultWorker) -> list[Client]:
            v = w.require()
            if wanted is not None:
                return [records.get_client(v, wanted)]
            return records.list_clients(v, limit=100_000)

        def fill(clients: list[Client]) -> None:
            self._clients = {c.id: c for c in clients}
            for c in clients:
                self.client.addItem(c.name, c.id)
            if wanted is not None:
                self.client.setCurrentIndex(self.client.findData(wanted))
                self.client.setEnabled(False)  # opened from this client's file: theirs only

        self.service.submit(job, fill, lambda e: self.message.setText(plain_message(e)))

    def _show_banner(self) -> None:
        client = self._clients.get(self.chosen_client or 0)
        self.banner.show_client(client)
        # (opened from the client's file, the file's own banner is already at the top)
        self.banner.setVisible(client is not None and self.client_id is None)

    def draft_client(self) -> int | None:
        """Whose file a draft of this form belongs to (none: no draft is kept)."""
        return self.client_id if self.client_id is not None else self.chosen_client

    @property
    def chosen_client(self) -> int | None:
        data = self.client.currentData()
        return None if data is None else int(data)

    def save(self) -> None:
        """Ask the core to record the request; its message is shown if it refuses."""
        if not self.save_button.isEnabled():
            return
        client_id = self.client_id if self.client_id is not None else self.chosen_client
        q = self.received.date()
        fields = {
            "direction": str(self.direction.currentData()),
            "client_id": client_id,
            "requester": self.requester.text(),
            "organisation": self.organisation.text(),
            "job_title": self.job_title.text(),
            "phone": self.phone.text(),
            "identity_confirmed_by": self.identity.text(),
            "reason": self.reason.text(),
            "summary": self.summary.toPlainText(),
            "decision": str(self.decision.currentData()),
            "decision_reasons": self.reasons.toPlainText(),
            "received_on": date(q.year(), q.month(), q.day()),
        }

        def job(w: VaultWorker) -> log.Entry:
            vault = w.require()
            return requests.record_request(vault, **fields, actor=vault.actor)  # type: ignore[arg-type]

        self.save_button.setEnabled(False)
        self.message.clear()
        self.service.submit(job, self._saved, self._failed)

    def _saved(self, entry: log.Entry) -> None:
        self.entry_ref = entry.ref
        self.save_button.setEnabled(True)
        self.saved.emit(entry.ref)
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.save_button.setEnabled(True)
        self.message.setText(plain_message(exc))
