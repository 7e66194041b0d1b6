"""The outcome of a disclosure or request, known later (issue 23): a new entry in the
record of sharing tied to the one it completes (``consent.outcome``)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLineEdit, QWidget

from safefile.consent.outcome import record_outcome
from safefile.ui.form_dialog import FormDialog
from safefile.ui.worker import VaultService


def _line(name: str, hint: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setAccessibleName(name)
    edit.setPlaceholderText(hint)
    edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance(hint) + 24)  # the hint shows
    return edit


class OutcomeDialog(FormDialog):
    """Record what came of entry ``ref``; ``saved`` carries the new entry."""

    def __init__(
        self, service: VaultService, ref: str, what: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            service,
            "Record the outcome",
            f"What came of {ref}, {what.lower()}. The entry itself does not change: the outcome is "
            "added as a new entry that points to it, and both are printed together.",
            "&Record the outcome",
            parent,
        )
        self.ref = ref
        self.outcome = _line("Outcome", "e.g. report accepted; a visit is planned")
        self.receipt = _line("How receipt was confirmed", "e.g. caseworker rang back")
        self.next_step = _line("Next step", "e.g. call the client on Friday")
        self.form.addRow("&Outcome", self.outcome)
        self.form.addRow("Receipt &confirmed by", self.receipt)
        self.form.addRow("&Next step", self.next_step)
        self.outcome.setFocus()

    def job(self) -> Any:
        ref, text = self.ref, self.outcome.text()
        receipt, step = self.receipt.text(), self.next_step.text()
        return lambda w: record_outcome(
            w.require(),
            ref,
            outcome=text,
            receipt_confirmed_by=receipt,
            next_step=step,
            actor=w.require().actor,
        )


__all__ = ["OutcomeDialog"]
