"""The record of sharing as a table: rows in plain words, made by the core (consent/reports)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from safefile.consent.reports import LogRow

HEADERS = ("Date and time", "Reference", "Kind", "Client", "To or from", "What",
           "Entered by")  # fmt: skip
Index = QModelIndex | QPersistentModelIndex


class LogTableModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[LogRow] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        r = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole,
                    Qt.ItemDataRole.ToolTipRole):  # fmt: skip
            values = (r.at, r.ref, r.kind_words, r.client or "-", r.recipient or "-",
                      r.what or "-", r.actor)  # fmt: skip
            if 0 <= index.column() < len(values):
                return values[index.column()]
            return None
        if role == Qt.ItemDataRole.UserRole:
            return r.ref
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # fmt: skip
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None

    def set_rows(self, rows: list[LogRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def clear(self) -> None:
        """Forget every row (on lock)."""
        self.set_rows([])

    def row_of(self, ref: str) -> int:
        return next((i for i, r in enumerate(self.rows) if r.ref == ref), -1)
