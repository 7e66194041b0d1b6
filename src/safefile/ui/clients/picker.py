"""Which client a form is about: the open file, or a search by name; never a number.

A form that concerns a client (an own-copy request, a request for information) takes the
client from the file it was opened from (fixed, shown in the banner), or lets the user
type part of a name, alias or case number and pick from the matches; the chosen client's
banner (name, preferred name, case number) is shown at once, so a slip picks no one
silently (issue 23: a bare "Client number" recorded a legal request against another
client after a typo).
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QComboBox, QDialog, QLineEdit, QVBoxLayout, QWidget

from safefile.records import clients as client_records
from safefile.records.models import Client
from safefile.ui.clients.banner import ClientBanner
from safefile.ui.guards import fit_to_contents
from safefile.ui.worker import VaultService, VaultWorker, plain_message

PICK = "Type part of the client's name above, then choose them here"
NONE_FOUND = "No client matches what you typed"


class ClientPicker(QWidget):
    """``changed(client_id or None)``; ``client_id`` is the chosen client."""

    changed = Signal(object)

    def __init__(self, service: VaultService, client_id: int | None = None) -> None:
        super().__init__()
        self.service = service
        self.fixed = client_id  # the open file's client: known at once, never changed
        self.client: Client | None = None
        self.search = QLineEdit()
        self.search.setAccessibleName("Find the client")
        self.search.setPlaceholderText("name, preferred name or case number")
        self.matches = QComboBox()
        self.matches.setAccessibleName("Client")
        self.banner = ClientBanner()
        self.banner.keep_on_one_line()
        self.banner.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.matches)
        layout.addWidget(self.banner)
        self._found: list[Client] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)  # search once typing pauses
        self._timer.timeout.connect(self._find)
        self.search.textChanged.connect(lambda _: self._timer.start())
        self.matches.currentIndexChanged.connect(self._chosen)
        if client_id is not None:
            self.search.hide()  # this client's form: the flow is about them, and the
            self.matches.hide()  # banner names them in full (the list cut the case number)
            self._load(client_id)
        else:
            self._show([])

    @property
    def client_id(self) -> int | None:
        if self.fixed is not None:
            return self.fixed
        return self.client.id if self.client is not None else None

    def _load(self, client_id: int) -> None:
        self.service.submit(
            lambda w: [client_records.get_client(w.require(), client_id)],
            self._show,
            lambda e: self.banner.setText(plain_message(e)),
        )

    def _find(self) -> None:
        text = self.search.text().strip()
        if not text:
            self._show([])
            return

        def job(w: VaultWorker) -> list[Client]:
            return client_records.list_clients(w.require(), search=text, limit=50)

        self.service.submit(job, self._show)

    def _show(self, found: list[Client]) -> None:
        self._found = found
        self.matches.blockSignals(True)
        self.matches.clear()
        if not found:
            self.matches.addItem(NONE_FOUND if self.search.text().strip() else PICK, None)
        elif len(found) > 1:
            self.matches.addItem(f"{len(found)} clients match: choose one", None)
        for c in found:
            words = c.name + (f" ({c.alias})" if c.alias else "")
            words += f" · {c.case_number}" if c.case_number else ""
            self.matches.addItem(words, c.id)
        self.matches.setCurrentIndex(0)  # the one match, or "choose one" above several
        self.matches.blockSignals(False)
        self._chosen()

    def _chosen(self, *_: object) -> None:
        cid = self.matches.currentData()
        self.client = next((c for c in self._found if c.id == cid), None)
        self.banner.show_client(self.client)
        self.banner.setVisible(self.client is not None)
        window = self.window()
        if isinstance(window, QDialog):  # the banner's lines: the dialog grows to show them
            QTimer.singleShot(0, window, lambda: fit_to_contents(window))
        self.changed.emit(self.client_id)
