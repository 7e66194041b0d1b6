"""The client list: a table model that fetches pages lazily from the vault's thread.

Rows arrive 200 at a time as the view scrolls (canFetchMore/fetchMore), through
the worker, so 10,000 clients cost nothing up front; no per-row auto-sizing.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from safefile import records
from safefile.records.models import Client
from safefile.ui.worker import VaultService, VaultWorker

PAGE = 200
HEADERS = ("Name", "Preferred name", "Case number", "Status")
Index = QModelIndex | QPersistentModelIndex


class ClientTableModel(QAbstractTableModel):
    def __init__(self, service: VaultService) -> None:
        super().__init__()
        self.service = service
        self.rows: list[Client] = []
        self.total = 0
        self.search = ""
        self.status = "all"
        self._loading = False
        self._generation = 0

    # --- Qt model interface ---------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        c = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return (c.name, c.alias or "", c.case_number or "", c.status)[index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return c.id
        return None

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._loading and len(self.rows) < self.total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self._load(offset=len(self.rows))

    # --- loading ------------------------------------------------------------------------
    def reload(self, search: str | None = None, status: str | None = None) -> None:
        if search is not None:
            self.search = search
        if status is not None:
            self.status = status
        self._generation += 1
        self._loading = False
        self.beginResetModel()
        self.rows, self.total = [], 0
        self.endResetModel()
        self._load(offset=0)

    def clear(self) -> None:
        """Forget every row (on lock)."""
        self._generation += 1
        self.beginResetModel()
        self.rows, self.total, self.search = [], 0, ""
        self.endResetModel()

    def _load(self, offset: int) -> None:
        self._loading = True
        gen, search, status = self._generation, self.search, self.status

        def job(w: VaultWorker) -> tuple[list[Client], int]:
            v = w.require()
            page = records.list_clients(v, search=search, status=status, limit=PAGE, offset=offset)
            return page, records.count_clients(v, search=search, status=status)

        def done(result: tuple[list[Client], int]) -> None:
            if gen != self._generation:
                return  # an older search, already replaced
            page, total = result
            self._loading = False
            self.total = total
            if page:
                first = len(self.rows)
                self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
                self.rows.extend(page)
                self.endInsertRows()

        def failed(_: Exception) -> None:
            self._loading = False

        self.service.submit(job, done, failed)
