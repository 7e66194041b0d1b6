"""One small read-only table model (the file's tabs, the record of sharing), and its view.

Each model holds the items it was given and shows, for each, a tuple of plain
strings (a column function turns an item into its cells).  Nothing here knows a
rule: the items come from the core, already decided.  Plain text only (views
never render client data as markup).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex


class RowsModel(QAbstractTableModel, Generic[T]):
    """Items of one kind, shown as rows of plain text; ``item(row)`` gives one back."""

    def __init__(self, headers: Sequence[str], cells: Callable[[T], Sequence[str]]) -> None:
        super().__init__()
        self.headers = tuple(headers)
        self._cells = cells
        self.items: list[T] = []
        self._rows: list[tuple[str, ...]] = []

    # --- Qt model interface ---------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        if not (0 <= index.column() < len(self.headers)):
            return None
        if role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return self._rows[index.row()][index.column()]
        return None

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section] if 0 <= section < len(self.headers) else None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    # --- ours -----------------------------------------------------------------------------
    def set_items(self, items: Sequence[T]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self._rows = [tuple(str(c) for c in self._cells(i)) for i in self.items]
        self.endResetModel()

    def clear(self) -> None:
        """Forget every row (on lock, or when another client is opened)."""
        self.set_items([])

    def item(self, row: int) -> T | None:
        return self.items[row] if 0 <= row < len(self.items) else None

    def texts(self) -> list[str]:
        """Every cell shown (for checks that nothing is left after clearing)."""
        return [cell for row in self._rows for cell in row]


def table_view(model: QAbstractTableModel, name: str, widths: Sequence[int] = ()) -> QTableView:
    """A read-only, row-selecting, keyboard-friendly table named for screen readers."""
    view = QTableView()
    view.setModel(model)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)  # Tab moves on to the buttons; arrows move in the table
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    header = view.horizontalHeader()
    header.setStretchLastSection(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)

    def sized() -> None:  # fixed widths, kept after each reset: no per-row measuring
        for column, width in enumerate(widths):
            view.setColumnWidth(column, width)

    sized()
    model.modelReset.connect(sized)
    return view


def selected_row(view: QTableView) -> int:
    index = view.currentIndex()
    return index.row() if index.isValid() else -1
