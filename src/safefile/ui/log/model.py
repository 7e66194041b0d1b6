"""The record of sharing as a table: rows in plain words, made by the core (consent/log_view)."""

from __future__ import annotations

from safefile.consent.log_view import LogRow
from safefile.ui.tables import RowsModel

HEADERS = ("Date and time", "Reference", "Kind", "Client", "To or from", "What", "Entered by")


def cells(r: LogRow) -> tuple[str, ...]:
    return (r.at, r.ref, r.kind_words, r.client or "-", r.recipient or "-", r.what or "-", r.actor)


class LogTableModel(RowsModel[LogRow]):
    def __init__(self) -> None:
        super().__init__(HEADERS, cells)

    def row_of(self, ref: str) -> int:
        return next((i for i, r in enumerate(self.items) if r.ref == ref), -1)
