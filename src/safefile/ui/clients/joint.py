"""Who else was in a joint session (couples, family or group work): the other clients a
progress note is written for (``note add --with``).  Each keeps the note in their own file;
releasing it needs every adult party's consent, which the gate checks (issue 23)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from safefile import records
from safefile.records.models import Client
from safefile.ui.clients.household import CLIENTS_SHOWN, client_words, forget_when_closed
from safefile.ui.worker import VaultService


class JointPicker(QListWidget):
    """A list of the other clients, each with a box to tick; none ticked: not joint."""

    def __init__(self, service: VaultService, this_client: int) -> None:
        super().__init__()
        self.this_client = this_client
        self.setAccessibleName("Joint session with (other clients, optional)")
        self.setMaximumHeight(self.fontMetrics().lineSpacing() * 5 + 8)
        service.submit(
            lambda w: records.list_clients(w.require(), status="open", limit=CLIENTS_SHOWN),
            self._fill,
        )

    def _fill(self, clients: list[Client]) -> None:
        for c in clients:
            if c.id == self.this_client:
                continue
            item = QListWidgetItem(client_words(c))
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.addItem(item)
        forget_when_closed(self, self.clear)

    def chosen(self) -> list[int]:
        return [
            int(self.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.count())
            if self.item(i).checkState() == Qt.CheckState.Checked
        ]


__all__ = ["JointPicker"]
